// System Management (DOMAIN.md E3; Senior Portal Administrators only; docs/architecture.md D41):
// its pages, registered together from register-employer-portal.ts.
import type { FastifyInstance } from 'fastify';
import type { EmployerPortalDeps } from '../auth/deps.ts';
import { registerAutoProvidePage } from './auto-provide/route.ts';
import { registerChecklistDeletePage } from './checklist-delete/route.ts';
import { registerChecklistPage } from './checklist/route.ts';
import { registerChecklistsPage } from './checklists/route.ts';
import { registerTeamMailboxRemovePage } from './mailbox-remove/route.ts';
import { registerTeamMailboxPage } from './mailbox/route.ts';
import { registerOrganisationDetailsPage } from './organisation/route.ts';
import { registerSystemManagementPage } from './overview/route.ts';

export function registerSystemManagementPages(app: FastifyInstance, deps: EmployerPortalDeps): void {
  registerSystemManagementPage(app, deps);
  registerOrganisationDetailsPage(app, deps);
  registerTeamMailboxPage(app, deps);
  registerTeamMailboxRemovePage(app, deps);
  registerAutoProvidePage(app, deps);
  registerChecklistsPage(app, deps);
  registerChecklistPage(app, deps);
  registerChecklistDeletePage(app, deps);
}
