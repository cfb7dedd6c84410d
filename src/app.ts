// The composition root (STYLE.md rule 3): the one place that wires parts together.
// Importing this module does nothing; `createApp(deps)` builds a Fastify instance from
// dependencies the caller made (the CLI's `start`, or a test).
import type { FastifyInstance } from 'fastify';
import type { Config } from './platform/config.ts';
import type { Logger } from './platform/logger.ts';
import type { Clock } from './platform/clock.ts';
import { createHttpServer } from './platform/http/server.ts';
import { registerHealth } from './platform/http/health.ts';
import type { Database } from './store/database.ts';
import { registerStartPage } from './portals/start/route.ts';

/** What a process runs: everything (the zero-setup default) or one part per process. */
export const roles = ['all', 'gateway', 'portal', 'wallet', 'worker', 'external-demo'] as const;
export type Role = (typeof roles)[number];

export interface AppDeps {
  config: Config;
  logger: Logger;
  database: Database;
  clock: Clock;
  role?: Role;
}

export async function createApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config, logger, database } = deps;
  const role = deps.role ?? 'all';
  const production = config.env === 'production';
  const app = await createHttpServer({ config, logger });

  registerHealth(app, { ping: () => database.ping() });
  if (role === 'all' || role === 'portal') {
    registerStartPage(app, { db: database.db, production });
  }
  return app;
}
