// The employee portal's pages for S3 signing in with the access key (D45), registered by
// register-employee-portal.ts:
//   GET  /trusts/{ods}/employee/sign-in                 "Sign in with your access key" (start/)
//   POST /trusts/{ods}/employee/sign-in                 → the presentation request's QR page
//   GET  /trusts/{ods}/employee/sign-in/done?walletSession=…   back from the wallet → home (done/)
import type { FastifyInstance } from 'fastify';
import type { EmployeePortalDeps } from '../auth/deps.ts';
import { registerSignInDone } from './done/route.ts';
import { registerSignInStart } from './start/route.ts';

export function registerSignInPages(app: FastifyInstance, deps: EmployeePortalDeps): void {
  registerSignInStart(app, deps);
  registerSignInDone(app, deps);
}
