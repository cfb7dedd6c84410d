// GET /demo/training/callback: the redirect URI registered with the gateway, for both modes. The
// session's one pending request says which; it is taken (single-use) before the code is
// exchanged, and openid-client checks `state`, `iss` (RFC 9207), PKCE, the ID token and `nonce`.
//   verifying mode: compare the proved first name, last name and date of birth with the account
//     (identity-match.ts; D2W step 6); a match keeps the DSP unique identifier (on the account
//     and in the session), a mismatch shows why and goes no further
//   issuing mode: keep the serial number the gateway reports for the record (D2W step 7)
// Refusals (`access_denied` when the person declined or the wallet session failed) and errors
// end on a friendly page; the page a person lands on is always a redirect away (no resubmission).
import type { FastifyInstance } from 'fastify';
import { paths } from '../academy.ts';
import { CORE_SKILL } from '../core-skill-credential.ts';
import { GatewayUnavailable } from '../gateway-client.ts';
import { identityMismatches } from '../identity-match.ts';
import { signedIn, type PortalContext } from '../portal.ts';
import { renderProblem } from '../problem/problem.ts';

export function registerCallback(app: FastifyInstance, ctx: PortalContext): void {
  app.get(paths.callback, { config: { surface: 'page' } }, async (request, reply) => {
    const who = await signedIn(ctx, request, reply, 'employee');
    if (!who) return reply;
    const { session, account } = who;
    const pending = session.pending;
    delete session.pending;
    if (!pending) return renderProblem(reply, 'expired', { account });
    const callbackUrl = new URL(request.url, ctx.publicUrl);

    try {
      if (pending.mode === 'verify') {
        const result = await ctx.gateway.finishVerifying(pending, callbackUrl);
        if (!result.ok) {
          request.log.info({ error: result.error }, 'training portal: identity check refused');
          return renderProblem(reply, result.error === 'access_denied' ? 'identity-declined' : 'gateway-refused', { account });
        }
        const { identity } = result;
        const mismatches: (ReturnType<typeof identityMismatches>[number] | 'dspId')[] = identityMismatches(account, {
          ...(identity.given_name !== undefined ? { firstName: identity.given_name } : {}),
          ...(identity.family_name !== undefined ? { lastName: identity.family_name } : {}),
          ...(identity.birthdate !== undefined ? { birthDate: identity.birthdate } : {}),
        });
        // Someone whose identity matched before has one DSP unique identifier; another is not them.
        if (mismatches.length === 0 && account.dspId !== undefined && account.dspId !== identity.sub) mismatches.push('dspId');
        if (mismatches.length > 0) {
          delete session.identity;
          session.identityMismatch = mismatches;
          return reply.redirect(paths.identityNotMatched, 303);
        }
        session.identity = { dspId: identity.sub, checkedAt: ctx.clock.now().toISOString() };
        delete session.identityMismatch;
        await ctx.state.update((state) => {
          const stored = state.accounts.find((a) => a.id === account.id);
          if (stored) stored.dspId = identity.sub;
        });
        return reply.redirect(paths.identityChecked, 303);
      }

      const result = await ctx.gateway.finishIssuing(pending, callbackUrl);
      if (!result.ok) {
        request.log.info({ error: result.error }, 'training portal: download refused');
        return renderProblem(reply, result.error === 'access_denied' ? 'download-declined' : 'gateway-refused', { account });
      }
      const issued = result.issued.issued_credentials.find((c) => c.type === CORE_SKILL);
      if (result.issued.sub !== pending.dspId || !issued) return renderProblem(reply, 'wrong-person', { account });
      await ctx.state.update((state) => {
        state.downloads.push({
          serialNumber: issued.serial_number,
          recordId: pending.recordId,
          accountId: account.id,
          downloadedAt: ctx.clock.now().toISOString(),
          issuer: issued.issuer,
          ...(issued.expires_at !== undefined ? { expiresAt: new Date(issued.expires_at * 1000).toISOString() } : {}),
        });
      });
      // A later re-download asks again to delete this copy first.
      session.oldCopyDeleted = session.oldCopyDeleted.filter((id) => id !== pending.recordId);
      delete session.downloading;
      return reply.redirect(paths.downloaded(pending.recordId), 303);
    } catch (error) {
      if (!(error instanceof GatewayUnavailable)) throw error;
      request.log.warn({ reason: error.reason, err: error.cause }, 'training portal: gateway unavailable');
      return renderProblem(reply, 'gateway-unavailable', { account });
    }
  });
}
