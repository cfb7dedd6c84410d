// Staff actions of employer portal II (DOMAIN.md E11, E13, E16): one line each.
import type { FastifyInstance } from 'fastify';
import type { EmployerPortalDeps } from '../auth/deps.ts';
import { registerPendingReminderPages } from '../pending-reminders/route.ts';
import { registerRenewCredentialPages } from '../renew-credentials/route.ts';
import { registerStaffRejectionsPage } from '../staff-rejections/route.ts';

export function registerStaffActionPages(app: FastifyInstance, deps: EmployerPortalDeps): void {
  registerStaffRejectionsPage(app, deps);
  registerPendingReminderPages(app, deps);
  registerRenewCredentialPages(app, deps);
}
