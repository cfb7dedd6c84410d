// Signing out (D45): POST /trusts/{ods}/employee/sign-out ends this browser's session and shows
// the sign-in page with a notice. The header's "Sign out" button's form (the NHS.UK header's
// account form) cannot carry a CSRF token: it opts out, which is safe because the session cookie
// is SameSite=Lax — a cross-site post arrives without it and so signs nobody out — and signing
// out is all it can do.
import type { FastifyInstance } from 'fastify';
import { employeeSessions } from '../../../store/employee-sessions.ts';
import { scopeOf } from '../../../store/scope.ts';
import type { EmployeePortalDeps } from '../auth/deps.ts';
import { currentEmployeeSession, employeeOrganisationOf, employeePath } from '../auth/employee-context.ts';
import { clearSessionCookie } from '../auth/session-cookie.ts';

export function registerEmployeeSignOut(app: FastifyInstance, deps: EmployeePortalDeps): void {
  app.post('/trusts/:ods/employee/sign-out', { config: { surface: 'page', csrf: false } }, async (request, reply) => {
    const organisation = await employeeOrganisationOf(request, deps);
    if (!organisation) return reply.page('errors/not-found.njk', { pageTitle: 'Page not found' }, 404);
    const current = await currentEmployeeSession(request, deps, organisation);
    if (current.kind === 'session') await employeeSessions(deps.database.db, scopeOf(organisation.id)).end(current.session.id);
    clearSessionCookie(reply, deps);
    return reply.redirect(`${employeePath(organisation, '/sign-in')}?signedOut=1`, 303);
  });
}
