// The employee portal's pages for S4, S8, S10 the person's credentials (D45), registered by register-employee-portal.ts.
import type { FastifyInstance } from 'fastify';
import type { EmployeePortalDeps } from '../auth/deps.ts';
import { registerAcceptCredential } from './accept/route.ts';
import { registerCredentialDetail } from './detail/route.ts';
import { registerCredentialsList } from './list/route.ts';
import { registerReissueCredential } from './reissue/route.ts';
import { registerRejectCredential } from './reject/route.ts';

export function registerCredentialsPages(app: FastifyInstance, deps: EmployeePortalDeps): void {
  registerCredentialsList(app);
  registerCredentialDetail(app);
  registerAcceptCredential(app, deps);
  registerRejectCredential(app, deps);
  registerReissueCredential(app, deps);
}
