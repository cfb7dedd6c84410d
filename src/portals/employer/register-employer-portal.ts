// The employer portal (D38): one per trust at /trusts/{ods}/employer. Every page of it is
// registered here, one line each; a page's route and template live side by side in its folder.
// Pages call `employerContext` (auth/employer-context.ts), which reads the dependencies this
// function puts on the Fastify instance.
import type { FastifyInstance } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import type { EmployerPortalDeps } from './auth/deps.ts';
import { registerHomePage } from './home/route.ts';
import { registerSystemManagementPages } from './system-management/register.ts';

export type { EmployerPortalDeps } from './auth/deps.ts';

export async function registerEmployerPortal(app: FastifyInstance, deps: EmployerPortalDeps): Promise<void> {
  app.decorate('employerPortal', deps);
  // Per-route limits only (`config.rateLimit` on the sign-in and set-up posts); counted per process
  // in memory, on top of the per-account lockout kept in the database.
  await app.register(rateLimit, { global: false });
  registerHomePage(app);
  // System management (senior administrators): system-management/register.ts.
  registerSystemManagementPages(app, deps);
}
