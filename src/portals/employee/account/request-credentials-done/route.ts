// S5 Request credentials, step 3: the confirmation on screen ("confirmation on screen + email/SMS").
//   GET /trusts/{ods}/employee/credentials/request/done   the request just made (the journey names
//        it; it must be this person's at this trust), else back to step 1.
import type { FastifyInstance } from 'fastify';
import { channelsFor } from '../../../../core/passport/staff-passport.ts';
import { credentialRequests } from '../../../../store/credential-requests.ts';
import { scopeOf } from '../../../../store/scope.ts';
import type { EmployeePortalDeps } from '../../auth/deps.ts';
import { employeeContext, employeePage } from '../../auth/employee-context.ts';
import { accountJourney, accountPaths, requestableName } from '../shared/account.ts';

export function registerRequestCredentialsDonePage(app: FastifyInstance, deps: EmployeePortalDeps): void {
  app.get('/trusts/:ods/employee/credentials/request/done', { config: { surface: 'page' } }, async (request, reply) => {
    const ctx = await employeeContext(request, reply);
    if (!ctx) return reply;
    const id = accountJourney(ctx).credentialRequestMade;
    const made = id ? await credentialRequests(deps.database.db, scopeOf(ctx.organisation.id)).find(id) : undefined;
    if (!made || made.passportId !== ctx.passport.id) return reply.redirect(accountPaths.request(ctx), 303);
    const channels = channelsFor(ctx.passport).map((c) => c.channel);
    return employeePage(reply, ctx, 'portals/employee/account/request-credentials-done/page.njk', {
      pageTitle: 'Credentials requested',
      navCurrent: accountPaths.credentials(ctx),
      titles: made.items.map((i) => requestableName(i.credentialType)),
      told: channels.length === 2 ? 'by email and text message' : channels[0] === 'email' ? 'by email' : channels[0] === 'sms' ? 'by text message' : undefined,
      credentialsHref: accountPaths.credentials(ctx),
    });
  });
}
