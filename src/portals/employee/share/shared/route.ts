// S6 Share credentials, the wallet session's hand-back (DOMAIN.md §4.2 S6.1; E9 receives what
// arrives): GET /trusts/{ods}/employee/credentials/share/shared?walletSession={id}
//   1. ONE transaction: the session must be a share (`employee-share`) of this trust, completed,
//      started by this browser, and its verified outcome about this passport's DSP id (the
//      gateway already refused other people's credentials, `expectedDspId`; checked again here
//      against the signed-in passport). Its outcome is TAKEN (walletSessions.takeOutcome), so the
//      hand-back opened twice — reload, history, two tabs — stores the share once. Then the
//      credentials are kept for HR's review (sharedCredentials.receive; one already waiting for
//      review is not added twice), the passport history `credentials.shared` (types and count,
//      no personal data), the audit entry, and the journey: the ticks cleared, the share named
//      for the confirmation page.
//   2. 303 to the confirmation. Without a session (the wallet-session page's "Start again"), or
//      one that did not end with a share for this person in this browser: back to step 1 with the
//      ticks kept (the wallet-session page explained any failure, e.g. credential_missing); the
//      hand-back of the share just stored: the confirmation again.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { zPresentationOutcome, zPresentedCredential } from '../../wallet/presented-credentials.ts';
import { isCredentialTypeId } from '../../../../core/credentials/catalogue.ts';
import { titleOf } from '../../../../core/passport/plan-provision.ts';
import { walletSessionOutcome } from '../../../../gateway/wallet-sessions/index.ts';
import { appendAudit } from '../../../../store/audit-log.ts';
import { passportHistory } from '../../../../store/passport-history.ts';
import { scopeOf } from '../../../../store/scope.ts';
import { sharedCredentials, type SharedCredentialInput } from '../../../../store/shared-credentials.ts';
import { walletSessions } from '../../../../store/wallet-sessions.ts';
import type { EmployeePortalDeps } from '../../auth/deps.ts';
import { employeeContext } from '../../auth/employee-context.ts';
import { isShareable, SHARE_PURPOSE, shareJourney, sharePaths, updateShareJourney } from '../share.ts';

const zQuery = z.object({ walletSession: z.uuid() });

/** The gateway's PresentationOutcome (src/gateway/oid4vp/presentation-response.ts), as a share needs it. */
const zShareOutcome = zPresentationOutcome(z.array(zPresentedCredential.extend({ type: z.string().refine(isShareable) })).min(1));

export function registerShareHandBack(app: FastifyInstance, deps: EmployeePortalDeps): void {
  app.get('/trusts/:ods/employee/credentials/share/shared', { config: { surface: 'page' } }, async (request, reply) => {
    const ctx = await employeeContext(request, reply);
    if (!ctx) return reply;
    reply.header('cache-control', 'no-store');
    const query = zQuery.safeParse(request.query);
    if (!query.success) return reply.redirect(sharePaths.choose(ctx.organisation), 303);
    const sessionId = query.data.walletSession;
    const scope = scopeOf(ctx.organisation.id);
    const actor = `staff:${ctx.passport.id}`;

    // 1. One transaction.
    const stored = await deps.database.transaction(async (tx) => {
      const sessions = walletSessions(tx, scope);
      const session = await sessions.get(sessionId, deps.clock.now());
      if (session?.purpose !== SHARE_PURPOSE) return false;
      const outcome = zShareOutcome.safeParse(await walletSessionOutcome(tx, deps.clock, request, ctx.organisation.id, sessionId));
      if (!outcome.success || !ctx.passport.dspId || outcome.data.dspId !== ctx.passport.dspId) return false;
      if (!(await sessions.takeOutcome(sessionId))) return false;

      const now = deps.clock.now();
      const items: SharedCredentialInput[] = outcome.data.credentials.map((c) => ({
        type: c.type,
        format: c.format,
        issuer: c.issuer,
        issuerName: c.issuerName,
        serialNumber: c.serialNumber,
        claims: c.claims,
        compact: c.compact,
        issuedAt: new Date(c.issuedAt),
        expiresAt: c.expiresAt === null ? null : new Date(c.expiresAt),
      }));
      const received = await sharedCredentials(tx, scope).receive(ctx.passport.id, sessionId, items, now);
      const types = items.map((i) => i.type).join(',');
      await passportHistory(tx, scope).record([{ passportId: ctx.passport.id, event: 'credentials.shared', actor, at: now, details: { types, count: items.length } }]);
      await appendAudit(
        tx,
        { organisationId: ctx.organisation.id, actor, action: 'credentials.shared', subject: ctx.passport.id, correlationId: String(request.id), details: { passport: ctx.passport.id, share: sessionId, types, count: items.length, received: received.length } },
        deps.clock,
      );
      const titles = items.map((i) => (isCredentialTypeId(i.type) ? titleOf(i.type, i.claims) : i.type));
      await updateShareJourney(tx, ctx, { credentialShare: null, credentialShareDone: { walletSession: sessionId, titles } });
      return true;
    });

    // 2. The confirmation, or step 1 again.
    if (stored || shareJourney(ctx).credentialShareDone?.walletSession === sessionId) return reply.redirect(sharePaths.done(ctx.organisation), 303);
    return reply.redirect(sharePaths.choose(ctx.organisation), 303);
  });
}
