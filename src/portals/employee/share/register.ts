// The employee portal's pages for S6 sharing credentials with this trust and finding another
// (DOMAIN.md §4.2 S6), registered by register-employee-portal.ts. One folder per page; shared
// helpers in ./share.ts.
import type { FastifyInstance } from 'fastify';
import type { EmployeePortalDeps } from '../auth/deps.ts';
import { registerShareCheckPage } from './check/route.ts';
import { registerShareChoosePage } from './choose/route.ts';
import { registerShareDonePage } from './done/route.ts';
import { registerShareNoAccessPage } from './no-access/route.ts';
import { registerShareOrganisationAccessPage } from './organisation-access/route.ts';
import { registerShareOrganisationPage } from './organisation/route.ts';
import { registerShareHandBack } from './shared/route.ts';

export function registerSharePages(app: FastifyInstance, deps: EmployeePortalDeps): void {
  // S6.1–2 share with this trust.
  registerShareChoosePage(app, deps);
  registerShareCheckPage(app, deps);
  registerShareHandBack(app, deps);
  registerShareDonePage(app);
  // S6.3 a different trust.
  registerShareOrganisationPage(app, deps);
  registerShareOrganisationAccessPage(app, deps);
  registerShareNoAccessPage(app, deps);
}
