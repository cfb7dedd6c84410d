// GET /idsp/{ods}/checking: the result of the document check. Passed: the GPG 45 profile and
// level of confidence the check gave, and the way on to the wallet session that offers the
// DigitalIdentity. Failed: why, and how to try again. Only reachable after a check.
import type { FastifyInstance } from 'fastify';
import { FAILURE_MESSAGES } from '../../../integrations/idsp/index.ts';
import { walletSessionPath } from '../../../gateway/wallet-sessions/index.ts';
import { idspOfPath, idspPath, notFound, pageContext, readJourney, type IdspSimulatorDeps } from '../journey.ts';

export function registerCheckingPage(app: FastifyInstance, deps: IdspSimulatorDeps): void {
  app.get('/idsp/:ods/checking', { config: { surface: 'page' } }, async (request, reply) => {
    const organisation = await idspOfPath(deps.database.db, request.params);
    if (!organisation) return notFound(reply);
    const check = readJourney(request)?.check;
    if (!check) return reply.redirect(idspPath(organisation, 'documents'), 303);
    reply.header('cache-control', 'no-store');
    if (check.outcome === 'failed') {
      const failure = FAILURE_MESSAGES[check.reason];
      return reply.page('portals/idsp/checking/page.njk', pageContext(organisation, failure.heading, { failure, tryAgainHref: idspPath(organisation, 'documents') }));
    }
    return reply.page(
      'portals/idsp/checking/page.njk',
      pageContext(organisation, 'Your document has been checked', { check, walletHref: walletSessionPath(organisation.odsCode, check.walletSessionId) }),
    );
  });
}
