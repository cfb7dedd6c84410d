// What a credential verification reports, and the JOSE steps both formats share.
//
// A verification answers with one result per *named* check rather than a boolean, so a caller
// (and a person reading the gateway's error page) learns which rule failed, and tests can assert
// that a changed payload fails `signature` while an expired credential fails `validity`. Checks
// run in order; once the signature has verified, the later checks all run, so one answer lists
// every problem of an authentic credential. Before that, a failure stops the pipeline and the
// checks after it are `skipped` because their prerequisite failed: nothing unauthenticated is
// evaluated.
//
// Not checked here, by design (a later layer does them, with I/O): the credential's status
// (the result carries the status reference to look up), whether the issuer is an organisation
// allowed to issue the type (the result carries the issuer DID and type), and whether all
// credentials of one presentation carry the same DSP unique identifier (the subject carries it).
import { decodeProtectedHeader, type JWK } from 'jose';
import type { CredentialSubject, CredentialTypeId } from '../catalogue.ts';
import type { SchemaError } from '../validate-subject.ts';
import { verifyCompactJws } from './jws.ts';
import { isSigningAlgorithm, type SigningAlgorithm } from './signer.ts';

export type CredentialFormat = 'jwt_vc_json' | 'dc+sd-jwt';

export const CHECK_NAMES = [
  /** The token parses, and its `typ` is the format's. */
  'format',
  /** `alg` is on the allow-list (ES256, EdDSA); `none` and HMAC are refused by name. */
  'algorithm',
  /** `iss` and `kid` name the issuer's key, and the resolver knows it. */
  'issuerKey',
  /** The issuer's signature verifies. */
  'signature',
  /** SD-JWT only: every Disclosure is referenced exactly once (RFC 9901 §7.1). */
  'disclosures',
  /** The registered claims DSP relies on are present and well-formed (serial number, issuer, vc/vct). */
  'claims',
  /** The credential names a type (and version) in the catalogue. */
  'credentialType',
  /** Not expired, not before its start, not issued in the future (with clock-skew tolerance). */
  'validity',
  /** The subject validates against the type's JSON Schema. */
  'schema',
  /** The credential is bound to a holder key (`cnf.jwk`), consistent with `sub` where we can tell. */
  'holderBinding',
  /** SD-JWT presentations: the KB-JWT proves possession for this audience and nonce (RFC 9901 §7.3). */
  'keyBinding',
] as const;
export type CheckName = (typeof CHECK_NAMES)[number];

/** Why a check failed: a closed set, so callers branch on codes, never on messages. */
export type FailureReason =
  | 'malformed'
  | 'wrong_typ'
  | 'alg_missing'
  | 'alg_none'
  | 'alg_symmetric'
  | 'alg_not_allowed'
  | 'issuer_missing'
  | 'kid_missing'
  | 'kid_not_of_issuer'
  | 'key_not_found'
  | 'key_unusable'
  | 'signature_invalid'
  | 'sd_alg_unsupported'
  | 'disclosure_malformed'
  | 'disclosure_duplicated'
  | 'digest_duplicated'
  | 'disclosure_claim_clash'
  | 'disclosure_unreferenced'
  | 'claim_missing'
  | 'claim_invalid'
  | 'unknown_type'
  | 'unsupported_version'
  | 'iat_missing'
  | 'issued_in_future'
  | 'not_yet_valid'
  | 'expired'
  | 'schema_violation'
  | 'cnf_missing'
  | 'cnf_invalid'
  | 'subject_key_mismatch'
  | 'kb_missing'
  | 'kb_malformed'
  | 'kb_alg_not_allowed'
  | 'kb_signature_invalid'
  | 'kb_audience_mismatch'
  | 'kb_nonce_mismatch'
  | 'kb_sd_hash_mismatch'
  | 'kb_stale'
  | 'kb_in_future';

export type CheckResult =
  | { readonly status: 'passed' }
  | { readonly status: 'failed'; readonly reason: FailureReason; readonly detail?: string; readonly errors?: readonly SchemaError[] }
  | { readonly status: 'skipped'; readonly reason: 'not_applicable' | 'not_requested' | 'prerequisite_failed' };

/** Where the issuer keeps this credential's status (a later layer looks it up). */
export interface StatusReference {
  /** jwt_vc_json: the BitstringStatusListCredential URL; dc+sd-jwt: the Status List Token URI. */
  uri: string;
  index: number;
  /** jwt_vc_json only (BitstringStatusListEntry.statusPurpose). */
  purpose?: 'revocation' | 'suspension';
}

/** What a verified credential says, in our own names. */
export interface VerifiedCredential {
  format: CredentialFormat;
  type: CredentialTypeId;
  /** Subject schema version (from `vct` for dc+sd-jwt; the catalogue's current one for jwt_vc_json). */
  typeVersion: number;
  /** Issuer DID. */
  issuer: string;
  /** The DID URL of the key that signed it. */
  keyId: string;
  /** The serial number (a UUID) without its `urn:uuid:` prefix. */
  serialNumber: string;
  /** The credentialSubject (jwt_vc_json) or the disclosed subject claims (dc+sd-jwt). */
  subject: CredentialSubject;
  /** Names of the subject claims disclosed (dc+sd-jwt; every claim for jwt_vc_json). */
  disclosedClaims: readonly string[];
  holder: { id?: string; jwk: JWK };
  issuedAt: Date;
  validFrom: Date;
  expiresAt?: Date;
  status?: StatusReference;
  /** jwt_vc_json with a second BitstringStatusListEntry whose purpose is suspension. */
  suspensionStatus?: StatusReference;
}

export interface CredentialVerification {
  /** True when no check failed (skipped-as-not-requested checks do not count against it). */
  ok: boolean;
  format: CredentialFormat;
  checks: Readonly<Record<CheckName, CheckResult>>;
  /** Present once the signature verified and the claims could be read, even if another check failed. */
  credential?: VerifiedCredential;
  /** The KB-JWT's claims, when key binding was checked and passed. */
  keyBinding?: { audience: string; nonce: string; issuedAt: Date };
}

/** Looks up an issuer's public key (DID resolution happens outside the core). */
export type ResolveIssuerKey = (input: { issuer: string; kid: string; alg: SigningAlgorithm }) => Promise<JWK | undefined>;

export interface VerifyCommonOptions {
  now: Date;
  resolveIssuerKey: ResolveIssuerKey;
  /** Tolerance for clocks that disagree, applied to iat, nbf and exp (default 60 s). */
  clockSkewSeconds?: number;
}

export const DEFAULT_CLOCK_SKEW_SECONDS = 60;

/** Collects check results in pipeline order; unset checks end as skipped. */
export class CheckRecorder {
  private readonly results = new Map<CheckName, CheckResult>();

  pass(name: CheckName): void {
    this.results.set(name, { status: 'passed' });
  }

  fail(name: CheckName, reason: FailureReason, detail?: string, errors?: readonly SchemaError[]): void {
    this.results.set(name, { status: 'failed', reason, ...(detail === undefined ? {} : { detail }), ...(errors ? { errors } : {}) });
  }

  skip(name: CheckName, reason: 'not_applicable' | 'not_requested' | 'prerequisite_failed'): void {
    this.results.set(name, { status: 'skipped', reason });
  }

  record(name: CheckName, failure: Failure | undefined): boolean {
    if (failure) this.fail(name, failure.reason, failure.detail, failure.errors);
    else this.pass(name);
    return failure === undefined;
  }

  get(name: CheckName): CheckResult | undefined {
    return this.results.get(name);
  }

  passed(name: CheckName): boolean {
    return this.results.get(name)?.status === 'passed';
  }

  finish(): { ok: boolean; checks: Record<CheckName, CheckResult> } {
    const checks = {} as Record<CheckName, CheckResult>;
    for (const name of CHECK_NAMES) checks[name] = this.results.get(name) ?? { status: 'skipped', reason: 'prerequisite_failed' };
    const ok = CHECK_NAMES.every((n) => checks[n].status !== 'failed') && checks.signature.status === 'passed';
    return { ok, checks };
  }
}

export interface Failure {
  reason: FailureReason;
  detail?: string;
  errors?: readonly SchemaError[];
}

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** RFC 7518 §3.1: `none` and the HMAC family are refused by name; anything else not allowed is refused too. */
export function checkAlgorithm(alg: unknown): Failure | undefined {
  if (alg === undefined) return { reason: 'alg_missing' };
  if (typeof alg === 'string' && alg.toLowerCase() === 'none') return { reason: 'alg_none', detail: 'unsecured JWS' };
  if (typeof alg === 'string' && /^HS(256|384|512)$/.test(alg)) return { reason: 'alg_symmetric', detail: alg };
  if (!isSigningAlgorithm(alg)) return { reason: 'alg_not_allowed', detail: String(alg) };
  return undefined;
}

/**
 * Finds the issuer's key: `kid` must be a DID URL of the `iss` DID (so a credential cannot
 * borrow another organisation's key), and the resolver must know it.
 */
export async function resolveIssuerKey(
  header: JsonObject,
  payload: JsonObject,
  resolve: ResolveIssuerKey,
): Promise<{ jwk: JWK; issuer: string; kid: string } | { failure: Failure }> {
  const issuer = payload.iss;
  const alg = header.alg;
  if (typeof issuer !== 'string' || issuer === '') return { failure: { reason: 'issuer_missing' } };
  if (typeof header.kid !== 'string' || header.kid === '') return { failure: { reason: 'kid_missing' } };
  // A relative DID URL (`#key-1`, as Credo's issuer writes) names a key of the `iss` DID: SD-JWT VC
  // (draft-ietf-oauth-sd-jwt-vc §3.5) says the kid "MUST be a relative or absolute DID URL of the
  // DID contained in the iss claim"; DID Core §3.2.2 resolves it against that DID.
  const kid = header.kid.startsWith('#') && issuer.startsWith('did:') ? `${issuer}${header.kid}` : header.kid;
  if (!kid.startsWith(`${issuer}#`)) return { failure: { reason: 'kid_not_of_issuer', detail: 'kid is not a DID URL of iss' } };
  if (!isSigningAlgorithm(alg)) return { failure: { reason: 'key_unusable' } };
  const jwk = await resolve({ issuer, kid, alg });
  if (!jwk) return { failure: { reason: 'key_not_found', detail: kid } };
  if (typeof jwk.d === 'string' || !keyFitsAlgorithm(jwk, alg)) return { failure: { reason: 'key_unusable', detail: kid } };
  return { jwk, issuer, kid };
}

/** Whether a public JWK is of the kind `alg` signs with. */
export function keyFitsAlgorithm(jwk: JWK, alg: SigningAlgorithm): boolean {
  if (alg === 'ES256') return jwk.kty === 'EC' && jwk.crv === 'P-256' && typeof jwk.x === 'string' && typeof jwk.y === 'string';
  return jwk.kty === 'OKP' && jwk.crv === 'Ed25519' && typeof jwk.x === 'string';
}

/**
 * Whether a compact JWS is signed by an issuer's `jwk` with `alg` (already allow-listed): jose's
 * rules, node:crypto's speed (./jws.ts). For callers that have not decoded the header yet.
 */
export async function verifyJwsSignature(compact: string, jwk: JWK, alg: SigningAlgorithm): Promise<boolean> {
  let header: JsonObject;
  try {
    header = decodeProtectedHeader(compact) as JsonObject;
  } catch {
    return false;
  }
  return verifyCompactJws(compact, header, jwk, alg, { cacheKey: true });
}

/** Seconds since the epoch (JWT NumericDate, RFC 7519 §2). */
export function numericDate(date: Date): number {
  return Math.floor(date.getTime() / 1000);
}

export function isNumericDate(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

/** RFC 7519 §4.1.4–4.1.6 against the injected clock, with skew. */
export function checkValidity(payload: JsonObject, now: Date, skewSeconds: number): Failure | undefined {
  const t = numericDate(now);
  const { iat, nbf, exp } = payload;
  if (!isNumericDate(iat)) return { reason: 'iat_missing' };
  if (nbf !== undefined && !isNumericDate(nbf)) return { reason: 'claim_invalid', detail: 'nbf' };
  if (exp !== undefined && !isNumericDate(exp)) return { reason: 'claim_invalid', detail: 'exp' };
  if (exp !== undefined && t >= exp + skewSeconds) return { reason: 'expired', detail: new Date(exp * 1000).toISOString() };
  if (nbf !== undefined && t < nbf - skewSeconds) return { reason: 'not_yet_valid', detail: new Date(nbf * 1000).toISOString() };
  if (t < iat - skewSeconds) return { reason: 'issued_in_future', detail: new Date(iat * 1000).toISOString() };
  return undefined;
}

const PUBLIC_MEMBERS: Record<string, readonly string[]> = { EC: ['kty', 'crv', 'x', 'y'], OKP: ['kty', 'crv', 'x'] };

/** The holder key from `cnf.jwk` (RFC 7800 §3.2): a public ES256 or EdDSA key, or why not. */
export function readHolderKey(payload: JsonObject): { jwk: JWK } | { failure: Failure } {
  const cnf = payload.cnf;
  if (!isObject(cnf) || !isObject(cnf.jwk)) return { failure: { reason: 'cnf_missing' } };
  const jwk = cnf.jwk as JWK;
  if (typeof jwk.d === 'string') return { failure: { reason: 'cnf_invalid', detail: 'private key material in cnf' } };
  if (!keyFitsAlgorithm(jwk, 'ES256') && !keyFitsAlgorithm(jwk, 'EdDSA')) {
    return { failure: { reason: 'cnf_invalid', detail: 'not a P-256 or Ed25519 public key' } };
  }
  return { jwk };
}

/** The public members of a holder key, without `kid`, `alg` or private parts. */
export function publicHolderJwk(jwk: JWK): JWK {
  const members = PUBLIC_MEMBERS[jwk.kty ?? ''];
  if (!members) throw new TypeError('holder key must be an EC or OKP public key');
  const out: Record<string, unknown> = {};
  for (const m of members) out[m] = (jwk as Record<string, unknown>)[m];
  return out as JWK;
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID_RE.test(value);
}

/**
 * The serial number rides in `jti` as `urn:uuid:<serial>` (RFC 4122 §3 URN) in both formats:
 * VCDM 1.1 §6.3.1 maps the credential's `id` to `jti`, and in an SD-JWT VC `jti` is an
 * always-visible registered claim, so every verifier sees the serial it needs for status and
 * audit without the holder having to disclose it.
 */
export function serialNumberFromJti(jti: unknown): string | undefined {
  if (typeof jti !== 'string' || !jti.startsWith('urn:uuid:')) return undefined;
  const serial = jti.slice('urn:uuid:'.length).toLowerCase();
  return isUuid(serial) ? serial : undefined;
}

export function jtiOf(serialNumber: string): string {
  return `urn:uuid:${serialNumber}`;
}
