// S9 New Starter Information: check answers, then create the credential.
//   GET  /trusts/{ods}/employee/credentials/new-starter-information/check
//        the answers section by section, each with Change (back to its page and here again)
//   POST …/check
//        1. the answers from the journey, parsed again (nothing typed: 400 with the error summary;
//           nothing in the journey after a credential was just made: its page — a double submit
//           acts once)
//        2. ONE transaction, the passport locked so two submissions take turns: the subject
//           (validated against the catalogue), planned like every provide (planProvision: a
//           de-duplication key, so the same answers twice give one credential) and PROVIDED
//           pending through the provided-credentials store (source `manual`, actor
//           `staff:<passport id>`), a pending older NSI archived as superseded, history
//           (`credential.provided`), audit, the journey's answers cleared
//        3. 303 to the created page ("Add it to your wallet")
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { newStarterInformationSubject, nsiSummary, readNsiAnswers, type NsiAnswers } from '../../../../core/passport/new-starter-information.ts';
import { planProvision } from '../../../../core/passport/plan-provision.ts';
import { formErrors, type FormErrors } from '../../../../platform/http/forms.ts';
import { appendAudit } from '../../../../store/audit-log.ts';
import { passportHistory } from '../../../../store/passport-history.ts';
import { providedCredentials } from '../../../../store/provided-credentials.ts';
import { scopeOf } from '../../../../store/scope.ts';
import { staffPassports } from '../../../../store/staff-passports.ts';
import type { EmployeePortalDeps } from '../../auth/deps.ts';
import { employeeContext, employeePage, type EmployeeContext } from '../../auth/employee-context.ts';
import { accountJourney, accountPaths, correlationOf, londonToday, updateAccountJourney } from '../shared/account.ts';

function render(reply: FastifyReply, ctx: EmployeeContext, answers: NsiAnswers, errors?: FormErrors, status = 200): FastifyReply {
  return employeePage(
    reply,
    ctx,
    'portals/employee/account/new-starter-information-check/page.njk',
    {
      pageTitle: 'Check your New Starter Information',
      navCurrent: accountPaths.credentials(ctx),
      backHref: accountPaths.nsi(ctx, 'emergency-contacts'),
      action: accountPaths.nsi(ctx, 'check'),
      sections: nsiSummary(answers).map((s) => ({ ...s, changeHref: `${accountPaths.nsi(ctx, s.page)}?change=yes` })),
      empty: Object.keys(answers).length === 0,
      errors,
    },
    status,
  );
}

export function registerNewStarterInformationCheckPage(app: FastifyInstance, deps: EmployeePortalDeps): void {
  app.get('/trusts/:ods/employee/credentials/new-starter-information/check', { config: { surface: 'page' } }, async (request, reply) => {
    const ctx = await employeeContext(request, reply);
    if (!ctx) return reply;
    return render(reply, ctx, readNsiAnswers(accountJourney(ctx).newStarterInformation, londonToday(deps.clock.now())));
  });

  app.post('/trusts/:ods/employee/credentials/new-starter-information/check', { config: { surface: 'page' } }, async (request, reply) => {
    const ctx = await employeeContext(request, reply);
    if (!ctx) return reply;
    // 1. The answers.
    const journey = accountJourney(ctx);
    if (journey.newStarterInformation === null && journey.newStarterInformationCreated) return reply.redirect(accountPaths.nsi(ctx, 'created'), 303);
    const answers = readNsiAnswers(journey.newStarterInformation, londonToday(deps.clock.now()));
    if (Object.keys(answers).length === 0) {
      return render(reply, ctx, answers, formErrors([{ field: 'answers', message: 'Enter at least one answer before you create your New Starter Information' }]), 400);
    }

    // 2. One transaction.
    const scope = scopeOf(ctx.organisation.id);
    const actor = `staff:${ctx.passport.id}`;
    const created = await deps.database.transaction(async (tx) => {
      const passports = staffPassports(tx, scope);
      const passport = await passports.lock(ctx.passport.id);
      if (!passport) return undefined;
      const now = deps.clock.now();
      // Signed in with an access key, the passport has its DSP identifier (minted when HR confirmed
      // the identity); mint it as that does if it ever has none.
      const dspId = passport.dspId ?? randomUUID();
      if (!passport.dspId) await passports.setDspId(passport.id, dspId);
      const subject = newStarterInformationSubject(answers, { dspId, organisationName: ctx.organisation.name, now });
      const credentials = providedCredentials(tx, scope);
      const existing = await credentials.versionsOf(passport.id);
      const plan = planProvision([{ type: 'NewStarterInformation', subject }], existing, now);
      const inserted = await credentials.provide(passport.id, plan.provide, { source: 'manual', actor, now });
      const first = inserted[0];
      if (!first) {
        // The same answers as the latest New Starter Information: nothing new; show that one.
        const latest = existing.filter((v) => v.credentialType === 'NewStarterInformation').sort((a, b) => b.providedAt.getTime() - a.providedAt.getTime())[0];
        await updateAccountJourney(tx, ctx, { newStarterInformation: null, newStarterInformationCreated: latest?.id ?? null });
        return latest?.id ?? null;
      }
      const replaced = new Set(inserted.map((i) => i.supersedes).filter((id): id is string => id !== null));
      const archived = await credentials.supersede(plan.supersede.filter((id) => replaced.has(id)), now, passport.id);
      await passportHistory(tx, scope).record([
        { passportId: passport.id, event: 'credential.provided', actor, at: now, credentialId: first.id, details: { type: first.credentialType, title: first.title, source: 'manual', selfDeclared: true, supersedes: first.supersedes } },
        ...archived.map((id) => ({ passportId: passport.id, event: 'credential.superseded' as const, actor, at: now, credentialId: id, details: { reason: 'newer version provided' } })),
      ]);
      await appendAudit(
        tx,
        { organisationId: ctx.organisation.id, actor, action: 'credentials.provided', subject: passport.id, correlationId: correlationOf(request), details: { source: 'manual', selfDeclared: true, credentialIds: [first.id], types: ['NewStarterInformation'], archived } },
        deps.clock,
      );
      await updateAccountJourney(tx, ctx, { newStarterInformation: null, newStarterInformationCreated: first.id });
      return first.id;
    });
    if (created === undefined) return reply.redirect(accountPaths.credentials(ctx), 303);

    // 3. On to the created page.
    return reply.redirect(accountPaths.nsi(ctx, 'created'), 303);
  });
}
