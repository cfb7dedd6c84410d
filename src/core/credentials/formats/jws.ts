// Compact JWS (RFC 7515) for both credential formats: building the signing input for our
// signers, and checking signatures with node:crypto (WebCrypto in the browser wallet, ./check-signature.ts).
//
// Why not jose's compactVerify, as before: it verifies through WebCrypto, which is async (a
// thread-pool hop per signature) and, with importJWK, imports the key again on every call. Both
// together made a credential verification cost five to nine raw ES256 verifications (bench/,
// `npm run bench`). Here the key is imported once per JWK (still by jose's importJWK, so the
// same keys are accepted and refused) and the signature is checked synchronously by
// node:crypto over the JWS Signing Input. Everything compactVerify checks before the
// signature is kept, in its order and with its rules (jose 6.2 lib/jws_verify.js and
// lib/validate.js): `alg` is the one allowed, `crit` is validated (only `b64` is understood),
// `b64` must be a boolean when critical, the signing input must be ASCII, and the signature
// is decoded by jose's own base64url decoder. jws.test.ts checks the two agree on tampered
// tokens. Parsing stays jose's (decodeProtectedHeader, decodeJwt).
//
// Why not jose's SignJWT for building: it cannot sign through an external signer (see
// ./signer.ts); the compact serialisation is the three base64url parts joined by dots
// (RFC 7515 §7.1), built here once instead of twice as @sd-jwt/core's Jwt did.
import { base64url, importJWK, type JWK } from 'jose';
import { checkSignature, publicKeyHandle, type PublicKeyHandle } from './check-signature.ts';
import type { Signer, SigningAlgorithm } from './signer.ts';
import type { JsonObject } from './verification.ts';

const b64urlJson = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Signs `header.payload` (RFC 7515 §5.1) with `signer` and returns the compact JWS. */
export async function signCompactJws(header: JsonObject, payload: JsonObject, signer: Signer): Promise<string> {
  // The header's alg must be the signer's: a mismatch would make a token no verifier can check.
  if (header.alg !== signer.alg) throw new TypeError('JWS header alg must be the signer’s');
  const signingInput = `${b64urlJson(header)}.${b64urlJson(payload)}`;
  const signature = await signer.sign(Buffer.from(signingInput, 'ascii'));
  return `${signingInput}.${Buffer.from(signature).toString('base64url')}`;
}

// Imported public keys, by JWK and algorithm. Issuer keys repeat on every credential an issuer
// signed, and importing one costs about as much as verifying a signature. The cache holds only
// what importJWK derived from the JWK (public keys, no state about any credential), and is
// bounded: when full, the oldest entry goes.
const KEY_CACHE_LIMIT = 512;
const keyCache = new Map<string, PublicKeyHandle>();

async function importPublicKey(jwk: JWK, alg: SigningAlgorithm): Promise<PublicKeyHandle> {
  const cryptoKey = (await importJWK(jwk, alg)) as CryptoKey;
  // compactVerify refuses a CryptoKey without the `verify` usage (a JWK whose key_ops lack it).
  if (!cryptoKey.usages.includes('verify')) throw new TypeError('key not usable for verification');
  // In Node, KeyObject.from turns the WebCrypto key jose checked into one node:crypto verifies
  // with (./check-signature.ts); in the browser wallet the CryptoKey itself is used.
  return publicKeyHandle(cryptoKey);
}

async function cachedPublicKey(jwk: JWK, alg: SigningAlgorithm): Promise<PublicKeyHandle> {
  const id = `${alg} ${JSON.stringify(jwk)}`;
  const hit = keyCache.get(id);
  if (hit) return hit;
  const key = await importPublicKey(jwk, alg);
  if (keyCache.size >= KEY_CACHE_LIMIT) keyCache.delete(keyCache.keys().next().value as string);
  keyCache.set(id, key);
  return key;
}

// Any UTF-16 code unit above 0x7f (the same test as jose's /[^\x00-\x7f]/).
const NON_ASCII = /[\u0080-\uffff]/;

/**
 * jose's pre-signature rules for a compact JWS whose protected header is `header`
 * (lib/jws_verify.js verifySignature with lib/validate.js validateCrit and validateB64).
 */
function joseHeaderAcceptable(header: JsonObject, alg: SigningAlgorithm): boolean {
  if (header.crit !== undefined) {
    const crit = header.crit;
    if (!Array.isArray(crit) || crit.length === 0 || crit.some((p) => typeof p !== 'string' || p.length === 0)) return false;
    // RFC 7515 §4.1.11: every critical extension must be understood; jose understands `b64` (RFC 7797).
    for (const p of crit) if (p !== 'b64' || header.b64 === undefined) return false;
    if (typeof header.b64 !== 'boolean') return false;
  }
  return header.alg === alg;
}

export interface VerifyJwsOptions {
  /**
   * Keep the imported key for later tokens: for issuer keys, which recur. Holder keys (KB-JWT)
   * differ per wallet and are imported each time, so they do not push issuer keys out.
   */
  cacheKey: boolean;
}

/**
 * Whether `compact`, whose protected header the caller decoded as `header`, is signed by `jwk`
 * with `alg` (already allow-listed by the caller).
 */
export async function verifyCompactJws(
  compact: string,
  header: JsonObject,
  jwk: JWK,
  alg: SigningAlgorithm,
  options: VerifyJwsOptions,
): Promise<boolean> {
  const lastDot = compact.lastIndexOf('.');
  const signingInput = compact.slice(0, lastDot);
  if (lastDot < 0 || compact.split('.').length !== 3 || !joseHeaderAcceptable(header, alg) || NON_ASCII.test(signingInput)) return false;
  let signature: Uint8Array;
  let key: PublicKeyHandle;
  try {
    signature = base64url.decode(compact.slice(lastDot + 1));
    key = options.cacheKey ? await cachedPublicKey(jwk, alg) : await importPublicKey(jwk, alg);
  } catch {
    return false;
  }
  const data = Buffer.from(signingInput, 'ascii');
  try {
    // Synchronous in Node; a promise in the browser wallet (WebCrypto), hence the await.
    return await checkSignature(alg, data, key, signature);
  } catch {
    return false;
  }
}
