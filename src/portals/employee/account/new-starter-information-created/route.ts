// S9 New Starter Information: created. The credential is pending in the passport; the person adds
// it to the wallet from its page (/credentials/{id}, "Accept credential and add it to my wallet").
//   GET /trusts/{ods}/employee/credentials/new-starter-information/created
//        the credential the journey names, if this person's at this trust; else the start page
import type { FastifyInstance } from 'fastify';
import { providedCredentials } from '../../../../store/provided-credentials.ts';
import { scopeOf } from '../../../../store/scope.ts';
import type { EmployeePortalDeps } from '../../auth/deps.ts';
import { employeeContext, employeePage } from '../../auth/employee-context.ts';
import { accountJourney, accountPaths } from '../shared/account.ts';

export function registerNewStarterInformationCreatedPage(app: FastifyInstance, deps: EmployeePortalDeps): void {
  app.get('/trusts/:ods/employee/credentials/new-starter-information/created', { config: { surface: 'page' } }, async (request, reply) => {
    const ctx = await employeeContext(request, reply);
    if (!ctx) return reply;
    const id = accountJourney(ctx).newStarterInformationCreated;
    const credential = id ? await providedCredentials(deps.database.db, scopeOf(ctx.organisation.id)).findById(id) : undefined;
    if (!credential || credential.passportId !== ctx.passport.id || credential.credentialType !== 'NewStarterInformation') return reply.redirect(accountPaths.nsi(ctx), 303);
    return employeePage(reply, ctx, 'portals/employee/account/new-starter-information-created/page.njk', {
      pageTitle: credential.state === 'pending' ? 'New Starter Information created' : 'You already have this New Starter Information',
      navCurrent: accountPaths.credentials(ctx),
      pending: credential.state === 'pending',
      credentialHref: accountPaths.credential(ctx, credential.id),
      credentialsHref: accountPaths.credentials(ctx),
    });
  });
}
