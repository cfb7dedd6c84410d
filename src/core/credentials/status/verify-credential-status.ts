// What a verifier does with a fetched status list document: check that the credential's issuer
// signed it, that it is the list the credential points at and is current, then read the
// credential's entry. Every problem is a typed failure, so the caller fails closed (docs/
// architecture.md §4: accept a credential only if its status list says it is valid).
//
// Pipeline (named steps, in order; the first failure ends it):
//   parse      compact JWS, header and claims are JSON objects
//   listType   typ is the one of the expected list kind (vc+jwt / statuslist+jwt)
//   algorithm  asymmetric and allowed (ES256, EdDSA); none and HMAC refused (TSL: "MUST reject
//              the JWT if it is using a Message Authentication Code (MAC) algorithm")
//   issuer     the list's issuer is the credential's issuer (TSL: iss "MUST be equal to that of
//              the iss claim contained within the Referenced Token"; Bitstring §2.2 allows a
//              different issuer, DSP does not: each organisation answers for its own credentials)
//   issuerKey  kid is a DID URL of that issuer, and the resolver knows it
//   signature  verifies (Bitstring §3.2 step 4: STATUS_VERIFICATION_ERROR otherwise)
//   subject    bitstring: `id` is the statusListCredential URL and statusPurpose matches (§3.2
//              step 5); token: `sub` equals status_list.uri ("Status List Token in JWT Format")
//   validity   not expired, not before its start (validFrom/validUntil, exp/nbf), with skew
//   decode     the list decompresses, within a size cap
//   length     bitstring: at least 131,072 entries (§3.2 step 9, STATUS_LIST_LENGTH_ERROR)
//   index      inside the list (§3.2 step 10, RANGE_ERROR; TSL: out of bounds MUST be rejected)
//   value      bitstring 0/1 by purpose; token 0 VALID, 1 INVALID, 2 SUSPENDED, anything else
//              is a status we do not understand, so not valid
import { compactVerify, importJWK, type JWK } from 'jose';
import {
  DEFAULT_CLOCK_SKEW_SECONDS,
  checkAlgorithm,
  checkValidity,
  isObject,
  numericDate,
  resolveIssuerKey,
  type JsonObject,
  type ResolveIssuerKey,
} from '../formats/verification.ts';
import type { SigningAlgorithm } from '../formats/signer.ts';
import { BITSTRING_STATUS_LIST_TYP, STATUS_LIST_TOKEN_TYP, VCDM_2_0_CONTEXT } from './create-status-list-documents.ts';
import {
  MAX_STATUS_LIST_BYTES,
  StatusListEncodingError,
  bitstringBitAt,
  decodeBitstring,
  decompressTokenStatusList,
  isTokenStatusBits,
  tokenStatusAt,
} from './status-list-encoding.ts';
import { MIN_STATUS_LIST_SIZE, TOKEN_STATUS, type BitstringPurpose, type CredentialStatusState, type StatusListKind } from './status-rules.ts';

export const STATUS_CHECK_FAILURES = [
  'malformed',
  'wrong_list_type',
  'wrong_typ',
  'alg_not_allowed',
  'issuer_mismatch',
  'key_not_found',
  'key_unusable',
  'signature_invalid',
  'subject_mismatch',
  'purpose_mismatch',
  'claim_invalid',
  'expired',
  'not_yet_valid',
  'list_malformed',
  'list_too_short',
  'index_out_of_range',
  'status_unrecognised',
] as const;
export type StatusCheckFailure = (typeof STATUS_CHECK_FAILURES)[number];

export interface StatusListInfo {
  issuer: string;
  issuedAt?: Date;
  expiresAt?: Date;
  /** How long the document may be cached, in seconds (from `ttl`; Bitstring gives milliseconds). */
  ttlSeconds?: number;
}

export type CredentialStatusResult =
  | { readonly ok: true; readonly status: CredentialStatusState; readonly list: StatusListInfo }
  | { readonly ok: false; readonly failure: StatusCheckFailure; readonly detail?: string };

export interface VerifyCredentialStatusInput {
  /** The fetched list document (the response body). */
  document: string | Uint8Array;
  /** The list kind the credential's format uses: `bitstring` for jwt_vc_json, `token` for dc+sd-jwt. */
  kind: StatusListKind;
  /** The credential's status reference (BitstringStatusListEntry or status.status_list). */
  reference: { uri: string; index: number; purpose?: BitstringPurpose | undefined };
  /** The credential's issuer DID: the list must be signed by the same issuer. */
  issuer: string;
  resolveIssuerKey: ResolveIssuerKey;
  now: Date;
  clockSkewSeconds?: number;
  /** Bitstring lists shorter than this are refused (default 131,072; §3.2 step 2 lets an ecosystem lower it). */
  minimumEntries?: number;
  /** Lists that inflate beyond this many bytes are refused (default 16 MiB). */
  maxBytes?: number;
}

type Step<T> = T | { failure: StatusCheckFailure; detail?: string };

function fail(failure: StatusCheckFailure, detail?: string): { ok: false; failure: StatusCheckFailure; detail?: string } {
  return detail === undefined ? { ok: false, failure } : { ok: false, failure, detail };
}

function failed<T extends object>(step: Step<T>): step is { failure: StatusCheckFailure; detail?: string } {
  return 'failure' in step;
}

const EXPECTED_TYP: Record<StatusListKind, string> = { bitstring: BITSTRING_STATUS_LIST_TYP, token: STATUS_LIST_TOKEN_TYP };

export async function verifyCredentialStatus(input: VerifyCredentialStatusInput): Promise<CredentialStatusResult> {
  const skew = input.clockSkewSeconds ?? DEFAULT_CLOCK_SKEW_SECONDS;

  const parsed = parse(input.document);
  if (failed(parsed)) return fail(parsed.failure, parsed.detail);
  const { compact, header, payload } = parsed;

  const typ = checkListType(header, input.kind);
  if (typ) return fail(typ.failure, typ.detail);

  const algFailure = checkAlgorithm(header.alg);
  if (algFailure) return fail('alg_not_allowed', algFailure.detail ?? String(header.alg));
  const alg = header.alg as SigningAlgorithm;

  const issuer = listIssuer(payload, input.kind);
  if (failed(issuer)) return fail(issuer.failure, issuer.detail);
  if (issuer.value !== input.issuer) return fail('issuer_mismatch', 'the list is not signed by the credential issuer');

  const key = await resolveIssuerKey(header, { iss: issuer.value }, input.resolveIssuerKey);
  if ('failure' in key) return fail(key.failure.reason === 'key_not_found' ? 'key_not_found' : 'key_unusable', key.failure.reason);

  if (!(await signatureVerifies(compact, key.jwk, alg))) return fail('signature_invalid');

  const read = input.kind === 'bitstring' ? readBitstringList(payload, input, skew) : readTokenList(payload, input, skew);
  if (failed(read)) return fail(read.failure, read.detail);
  return { ok: true, status: read.status, list: { issuer: issuer.value, ...read.info } };
}

// -- steps ---------------------------------------------------------------------------------

/** jose's compact JWS verification, restricted to the algorithm already allow-listed. */
async function signatureVerifies(compact: string, jwk: JWK, alg: SigningAlgorithm): Promise<boolean> {
  try {
    await compactVerify(compact, await importJWK(jwk, alg), { algorithms: [alg] });
    return true;
  } catch {
    return false;
  }
}

function decodeJsonPart(part: string): JsonObject | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return isObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

function parse(document: string | Uint8Array): Step<{ compact: string; header: JsonObject; payload: JsonObject }> {
  let compact: string;
  try {
    compact = (typeof document === 'string' ? document : new TextDecoder('utf-8', { fatal: true }).decode(document)).trim();
  } catch {
    return { failure: 'malformed', detail: 'not UTF-8' };
  }
  const parts = compact.split('.');
  if (parts.length !== 3 || !parts.every((p) => /^[A-Za-z0-9_-]+$/.test(p))) return { failure: 'malformed', detail: 'not a compact JWS' };
  const header = decodeJsonPart(parts[0]!);
  const payload = decodeJsonPart(parts[1]!);
  if (!header || !payload) return { failure: 'malformed', detail: 'header or claims are not JSON objects' };
  return { compact, header, payload };
}

function checkListType(header: JsonObject, kind: StatusListKind): { failure: StatusCheckFailure; detail?: string } | undefined {
  if (header.typ === EXPECTED_TYP[kind]) return undefined;
  const other: StatusListKind = kind === 'bitstring' ? 'token' : 'bitstring';
  if (header.typ === EXPECTED_TYP[other]) return { failure: 'wrong_list_type', detail: `expected a ${kind} list, got a ${other} list` };
  return { failure: 'wrong_typ', detail: String(header.typ) };
}

function listIssuer(payload: JsonObject, kind: StatusListKind): Step<{ value: string }> {
  if (kind === 'token') {
    return typeof payload.iss === 'string' && payload.iss !== '' ? { value: payload.iss } : { failure: 'claim_invalid', detail: 'iss' };
  }
  // VCDM 2.0 §4.7: issuer is a URL or an object with an id.
  const issuer = typeof payload.issuer === 'string' ? payload.issuer : isObject(payload.issuer) && typeof payload.issuer.id === 'string' ? payload.issuer.id : undefined;
  if (!issuer) return { failure: 'claim_invalid', detail: 'issuer' };
  if (payload.iss !== undefined && payload.iss !== issuer) return { failure: 'claim_invalid', detail: 'iss disagrees with issuer' };
  return { value: issuer };
}

function dateOf(value: unknown): Date | undefined | null {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(value)) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

function listBytes(decode: () => Uint8Array): Step<{ bytes: Uint8Array }> {
  try {
    return { bytes: decode() };
  } catch (error) {
    if (error instanceof StatusListEncodingError) return { failure: 'list_malformed', detail: error.code };
    throw error;
  }
}

interface ListRead {
  status: CredentialStatusState;
  info: Omit<StatusListInfo, 'issuer'>;
}

function readBitstringList(payload: JsonObject, input: VerifyCredentialStatusInput, skew: number): Step<ListRead> {
  const context = payload['@context'];
  const types = payload.type;
  if (!Array.isArray(context) || context[0] !== VCDM_2_0_CONTEXT) return { failure: 'claim_invalid', detail: '@context' };
  if (!Array.isArray(types) || !types.includes('VerifiableCredential') || !types.includes('BitstringStatusListCredential')) {
    return { failure: 'wrong_list_type', detail: 'not a BitstringStatusListCredential' };
  }
  if (payload.id !== input.reference.uri) return { failure: 'subject_mismatch', detail: 'id is not the statusListCredential URL' };
  const subject = payload.credentialSubject;
  if (!isObject(subject) || subject.type !== 'BitstringStatusList') return { failure: 'claim_invalid', detail: 'credentialSubject' };
  const purposes = Array.isArray(subject.statusPurpose) ? subject.statusPurpose : [subject.statusPurpose];
  if (!input.reference.purpose || !purposes.includes(input.reference.purpose)) return { failure: 'purpose_mismatch', detail: String(subject.statusPurpose) };

  // Validity: the VCDM properties, and the JWT claims when present.
  const validFrom = dateOf(payload.validFrom);
  const validUntil = dateOf(payload.validUntil);
  if (validFrom === null) return { failure: 'claim_invalid', detail: 'validFrom' };
  if (validUntil === null) return { failure: 'claim_invalid', detail: 'validUntil' };
  const t = numericDate(input.now);
  if (validUntil && t >= numericDate(validUntil) + skew) return { failure: 'expired', detail: validUntil.toISOString() };
  if (validFrom && t < numericDate(validFrom) - skew) return { failure: 'not_yet_valid', detail: validFrom.toISOString() };
  const jwtTimes = checkJwtTimes(payload, input.now, skew);
  if (jwtTimes) return jwtTimes;
  const ttl = subject.ttl;
  if (ttl !== undefined && !(typeof ttl === 'number' && Number.isFinite(ttl) && ttl > 0)) return { failure: 'claim_invalid', detail: 'ttl' };

  const decoded = listBytes(() => decodeBitstring(subject.encodedList as string, input.maxBytes ?? MAX_STATUS_LIST_BYTES));
  if (failed(decoded)) return decoded;
  const entries = decoded.bytes.length * 8;
  if (entries < (input.minimumEntries ?? MIN_STATUS_LIST_SIZE)) return { failure: 'list_too_short', detail: `${entries} entries` };
  const bit = bitstringBitAt(decoded.bytes, input.reference.index);
  if (bit === undefined) return { failure: 'index_out_of_range', detail: `${input.reference.index} of ${entries}` };

  const status: CredentialStatusState = bit === 0 ? 'valid' : input.reference.purpose === 'revocation' ? 'revoked' : 'suspended';
  const expiresAt = validUntil ?? (typeof payload.exp === 'number' ? new Date(payload.exp * 1000) : undefined);
  const issuedAt = validFrom ?? (typeof payload.iat === 'number' ? new Date(payload.iat * 1000) : undefined);
  return {
    status,
    info: {
      ...(issuedAt ? { issuedAt } : {}),
      ...(expiresAt ? { expiresAt } : {}),
      ...(typeof ttl === 'number' ? { ttlSeconds: Math.floor(ttl / 1000) } : {}),
    },
  };
}

/** exp and nbf of a JWT-secured credential, when present (RFC 7519 §4.1.4–4.1.5). */
function checkJwtTimes(payload: JsonObject, now: Date, skew: number): { failure: StatusCheckFailure; detail?: string } | undefined {
  const t = numericDate(now);
  for (const claim of ['exp', 'nbf', 'iat'] as const) {
    const value = payload[claim];
    if (value !== undefined && !(typeof value === 'number' && Number.isFinite(value) && value >= 0)) return { failure: 'claim_invalid', detail: claim };
  }
  if (typeof payload.exp === 'number' && t >= payload.exp + skew) return { failure: 'expired', detail: new Date(payload.exp * 1000).toISOString() };
  if (typeof payload.nbf === 'number' && t < payload.nbf - skew) return { failure: 'not_yet_valid', detail: new Date(payload.nbf * 1000).toISOString() };
  return undefined;
}

function readTokenList(payload: JsonObject, input: VerifyCredentialStatusInput, skew: number): Step<ListRead> {
  if (payload.sub !== input.reference.uri) return { failure: 'subject_mismatch', detail: 'sub is not the status_list uri' };
  const validity = checkValidity(payload, input.now, skew);
  if (validity) {
    const failure: StatusCheckFailure = validity.reason === 'expired' ? 'expired' : validity.reason === 'not_yet_valid' || validity.reason === 'issued_in_future' ? 'not_yet_valid' : 'claim_invalid';
    return { failure, detail: validity.detail ?? validity.reason };
  }
  const ttl = payload.ttl;
  if (ttl !== undefined && !(typeof ttl === 'number' && Number.isFinite(ttl) && ttl > 0)) return { failure: 'claim_invalid', detail: 'ttl' };
  const list = payload.status_list;
  if (!isObject(list) || !isTokenStatusBits(list.bits) || typeof list.lst !== 'string') return { failure: 'claim_invalid', detail: 'status_list' };
  const bits = list.bits;

  const decoded = listBytes(() => decompressTokenStatusList(list.lst as string, input.maxBytes ?? MAX_STATUS_LIST_BYTES));
  if (failed(decoded)) return decoded;
  const value = tokenStatusAt(decoded.bytes, bits, input.reference.index);
  if (value === undefined) return { failure: 'index_out_of_range', detail: `${input.reference.index} of ${(decoded.bytes.length * 8) / bits}` };

  let status: CredentialStatusState;
  if (value === TOKEN_STATUS.VALID) status = 'valid';
  else if (value === TOKEN_STATUS.INVALID) status = 'revoked';
  else if (value === TOKEN_STATUS.SUSPENDED) status = 'suspended';
  else return { failure: 'status_unrecognised', detail: `0x${value.toString(16).padStart(2, '0')}` };

  return {
    status,
    info: {
      issuedAt: new Date((payload.iat as number) * 1000),
      ...(typeof payload.exp === 'number' ? { expiresAt: new Date(payload.exp * 1000) } : {}),
      ...(typeof ttl === 'number' ? { ttlSeconds: ttl } : {}),
    },
  };
}
