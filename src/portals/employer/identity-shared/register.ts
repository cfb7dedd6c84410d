// HR's review of a shared identity (DOMAIN.md E5.3, E5.4): one folder per page.
import type { FastifyInstance } from 'fastify';
import type { EmployerPortalDeps } from '../auth/deps.ts';
import { registerIdentitySharedConfirmPage } from '../identity-shared-confirm/route.ts';
import { registerIdentitySharedRejectPage } from '../identity-shared-reject/route.ts';
import { registerIdentitySharedReviewPage } from '../identity-shared-review/route.ts';

export function registerIdentitySharedPages(app: FastifyInstance, deps: EmployerPortalDeps): void {
  registerIdentitySharedReviewPage(app, deps);
  registerIdentitySharedConfirmPage(app, deps);
  registerIdentitySharedRejectPage(app, deps);
}
