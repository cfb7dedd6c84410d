// The employee portal's pages for S5, S9, S11, S12 — requesting credentials, the self-declared New
// Starter Information, passport history, settings, deleting the passport (D45) — registered by
// register-employee-portal.ts. One folder per page; shared helpers in ./shared.
import type { FastifyInstance } from 'fastify';
import type { EmployeePortalDeps } from '../auth/deps.ts';
import { registerDeletePassportPage } from './delete-passport/route.ts';
import { registerHistoryPage } from './history/route.ts';
import { registerNewStarterInformationCheckPage } from './new-starter-information-check/route.ts';
import { registerNewStarterInformationCreatedPage } from './new-starter-information-created/route.ts';
import { registerNewStarterInformationSteps } from './new-starter-information-step/route.ts';
import { registerNewStarterInformationStartPage } from './new-starter-information/route.ts';
import { registerPassportDeletedPage } from './passport-deleted/route.ts';
import { registerRequestCredentialsCheckPage } from './request-credentials-check/route.ts';
import { registerRequestCredentialsDonePage } from './request-credentials-done/route.ts';
import { registerRequestCredentialsPage } from './request-credentials/route.ts';
import { registerSettingsPage } from './settings/route.ts';

export function registerAccountPages(app: FastifyInstance, deps: EmployeePortalDeps): void {
  // S5 request credentials.
  registerRequestCredentialsPage(app, deps);
  registerRequestCredentialsCheckPage(app, deps);
  registerRequestCredentialsDonePage(app, deps);
  // S9 New Starter Information.
  registerNewStarterInformationStartPage(app, deps);
  registerNewStarterInformationSteps(app, deps);
  registerNewStarterInformationCheckPage(app, deps);
  registerNewStarterInformationCreatedPage(app, deps);
  // S11 history and settings.
  registerHistoryPage(app, deps);
  registerSettingsPage(app, deps);
  // S12 delete my passport.
  registerDeletePassportPage(app, deps);
  registerPassportDeletedPage(app, deps);
}
