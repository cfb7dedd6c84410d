// S4 accept: "Accept credential and add it to my wallet".
//   POST /trusts/{ods}/employee/credentials/{id}/accept
//        1. the person and their pending credential (else 404, or back to its page);
//        2. one transaction: a holder-key offer of it (D23 b: only the wallet holding the key of
//           the person's access key or identity credential can receive it) and the wallet step
//           remembered in the session's journey; 3. 303 to the wallet-session page (QR code and
//           same-device button).
//   GET  /trusts/{ods}/employee/credentials/{id}/added?walletSession={id}
//        the hand-back: the session's outcome for this browser only, the step this session
//        started; one transaction accepts the credential under its issued serial number (history
//        in acceptIssued, audit here) — or, when it was withdrawn meanwhile, revokes the copy just
//        issued; 303 to the credential's page with the green notice. A
//        wallet without the key was refused by the gateway (its wrong_wallet page); its "Start
//        again" comes here without a session and goes back to the credential.
import type { FastifyInstance } from 'fastify';
import { beginWalletSession, walletSessionOutcome, walletSessionPath } from '../../../../gateway/wallet-sessions/index.ts';
import { appendAudit } from '../../../../store/audit-log.ts';
import { providedCredentials } from '../../../../store/provided-credentials.ts';
import { reissuedCredentials } from '../../../../store/reissued-credentials.ts';
import { scopeOf } from '../../../../store/scope.ts';
import { statusLedger } from '../../../../store/status-ledger.ts';
import type { EmployeePortalDeps } from '../../auth/deps.ts';
import { acceptIssued, zIssuanceOutcome } from '../../wallet/provided-offers.ts';
import { credentialOfRequest, credentialPath, offerToWallet, walletStepOf, zHandBack } from '../credential-view.ts';

export function registerAcceptCredential(app: FastifyInstance, deps: EmployeePortalDeps): void {
  app.post('/trusts/:ods/employee/credentials/:id/accept', { config: { surface: 'page' } }, async (request, reply) => {
    // 1. Who, and which credential.
    const found = await credentialOfRequest(request, reply);
    if (!found) return reply;
    const { ctx, credential } = found;
    const here = credentialPath(ctx, credential.id);
    if (credential.state !== 'pending') return reply.redirect(here, 303);
    const dspId = ctx.passport.dspId;
    if (!dspId) return reply.redirect(`${here}?done=no-key`, 303);
    const scope = scopeOf(ctx.organisation.id);
    const { browserBinding } = beginWalletSession(request, reply, deps.secureCookies);
    // 2. The offer and the step, together.
    const offer = await deps.database.transaction(async (tx) => {
      const current = await providedCredentials(tx, scope).findById(credential.id);
      if (current?.state !== 'pending') return 'not-pending' as const;
      return offerToWallet(tx, deps, ctx, current, { dspId, browserBinding, handBack: '/added', purpose: 'employee-accept-credential', kind: 'accept' });
    });
    if (offer === 'not-pending') return reply.redirect(here, 303);
    if (offer === 'no-key') return reply.redirect(`${here}?done=no-key`, 303);
    // 3. The QR code.
    return reply.redirect(walletSessionPath(ctx.organisation.odsCode, offer.sessionId), 303);
  });

  app.get('/trusts/:ods/employee/credentials/:id/added', { config: { surface: 'page' } }, async (request, reply) => {
    const found = await credentialOfRequest(request, reply);
    if (!found) return reply;
    const { ctx, credential } = found;
    const here = credentialPath(ctx, credential.id);
    const query = zHandBack.safeParse(request.query);
    if (!query.success) return reply.redirect(here, 303);
    const step = walletStepOf(ctx, query.data.walletSession, 'accept');
    const outcome = zIssuanceOutcome.safeParse(await walletSessionOutcome(deps.database.db, deps.clock, request, ctx.organisation.id, query.data.walletSession));
    if (!step || !step.credentialIds.includes(credential.id) || !outcome.success) return reply.redirect(`${here}?done=not-added`, 303);
    const actor = `staff:${ctx.passport.id}`;
    const done = await deps.database.transaction(async (tx) => {
      // The row locked first, so a reloaded or raced hand-back waits and then finds it accepted.
      const before = await reissuedCredentials(tx, scopeOf(ctx.organisation.id)).lock(credential.id);
      const result = await acceptIssued(tx, deps, { organisation: ctx.organisation, passportId: ctx.passport.id, actor, credentialIds: step.credentialIds, outcome: outcome.data });
      const added = result.accepted.find((c) => c.id === credential.id);
      if (before?.state === 'pending' && added) {
        await appendAudit(
          tx,
          {
            organisationId: ctx.organisation.id,
            actor,
            action: 'credential.accepted',
            subject: credential.id,
            correlationId: String(request.id),
            details: { type: added.credentialType, serialNumber: added.serialNumber },
          },
          deps.clock,
        );
      }
      const issued = outcome.data.issued.find((i) => i.type === credential.credentialType);
      if (!added && issued) {
        // Withdrawn (or accepted under another copy) meanwhile: the copy just issued must not stay valid.
        await statusLedger(tx, scopeOf(ctx.organisation.id)).revoke({ serialNumber: issued.serialNumber, reason: 'Other', actor, correlationId: String(request.id) }, deps.clock);
      }
      return result;
    });
    return reply.redirect(`${here}?done=${done.accepted.some((c) => c.id === credential.id) ? 'added' : 'not-added'}`, 303);
  });
}
