// Credential requests (DOMAIN.md E8.1): GET /trusts/{ods}/employer/credential-requests — every
// staff member with requests awaiting review, oldest first; a name opens that member's request.
import type { FastifyInstance } from 'fastify';
import { credentialRequests } from '../../../../store/credential-requests.ts';
import { scopeOf } from '../../../../store/scope.ts';
import type { EmployerPortalDeps } from '../../auth/deps.ts';
import { employerContext, employerPage } from '../../auth/employer-context.ts';
import { fullName } from '../../esr-shared/passport-esr.ts';
import { navCurrent, requestPath } from '../shared/requests.ts';

const day = (d: Date) => new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', day: 'numeric', month: 'long', year: 'numeric' }).format(d);

export function registerCredentialRequestsPage(app: FastifyInstance, deps: EmployerPortalDeps): void {
  app.get('/trusts/:ods/employer/credential-requests', { config: { surface: 'page' } }, async (request, reply) => {
    const ctx = await employerContext(request, reply);
    if (!ctx) return reply;
    const rows = await credentialRequests(deps.database.db, scopeOf(ctx.organisation.id)).awaitingReview();
    return employerPage(reply, ctx, 'portals/employer/credential-requests/list/page.njk', {
      pageTitle: 'Credential requests',
      rows: rows.map((r) => ({
        name: fullName({ givenName: r.givenName, middleNames: null, familyName: r.familyName }),
        email: r.email,
        href: requestPath(ctx, r.requestId),
        credentials: `${r.credentials} credential${r.credentials === 1 ? '' : 's'}`,
        requestedOn: day(r.firstRequestedAt),
      })),
      navCurrent: navCurrent(ctx),
    });
  });
}
