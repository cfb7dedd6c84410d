// Delete a passport from the trust's records (DOMAIN.md E15): irreversible; the person is
// emailed that their invitation or record was deleted; the audit log keeps that it happened.
//   GET  /trusts/{ods}/employer/staff-passports/{id}/delete   the confirmation page
//   POST /trusts/{ods}/employer/staff-passports/{id}/delete
//        1. the context; 2. the passport, locked (another trust's id: 404, as for none)
//        3. the credentials it issued that may be in the wallet revoked, the email, the deletion
//           (history, invitations and provided credentials go with it, by their foreign keys),
//           the audit entry: one transaction (src/jobs/delete-passport.ts)
//        4. a second submission finds the audit entry of the first and goes to the list
import type { FastifyInstance } from 'fastify';
import { deleteStaffPassport } from '../../../jobs/delete-passport.ts';
import { listAudit } from '../../../store/audit-log.ts';
import { staffPassports } from '../../../store/staff-passports.ts';
import { scopeOf } from '../../../store/scope.ts';
import type { EmployerPortalDeps } from '../auth/deps.ts';
import { employerContext, employerPage, employerPath } from '../auth/employer-context.ts';
import { zPassportParams } from '../staff-passport/route.ts';

const notFound = { pageTitle: 'Page not found' };

export function registerDeletePassportPage(app: FastifyInstance, deps: EmployerPortalDeps): void {
  app.get('/trusts/:ods/employer/staff-passports/:id/delete', { config: { surface: 'page' } }, async (request, reply) => {
    const ctx = await employerContext(request, reply);
    if (!ctx) return reply;
    const params = zPassportParams.safeParse(request.params);
    const passport = params.success ? await staffPassports(deps.database.db, scopeOf(ctx.organisation.id)).findById(params.data.id) : undefined;
    if (!passport) return reply.page('errors/not-found.njk', notFound, 404);
    const back = employerPath(ctx.organisation, `/staff-passports/${passport.id}`);
    return employerPage(reply, ctx, 'portals/employer/delete-passport/page.njk', {
      pageTitle: `Delete the staff passport of ${passport.givenName} ${passport.familyName}`,
      navCurrent: employerPath(ctx.organisation, '/staff-passports'),
      backHref: back,
      cancelHref: back,
      action: `${back}/delete`,
      passport,
    });
  });

  app.post('/trusts/:ods/employer/staff-passports/:id/delete', { config: { surface: 'page' } }, async (request, reply) => {
    // 1. Who is asking.
    const ctx = await employerContext(request, reply);
    if (!ctx) return reply;
    const params = zPassportParams.safeParse(request.params);
    if (!params.success) return reply.page('errors/not-found.njk', notFound, 404);
    const scope = scopeOf(ctx.organisation.id);
    const actor = `user:${ctx.user.id}`;
    // 2–3. One transaction (src/jobs/delete-passport.ts, shared with the person's own deletion, S12).
    const deleted = await deps.database.transaction(async (tx) =>
      deleteStaffPassport(tx, deps, { organisation: ctx.organisation, scope, passportId: params.data.id, actor, correlationId: request.id, by: 'trust' }),
    );
    if (deleted.outcome === 'not-found') {
      // 4. Deleted by an earlier submission of this trust (the audit log says so): acted once.
      const earlier = await listAudit(deps.database.db, ctx.organisation.id, { action: 'staff-passport.deleted', subject: params.data.id, limit: 1 });
      if (earlier.length === 0) return reply.page('errors/not-found.njk', notFound, 404);
    }
    return reply.redirect(employerPath(ctx.organisation, '/staff-passports?done=deleted'), 303);
  });
}
