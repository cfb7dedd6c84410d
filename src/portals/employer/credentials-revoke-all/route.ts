// Bulk revoke for a leaver (DOMAIN.md E10, §9 #17): every credential the person accepted from this
// trust revoked with LeavingOrganisation, one email and text, the passport `deactivated`.
//   GET  /trusts/{ods}/employer/staff-passports/{passportId}/credentials/revoke-all   what will be revoked
//   POST …/revoke-all   1. the passport of this trust (else 404); 2. one transaction on the locked
//        passport (credentials-shared/lifecycle.ts): ledger, states, history, audit, the message,
//        the status; a second submission finds nothing left to revoke and does nothing.
import type { FastifyInstance } from 'fastify';
import { scopeOf } from '../../../store/scope.ts';
import type { EmployerPortalDeps } from '../auth/deps.ts';
import { employerContext, employerPage } from '../auth/employer-context.ts';
import { revocableOf, revokeAllForLeaver } from '../credentials-shared/lifecycle.ts';
import { credentialsPath, navCurrent, notFound } from '../credentials-shared/pages.ts';
import { fullName, passportOf } from '../esr-shared/passport-esr.ts';

export function registerCredentialsRevokeAllPage(app: FastifyInstance, deps: EmployerPortalDeps): void {
  const path = '/trusts/:ods/employer/staff-passports/:passportId/credentials/revoke-all';

  app.get(path, { config: { surface: 'page' } }, async (request, reply) => {
    const ctx = await employerContext(request, reply);
    if (!ctx) return reply;
    const passport = await passportOf(request, reply, ctx);
    if (!passport) return reply;
    const credentials = await revocableOf(deps.database.db, scopeOf(ctx.organisation.id), passport.id);
    if (credentials.length === 0) return reply.redirect(credentialsPath(ctx, passport.id, passport.status === 'deactivated' ? '?done=leaver' : ''), 303);
    return employerPage(reply, ctx, 'portals/employer/credentials-revoke-all/page.njk', {
      pageTitle: `Revoke all credentials for ${fullName(passport)}`,
      name: fullName(passport),
      givenName: passport.givenName,
      titles: credentials.map((c) => c.title),
      action: credentialsPath(ctx, passport.id, '/revoke-all'),
      backHref: credentialsPath(ctx, passport.id),
      cancelHref: credentialsPath(ctx, passport.id),
      navCurrent: navCurrent(ctx),
    });
  });

  app.post(path, { config: { surface: 'page' } }, async (request, reply) => {
    const ctx = await employerContext(request, reply);
    if (!ctx) return reply;
    const passport = await passportOf(request, reply, ctx);
    if (!passport) return reply;
    const who = { organisation: ctx.organisation, scope: scopeOf(ctx.organisation.id), actor: `user:${ctx.user.id}`, correlationId: String(request.id) };
    const result = await deps.database.transaction((tx) => revokeAllForLeaver(tx, deps, who, passport.id));
    if (result.outcome === 'not-found') return notFound(reply);
    return reply.redirect(credentialsPath(ctx, passport.id, '?done=leaver'), 303);
  });
}
