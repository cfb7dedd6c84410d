// The employee self-service portal (D45): one per trust at /trusts/{ods}/employee. Every page of it
// is registered here, one line each; a page's route and template live side by side in its folder.
// Pages call `employeeContext` / `employeeJourney` (auth/employee-context.ts), which read the
// dependencies this function puts on the Fastify instance.
import type { FastifyError, FastifyInstance } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import type { EmployeePortalDeps } from './auth/deps.ts';
import { registerAccountPages } from './account/register.ts';
import { registerAccessKeyPages } from './access-key/register.ts';
import { registerCredentialsPages } from './credentials/register.ts';
import { registerEmployeeHomePage } from './home/route.ts';
import { registerSharePages } from './share/register.ts';
import { registerSignInPages } from './sign-in/register.ts';
import { registerSignUpPages } from './sign-up/register.ts';
import { registerEmployeeSignOut } from './sign-out/route.ts';

export type { EmployeePortalDeps } from './auth/deps.ts';

export async function registerEmployeePortal(app: FastifyInstance, deps: EmployeePortalDeps): Promise<void> {
  app.decorate('employeePortal', deps);
  await app.register(async (portal) => {
    // Per-route limits only (`config.rateLimit` on the code and sign-in posts), per process, per
    // client IP address, on top of the per-code attempt limits in the database.
    await portal.register(rateLimit, { global: false });
    portal.setErrorHandler((error: FastifyError, request, reply) => {
      if (error.statusCode !== 429) throw error; // the server's own error pages (D7)
      request.log.warn({ route: request.routeOptions.url }, 'employee portal: too many requests');
      return reply.page('portals/employer/too-many-requests.njk', { pageTitle: 'Too many attempts', minutes: 1 }, 429);
    });

    // Before sign-in: signing up from an invitation (S1), collecting the access key (S2), signing in (S3).
    registerSignUpPages(portal, deps);
    registerAccessKeyPages(portal, deps);
    registerSignInPages(portal, deps);
    // Signed in.
    registerEmployeeHomePage(portal);
    registerCredentialsPages(portal, deps);
    registerAccountPages(portal, deps);
    registerSharePages(portal, deps);
    registerEmployeeSignOut(portal, deps);
  });
}
