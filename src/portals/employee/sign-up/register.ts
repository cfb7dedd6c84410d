// The employee portal's pages for S1 sign-up from an invitation and S7 moving trusts with one (D45),
// registered by register-employee-portal.ts.
// The journey's steps and their order: ./journey.ts.
import type { FastifyInstance } from 'fastify';
import type { EmployeePortalDeps } from '../auth/deps.ts';
import { registerCheckAnswersPage } from './check/route.ts';
import { registerDigitalIdentityPages } from './digital-identity/route.ts';
import { registerExistingPassportQuestion } from './existing-passport/route.ts';
import { registerFaceToFacePage } from './face-to-face/route.ts';
import { registerIdentityRoutePage } from './identity-route/route.ts';
import { registerInvitationLink } from './invitation/route.ts';
import { registerMoreDetailsPage } from './more-details/route.ts';
import { registerMovingTrustsPages } from './moving/route.ts';
import { registerProfilePages } from './profile/route.ts';
import { registerRolePage } from './role/route.ts';
import { registerTermsPage } from './terms/route.ts';
import { registerWalletPage } from './wallet/route.ts';

export function registerSignUpPages(app: FastifyInstance, deps: EmployeePortalDeps): void {
  registerInvitationLink(app, deps);
  registerExistingPassportQuestion(app);
  registerTermsPage(app, deps);
  registerWalletPage(app);
  registerIdentityRoutePage(app, deps);
  registerFaceToFacePage(app);
  registerDigitalIdentityPages(app, deps);
  registerMovingTrustsPages(app, deps);
  registerProfilePages(app, deps);
  registerMoreDetailsPage(app, deps);
  registerRolePage(app, deps);
  registerCheckAnswersPage(app, deps);
}
