// A staff member's credential request (DOMAIN.md E8.1): GET /trusts/{ods}/employer/credential-requests/{id}
// — the user's profile with the banner "<name> has requested credentials" and "Review credential
// requests". A request already reviewed shows its outcome instead.
import type { FastifyInstance } from 'fastify';
import type { EmployerPortalDeps } from '../../auth/deps.ts';
import { employerContext, employerPage } from '../../auth/employer-context.ts';
import { fullName, passportPath } from '../../esr-shared/passport-esr.ts';
import { navCurrent, requestOf, requestPath, typeName } from '../shared/requests.ts';

export function registerCredentialRequestPage(app: FastifyInstance, _deps: EmployerPortalDeps): void {
  app.get('/trusts/:ods/employer/credential-requests/:requestId', { config: { surface: 'page' } }, async (request, reply) => {
    const ctx = await employerContext(request, reply);
    if (!ctx) return reply;
    const found = await requestOf(request, reply, ctx);
    if (!found) return reply;
    const { request: req, passport } = found;
    if (req.state !== 'open') return reply.redirect(requestPath(ctx, req.id, '/done'), 303);
    const name = fullName(passport);
    return employerPage(reply, ctx, 'portals/employer/credential-requests/request/page.njk', {
      pageTitle: `${name} has requested credentials`,
      name,
      rows: [
        { key: { text: 'Name' }, value: { text: name } },
        { key: { text: 'Email' }, value: { text: passport.email ?? 'Not given' } },
        { key: { text: 'ESR' }, value: { text: passport.esrLinkState === 'linked' ? `Connected (assignment ${passport.esrAssignmentNumber})` : 'Not connected' } },
        { key: { text: 'Credentials requested' }, value: { html: req.items.map((i) => typeName(i.credentialType)).map(escape).join('<br>') } },
      ],
      reviewHref: requestPath(ctx, req.id, '/review'),
      passportHref: passportPath(ctx, passport.id),
      backHref: requestPath(ctx),
      navCurrent: navCurrent(ctx),
    });
  });
}

function escape(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
