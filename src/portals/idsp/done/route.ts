// GET /idsp/{ods}/done?walletSession={id}: where the wallet session hands back once the wallet
// has the DigitalIdentity. Only the browser that started the session sees it (D22); the
// journey ends here.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { walletSessionOutcome } from '../../../gateway/wallet-sessions/index.ts';
import { clearJourney, idspOfPath, idspPath, notFound, pageContext, type IdspSimulatorDeps } from '../journey.ts';

const zQuery = z.object({ walletSession: z.uuid() });
/** An issuance session's outcome (src/gateway/oid4vci/credential-endpoint.ts). */
const zIssued = z.object({ issued: z.array(z.object({ type: z.literal('DigitalIdentity'), serialNumber: z.uuid() })).min(1) });

export function registerDonePage(app: FastifyInstance, deps: IdspSimulatorDeps): void {
  app.get('/idsp/:ods/done', { config: { surface: 'page' } }, async (request, reply) => {
    const organisation = await idspOfPath(deps.database.db, request.params);
    if (!organisation) return notFound(reply);
    // The wallet-session page's "Start again" comes here without a session: back to the form.
    const query = zQuery.safeParse(request.query);
    if (!query.success) return reply.redirect(idspPath(organisation, 'documents'), 303);
    const outcome = zIssued.safeParse(await walletSessionOutcome(deps.database.db, deps.clock, request, organisation.id, query.data.walletSession));
    if (!outcome.success) return notFound(reply);
    clearJourney(reply, organisation);
    return reply.page('portals/idsp/done/page.njk', pageContext(organisation, 'Your digital identity is in your wallet', { startHref: idspPath(organisation) }));
  });
}
