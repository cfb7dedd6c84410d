// Disconnect from ESR (DOMAIN.md E6.4).
//   GET  /trusts/{ods}/employer/staff-passports/{passportId}/esr/disconnect   are you sure? With
//        the credentials provided from ESR that are still pending or in the wallet: after a
//        wrong link they carry someone else's data, and HR should withdraw or revoke them.
//   POST …/esr/disconnect   ONE transaction, the passport locked: nothing to disconnect → nothing
//        (a double submit acts once); otherwise the link removed, passport history
//        `esr.unlinked`, the audit entry `passport.esr-unlinked` with its actor; 303 to the ESR page.
import type { FastifyInstance } from 'fastify';
import { appendAudit } from '../../../store/audit-log.ts';
import { passportHistory } from '../../../store/passport-history.ts';
import { providedCredentials } from '../../../store/provided-credentials.ts';
import { scopeOf } from '../../../store/scope.ts';
import { staffPassports } from '../../../store/staff-passports.ts';
import type { EmployerPortalDeps } from '../auth/deps.ts';
import { employerContext, employerPage, employerPath } from '../auth/employer-context.ts';
import { fullName, passportOf, passportPath } from '../esr-shared/passport-esr.ts';

export function registerEsrDisconnectPage(app: FastifyInstance, deps: EmployerPortalDeps): void {
  app.get('/trusts/:ods/employer/staff-passports/:passportId/esr/disconnect', { config: { surface: 'page' } }, async (request, reply) => {
    const ctx = await employerContext(request, reply);
    if (!ctx) return reply;
    const passport = await passportOf(request, reply, ctx);
    if (!passport) return reply;
    if (!passport.esrAssignmentNumber) return reply.redirect(passportPath(ctx, passport.id, '/esr'), 303);
    const fromEsr = (await providedCredentials(deps.database.db, scopeOf(ctx.organisation.id)).listForPassport(passport.id)).filter((c) => c.source === 'esr');
    return employerPage(reply, ctx, 'portals/employer/esr-disconnect/page.njk', {
      pageTitle: `Disconnect ${fullName(passport)} from ESR`,
      passportName: fullName(passport),
      assignmentNumber: passport.esrAssignmentNumber,
      pending: fromEsr.filter((c) => c.state === 'pending').length,
      accepted: fromEsr.filter((c) => c.state === 'accepted').length,
      action: passportPath(ctx, passport.id, '/esr/disconnect'),
      cancelHref: passportPath(ctx, passport.id, '/esr'),
      backHref: passportPath(ctx, passport.id, '/esr'),
      navCurrent: employerPath(ctx.organisation, '/staff-passports'),
    });
  });

  app.post('/trusts/:ods/employer/staff-passports/:passportId/esr/disconnect', { config: { surface: 'page' } }, async (request, reply) => {
    const ctx = await employerContext(request, reply);
    if (!ctx) return reply;
    const passport = await passportOf(request, reply, ctx);
    if (!passport) return reply;
    const scope = scopeOf(ctx.organisation.id);
    const actor = `user:${ctx.user.id}`;
    await deps.database.transaction(async (tx) => {
      const now = deps.clock.now();
      const passports = staffPassports(tx, scope);
      const current = await passports.lock(passport.id);
      if (!current?.esrAssignmentNumber) return;
      const previous = current.esrLinkState;
      await passports.unlinkEsr(passport.id);
      await passportHistory(tx, scope).record([{ passportId: passport.id, event: 'esr.unlinked', actor, at: now, details: { reason: 'disconnected', previousState: previous } }]);
      await appendAudit(tx, { organisationId: ctx.organisation.id, actor, action: 'passport.esr-unlinked', subject: passport.id, correlationId: String(request.id), details: { previousState: previous } }, deps.clock);
    });
    return reply.redirect(passportPath(ctx, passport.id, '/esr?disconnected=yes'), 303);
  });
}
