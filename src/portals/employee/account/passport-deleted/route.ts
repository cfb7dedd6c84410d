// S12: after deleting the passport (signed out): GET /trusts/{ods}/employee/passport-deleted, a
// public page — the same for anyone who opens it, naming nobody.
import type { FastifyInstance } from 'fastify';
import type { EmployeePortalDeps } from '../../auth/deps.ts';
import { employeeOrganisationOf, employeePublicPage } from '../../auth/employee-context.ts';
import { notFoundPage } from '../shared/account.ts';

export function registerPassportDeletedPage(app: FastifyInstance, deps: EmployeePortalDeps): void {
  app.get('/trusts/:ods/employee/passport-deleted', { config: { surface: 'page' } }, async (request, reply) => {
    const organisation = await employeeOrganisationOf(request, deps);
    if (!organisation) return notFoundPage(reply);
    return employeePublicPage(reply, organisation, 'portals/employee/account/passport-deleted/page.njk', { pageTitle: 'Your passport has been deleted' });
  });
}
