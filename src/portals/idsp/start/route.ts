// GET /idsp/{ods}: the simulator's start page. Says plainly that this is a simulation of an
// identity service provider's app, what it will ask for and what the person gets at the end.
import type { FastifyInstance } from 'fastify';
import { NOT_GENUINE_NUMBER_ENDING, placeholderPhotoBase64 } from '../../../integrations/idsp/index.ts';
import { idspOfPath, idspPath, notFound, pageContext, type IdspSimulatorDeps } from '../journey.ts';

export function registerStartPage(app: FastifyInstance, deps: IdspSimulatorDeps): void {
  app.get('/idsp/:ods', { config: { surface: 'page' } }, async (request, reply) => {
    const organisation = await idspOfPath(deps.database.db, request.params);
    if (!organisation) return notFound(reply);
    return reply.page(
      'portals/idsp/start/page.njk',
      pageContext(organisation, 'Prove your identity', { startHref: idspPath(organisation, 'passport'), notGenuineEnding: NOT_GENUINE_NUMBER_ENDING, photo: placeholderPhotoBase64(), showOutbox: deps.showOutbox }),
    );
  });
}
