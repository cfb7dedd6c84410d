// S2 step 2: brief instructions on the process, then Continue (seed 001).
//   GET /trusts/{ods}/employee/access-key   (a collect-key journey; else the "timed out" page)
import type { FastifyInstance } from 'fastify';
import type { EmployeePortalDeps } from '../../auth/deps.ts';
import { employeeJourney, employeePath, employeePublicPage } from '../../auth/employee-context.ts';
import { collectProblem, collectableOf } from '../collect-flow.ts';

export function registerAccessKeyInstructions(app: FastifyInstance, deps: EmployeePortalDeps): void {
  app.get('/trusts/:ods/employee/access-key', { config: { surface: 'page' } }, async (request, reply) => {
    const j = await employeeJourney(request, reply, 'collect-key');
    if (!j) return reply;
    const { organisation, passport } = j;
    const collectable = await collectableOf(deps.database.db, organisation, passport.id);
    if (collectable.pending.length === 0) {
      return collectable.hasAcceptedKey ? reply.redirect(`${employeePath(organisation, '/sign-in')}?alreadyCollected=1`, 303) : collectProblem(reply, organisation, 'nothing-to-collect');
    }
    return employeePublicPage(reply, organisation, 'portals/employee/access-key/instructions/page.njk', {
      pageTitle: 'Collect your access key',
      withIdentity: collectable.pending.some((c) => c.credentialType === 'Identity'),
      mobileEnding: passport.mobile?.slice(-3),
      continueHref: employeePath(organisation, '/access-key/security-code'),
    });
  });
}
