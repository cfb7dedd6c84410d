// What the employer portal's pages are given (D38). The composition root builds it once;
// `registerEmployerPortal` decorates the Fastify instance with it so `employerContext` can reach
// the database and clock from any route.
import type { Clock } from '../../../platform/clock.ts';
import type { KeyManagement } from '../../../platform/key-management.ts';
import type { Database, Db } from '../../../store/database.ts';
import type { Notifier } from '../../../integrations/notify/index.ts';
import type { EsrPort } from '../../../integrations/esr/index.ts';

export interface EmployerPortalDeps {
  database: Database;
  clock: Clock;
  keys: KeyManagement<Db>;
  notifier: Notifier;
  /** The ESR port (docs/esr.md): connecting passports to ESR and providing from it (E6, E7). */
  esr: EsrPort;
  publicUrl: string;
  /** Secure cookies (the public URL is https). */
  secureCookies: boolean;
  /** `__Host-` cookie prefix in production on https. */
  production: boolean;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Set by registerEmployerPortal (src/portals/employer/register-employer-portal.ts). */
    employerPortal: EmployerPortalDeps;
  }
}
