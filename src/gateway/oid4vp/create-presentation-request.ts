// Starting a presentation: the API the rest of the platform calls (employee sign-in with the
// access key, sharing credentials, the OIDC face's verifying mode). In the caller's transaction
// it creates the wallet session (the QR code page), the presentation transaction with a fresh
// nonce and state (OpenID4VP 1.0 §5.2, §14.1: fresh, high-entropy, per request), the DCQL query
// and, for direct_post.jwt, an ephemeral P-256 ECDH-ES key for this request only (§8.3, HAIP),
// whose private half is sealed by the key-management port and never stored in the clear.
//
// The Request Object itself is signed when the wallet fetches it (./request-object.ts), so it can
// echo the wallet's `wallet_nonce` and carries a fresh iat/exp.
//
// Two links reach the same transaction: `requestUri` for the QR code (cross-device: the response
// endpoint answers `{}` and the page that shows the QR code polls the session) and
// `sameDeviceRequestUri` for the button (same-device: the response endpoint answers with a
// `redirect_uri` carrying a fresh single-use response code bound to the session, §8.2, §14.2
// session fixation). Whichever the wallet fetches first decides; the other then stops working.
import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import type { JWK } from 'jose';
import type { CredentialFormat, CredentialTypeId } from '../../core/credentials/index.ts';
import { organisationDid } from '../../core/did/index.ts';
import { createDcqlQuery, createWalletRequestUri, didClientId, type ResponseMode } from '../../core/oid4vp/index.ts';
import type { Organisation } from '../../core/passport/organisation.ts';
import type { Clock } from '../../platform/clock.ts';
import type { KeyManagement } from '../../platform/key-management.ts';
import type { Db } from '../../store/database.ts';
import { presentationTransactions } from '../../store/presentation-transactions.ts';
import { scopeOf } from '../../store/scope.ts';
import { walletSessions } from '../../store/wallet-sessions.ts';

export interface PresentationRequestDeps {
  keys: KeyManagement<Db>;
  clock: Clock;
  publicUrl: string;
}

export interface PresentationRequestInput {
  organisation: Organisation;
  credentials: readonly { id: string; type: CredentialTypeId; formats?: readonly CredentialFormat[]; claims?: readonly string[] }[];
  /** Text shown to the person about why (kept with the transaction for the pages). */
  purpose: string;
  /** Default `direct_post.jwt`: the response is encrypted to this request's own key. */
  responseMode?: ResponseMode;
  walletSession: { purpose: string; browserBinding: string; returnTo: string; ttlSeconds: number };
  /**
   * Only credentials about this person (their DSP unique identifier) may answer: a share started
   * by a signed-in person (DOMAIN.md S6). A QR code relayed to someone else's wallet then gets
   * nothing: their credentials name another person, and the session fails `wrong_wallet`.
   */
  expectedDspId?: string;
}

export interface PresentationRequest {
  sessionId: string;
  /** The QR code's link (cross-device). Also stored as the wallet session's walletUri. */
  requestUri: string;
  /** The same-device button's link: the wallet is sent back to the browser with a response code. */
  sameDeviceRequestUri: string;
}

/** The sealing context of a request's response-decryption key: moved to another row, it no longer opens. */
export function responseKeySealContext(organisationId: string, transactionId: string): string {
  return `oid4vp-response-key:${organisationId}:${transactionId}`;
}

export function presentationRequestUrl(publicUrl: string, odsCode: string, transactionId: string): string {
  return `${publicUrl}/orgs/${odsCode}/presentation-requests/${transactionId}`;
}

export function presentationResponseUrl(publicUrl: string, odsCode: string): string {
  return `${publicUrl}/orgs/${odsCode}/presentation-responses`;
}

const MAX_TTL_SECONDS = 3600;

export async function createPresentationRequest(tx: Db, deps: PresentationRequestDeps, input: PresentationRequestInput): Promise<PresentationRequest> {
  const { organisation } = input;
  const now = deps.clock.now();
  const ttl = input.walletSession.ttlSeconds;
  if (!Number.isInteger(ttl) || ttl <= 0 || ttl > MAX_TTL_SECONDS) throw new TypeError(`ttlSeconds must be 1..${MAX_TTL_SECONDS}`);
  const responseMode = input.responseMode ?? 'direct_post.jwt';
  const { query, bindings } = createDcqlQuery(input.credentials);
  const scope = scopeOf(organisation.id);

  // Step: per-request secrets (§5.2 nonce; RFC 6749 §10.12 state): 256 bits each.
  const transactionId = randomUUID();
  const nonce = randomBytes(32).toString('base64url');
  const state = randomBytes(32).toString('base64url');
  const clientId = didClientId(organisationDid(deps.publicUrl, organisation.odsCode));
  const requestUrl = presentationRequestUrl(deps.publicUrl, organisation.odsCode, transactionId);
  const requestUri = createWalletRequestUri(clientId, requestUrl);
  const sameDeviceRequestUri = createWalletRequestUri(clientId, `${requestUrl}?flow=same-device`);

  // Step: the wallet session the page shows.
  const session = await walletSessions(tx, scope).create({ kind: 'presentation', now, ...input.walletSession, walletUri: requestUri });

  // Step: the ephemeral response-encryption key (§8.3), private half sealed.
  let encryption: { encryptionKid: string; encryptionPublicJwk: JWK; encryptionPrivateSealed: string } | undefined;
  if (responseMode === 'direct_post.jwt') {
    const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const kid = randomBytes(16).toString('base64url');
    const privateJwk = privateKey.export({ format: 'jwk' });
    encryption = {
      encryptionKid: kid,
      encryptionPublicJwk: { ...(publicKey.export({ format: 'jwk' }) as JWK), kid },
      encryptionPrivateSealed: await deps.keys.seal(JSON.stringify(privateJwk), responseKeySealContext(organisation.id, transactionId)),
    };
  }

  await presentationTransactions(tx, scope).create({
    id: transactionId,
    walletSessionId: session.id,
    nonce,
    state,
    responseMode,
    dcqlQuery: query,
    queryBindings: bindings,
    purpose: input.purpose,
    expectedDspId: input.expectedDspId ?? null,
    expiresAt: session.expiresAt,
    ...(encryption ?? {}),
  });
  return { sessionId: session.id, requestUri, sameDeviceRequestUri };
}
