// The employer portal (D38): one per trust at /trusts/{ods}/employer. Every page of it is
// registered here, one line each; a page's route and template live side by side in its folder.
// Pages call `employerContext` (auth/employer-context.ts), which reads the dependencies this
// function puts on the Fastify instance.
import type { FastifyInstance } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import type { EmployerPortalDeps } from './auth/deps.ts';
import { registerHomePage } from './home/route.ts';
// Staff passports and invitations (E4, E15).
import { registerDeletePassportPage } from './delete-passport/route.ts';
import { registerInviteStaffCsvPage } from './invite-staff-csv/route.ts';
import { registerInviteStaffPage } from './invite-staff/route.ts';
import { registerStaffPassportPage } from './staff-passport/route.ts';
import { registerStaffPassportsPage } from './staff-passports/route.ts';
import { registerEsrCheckPage } from './esr-check/route.ts';
import { registerEsrConnectPage } from './esr-connect/route.ts';
import { registerEsrDisconnectPage } from './esr-disconnect/route.ts';
import { registerProvideFromEsrConfirmPage } from './provide-from-esr-confirm/route.ts';
import { registerProvideFromEsrDonePage } from './provide-from-esr-done/route.ts';
import { registerProvideFromEsrPage } from './provide-from-esr/route.ts';
import { registerSystemManagementPages } from './system-management/register.ts';

export type { EmployerPortalDeps } from './auth/deps.ts';

export async function registerEmployerPortal(app: FastifyInstance, deps: EmployerPortalDeps): Promise<void> {
  app.decorate('employerPortal', deps);
  // Per-route limits only (`config.rateLimit` on the sign-in and set-up posts); counted per process
  // in memory, on top of the per-account lockout kept in the database.
  await app.register(rateLimit, { global: false });
  registerHomePage(app);
  // Staff passports and invitations (E4, E15).
  registerStaffPassportsPage(app, deps);
  registerStaffPassportPage(app, deps);
  registerInviteStaffPage(app, deps);
  registerInviteStaffCsvPage(app, deps);
  registerDeletePassportPage(app, deps);
  // A passport's ESR link and providing from ESR (E6, E7).
  registerEsrConnectPage(app, deps);
  registerEsrCheckPage(app, deps);
  registerEsrDisconnectPage(app, deps);
  registerProvideFromEsrPage(app, deps);
  registerProvideFromEsrConfirmPage(app, deps);
  registerProvideFromEsrDonePage(app, deps);
  // System management (senior administrators): system-management/register.ts.
  registerSystemManagementPages(app, deps);
}
