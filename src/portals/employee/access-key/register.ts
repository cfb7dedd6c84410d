// The employee portal's pages for S2 collecting the access key (D45, seed 001), registered by
// register-employee-portal.ts:
//   GET  /trusts/{ods}/employee/access-key/{token}                 the email's link (link/)
//   GET  /trusts/{ods}/employee/access-key                         brief instructions (instructions/)
//   GET  /trusts/{ods}/employee/access-key/security-code           "we will text you a code" (security-code/)
//   POST /trusts/{ods}/employee/access-key/security-code           sends it
//   GET  /trusts/{ods}/employee/access-key/security-code/enter     enter it (enter-code/)
//   POST /trusts/{ods}/employee/access-key/security-code/enter     → the offer's QR page
//   POST /trusts/{ods}/employee/access-key/security-code/resend    "Send a new code"
//   GET  /trusts/{ods}/employee/access-key/added?walletSession=…   back from the wallet → sign in (added/)
// The sign-in page also takes the email's link as `/sign-in?key={token}` (the sign-in-only email).
import type { FastifyInstance } from 'fastify';
import type { EmployeePortalDeps } from '../auth/deps.ts';
import { registerAccessKeyAdded } from './added/route.ts';
import { registerAccessKeyEnterCode } from './enter-code/route.ts';
import { registerAccessKeyInstructions } from './instructions/route.ts';
import { registerAccessKeyLink } from './link/route.ts';
import { registerAccessKeySecurityCode } from './security-code/route.ts';

export function registerAccessKeyPages(app: FastifyInstance, deps: EmployeePortalDeps): void {
  registerAccessKeyInstructions(app, deps);
  registerAccessKeySecurityCode(app, deps);
  registerAccessKeyEnterCode(app, deps);
  registerAccessKeyAdded(app, deps);
  registerAccessKeyLink(app, deps);
}
