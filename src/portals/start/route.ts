// The start page at `/`: what is running here and where to go next.
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../store/database.ts';
import { listOrganisations } from '../../store/organisations.ts';

export interface StartPageDeps {
  db: Db;
  production: boolean;
  /** Whether the identity service provider simulator is served (link each IDSP to it). */
  idspSimulator?: boolean;
}

export function registerStartPage(app: FastifyInstance, deps: StartPageDeps): void {
  app.get('/', { config: { surface: 'page' } }, async (_request, reply) => {
    const organisations = await listOrganisations(deps.db);
    return reply.page('portals/start/page.njk', {
      pageTitle: 'Open DSP',
      trusts: organisations.filter((o) => o.kind === 'trust'),
      externals: organisations.filter((o) => o.kind === 'external'),
      idsps: organisations.filter((o) => o.kind === 'idsp'),
      idspSimulator: deps.idspSimulator ?? false,
      showDevTools: !deps.production,
    });
  });
}
