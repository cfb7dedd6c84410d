// The credential request pages (DOMAIN.md E8; docs/architecture.md D44), one folder each.
import type { FastifyInstance } from 'fastify';
import type { EmployerPortalDeps } from '../auth/deps.ts';
import { registerCredentialRequestConfirmPage } from './confirm/route.ts';
import { registerCredentialRequestDecidePage } from './decide/route.ts';
import { registerCredentialRequestDonePage } from './done/route.ts';
import { registerCredentialRequestsPage } from './list/route.ts';
import { registerCredentialRequestPage } from './request/route.ts';
import { registerCredentialRequestReviewPage } from './review/route.ts';

export function registerCredentialRequestPages(app: FastifyInstance, deps: EmployerPortalDeps): void {
  registerCredentialRequestsPage(app, deps);
  registerCredentialRequestPage(app, deps);
  registerCredentialRequestReviewPage(app, deps);
  registerCredentialRequestDecidePage(app, deps);
  registerCredentialRequestConfirmPage(app, deps);
  registerCredentialRequestDonePage(app, deps);
}
