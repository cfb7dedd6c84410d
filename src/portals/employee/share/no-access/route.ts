// S6.3 Share credentials with a different trust, "No" (DOMAIN.md §4.2 S6.3): "You will need to get
// an access key for this organisation before you can share credentials with [it]."
//   GET /trusts/{ods}/employee/credentials/share/organisation/{other}/no-access
// How a person gets one: that trust's HR invites them (S1) or, if they already have a passport
// there, sends an access key (E13); moving with an invitation is S7.
import type { FastifyInstance } from 'fastify';
import type { EmployeePortalDeps } from '../../auth/deps.ts';
import { employeePage } from '../../auth/employee-context.ts';
import { otherTrustOf } from '../organisation-access/route.ts';
import { sharePaths } from '../share.ts';

export function registerShareNoAccessPage(app: FastifyInstance, deps: EmployeePortalDeps): void {
  app.get('/trusts/:ods/employee/credentials/share/organisation/:other/no-access', { config: { surface: 'page' } }, async (request, reply) => {
    const found = await otherTrustOf(request, reply, deps);
    if (!found) return reply;
    const { ctx, other } = found;
    return employeePage(reply, ctx, 'portals/employee/share/no-access/page.njk', {
      pageTitle: `You need an access key for ${other.name} first`,
      other,
      navCurrent: sharePaths.credentials(ctx.organisation),
      backHref: sharePaths.access(ctx.organisation, other),
      credentialsHref: sharePaths.credentials(ctx.organisation),
    });
  });
}
