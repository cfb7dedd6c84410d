// The employer portal (D38): one per trust at /trusts/{ods}/employer. Every page of it is
// registered here, one line each; a page's route and template live side by side in its folder.
// Pages call `employerContext` (auth/employer-context.ts), which reads the dependencies this
// function puts on the Fastify instance.
import type { FastifyError, FastifyInstance } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import type { EmployerPortalDeps } from './auth/deps.ts';
import { registerCredentialRequestPages } from './credential-requests/register.ts';
import { registerCredentialLifecyclePages } from './credentials-shared/register.ts';
import { registerHomePage } from './home/route.ts';
import { registerEsrCheckPage } from './esr-check/route.ts';
import { registerEsrConnectPage } from './esr-connect/route.ts';
import { registerEsrDisconnectPage } from './esr-disconnect/route.ts';
import { registerProvideFromEsrConfirmPage } from './provide-from-esr-confirm/route.ts';
import { registerProvideFromEsrDonePage } from './provide-from-esr-done/route.ts';
import { registerProvideFromEsrPage } from './provide-from-esr/route.ts';
// Staff passports and invitations (E4, E15).
import { registerDeletePassportPage } from './delete-passport/route.ts';
// Identity and access (E5).
import { registerDeclineAccessPage } from './decline-access/route.ts';
import { registerIdentityFaceToFacePage } from './identity-face-to-face/route.ts';
import { registerIdentitySharedPages } from './identity-shared/register.ts';
import { registerInviteStaffCsvPage } from './invite-staff-csv/route.ts';
import { registerInviteStaffPage } from './invite-staff/route.ts';
import { registerStaffPassportPage } from './staff-passport/route.ts';
import { registerStaffPassportsPage } from './staff-passports/route.ts';
import { registerTemporaryPlacementPages } from './temporary-placement/route.ts';
import { registerReportsPages } from './reports/route.ts';
import { registerStaffActionPages } from './staff-actions/register.ts';
import { registerSetUpAccountPage } from './set-up-account/route.ts';
import { registerSetUpAppPage } from './set-up-app/route.ts';
import { registerSetUpSecondFactorPage } from './set-up-second-factor/route.ts';
import { registerSetUpSmsPage } from './set-up-sms/route.ts';
import { registerSignInCodePage } from './sign-in-code/route.ts';
import { registerSignInPage } from './sign-in/route.ts';
import { registerSignOut } from './sign-out/route.ts';
import { registerSharedCredentialPages } from './shared-credentials/register.ts';
import { registerSystemManagementPages } from './system-management/register.ts';
import { registerUserPage } from './user/route.ts';
import { registerUsersAddPage } from './users-add/route.ts';
import { registerUsersPage } from './users/route.ts';

export type { EmployerPortalDeps } from './auth/deps.ts';

export async function registerEmployerPortal(app: FastifyInstance, deps: EmployerPortalDeps): Promise<void> {
  app.decorate('employerPortal', deps);
  await app.register(async (portal) => {
    // Per-route limits only (`config.rateLimit` on the sign-in and set-up posts), counted per
    // process in memory per client IP address, on top of the per-account lockout in the database.
    await portal.register(rateLimit, { global: false });
    portal.setErrorHandler((error: FastifyError, request, reply) => {
      if (error.statusCode !== 429) throw error; // the server's own error pages (D7)
      request.log.warn({ route: request.routeOptions.url }, 'employer portal: too many requests');
      return reply.page('portals/employer/too-many-requests.njk', { pageTitle: 'Too many attempts', minutes: 1 }, 429);
    });

    // Signing in and out.
    registerSignInPage(portal, deps);
    registerSignInCodePage(portal, deps);
    registerSetUpSecondFactorPage(portal, deps);
    registerSetUpAppPage(portal, deps);
    registerSetUpSmsPage(portal, deps);
    registerSignOut(portal, deps);
    registerSetUpAccountPage(portal, deps);
    // The signed-in pages.
    registerHomePage(portal);
    // Staff passports and invitations (E4, E15).
    registerStaffPassportsPage(portal, deps);
    registerStaffPassportPage(portal, deps);
    registerInviteStaffPage(portal, deps);
    registerInviteStaffCsvPage(portal, deps);
    registerDeletePassportPage(portal, deps);
    // Rejections by staff, new access key / identity credential, reminders (E11, E13, E16).
    registerStaffActionPages(portal, deps);
    // Identity and access (E5).
    registerIdentityFaceToFacePage(portal, deps);
    registerDeclineAccessPage(portal, deps);
    registerIdentitySharedPages(portal, deps);
    // A passport's ESR link and providing from ESR (E6, E7).
    registerEsrConnectPage(portal, deps);
    registerEsrCheckPage(portal, deps);
    registerEsrDisconnectPage(portal, deps);
    registerProvideFromEsrPage(portal, deps);
    registerProvideFromEsrConfirmPage(portal, deps);
    registerProvideFromEsrDonePage(portal, deps);
    // Credential requests (E8).
    registerCredentialRequestPages(portal, deps);
    // View credentials, withdraw, revoke, archive and restore; revoke all for a leaver (E10).
    registerCredentialLifecyclePages(portal, deps);
    // Review shared credentials; complete or bypass the credentials required (E9).
    registerSharedCredentialPages(portal, deps);
    // Temporary placement credential (E12).
    registerTemporaryPlacementPages(portal, deps);
    // Reports (CSV exports) and a passport's history and audit.
    registerReportsPages(portal, deps);
    // System management (E3).
    registerSystemManagementPages(portal, deps);
    // User management (senior administrators).
    registerUsersPage(portal, deps);
    registerUsersAddPage(portal, deps);
    registerUserPage(portal, deps);
  });
}
