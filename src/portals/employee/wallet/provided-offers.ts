// Putting credentials the trust provided into the person's wallet (S2, S4, S8; D45): one
// OpenID4VCI offer for some of a passport's provided credentials, and, when its wallet session
// comes back completed, accepting each of them with the serial number it was issued under.
//
//   const offer = await offerProvided(tx, deps, { organisation, passport, credentials, binding: 'holder-key', browserBinding, returnTo });
//   … the wallet-session page (walletSessionPath(ods, offer.sessionId)) → returnTo?walletSession=…
//   const done = await acceptIssued(tx, deps, { organisation, passport, actor, credentialIds, outcome });
//
// An offer holds at most one credential per type (OpenID4VCI configuration ids are per type and
// format), so two pending core-skill records are two offers. Binding (D23): `session` for the
// first access key and identity credential (a tx_code texted to the passport's mobile, which the
// caller has just proved by an SMS code), `holder-key` for everything after (the wallet must prove
// the key the person's access key or identity credential is bound to).
import { z } from 'zod';
import type { CredentialTypeId } from '../../../core/credentials/index.ts';
import type { Organisation } from '../../../core/passport/organisation.ts';
import type { ProvidedCredential } from '../../../core/passport/provided-credential.ts';
import type { StaffPassport } from '../../../core/passport/staff-passport.ts';
import { createCredentialOffer } from '../../../gateway/oid4vci/index.ts';
import type { Db } from '../../../store/database.ts';
import { passportHistory, type HistoryInput } from '../../../store/passport-history.ts';
import { providedCredentials } from '../../../store/provided-credentials.ts';
import { scopeOf } from '../../../store/scope.ts';
import type { EmployeePortalDeps } from '../auth/deps.ts';
import { employeePolicy } from '../auth/policy.ts';

export interface OfferProvidedInput {
  organisation: Organisation;
  passport: Pick<StaffPassport, 'id' | 'dspId' | 'mobile'>;
  credentials: readonly ProvidedCredential[];
  binding: 'session' | 'holder-key';
  browserBinding: string;
  /** The page the wallet-session page hands back to (`?walletSession={id}` is added). */
  returnTo: string;
  /** Why, for the wallet-session page (e.g. 'employee-collect-access-key'). */
  purpose: string;
}

/**
 * Creates the offer in the caller's transaction. With `session` binding the tx_code is texted to
 * the passport's mobile here (never returned, never logged). Throws TypeError for a caller
 * mistake: no dspId, two of one type, a credential not pending or not this passport's.
 */
export async function offerProvided(tx: Db, deps: Pick<EmployeePortalDeps, 'clock' | 'publicUrl' | 'notifier'>, input: OfferProvidedInput): Promise<{ sessionId: string }> {
  const { organisation, passport } = input;
  if (!passport.dspId) throw new TypeError('a passport without a DSP unique identifier has nothing to offer');
  for (const c of input.credentials) {
    if (c.passportId !== passport.id || (c.state !== 'pending' && c.state !== 'accepted')) throw new TypeError('only this passport’s pending or accepted (reissue) credentials can be offered');
  }
  const dspId = passport.dspId;
  const offer = await createCredentialOffer(tx, deps, {
    organisation,
    dspId,
    credentials: input.credentials.map((c) => ({ type: c.credentialType, format: 'dc+sd-jwt' as const, subject: { ...c.subject, dspId } })),
    holderBinding: input.binding === 'session' ? { mode: 'session' } : { mode: 'holder-key' },
    ...(input.binding === 'session' ? { txCode: true } : {}),
    walletSession: { purpose: input.purpose, browserBinding: input.browserBinding, returnTo: input.returnTo, ttlSeconds: employeePolicy.walletSessionSeconds },
  });
  if (offer.txCode) {
    if (!passport.mobile) throw new TypeError('session binding needs the passport’s verified mobile');
    await deps.notifier.send(tx, {
      organisationId: organisation.id,
      channel: 'sms',
      to: passport.mobile,
      template: 'sms-verification-code',
      personalisation: { code: offer.txCode, expires_in_minutes: String(employeePolicy.walletSessionSeconds / 60) },
    });
  }
  return { sessionId: offer.sessionId };
}

/** What a completed issuance session's outcome holds (src/gateway/oid4vci/credential-endpoint.ts). */
export const zIssuanceOutcome = z.object({ issued: z.array(z.object({ serialNumber: z.uuid(), type: z.string() })).min(1) });
export type IssuanceOutcome = z.infer<typeof zIssuanceOutcome>;

/**
 * Accepts each of `credentialIds` (this passport's) with the serial number its type was issued
 * under in `outcome`, in the caller's transaction, with history. Idempotent: one already accepted
 * under that serial counts as accepted and is not recorded twice; one in another state (withdrawn
 * meanwhile) is left and reported.
 */
export async function acceptIssued(
  tx: Db,
  deps: Pick<EmployeePortalDeps, 'clock'>,
  input: { organisation: Pick<Organisation, 'id'>; passportId: string; actor: string; credentialIds: readonly string[]; outcome: IssuanceOutcome },
): Promise<{ accepted: ProvidedCredential[]; notAccepted: string[] }> {
  const scope = scopeOf(input.organisation.id);
  const store = providedCredentials(tx, scope);
  const now = deps.clock.now();
  const accepted: ProvidedCredential[] = [];
  const notAccepted: string[] = [];
  const history: HistoryInput[] = [];
  for (const id of input.credentialIds) {
    const credential = await store.findById(id);
    if (!credential || credential.passportId !== input.passportId) {
      notAccepted.push(id);
      continue;
    }
    const issued = input.outcome.issued.find((i) => i.type === (credential.credentialType satisfies CredentialTypeId));
    if (!issued) {
      notAccepted.push(id);
      continue;
    }
    if (credential.state === 'accepted' && credential.serialNumber === issued.serialNumber) {
      accepted.push(credential);
      continue;
    }
    const moved = await store.transition(id, 'accept', { now, serialNumber: issued.serialNumber });
    if (moved.outcome !== 'changed') {
      notAccepted.push(id);
      continue;
    }
    accepted.push(moved.credential);
    history.push({ passportId: input.passportId, event: 'credential.accepted', actor: input.actor, at: now, credentialId: id, details: { type: credential.credentialType, title: credential.title, serialNumber: issued.serialNumber } });
    for (const older of moved.archived) {
      history.push({ passportId: input.passportId, event: 'credential.archived', actor: 'system:auto-archive', at: now, credentialId: older, details: { reason: 'newer version accepted' } });
    }
  }
  if (history.length > 0) await passportHistory(tx, scope).record(history);
  return { accepted, notAccepted };
}
