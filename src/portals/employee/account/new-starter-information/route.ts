// S9 New Starter Information (DOMAIN.md §4.2 S9): the start page of the self-declared credential.
//   GET /trusts/{ods}/employee/credentials/new-starter-information
//        what it is (optional, every field optional, four short pages), then Start (or Continue
//        with what was typed earlier in this session).
import type { FastifyInstance } from 'fastify';
import { readNsiAnswers } from '../../../../core/passport/new-starter-information.ts';
import type { EmployeePortalDeps } from '../../auth/deps.ts';
import { employeeContext, employeePage } from '../../auth/employee-context.ts';
import { accountJourney, accountPaths, londonToday } from '../shared/account.ts';

export function registerNewStarterInformationStartPage(app: FastifyInstance, deps: EmployeePortalDeps): void {
  app.get('/trusts/:ods/employee/credentials/new-starter-information', { config: { surface: 'page' } }, async (request, reply) => {
    const ctx = await employeeContext(request, reply);
    if (!ctx) return reply;
    const answers = readNsiAnswers(accountJourney(ctx).newStarterInformation, londonToday(deps.clock.now()));
    return employeePage(reply, ctx, 'portals/employee/account/new-starter-information/page.njk', {
      pageTitle: 'New Starter Information',
      navCurrent: accountPaths.credentials(ctx),
      backHref: accountPaths.credentials(ctx),
      startHref: accountPaths.nsi(ctx, 'personal-information'),
      resuming: Object.keys(answers).length > 0,
      checkHref: accountPaths.nsi(ctx, 'check'),
    });
  });
}
