// Verifies a `jwt_vc_json` credential (the shape ./create-jwt-vc.ts issues), as a pipeline of
// named checks (./verification.ts). The token is parsed by jose; the signature is checked with
// node:crypto under jose's rules (./jws.ts), restricted to the one allow-listed algorithm the
// header names.
import { decodeJwt, decodeProtectedHeader, type JWK } from 'jose';
import { getCredentialType, isCredentialTypeId, type CredentialTypeId } from '../catalogue.ts';
import { validateSubject } from '../validate-subject.ts';
import { VCDM_1_1_CONTEXT } from './create-jwt-vc.ts';
import { jwkThumbprintUri } from './jwk-thumbprint.ts';
import { verifyCompactJws } from './jws.ts';
import type { SigningAlgorithm } from './signer.ts';
import {
  CheckRecorder,
  DEFAULT_CLOCK_SKEW_SECONDS,
  checkAlgorithm,
  checkValidity,
  isObject,
  readHolderKey,
  resolveIssuerKey,
  serialNumberFromJti,
  type CheckName,
  type CredentialVerification,
  type Failure,
  type JsonObject,
  type StatusReference,
  type VerifiedCredential,
  type VerifyCommonOptions,
} from './verification.ts';

export type VerifyJwtVcOptions = VerifyCommonOptions;

interface ParsedJwtVc {
  type: CredentialTypeId;
  serialNumber: string;
  subject: JsonObject;
  status?: StatusReference;
  suspensionStatus?: StatusReference;
}

/** Step 1: the JWS parses and is typed as a plain JWT (never an SD-JWT, KB-JWT or other profile). */
function parseToken(compact: string): { header: JsonObject; payload: JsonObject } | { failure: Failure } {
  if (typeof compact !== 'string' || compact.split('.').length !== 3) return { failure: { reason: 'malformed' } };
  try {
    const header = decodeProtectedHeader(compact) as JsonObject;
    const payload = decodeJwt(compact) as JsonObject;
    if (header.typ !== undefined && header.typ !== 'JWT') return { failure: { reason: 'wrong_typ', detail: String(header.typ) } };
    return { header, payload };
  } catch {
    return { failure: { reason: 'malformed' } };
  }
}

/** Steps 5–6: the registered claims and the `vc` object, then the credential type. */
function readClaims(payload: JsonObject, checks: CheckRecorder): ParsedJwtVc | undefined {
  const claimFailure = (detail: string, reason: 'claim_missing' | 'claim_invalid' = 'claim_invalid') => {
    checks.fail('claims', reason, detail);
    return undefined;
  };
  if (payload.jti === undefined) return claimFailure('jti', 'claim_missing');
  const serialNumber = serialNumberFromJti(payload.jti);
  if (!serialNumber) return claimFailure('jti must be urn:uuid:<UUID>');
  const vc = payload.vc;
  if (!isObject(vc)) return claimFailure('vc', 'claim_missing');
  const context = vc['@context'];
  if (!Array.isArray(context) || context[0] !== VCDM_1_1_CONTEXT) return claimFailure('vc.@context');
  if (!isObject(vc.credentialSubject)) return claimFailure('vc.credentialSubject', 'claim_missing');
  if (payload.sub !== undefined && typeof payload.sub !== 'string') return claimFailure('sub');
  // One BitstringStatusListEntry, or two over one index space: revocation and suspension
  // (Bitstring Status List v1.0 §2.1 Example 1).
  let status: StatusReference | undefined;
  let suspensionStatus: StatusReference | undefined;
  if (vc.credentialStatus !== undefined) {
    const entries = Array.isArray(vc.credentialStatus) ? vc.credentialStatus : [vc.credentialStatus];
    if (entries.length < 1 || entries.length > 2) return claimFailure('vc.credentialStatus');
    for (const s of entries) {
      const index = isObject(s) && typeof s.statusListIndex === 'string' && /^[0-9]{1,10}$/.test(s.statusListIndex) ? Number(s.statusListIndex) : NaN;
      if (!isObject(s) || s.type !== 'BitstringStatusListEntry' || typeof s.statusListCredential !== 'string' || !Number.isInteger(index)) {
        return claimFailure('vc.credentialStatus');
      }
      const purpose = s.statusPurpose === 'suspension' ? 'suspension' : s.statusPurpose === 'revocation' ? 'revocation' : undefined;
      if (!purpose) return claimFailure('vc.credentialStatus.statusPurpose');
      const entry = { uri: s.statusListCredential, index, purpose } as const;
      if (entries.length === 1) status = entry;
      else if (purpose === 'revocation' && !status) status = entry;
      else if (purpose === 'suspension' && !suspensionStatus) suspensionStatus = entry;
      else return claimFailure('vc.credentialStatus: two entries must be one revocation and one suspension');
    }
  }
  checks.pass('claims');

  const types = vc.type;
  const ours = Array.isArray(types) ? types.filter(isCredentialTypeId) : [];
  if (!Array.isArray(types) || types[0] !== 'VerifiableCredential' || ours.length !== 1 || types.length !== 2) {
    checks.fail('credentialType', 'unknown_type', Array.isArray(types) ? types.join(',') : 'vc.type');
    return undefined;
  }
  checks.pass('credentialType');
  return { type: ours[0] as CredentialTypeId, serialNumber, subject: vc.credentialSubject, ...(status ? { status } : {}), ...(suspensionStatus ? { suspensionStatus } : {}) };
}

/** Step 9: cnf.jwk is a public key, and `sub`, when it is derived from a key, names that key. */
function checkHolderBinding(payload: JsonObject): { jwk: JWK } | { failure: Failure } {
  const holder = readHolderKey(payload);
  if ('failure' in holder) return holder;
  const sub = payload.sub;
  if (typeof sub === 'string') {
    const thumbprintUri = jwkThumbprintUri(holder.jwk);
    if (sub.startsWith('urn:ietf:params:oauth:jwk-thumbprint:') && (thumbprintUri === undefined || sub !== thumbprintUri)) {
      return { failure: { reason: 'subject_key_mismatch', detail: 'sub is the thumbprint of another key' } };
    }
    if (sub.startsWith('did:jwk:')) {
      let subKey: unknown;
      try {
        subKey = JSON.parse(Buffer.from(sub.slice('did:jwk:'.length).split('#')[0] ?? '', 'base64url').toString('utf8'));
      } catch {
        subKey = undefined;
      }
      // Equal thumbprints mean the same key type and members (RFC 7638 §3); any other key type fails.
      if (!isObject(subKey) || thumbprintUri === undefined || jwkThumbprintUri(subKey as JWK) !== thumbprintUri) {
        return { failure: { reason: 'subject_key_mismatch', detail: 'sub is the did:jwk of another key' } };
      }
    }
    // Other DIDs (did:key, did:web) need resolution; the binding rests on cnf.jwk, which is signed.
  }
  return holder;
}

export async function verifyJwtVc(compact: string, options: VerifyJwtVcOptions): Promise<CredentialVerification> {
  const checks = new CheckRecorder();
  const skew = options.clockSkewSeconds ?? DEFAULT_CLOCK_SKEW_SECONDS;
  const done = (credential?: VerifiedCredential): CredentialVerification => {
    const { ok, checks: results } = checks.finish();
    return { ok, format: 'jwt_vc_json', checks: results, ...(credential ? { credential } : {}) };
  };
  const stop = (name: CheckName, failure: Failure) => {
    checks.record(name, failure);
    return done();
  };
  checks.skip('disclosures', 'not_applicable');
  checks.skip('keyBinding', 'not_applicable');

  // 1. format
  const parsed = parseToken(compact);
  if ('failure' in parsed) return stop('format', parsed.failure);
  checks.pass('format');
  const { header, payload } = parsed;

  // 2. algorithm
  if (!checks.record('algorithm', checkAlgorithm(header.alg))) return done();
  const alg = header.alg as SigningAlgorithm;

  // 3. issuer key
  const key = await resolveIssuerKey(header, payload, options.resolveIssuerKey);
  if ('failure' in key) return stop('issuerKey', key.failure);
  checks.pass('issuerKey');

  // 4. signature: nothing below runs on unauthenticated content.
  if (!(await verifyCompactJws(compact, header, key.jwk, alg, { cacheKey: true }))) return stop('signature', { reason: 'signature_invalid' });
  checks.pass('signature');

  // 5–6. claims and credential type
  const claims = readClaims(payload, checks);

  // 7. validity
  checks.record('validity', checkValidity(payload, options.now, skew));

  // 8. schema: the whole subject was issued and is always presented whole.
  if (claims) {
    const errors = validateSubject(claims.type, claims.subject, 'complete');
    if (errors.length > 0) checks.fail('schema', 'schema_violation', `${errors.length} error(s)`, errors);
    else checks.pass('schema');
  }

  // 9. holder binding
  const holder = checkHolderBinding(payload);
  if ('failure' in holder) checks.record('holderBinding', holder.failure);
  else checks.pass('holderBinding');

  if (!claims || 'failure' in holder || typeof payload.iat !== 'number') return done();
  const issuedAt = new Date(payload.iat * 1000);
  return done({
    format: 'jwt_vc_json',
    type: claims.type,
    typeVersion: getCredentialType(claims.type).version,
    issuer: key.issuer,
    keyId: key.kid,
    serialNumber: claims.serialNumber,
    subject: claims.subject,
    disclosedClaims: Object.keys(claims.subject),
    holder: { ...(typeof payload.sub === 'string' ? { id: payload.sub } : {}), jwk: holder.jwk },
    issuedAt,
    validFrom: typeof payload.nbf === 'number' ? new Date(payload.nbf * 1000) : issuedAt,
    ...(typeof payload.exp === 'number' ? { expiresAt: new Date(payload.exp * 1000) } : {}),
    ...(claims.status ? { status: claims.status } : {}),
    ...(claims.suspensionStatus ? { suspensionStatus: claims.suspensionStatus } : {}),
  });
}
