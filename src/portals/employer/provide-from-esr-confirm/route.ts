// Provide credentials from ESR (DOMAIN.md E7), step 2: confirm with the attestation.
//   GET  /trusts/{ods}/employer/staff-passports/{passportId}/provide-from-esr/confirm?item=…&item=…
//        ESR is read again and the chosen items still on offer are listed (none left: back to
//        step 1), with the attestation checkbox.
//   POST …/provide-from-esr/confirm   1. the attestation (400 with the error summary, choices kept)
//        2. ESR read again (its failures: the NHS.UK ESR problem page, nothing written)
//        3. ONE transaction, the passport locked (still connected, to the number read):
//           provideFromEsr (src/jobs/provide-from-esr.ts, the auto-provide job's own path) with
//           HR's choice — new versions become pending for the staff member, who is notified on
//           their chosen channels; passport history per credential — and the audit entry
//           `credentials.provided` with its actor when something was provided. A double submit
//           provides nothing the second time (the de-duplication keys), and writes no audit entry.
//        4. 303 to the done page.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { StaffPassport } from '../../../core/passport/staff-passport.ts';
import { provideFromEsr } from '../../../jobs/provide-from-esr.ts';
import { formErrors, type FormErrors } from '../../../platform/http/forms.ts';
import { appendAudit } from '../../../store/audit-log.ts';
import { scopeOf } from '../../../store/scope.ts';
import { staffPassports } from '../../../store/staff-passports.ts';
import type { EmployerPortalDeps } from '../auth/deps.ts';
import { employerContext, employerPage, employerPath, type EmployerContext } from '../auth/employer-context.ts';
import { esrProblemPage, fullName, passportOf, passportPath, zItemIds } from '../esr-shared/passport-esr.ts';
import { groupLines, isLinked, readEsrOffer } from '../provide-from-esr/read-offer.ts';

export const ATTESTATION = 'I confirm these details are correct and that reasonable care has been taken to check them before providing them';

const zQuery = z.object({ item: zItemIds });
const zConfirm = z.object({ items: zItemIds, attest: z.literal('yes').optional() });

async function render(reply: FastifyReply, deps: EmployerPortalDeps, ctx: EmployerContext, passport: StaffPassport, ids: readonly string[], errors?: FormErrors, status = 200): Promise<FastifyReply> {
  const chooseHref = passportPath(ctx, passport.id, '/provide-from-esr');
  if (!isLinked(passport)) return reply.redirect(chooseHref, 303);
  let reading;
  try {
    reading = await readEsrOffer(deps, ctx, passport);
  } catch (error) {
    return esrProblemPage(reply, ctx, passport, error, passportPath(ctx, passport.id, `/provide-from-esr/confirm?${ids.map((i) => `item=${i}`).join('&')}`));
  }
  const wanted = new Set(ids);
  const chosen = reading.lines.filter((l) => l.itemId && wanted.has(l.itemId));
  // Nothing chosen is on offer any more (provided meanwhile, or ESR changed): choose again.
  if (chosen.length === 0) return reply.redirect(chooseHref, 303);
  return employerPage(
    reply,
    ctx,
    'portals/employer/provide-from-esr-confirm/page.njk',
    {
      pageTitle: `Confirm the credentials to provide to ${fullName(passport)}`,
      passportName: fullName(passport),
      groups: groupLines(chosen),
      itemIds: chosen.map((l) => l.itemId),
      attestation: ATTESTATION,
      action: passportPath(ctx, passport.id, '/provide-from-esr/confirm'),
      changeHref: chooseHref,
      backHref: chooseHref,
      navCurrent: employerPath(ctx.organisation, '/staff-passports'),
      errors,
    },
    status,
  );
}

export function registerProvideFromEsrConfirmPage(app: FastifyInstance, deps: EmployerPortalDeps): void {
  app.get('/trusts/:ods/employer/staff-passports/:passportId/provide-from-esr/confirm', { config: { surface: 'page' } }, async (request, reply) => {
    const ctx = await employerContext(request, reply);
    if (!ctx) return reply;
    const passport = await passportOf(request, reply, ctx);
    if (!passport) return reply;
    const query = zQuery.safeParse(request.query);
    return render(reply, deps, ctx, passport, query.success ? query.data.item : []);
  });

  app.post('/trusts/:ods/employer/staff-passports/:passportId/provide-from-esr/confirm', { config: { surface: 'page' } }, async (request, reply) => {
    const ctx = await employerContext(request, reply);
    if (!ctx) return reply;
    const passport = await passportOf(request, reply, ctx);
    if (!passport) return reply;
    const chooseHref = passportPath(ctx, passport.id, '/provide-from-esr');

    // 1. The attestation.
    const form = zConfirm.safeParse(request.body);
    if (!form.success || form.data.items.length === 0) return reply.redirect(chooseHref, 303);
    const ids = form.data.items;
    if (!form.data.attest) return render(reply, deps, ctx, passport, ids, formErrors([{ field: 'attest', message: 'Confirm the details are correct and that reasonable care has been taken' }]), 400);
    if (!isLinked(passport)) return reply.redirect(chooseHref, 303);

    // 2. ESR.
    let records;
    try {
      records = await deps.esr.personRecords(ctx.organisation.odsCode, { assignmentNumber: passport.esrAssignmentNumber });
    } catch (error) {
      return esrProblemPage(reply, ctx, passport, error, chooseHref);
    }
    const readAt = deps.clock.now();

    // 3. One transaction.
    const scope = scopeOf(ctx.organisation.id);
    const actor = `user:${ctx.user.id}`;
    const outcome = await deps.database.transaction(async (tx) => {
      const current = await staffPassports(tx, scope).lock(passport.id);
      // Disconnected or connected to another number since ESR was read: what was read is not this passport's.
      if (!current || current.esrLinkState !== 'linked' || current.esrAssignmentNumber !== passport.esrAssignmentNumber) return undefined;
      const now = deps.clock.now();
      const done = await provideFromEsr(tx, deps, {
        organisation: ctx.organisation,
        scope,
        passport: { ...current, esrAssignmentNumber: passport.esrAssignmentNumber },
        records,
        readAt,
        now,
        actor,
        chosen: new Set(ids),
      });
      if (done.provided.length > 0) {
        await appendAudit(
          tx,
          {
            organisationId: ctx.organisation.id,
            actor,
            action: 'credentials.provided',
            subject: passport.id,
            correlationId: String(request.id),
            details: { source: 'esr', attested: true, credentialIds: done.provided.map((p) => p.id), types: [...new Set(done.provided.map((p) => p.credentialType))], notified: done.notified },
          },
          deps.clock,
        );
      }
      return done;
    });
    if (!outcome) return reply.redirect(passportPath(ctx, passport.id, '/esr'), 303);

    // 4. Done.
    return reply.redirect(passportPath(ctx, passport.id, '/provide-from-esr/done'), 303);
  });
}
