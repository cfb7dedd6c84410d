// Reviewing a credential request, step 1 (DOMAIN.md E8.2):
//   GET /trusts/{ods}/employer/credential-requests/{id}/review
//   not connected to ESR: the ESR assignment number prompt. It posts to the ESR connect pages
//     (esr-connect, esr-check: the same lookup, side-by-side check and connecting, D40) with the
//     request id, and they come back here once the passport is connected.
//   connected: the automatic check of ESR data (ESR read now, outside any transaction), what it
//     holds for each requested credential, and "Provide credentials" to the decisions page.
import type { FastifyInstance } from 'fastify';
import type { EmployerPortalDeps } from '../../auth/deps.ts';
import { employerContext, employerPage } from '../../auth/employer-context.ts';
import { esrProblemPage, fullName, passportPath } from '../../esr-shared/passport-esr.ts';
import { isLinked, readEsrOffer } from '../../provide-from-esr/read-offer.ts';
import { esrForTypes, navCurrent, requestOf, requestPath, typeName } from '../shared/requests.ts';

export function registerCredentialRequestReviewPage(app: FastifyInstance, deps: EmployerPortalDeps): void {
  app.get('/trusts/:ods/employer/credential-requests/:requestId/review', { config: { surface: 'page' } }, async (request, reply) => {
    const ctx = await employerContext(request, reply);
    if (!ctx) return reply;
    const found = await requestOf(request, reply, ctx);
    if (!found) return reply;
    const { request: req, passport } = found;
    if (req.state !== 'open') return reply.redirect(requestPath(ctx, req.id, '/done'), 303);
    const name = fullName(passport);
    const common = { name, backHref: requestPath(ctx, req.id), navCurrent: navCurrent(ctx) };
    if (!isLinked(passport)) {
      return employerPage(reply, ctx, 'portals/employer/credential-requests/review/page.njk', {
        ...common,
        pageTitle: `Enter ${name}'s ESR assignment number`,
        mode: 'prompt',
        action: passportPath(ctx, passport.id, '/esr'),
        requestId: req.id,
        values: { assignmentNumber: passport.esrAssignmentNumber ?? '' },
      });
    }
    let reading;
    try {
      reading = await readEsrOffer(deps, ctx, passport);
    } catch (error) {
      return esrProblemPage(reply, ctx, passport, error, requestPath(ctx, req.id, '/review'));
    }
    const esr = esrForTypes(reading.lines, req.items);
    return employerPage(reply, ctx, 'portals/employer/credential-requests/review/page.njk', {
      ...common,
      pageTitle: `Credential requests for ${name}`,
      mode: 'checked',
      rows: req.items.map((item) => {
        const e = esr.get(item.id)!;
        const text = e.provide.length ? `${e.provide.length} to provide` : e.already.length ? 'Already provided' : 'Nothing held in ESR: it will be rejected automatically';
        return { key: { text: typeName(item.credentialType) }, value: { text } };
      }),
      provideHref: requestPath(ctx, req.id, '/decide'),
    });
  });
}
