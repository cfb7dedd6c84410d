// The credential lifecycle pages of a staff passport (DOMAIN.md E10), one folder each.
import type { FastifyInstance } from 'fastify';
import type { EmployerPortalDeps } from '../auth/deps.ts';
import { registerCredentialArchivePage } from '../credential-archive/route.ts';
import { registerCredentialRevokePage } from '../credential-revoke/route.ts';
import { registerCredentialWithdrawPage } from '../credential-withdraw/route.ts';
import { registerCredentialsRevokeAllPage } from '../credentials-revoke-all/route.ts';
import { registerCredentialsPage } from '../credentials/route.ts';

export function registerCredentialLifecyclePages(app: FastifyInstance, deps: EmployerPortalDeps): void {
  registerCredentialsPage(app, deps);
  registerCredentialsRevokeAllPage(app, deps);
  registerCredentialWithdrawPage(app, deps);
  registerCredentialRevokePage(app, deps);
  registerCredentialArchivePage(app, deps);
}
