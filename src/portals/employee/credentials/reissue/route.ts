// S8 reissue to wallet: a new copy of a credential in the wallet, the old copy revoked.
//   GET  /trusts/{ods}/employee/credentials/{id}/reissue     the confirmation
//   POST …/reissue   1. the person and their accepted credential (else 404, or back to it);
//        2. one transaction: a holder-key offer of it (D23 b) and the wallet step (with the serial
//        number being replaced) in the session's journey; 3. 303 to the wallet-session page.
//   GET  …/reissued?walletSession={id}   the hand-back: the outcome for this browser only and the
//        step this session started; one transaction on the locked credential: the old serial
//        number revoked in the status ledger (so a presentation of the old copy fails), the
//        credential's serial number replaced, history `credential.reissued`, audit. Immediate,
//        where the prototype says up to 24 hours. If the credential stopped being accepted in
//        the meantime (revoked, expired), the new copy is revoked too and nothing else changes.
//        A reload finds the new serial already recorded and changes nothing.
import type { FastifyInstance } from 'fastify';
import { beginWalletSession, walletSessionOutcome, walletSessionPath } from '../../../../gateway/wallet-sessions/index.ts';
import { appendAudit } from '../../../../store/audit-log.ts';
import { passportHistory } from '../../../../store/passport-history.ts';
import { providedCredentials } from '../../../../store/provided-credentials.ts';
import { reissuedCredentials } from '../../../../store/reissued-credentials.ts';
import { scopeOf } from '../../../../store/scope.ts';
import { statusLedger } from '../../../../store/status-ledger.ts';
import type { EmployeePortalDeps } from '../../auth/deps.ts';
import { employeePage } from '../../auth/employee-context.ts';
import { zIssuanceOutcome } from '../../wallet/provided-offers.ts';
import { credentialOfRequest, credentialPath, offerToWallet, credentialsPath, walletStepOf, zHandBack } from '../credential-view.ts';

export function registerReissueCredential(app: FastifyInstance, deps: EmployeePortalDeps): void {
  app.get('/trusts/:ods/employee/credentials/:id/reissue', { config: { surface: 'page' } }, async (request, reply) => {
    const found = await credentialOfRequest(request, reply);
    if (!found) return reply;
    const { ctx, credential } = found;
    if (credential.state !== 'accepted') return reply.redirect(credentialPath(ctx, credential.id), 303);
    return employeePage(reply, ctx, 'portals/employee/credentials/reissue/page.njk', {
      pageTitle: `Reissue ${credential.title} to your wallet`,
      navCurrent: credentialsPath(ctx),
      backHref: credentialPath(ctx, credential.id),
      title: credential.title,
      action: credentialPath(ctx, credential.id, '/reissue'),
      cancelHref: credentialPath(ctx, credential.id),
    });
  });

  app.post('/trusts/:ods/employee/credentials/:id/reissue', { config: { surface: 'page' } }, async (request, reply) => {
    // 1. Who, and which credential.
    const found = await credentialOfRequest(request, reply);
    if (!found) return reply;
    const { ctx, credential } = found;
    const here = credentialPath(ctx, credential.id);
    const dspId = ctx.passport.dspId;
    if (credential.state !== 'accepted' || !dspId) return reply.redirect(here, 303);
    const scope = scopeOf(ctx.organisation.id);
    const { browserBinding } = beginWalletSession(request, reply, deps.secureCookies);
    // 2. The offer and the step, together.
    const offer = await deps.database.transaction(async (tx) => {
      const current = await providedCredentials(tx, scope).findById(credential.id);
      if (current?.state !== 'accepted' || !current.serialNumber) return 'not-accepted' as const;
      return offerToWallet(tx, deps, ctx, current, { dspId, browserBinding, handBack: '/reissued', purpose: 'employee-reissue-credential', kind: 'reissue', previousSerialNumber: current.serialNumber });
    });
    if (offer === 'not-accepted') return reply.redirect(here, 303);
    if (offer === 'no-key') return reply.redirect(`${here}?done=no-key`, 303);
    // 3. The QR code.
    return reply.redirect(walletSessionPath(ctx.organisation.odsCode, offer.sessionId), 303);
  });

  app.get('/trusts/:ods/employee/credentials/:id/reissued', { config: { surface: 'page' } }, async (request, reply) => {
    const found = await credentialOfRequest(request, reply);
    if (!found) return reply;
    const { ctx, credential } = found;
    const here = credentialPath(ctx, credential.id);
    const query = zHandBack.safeParse(request.query);
    if (!query.success) return reply.redirect(here, 303);
    const step = walletStepOf(ctx, query.data.walletSession, 'reissue');
    const outcome = zIssuanceOutcome.safeParse(await walletSessionOutcome(deps.database.db, deps.clock, request, ctx.organisation.id, query.data.walletSession));
    const issued = outcome.success ? outcome.data.issued.find((i) => i.type === credential.credentialType) : undefined;
    if (!step?.previousSerialNumber || !step.credentialIds.includes(credential.id) || !issued) return reply.redirect(`${here}?done=not-added`, 303);
    const previous = step.previousSerialNumber;
    const scope = scopeOf(ctx.organisation.id);
    const actor = `staff:${ctx.passport.id}`;
    const result = await deps.database.transaction(async (tx) => {
      const row = await reissuedCredentials(tx, scope).lock(credential.id);
      if (!row || row.passportId !== ctx.passport.id) return 'not-reissued' as const;
      if (row.serialNumber === issued.serialNumber) return 'reissued' as const; // reloaded: done before
      const ledger = statusLedger(tx, scope);
      if (row.state !== 'accepted' || row.serialNumber !== previous) {
        // It was revoked, expired or reissued meanwhile: the copy just issued must not stay valid.
        await ledger.revoke({ serialNumber: issued.serialNumber, reason: 'Other', actor, correlationId: String(request.id) }, deps.clock);
        return 'not-reissued' as const;
      }
      await ledger.revoke({ serialNumber: previous, reason: 'Other', actor, correlationId: String(request.id) }, deps.clock);
      await reissuedCredentials(tx, scope).replaceSerial(credential.id, { from: previous, to: issued.serialNumber });
      const now = deps.clock.now();
      await passportHistory(tx, scope).record([
        {
          passportId: ctx.passport.id,
          event: 'credential.reissued',
          actor,
          at: now,
          credentialId: credential.id,
          details: { type: credential.credentialType, title: credential.title, serialNumber: issued.serialNumber, previousSerialNumber: previous },
        },
      ]);
      await appendAudit(
        tx,
        {
          organisationId: ctx.organisation.id,
          actor,
          action: 'credential.reissued',
          subject: credential.id,
          correlationId: String(request.id),
          details: { type: credential.credentialType, serialNumber: issued.serialNumber, previousSerialNumber: previous },
        },
        deps.clock,
      );
      return 'reissued' as const;
    });
    return reply.redirect(`${here}?done=${result}`, 303);
  });
}
