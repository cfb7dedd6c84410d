// Making a credential offer (OpenID4VCI 1.0 §4.1) for one person, by reference: the wallet gets
// `openid-credential-offer://?credential_offer_uri=…` (a QR code or a same-device link) and
// fetches the offer from `/orgs/{ods}/credential-offers/{reference}`. The portals ("download your
// access key") and the OIDC face's issuing mode call this; the protocol endpoints move the
// wallet session it creates (pending → in_progress → completed | failed).
//
// Secrets and what the database keeps (docs/architecture.md D23):
//   reference   32 random bytes in the offer URL. Not stored.
//   pre-authorized code = SHA-256("…pre-authorized_code:" ‖ reference): the offer endpoint
//               derives it from the URL, so only its hash is stored and a database read yields
//               no usable code.
//   tx_code     6 random digits, returned once to the caller (who sends it by SMS); stored as
//               SHA-256 over the offer id and the code. Its small space is guarded by the
//               attempt limit at the token endpoint, not by the hash.
import { randomInt, randomUUID } from 'node:crypto';
import { z } from 'zod';
import { CREDENTIAL_TYPE_IDS, getCredentialType, validateSubject, type CredentialFormat, type CredentialSubject, type CredentialTypeId } from '../../core/credentials/index.ts';
import type { Organisation } from '../../core/passport/organisation.ts';
import type { Db } from '../../store/database.ts';
import { oid4vciIssuance } from '../../store/oid4vci-issuance.ts';
import { scopeOf } from '../../store/scope.ts';
import { walletSessions } from '../../store/wallet-sessions.ts';
import { CREDENTIAL_FORMATS, LIMITS, configurationIdOf, issuerUrls, randomSecret, sha256, type Oid4vciDeps } from './issuer-context.ts';

/**
 * Which wallet may receive the offer's credentials (D23).
 * - `session`: the person's first access key / identity credential. They proved control of the
 *   emailed link and SMS code in the browser session showing the QR code; a tx_code sent to their
 *   verified mobile is required too, so whoever scans the QR code must also have that phone.
 * - `holder-key`: everything afterwards. The key proof must be made with a key one of the
 *   person's earlier AccessKey / Identity credentials was bound to (RFC 7638 thumbprints, given
 *   by the caller or looked up among this organisation's OpenID4VCI issuances for the DSP id).
 */
export type HolderBinding = { mode: 'session' } | { mode: 'holder-key'; thumbprints?: readonly string[] };

export interface CredentialOfferRequest {
  organisation: Organisation;
  dspId: string;
  credentials: readonly { type: CredentialTypeId; format: CredentialFormat; subject: CredentialSubject }[];
  holderBinding: HolderBinding;
  /** Ask for a 6-digit transaction code at the token endpoint (required with `session` binding). */
  txCode?: boolean;
  walletSession: { purpose: string; browserBinding: string; returnTo: string; ttlSeconds: number };
}

export interface CredentialOffer {
  sessionId: string;
  offerUri: string;
  /** Send it to the person through the notifier; never log it. */
  txCode?: string;
}

/** Types whose holder key later offers for the same person must reuse. */
export const BINDING_TYPES: readonly CredentialTypeId[] = ['AccessKey', 'Identity'];

/** What an offer row's `credentials` column holds, one entry per configuration id. */
export interface OfferedCredential {
  configurationId: string;
  type: CredentialTypeId;
  format: CredentialFormat;
  subject: CredentialSubject;
}

export function preAuthorizedCodeOf(reference: string): string {
  return sha256(`dsp-oid4vci-pre-authorized_code:${reference}`);
}

export function txCodeHashOf(offerId: string, txCode: string): string {
  return sha256(`${offerId}:${txCode}`);
}

export function offerUriOf(publicUrl: string, odsCode: string, reference: string): string {
  return `openid-credential-offer://?credential_offer_uri=${encodeURIComponent(issuerUrls(publicUrl, odsCode).offer(reference))}`;
}

export async function createCredentialOffer(tx: Db, deps: Pick<Oid4vciDeps, 'clock' | 'publicUrl'>, request: CredentialOfferRequest): Promise<CredentialOffer> {
  const { organisation } = request;
  const scope = scopeOf(organisation.id);
  const now = deps.clock.now();

  // Step 1: check the request (caller mistakes are TypeErrors, STYLE.md rule 7).
  if (request.credentials.length === 0) throw new TypeError('an offer needs at least one credential');
  const credentials: OfferedCredential[] = request.credentials.map((c) => {
    if (!CREDENTIAL_FORMATS.includes(c.format)) throw new TypeError(`unsupported format ${c.format}`);
    getCredentialType(c.type);
    if (c.subject.dspId !== request.dspId) throw new TypeError('every subject must carry the offer’s DSP unique identifier');
    const errors = validateSubject(c.type, c.subject);
    if (errors.length > 0) throw new TypeError(`subject of ${c.type} does not match its schema (${errors.length} errors)`);
    return { configurationId: configurationIdOf(c.type, c.format), type: c.type, format: c.format, subject: c.subject };
  });
  if (new Set(credentials.map((c) => c.configurationId)).size !== credentials.length) throw new TypeError('one credential per type and format in an offer');
  if (request.holderBinding.mode === 'session' && !request.txCode) throw new TypeError('session binding needs a transaction code (D23)');
  if (request.walletSession.ttlSeconds <= 0 || request.walletSession.ttlSeconds > 3600) throw new TypeError('offer lifetime must be within an hour');

  // Step 2: the holder keys a later offer must match.
  const store = oid4vciIssuance(tx, scope);
  let binding: { mode: 'session' } | { mode: 'holder-key'; thumbprints: string[] };
  if (request.holderBinding.mode === 'holder-key') {
    const thumbprints = request.holderBinding.thumbprints ? [...request.holderBinding.thumbprints] : await store.holderKeysOf(request.dspId, BINDING_TYPES);
    if (thumbprints.length === 0) throw new TypeError('no holder key known for this person: the first offer needs session binding');
    binding = { mode: 'holder-key', thumbprints };
  } else {
    binding = { mode: 'session' };
  }

  // Step 3: the wallet session and the offer, in the caller's transaction.
  const reference = randomSecret();
  const offerUri = offerUriOf(deps.publicUrl, organisation.odsCode, reference);
  const session = await walletSessions(tx, scope).create({ kind: 'issuance', ...request.walletSession, walletUri: offerUri, now });
  const offerId = randomUUID();
  const txCode = request.txCode ? String(randomInt(0, 10 ** LIMITS.txCodeLength)).padStart(LIMITS.txCodeLength, '0') : undefined;
  await store.createOffer({
    id: offerId,
    walletSessionId: session.id,
    dspId: request.dspId,
    credentials,
    holderBinding: binding,
    preAuthorizedCodeHash: sha256(preAuthorizedCodeOf(reference)),
    txCodeHash: txCode ? txCodeHashOf(offerId, txCode) : null,
    createdAt: now,
    expiresAt: session.expiresAt,
  });
  return { sessionId: session.id, offerUri, ...(txCode ? { txCode } : {}) };
}

// What the offer row's JSON columns hold, parsed when read back (STYLE.md rule 10).
const zStoredCredentials = z.array(
  z.object({
    configurationId: z.string(),
    type: z.enum(CREDENTIAL_TYPE_IDS),
    format: z.enum(CREDENTIAL_FORMATS),
    subject: z.record(z.string(), z.unknown()),
  }),
);
const zStoredBinding = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('session') }),
  z.object({ mode: z.literal('holder-key'), thumbprints: z.array(z.string()).min(1) }),
]);

export function parseStoredOffer(row: { credentials: unknown; holderBinding: unknown }): {
  credentials: OfferedCredential[];
  binding: z.infer<typeof zStoredBinding>;
} {
  return { credentials: zStoredCredentials.parse(row.credentials), binding: zStoredBinding.parse(row.holderBinding) };
}
