// S2 step 5: back from the wallet — "the browser will refresh and you'll be able to log in" (seed 001).
//   GET /trusts/{ods}/employee/access-key/added?walletSession={id}
//     the wallet-session page's hand-back, in the browser that showed the QR code (D22). In one
//     transaction: the offered credentials accepted under the serial numbers they were issued with
//     (acceptIssued, history), the link marked collected, audit; then the collect-key session ends
//     → 303 /sign-in?collected=1. Without a session id (the wallet-session page's "Start again"):
//     back to sending a code. A session not finished yet: its page.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { walletSessionOutcome, walletSessionPath } from '../../../../gateway/wallet-sessions/index.ts';
import { accessKeyLinks } from '../../../../store/access-key-links.ts';
import { appendAudit } from '../../../../store/audit-log.ts';
import { scopeOf } from '../../../../store/scope.ts';
import type { EmployeePortalDeps } from '../../auth/deps.ts';
import { employeeJourney, employeePath, endEmployeeSession } from '../../auth/employee-context.ts';
import { acceptIssued, zIssuanceOutcome } from '../../wallet/provided-offers.ts';
import { collectJourneyOf, collectProblem } from '../collect-flow.ts';

const zAdded = z.object({ walletSession: z.uuid() });

export function registerAccessKeyAdded(app: FastifyInstance, deps: EmployeePortalDeps): void {
  app.get('/trusts/:ods/employee/access-key/added', { config: { surface: 'page' } }, async (request, reply) => {
    const j = await employeeJourney(request, reply, 'collect-key');
    if (!j) return reply;
    const { organisation, passport, session } = j;
    const query = zAdded.safeParse(request.query);
    const journey = collectJourneyOf(session.journey);
    if (!query.success || !journey.walletSessionId || !journey.credentialIds) return reply.redirect(employeePath(organisation, '/access-key/security-code'), 303);
    if (query.data.walletSession !== journey.walletSessionId) return reply.page('errors/not-found.njk', { pageTitle: 'Page not found' }, 404);
    const outcome = zIssuanceOutcome.safeParse(await walletSessionOutcome(deps.database.db, deps.clock, request, organisation.id, journey.walletSessionId));
    if (!outcome.success) return reply.redirect(walletSessionPath(organisation.odsCode, journey.walletSessionId), 303);

    const credentialIds = journey.credentialIds;
    const actor = `staff:${passport.id}`;
    const added = await deps.database.transaction(async (tx) => {
      const scope = scopeOf(organisation.id);
      const done = await acceptIssued(tx, deps, { organisation, passportId: passport.id, actor, credentialIds, outcome: outcome.data });
      const accessKey = done.accepted.find((c) => c.credentialType === 'AccessKey');
      if (!accessKey) return false;
      await accessKeyLinks(tx, scope).markCollected(passport.id, deps.clock.now());
      await appendAudit(
        tx,
        {
          organisationId: organisation.id,
          actor,
          action: 'passport.access-key-collected',
          subject: passport.id,
          correlationId: String(request.id),
          details: { walletSession: journey.walletSessionId ?? null, accepted: done.accepted.map((c) => ({ id: c.id, type: c.credentialType, serialNumber: c.serialNumber })), notAccepted: done.notAccepted },
        },
        deps.clock,
      );
      return true;
    });
    await endEmployeeSession(request, reply, j);
    if (!added) return collectProblem(reply, organisation, 'not-added');
    return reply.redirect(`${employeePath(organisation, '/sign-in')}?collected=1`, 303);
  });
}
