// The holder's proof for a jwt_vc_json presentation: a W3C VP JWT (VCDM 1.1 §6.3.1, JWT
// encoding) that wraps one credential and is signed by the holder key the credential is bound to.
// OpenID4VP 1.0 §B.1.3.1.4 (and §14.1 replay): the VP JWT carries the request's `nonce` and
// `aud` = the full client_id; the verifier rejects the whole response if either is wrong.
//
// Steps: header (alg allow-listed, typ JWT or absent) → payload shape (`vp` with exactly one
// credential) → the holder key: `cnf.jwk` of the wrapped credential (RFC 7800). That credential is
// not yet verified here; the caller passes it to the platform verifier, which checks its issuer
// signature and that `cnf.jwk` is the key it binds, and refuses the response if not — so a forged
// inner credential fails there, and a VP signed by another key fails here → signature →
// audience and nonce → freshness (iat within maxAge, not in the future; exp if present).
//
// `iss` is not compared with the credential's `sub`: wallets name themselves with a DID (often
// did:jwk) while our credentials name the holder by key thumbprint; the key check is the proof.
import { decodeJwt, decodeProtectedHeader, type JWK } from 'jose';
import { verifyCompactJws } from '../credentials/formats/jws.ts';
import { checkAlgorithm, DEFAULT_CLOCK_SKEW_SECONDS, isNumericDate, isObject, keyFitsAlgorithm, numericDate, readHolderKey, type JsonObject } from '../credentials/formats/verification.ts';

export type VpJwtFailure =
  | 'malformed'
  | 'wrong_typ'
  | 'alg_not_allowed'
  | 'credential_missing'
  | 'holder_key_missing'
  | 'signature_invalid'
  | 'audience_mismatch'
  | 'nonce_mismatch'
  | 'stale'
  | 'in_future'
  | 'expired';

export type VpJwtVerification = { ok: true; credential: string; holderJwk: JWK } | { ok: false; reason: VpJwtFailure; detail?: string };

export interface VpJwtExpectation {
  audience: string;
  nonce: string;
  now: Date;
  /** How old the VP may be (default 300 s, as for KB-JWTs). */
  maxAgeSeconds?: number;
  clockSkewSeconds?: number;
}

export async function verifyVpJwt(vpJwt: string, expected: VpJwtExpectation): Promise<VpJwtVerification> {
  // Step: parse.
  let header: JsonObject;
  let payload: JsonObject;
  try {
    header = decodeProtectedHeader(vpJwt) as JsonObject;
    payload = decodeJwt(vpJwt) as JsonObject;
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (header.typ !== undefined && header.typ !== 'JWT') return { ok: false, reason: 'wrong_typ', detail: String(header.typ) };
  const algFailure = checkAlgorithm(header.alg);
  if (algFailure || (header.alg !== 'ES256' && header.alg !== 'EdDSA')) return { ok: false, reason: 'alg_not_allowed', detail: String(header.alg) };
  const alg = header.alg;

  // Step: the one credential it wraps.
  const vp = payload.vp;
  if (!isObject(vp)) return { ok: false, reason: 'malformed', detail: 'no vp claim' };
  const wrapped = vp.verifiableCredential;
  const list = Array.isArray(wrapped) ? wrapped : [wrapped];
  if (list.length !== 1 || typeof list[0] !== 'string') return { ok: false, reason: 'credential_missing', detail: 'a VP must wrap exactly one JWT credential' };
  const credential = list[0];

  // Step: the holder key the credential binds.
  let credentialPayload: JsonObject;
  try {
    credentialPayload = decodeJwt(credential) as JsonObject;
  } catch {
    return { ok: false, reason: 'credential_missing', detail: 'wrapped credential is not a JWT' };
  }
  const holder = readHolderKey(credentialPayload);
  if ('failure' in holder || !keyFitsAlgorithm(holder.jwk, alg)) return { ok: false, reason: 'holder_key_missing' };

  // Step: the holder's signature.
  if (!(await verifyCompactJws(vpJwt, header, holder.jwk, alg, { cacheKey: false }))) return { ok: false, reason: 'signature_invalid' };

  // Step: for this verifier and this request (OpenID4VP 1.0 §14.1).
  const aud = payload.aud;
  const audOk = aud === expected.audience || (Array.isArray(aud) && aud.length === 1 && aud[0] === expected.audience);
  if (!audOk) return { ok: false, reason: 'audience_mismatch' };
  if (payload.nonce !== expected.nonce) return { ok: false, reason: 'nonce_mismatch' };

  // Step: fresh.
  const now = numericDate(expected.now);
  const skew = expected.clockSkewSeconds ?? DEFAULT_CLOCK_SKEW_SECONDS;
  // Neither OpenID4VP 1.0 nor VCDM 1.1 §6.3.1 requires a VP JWT to be dated, and wallets differ
  // (Credo 0.6.3 sends neither `iat` nor `nbf`). Freshness rests on the nonce: one per request,
  // consumed once with its transaction, which expires. A date, when given, must still be sane.
  const madeAt = isNumericDate(payload.iat) ? payload.iat : isNumericDate(payload.nbf) ? payload.nbf : undefined;
  if ((payload.iat !== undefined && !isNumericDate(payload.iat)) || (payload.nbf !== undefined && !isNumericDate(payload.nbf))) return { ok: false, reason: 'malformed', detail: 'iat or nbf' };
  if (madeAt !== undefined && madeAt > now + skew) return { ok: false, reason: 'in_future' };
  if (madeAt !== undefined && madeAt < now - (expected.maxAgeSeconds ?? 300) - skew) return { ok: false, reason: 'stale' };
  if (payload.exp !== undefined && (!isNumericDate(payload.exp) || now >= payload.exp + skew)) return { ok: false, reason: 'expired' };
  return { ok: true, credential, holderJwk: holder.jwk };
}
