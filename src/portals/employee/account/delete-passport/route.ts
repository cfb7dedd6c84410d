// S12 Delete my passport at this trust (DOMAIN.md §4.2 S12; the same deletion as HR's, E15).
//   GET  /trusts/{ods}/employee/settings/delete   what happens, then "Yes, delete my passport"
//   POST /trusts/{ods}/employee/settings/delete
//        1. the signed-in person (a browser whose session this very deletion ended — the second
//           of a double submit — finds the audit entry of the first and goes to the confirmation)
//        2. ONE transaction (src/jobs/delete-passport.ts): every credential this trust issued to
//           the person that may be in the wallet revoked in the status ledger, the email, the
//           passport deleted (its sessions go with it, by their foreign key), the audit entry
//        3. the session ended (cookie cleared); 303 to the public confirmation page
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { deleteStaffPassport } from '../../../../jobs/delete-passport.ts';
import { formValues } from '../../../../platform/http/forms.ts';
import { listAudit } from '../../../../store/audit-log.ts';
import { scopeOf } from '../../../../store/scope.ts';
import type { EmployeePortalDeps } from '../../auth/deps.ts';
import { currentEmployeeSession, employeeContext, employeeOrganisationOf, employeePage, endEmployeeSession } from '../../auth/employee-context.ts';
import { clearSessionCookie } from '../../auth/session-cookie.ts';
import { accountPaths, correlationOf } from '../shared/account.ts';

export function registerDeletePassportPage(app: FastifyInstance, deps: EmployeePortalDeps): void {
  app.get('/trusts/:ods/employee/settings/delete', { config: { surface: 'page' } }, async (request, reply) => {
    const ctx = await employeeContext(request, reply);
    if (!ctx) return reply;
    return employeePage(reply, ctx, 'portals/employee/account/delete-passport/page.njk', {
      pageTitle: `Delete your passport at ${ctx.organisation.name}`,
      navCurrent: accountPaths.settings(ctx),
      backHref: accountPaths.settings(ctx),
      cancelHref: accountPaths.settings(ctx),
      action: accountPaths.deletePassport(ctx),
      passportId: ctx.passport.id,
    });
  });

  app.post('/trusts/:ods/employee/settings/delete', { config: { surface: 'page' } }, async (request, reply) => {
    // 1. Who is asking; or, with no session, whether it was this form that just deleted the passport.
    const organisation = await employeeOrganisationOf(request, deps);
    if (organisation && (await currentEmployeeSession(request, deps, organisation)).kind === 'none') {
      const id = z.uuid().safeParse(formValues(request.body).passport);
      if (id.success) {
        const earlier = await listAudit(deps.database.db, organisation.id, { action: 'staff-passport.deleted', subject: id.data, actor: `staff:${id.data}`, limit: 1 });
        if (earlier.length > 0) {
          clearSessionCookie(reply, deps);
          return reply.redirect(accountPaths.deleted({ organisation }), 303);
        }
      }
    }
    const ctx = await employeeContext(request, reply);
    if (!ctx) return reply;

    // 2. One transaction.
    await deps.database.transaction((tx) =>
      deleteStaffPassport(tx, deps, {
        organisation: ctx.organisation,
        scope: scopeOf(ctx.organisation.id),
        passportId: ctx.passport.id,
        actor: `staff:${ctx.passport.id}`,
        correlationId: correlationOf(request),
        by: 'holder',
      }),
    );

    // 3. Signed out; the confirmation.
    await endEmployeeSession(request, reply, ctx);
    return reply.redirect(accountPaths.deleted(ctx), 303);
  });
}
