// S2 step 3: "a 6-digit security code will be sent to your phone", then Continue sends it (seed 001).
//   GET  /trusts/{ods}/employee/access-key/security-code
//   POST /trusts/{ods}/employee/access-key/security-code   sends the SMS code to the passport's
//        mobile → 303 …/security-code/enter. A second post within 30 s (a double submit) sends
//        nothing more and goes on to the same page; the session's 10th code is its last.
import type { FastifyInstance } from 'fastify';
import type { EmployeePortalDeps } from '../../auth/deps.ts';
import { sendEmployeeCode } from '../../auth/codes.ts';
import { employeeJourney, employeePath, employeePublicPage } from '../../auth/employee-context.ts';
import { employeePolicy } from '../../auth/policy.ts';
import { collectProblem, collectableOf } from '../collect-flow.ts';

export const codePostsLimited = { rateLimit: { max: employeePolicy.postsPerMinute, timeWindow: 60_000 } };

export function registerAccessKeySecurityCode(app: FastifyInstance, deps: EmployeePortalDeps): void {
  app.get('/trusts/:ods/employee/access-key/security-code', { config: { surface: 'page' } }, async (request, reply) => {
    const j = await employeeJourney(request, reply, 'collect-key');
    if (!j) return reply;
    const { organisation, passport } = j;
    if (!passport.mobile) return collectProblem(reply, organisation, 'no-mobile');
    if ((await collectableOf(deps.database.db, organisation, passport.id)).pending.length === 0) return collectProblem(reply, organisation, 'nothing-to-collect');
    return employeePublicPage(reply, organisation, 'portals/employee/access-key/security-code/page.njk', {
      pageTitle: 'We will text you a security code',
      backHref: employeePath(organisation, '/access-key'),
      mobileEnding: passport.mobile.slice(-3),
      action: employeePath(organisation, '/access-key/security-code'),
    });
  });

  app.post('/trusts/:ods/employee/access-key/security-code', { config: { surface: 'page', ...codePostsLimited } }, async (request, reply) => {
    const j = await employeeJourney(request, reply, 'collect-key');
    if (!j) return reply;
    const { organisation, passport } = j;
    const mobile = passport.mobile;
    if (!mobile) return collectProblem(reply, organisation, 'no-mobile');
    const sent = await deps.database.transaction((tx) => sendEmployeeCode(tx, deps, j, 'sms', mobile));
    if (sent === 'too-many') return collectProblem(reply, organisation, 'too-many-codes');
    // 'wait': a code went out under 30 seconds ago (this form posted twice): that code stands.
    return reply.redirect(employeePath(organisation, '/access-key/security-code/enter'), 303);
  });
}
