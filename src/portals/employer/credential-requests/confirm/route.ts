// Reviewing a credential request, step 3 (DOMAIN.md E8.4): the confirmation.
//   (shown by POST …/decide) every credential to be provided and every one rejected with its
//        reason; "Yes, continue with this selection" or "No, change my selection"; Continue.
//   POST /trusts/{ods}/employer/credential-requests/{id}/confirm
//        1. the choices again (hidden fields) and the answer
//        2. ESR read again (outside any transaction): anything malformed or missing goes back to
//           decide; no answer: 400 with the error summary; No: the decisions page, choices kept
//        3. ONE transaction, the passport and the request locked: a request no longer open
//           (a double submit, another HR user) changes nothing; what ESR holds nothing for is
//           rejected automatically (E8.5, AUTO_REJECT_REASON, decided by the system); the provided types go
//           through `provideFromEsr` (the one provide path, D40: insert on the de-duplication key,
//           history, the holder notified of what is new), each item is decided, passport history
//           and audit entries are written and the staff member is told the outcome
//        4. 303 to the success message (done/)
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { StaffPassport } from '../../../../core/passport/staff-passport.ts';
import { esrOffer, provideFromEsr } from '../../../../jobs/provide-from-esr.ts';
import { notifyPerson } from '../../../../jobs/notify-person.ts';
import { employeePortalUrl } from '../../../../core/passport/portal-links.ts';
import { formErrors, type FormErrors } from '../../../../platform/http/forms.ts';
import { appendAudit } from '../../../../store/audit-log.ts';
import { AUTO_REJECT_ACTOR, credentialRequests, type CredentialRequest, type Decision } from '../../../../store/credential-requests.ts';
import { passportHistory, type HistoryInput } from '../../../../store/passport-history.ts';
import { providedCredentials } from '../../../../store/provided-credentials.ts';
import { scopeOf } from '../../../../store/scope.ts';
import { staffPassports } from '../../../../store/staff-passports.ts';
import type { EmployerPortalDeps } from '../../auth/deps.ts';
import { employerContext, employerPage, type EmployerContext } from '../../auth/employer-context.ts';
import { esrProblemPage, fullName } from '../../esr-shared/passport-esr.ts';
import { isLinked, readEsrOffer } from '../../provide-from-esr/read-offer.ts';
import { renderDecide } from '../decide/route.ts';
import { AUTO_REJECT_REASON, autoRejected, choiceProblems, esrForTypes, navCurrent, readChoices, requestOf, requestPath, typeName, type Choice } from '../shared/requests.ts';

export function renderConfirm(
  reply: FastifyReply,
  ctx: EmployerContext,
  req: CredentialRequest,
  passport: StaffPassport,
  choices: Map<string, Choice>,
  automatic: ReadonlySet<string>,
  errors?: FormErrors,
  status = 200,
): FastifyReply {
  const name = fullName(passport);
  const lines = req.items.map((item) =>
    automatic.has(item.id)
      ? { id: item.id, title: typeName(item.credentialType), decision: 'reject' as const, reason: AUTO_REJECT_REASON, automatic: true }
      : { id: item.id, title: typeName(item.credentialType), decision: choices.get(item.id)?.decision, reason: (choices.get(item.id)?.reason ?? '').trim(), automatic: false },
  );
  return employerPage(
    reply,
    ctx,
    'portals/employer/credential-requests/confirm/page.njk',
    {
      pageTitle: `Confirm credential requests status for ${name}`,
      name,
      provided: lines.filter((l) => l.decision === 'provide'),
      rejected: lines.filter((l) => l.decision === 'reject'),
      hidden: lines.filter((l) => !l.automatic),
      action: requestPath(ctx, req.id, '/confirm'),
      backHref: requestPath(ctx, req.id, '/decide'),
      navCurrent: navCurrent(ctx),
      errors,
    },
    status,
  );
}

export function registerCredentialRequestConfirmPage(app: FastifyInstance, deps: EmployerPortalDeps): void {
  app.post('/trusts/:ods/employer/credential-requests/:requestId/confirm', { config: { surface: 'page' } }, async (request, reply) => {
    const ctx = await employerContext(request, reply);
    if (!ctx) return reply;
    const found = await requestOf(request, reply, ctx);
    if (!found) return reply;
    const { request: req, passport } = found;
    const done = requestPath(ctx, req.id, '/done');
    if (req.state !== 'open') return reply.redirect(done, 303);

    // 1. The choices and the answer.
    const choices = readChoices(request.body, req.items);
    const answer = (request.body as Record<string, unknown> | undefined)?.['continue'];
    // Deciding needs ESR's reading (what can be provided, and what cannot: E8.5).
    if (!isLinked(passport)) return reply.redirect(requestPath(ctx, req.id, '/review'), 303);

    // 2. ESR, read outside any transaction.
    let reading;
    try {
      reading = await readEsrOffer(deps, ctx, passport);
    } catch (error) {
      return esrProblemPage(reply, ctx, passport, error, requestPath(ctx, req.id, '/decide'));
    }
    const { records, readAt } = reading;
    const esr = esrForTypes(reading.lines, req.items);
    if (choiceProblems(req.items, choices, esr).length) return reply.redirect(requestPath(ctx, req.id, '/decide'), 303);
    if (answer !== 'yes' && answer !== 'no')
      return renderConfirm(reply, ctx, req, passport, choices, autoRejected(req.items, esr), formErrors([{ field: 'continue', message: 'Select yes to continue with this selection, or no to change it' }]), 400);
    if (answer === 'no') return renderDecide(reply, ctx, req, passport, esr, choices);

    // 3. One transaction.
    const scope = scopeOf(ctx.organisation.id);
    const actor = `user:${ctx.user.id}`;
    const outcome = await deps.database.transaction(async (tx) => {
      const current = await staffPassports(tx, scope).lock(passport.id);
      const locked = await credentialRequests(tx, scope).lock(req.id);
      if (!current || !locked || locked.state !== 'open') return 'done' as const;
      if (current.esrLinkState !== 'linked' || current.esrAssignmentNumber !== passport.esrAssignmentNumber) return 'relink' as const;
      const now = deps.clock.now();
      // What can be provided now, on the locked passport: a requested type ESR holds nothing for is
      // rejected automatically (E8.5), even one HR chose to provide; one that became providable
      // since the decisions page needs HR's decision.
      const existing = await providedCredentials(tx, scope).versionsOf(passport.id);
      const lines = esrOffer(records, existing, readAt, now).lines;
      const automatic = autoRejected(locked.items, esrForTypes(lines, locked.items));
      if (locked.items.some((i) => i.state === 'pending' && !automatic.has(i.id) && !choices.get(i.id)?.decision)) return 'redecide' as const;
      const toProvide = locked.items.filter((i) => !automatic.has(i.id) && choices.get(i.id)?.decision === 'provide');
      const providedTypes = new Set<string>(toProvide.map((i) => i.credentialType));
      let provided: Awaited<ReturnType<typeof provideFromEsr>>['provided'] = [];
      if (providedTypes.size > 0) {
        const chosen = new Set(lines.filter((l) => l.itemId && providedTypes.has(l.type)).map((l) => l.itemId!));
        const result = await provideFromEsr(tx, deps, { organisation: ctx.organisation, scope, passport: { ...current, esrAssignmentNumber: current.esrAssignmentNumber! }, records, readAt, now, actor, chosen });
        provided = result.provided;
      }
      const decisions: Decision[] = locked.items
        .filter((i) => i.state === 'pending')
        .map((i) => {
          if (automatic.has(i.id)) return { itemId: i.id, state: 'rejected', reason: AUTO_REJECT_REASON, automatic: true };
          const c = choices.get(i.id)!;
          return c.decision === 'provide' ? { itemId: i.id, state: 'provided', providedCount: provided.filter((p) => p.credentialType === i.credentialType).length } : { itemId: i.id, state: 'rejected', reason: (c.reason ?? '').trim() };
        });
      if (!(await credentialRequests(tx, scope).decide(req.id, decisions, actor, now))) return 'done' as const;
      const history: HistoryInput[] = locked.items.map((i): HistoryInput => {
        const d = decisions.find((x) => x.itemId === i.id)!;
        return d.state === 'provided'
          ? { passportId: passport.id, event: 'credential-request.provided', actor, at: now, details: { requestId: req.id, type: i.credentialType, provided: d.providedCount } }
          : d.automatic
            ? { passportId: passport.id, event: 'credential-request.rejected', actor: AUTO_REJECT_ACTOR, at: now, details: { requestId: req.id, type: i.credentialType, automatic: true } }
            : { passportId: passport.id, event: 'credential-request.rejected', actor, at: now, details: { requestId: req.id, type: i.credentialType } };
      });
      history.push({ passportId: passport.id, event: 'credential-request.reviewed', actor, at: now, details: { requestId: req.id, provided: decisions.filter((d) => d.state === 'provided').length, rejected: decisions.filter((d) => d.state === 'rejected').length } });
      await passportHistory(tx, scope).record(history);
      const typesOf = (state: Decision['state']) => locked.items.filter((i) => decisions.find((d) => d.itemId === i.id)?.state === state).map((i) => i.credentialType);
      if (provided.length > 0) {
        await appendAudit(
          tx,
          { organisationId: ctx.organisation.id, actor, action: 'credentials.provided', subject: passport.id, correlationId: String(request.id), details: { source: 'esr', request: req.id, credentialIds: provided.map((p) => p.id), types: [...new Set(provided.map((p) => p.credentialType))] } },
          deps.clock,
        );
      }
      await appendAudit(
        tx,
        { organisationId: ctx.organisation.id, actor, action: 'credential-request.reviewed', subject: req.id, correlationId: String(request.id), details: { passport: passport.id, provided: typesOf('provided'), rejected: typesOf('rejected'), rejectedAutomatically: locked.items.filter((i) => automatic.has(i.id)).map((i) => i.credentialType) } },
        deps.clock,
      );
      const rejectedLines = locked.items.flatMap((i) => {
        const d = decisions.find((x) => x.itemId === i.id);
        return d?.state === 'rejected' ? [`${typeName(i.credentialType)} (${d.reason})`] : [];
      });
      await notifyPerson(tx, deps.notifier, ctx.organisation.id, current, {
        email: 'credential-request-reviewed-email',
        sms: 'credential-request-reviewed-sms',
        personalisation: {
          name: current.givenName,
          organisation_name: ctx.organisation.name,
          provided: typesOf('provided').map(typeName).join(', ') || 'none',
          rejected: rejectedLines.join('; ') || 'none',
          link: employeePortalUrl(deps.publicUrl, ctx.organisation.odsCode),
        },
      });
      return 'reviewed' as const;
    });
    if (outcome === 'relink') return reply.redirect(requestPath(ctx, req.id, '/review'), 303);
    if (outcome === 'redecide') return reply.redirect(requestPath(ctx, req.id, '/decide'), 303);

    // 4. Done (also the second of a double submit).
    return reply.redirect(done, 303);
  });
}
