// Signing out (D38).
//   POST /trusts/{ods}/employer/sign-out              ends this browser's session
//   POST /trusts/{ods}/employer/sign-out/everywhere   ends every session of the user (audited)
// Both then show the sign-in page with a notice. The first is the header's "Sign out" button,
// whose form (the NHS.UK header's account form) cannot carry a CSRF token: it opts out, which is
// safe because the session cookie is SameSite=Lax — a cross-site post arrives without it and so
// signs nobody out — and signing out is all it can do.
import type { FastifyInstance } from 'fastify';
import { appendAudit } from '../../../store/audit-log.ts';
import { employerSessions } from '../../../store/employer-sessions.ts';
import { scopeOf } from '../../../store/scope.ts';
import type { EmployerPortalDeps } from '../auth/deps.ts';
import { currentSession, employerContext, employerOrganisationOf, employerPath } from '../auth/employer-context.ts';
import { clearSessionCookie } from '../auth/session-cookie.ts';

export function registerSignOut(app: FastifyInstance, deps: EmployerPortalDeps): void {
  app.post('/trusts/:ods/employer/sign-out', { config: { surface: 'page', csrf: false } }, async (request, reply) => {
    const organisation = await employerOrganisationOf(request, deps);
    if (!organisation) return reply.page('errors/not-found.njk', { pageTitle: 'Page not found' }, 404);
    const current = await currentSession(request, deps, organisation);
    if (current.kind === 'session') await employerSessions(deps.database.db, scopeOf(organisation.id)).end(current.session.id);
    clearSessionCookie(reply, deps);
    return reply.redirect(`${employerPath(organisation, '/sign-in')}?signedOut=1`, 303);
  });

  app.post('/trusts/:ods/employer/sign-out/everywhere', { config: { surface: 'page' } }, async (request, reply) => {
    const ctx = await employerContext(request, reply);
    if (!ctx) return reply;
    const { organisation, user } = ctx;
    await deps.database.transaction(async (tx) => {
      const ended = await employerSessions(tx, scopeOf(organisation.id)).endAllOf(user.id);
      await appendAudit(tx, { organisationId: organisation.id, actor: `user:${user.id}`, action: 'employer-user.signed-out-everywhere', subject: user.id, correlationId: request.id, details: { sessions: ended } }, deps.clock);
    });
    clearSessionCookie(reply, deps);
    return reply.redirect(`${employerPath(organisation, '/sign-in')}?signedOut=everywhere`, 303);
  });
}
