// S6 Share credentials, step 3 (DOMAIN.md §4.2 S6.1): "you'll see a message confirming that the
// listed credentials have been shared with the stated trust."
//   GET /trusts/{ods}/employee/credentials/share/done   the share the journey names (set by the
//        hand-back in the transaction that stored it), else back to step 1.
import type { FastifyInstance } from 'fastify';
import { employeeContext, employeePage } from '../../auth/employee-context.ts';
import { shareJourney, sharePaths } from '../share.ts';

export function registerShareDonePage(app: FastifyInstance): void {
  app.get('/trusts/:ods/employee/credentials/share/done', { config: { surface: 'page' } }, async (request, reply) => {
    const ctx = await employeeContext(request, reply);
    if (!ctx) return reply;
    const done = shareJourney(ctx).credentialShareDone;
    if (!done) return reply.redirect(sharePaths.choose(ctx.organisation), 303);
    return employeePage(reply, ctx, 'portals/employee/share/done/page.njk', {
      pageTitle: 'Credentials shared',
      navCurrent: sharePaths.credentials(ctx.organisation),
      titles: done.titles,
      credentialsHref: sharePaths.credentials(ctx.organisation),
      otherOrganisationHref: sharePaths.organisation(ctx.organisation),
    });
  });
}
