// What the employee portal's pages are given (D45). The composition root builds it once;
// `registerEmployeePortal` decorates the Fastify instance with it so `employeeContext` can reach
// the database and clock from any route.
import type { Clock } from '../../../platform/clock.ts';
import type { KeyManagement } from '../../../platform/key-management.ts';
import type { Database, Db } from '../../../store/database.ts';
import type { Notifier } from '../../../integrations/notify/index.ts';

export interface EmployeePortalDeps {
  database: Database;
  clock: Clock;
  keys: KeyManagement<Db>;
  notifier: Notifier;
  publicUrl: string;
  /** Secure cookies (the public URL is https). */
  secureCookies: boolean;
  /** `__Host-` cookie prefix in production on https. */
  production: boolean;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Set by registerEmployeePortal (src/portals/employee/register-employee-portal.ts). */
    employeePortal: EmployeePortalDeps;
  }
}
