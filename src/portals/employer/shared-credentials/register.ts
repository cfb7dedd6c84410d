// HR's review of shared credentials and the credentials required (DOMAIN.md E9), one folder each.
import type { FastifyInstance } from 'fastify';
import type { EmployerPortalDeps } from '../auth/deps.ts';
import { registerCredentialsRequiredPages } from '../credentials-required/route.ts';
import { registerSharedCredentialsConfirmPage } from '../shared-credentials-confirm/route.ts';
import { registerSharedCredentialsReviewPage } from '../shared-credentials-review/route.ts';

export function registerSharedCredentialPages(app: FastifyInstance, deps: EmployerPortalDeps): void {
  registerSharedCredentialsConfirmPage(app, deps);
  registerSharedCredentialsReviewPage(app, deps);
  registerCredentialsRequiredPages(app, deps);
}
