// Reviewing a credential request, the end (DOMAIN.md E8.4): GET /trusts/{ods}/employer/credential-requests/{id}/done
// — "You have reviewed the credential requests", what was provided and what rejected with the
// reason. A request still open goes back to its first step.
import type { FastifyInstance } from 'fastify';
import type { EmployerPortalDeps } from '../../auth/deps.ts';
import { employerContext, employerPage } from '../../auth/employer-context.ts';
import { fullName, passportPath } from '../../esr-shared/passport-esr.ts';
import { navCurrent, requestOf, requestPath, typeName } from '../shared/requests.ts';

export function registerCredentialRequestDonePage(app: FastifyInstance, _deps: EmployerPortalDeps): void {
  app.get('/trusts/:ods/employer/credential-requests/:requestId/done', { config: { surface: 'page' } }, async (request, reply) => {
    const ctx = await employerContext(request, reply);
    if (!ctx) return reply;
    const found = await requestOf(request, reply, ctx);
    if (!found) return reply;
    const { request: req, passport } = found;
    if (req.state === 'open') return reply.redirect(requestPath(ctx, req.id), 303);
    const name = fullName(passport);
    return employerPage(reply, ctx, 'portals/employer/credential-requests/done/page.njk', {
      pageTitle: `Credential requests reviewed for ${name}`,
      name,
      provided: req.items.filter((i) => i.state === 'provided').map((i) => ({ title: typeName(i.credentialType), count: i.providedCount ?? 0 })),
      rejected: req.items.filter((i) => i.state === 'rejected').map((i) => ({ title: typeName(i.credentialType), reason: i.reason })),
      listHref: requestPath(ctx),
      passportHref: passportPath(ctx, passport.id),
      navCurrent: navCurrent(ctx),
    });
  });
}
