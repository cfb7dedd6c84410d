// Verifying a key proof of type `jwt` (OpenID4VCI 1.0 §8.2.1.1, Appendix F.1) made by the wallet
// key a credential will be bound to.
//
// Checks, in order: header (`typ` openid4vci-proof+jwt, `alg` ES256 or EdDSA — never `none` or a
// MAC —, exactly one of `jwk` / `kid`; `x5c` and key attestations are not supported), the key
// (a public P-256 or Ed25519 JWK; private members refused; a `kid` must be a did:jwk or did:key
// DID URL, resolved locally — no did:web, so a proof cannot make us fetch), the signature,
// `aud` = the credential issuer identifier, `iat` within the window, and that a `nonce` is
// present. Consuming the nonce is the caller's step (it needs the database).
import { decodeProtectedHeader, importJWK, jwtVerify, type JWK } from 'jose';
import { z } from 'zod';
import { jwkThumbprintUri, JWK_THUMBPRINT_URI_PREFIX } from '../../core/credentials/formats/jwk-thumbprint.ts';
import { createDidResolver, toPublicKeyJwk, type KeyAlgorithm, type PublicKeyJwk } from '../../core/did/index.ts';
import type { Clock } from '../../platform/clock.ts';
import { InvalidProof } from './errors.ts';
import { HOLDER_KEY_ALGORITHMS, LIMITS, PROOF_TYP } from './issuer-context.ts';

const zProofClaims = z.object({
  aud: z.union([z.string(), z.array(z.string()).length(1)]),
  iat: z.number().int(),
  nonce: z.string().min(1).max(512).optional(),
  iss: z.string().optional(),
});

export interface VerifiedKeyProof {
  jwk: PublicKeyJwk;
  alg: KeyAlgorithm;
  /** RFC 7638 thumbprint (base64url) of the holder key. */
  thumbprint: string;
  /** The holder's DID when the proof named its key by a DID URL. */
  holderDid?: string;
  nonce: string;
}

// Holder keys come only from did:jwk and did:key, decoded locally: the resolver's fetch is never called.
const localResolver = (clock: Clock) =>
  createDidResolver({
    clock,
    fetch: () => Promise.reject(new Error('holder DIDs are resolved locally only')),
  });

export async function verifyKeyProof(jwt: string, expected: { audience: string; now: Date; clock: Clock }): Promise<VerifiedKeyProof> {
  let header;
  try {
    header = decodeProtectedHeader(jwt);
  } catch {
    throw new InvalidProof('The key proof is not a JWT');
  }
  if (header.typ !== PROOF_TYP) throw new InvalidProof(`The key proof must have typ ${PROOF_TYP}`);
  if (!HOLDER_KEY_ALGORITHMS.includes(header.alg as KeyAlgorithm)) throw new InvalidProof('The key proof algorithm is not supported');
  if (header.x5c !== undefined || header.key_attestation !== undefined) throw new InvalidProof('x5c and key attestations are not supported');
  if ((header.jwk === undefined) === (header.kid === undefined)) throw new InvalidProof('The key proof must name its key by exactly one of jwk or kid');

  // The key.
  let jwk: PublicKeyJwk;
  let alg: KeyAlgorithm;
  let holderDid: string | undefined;
  if (header.jwk !== undefined) {
    const key = toPublicKeyJwk(header.jwk);
    if ('failure' in key) throw new InvalidProof('The key proof jwk is not a supported public key', key.failure.code);
    ({ jwk, alg } = key);
  } else {
    const kid = String(header.kid);
    if (!kid.startsWith('did:jwk:') && !kid.startsWith('did:key:')) throw new InvalidProof('The key proof kid must be a did:jwk or did:key DID URL');
    const resolved = await localResolver(expected.clock).resolveKey(kid, { relationship: 'authentication' });
    if ('failure' in resolved) throw new InvalidProof('The key proof kid does not resolve to a supported key', resolved.failure.code);
    ({ jwk, alg } = resolved);
    holderDid = resolved.did;
  }
  if (alg !== header.alg) throw new InvalidProof('The key proof algorithm does not fit its key');

  // The signature, then the claims.
  let payload: unknown;
  try {
    ({ payload } = await jwtVerify(jwt, await importJWK(jwk as JWK, alg), { algorithms: [alg], typ: PROOF_TYP, currentDate: expected.now }));
  } catch {
    throw new InvalidProof('The key proof signature does not verify');
  }
  const claims = zProofClaims.safeParse(payload);
  if (!claims.success) throw new InvalidProof('The key proof claims are malformed');
  const aud = Array.isArray(claims.data.aud) ? claims.data.aud[0] : claims.data.aud;
  if (aud !== expected.audience) throw new InvalidProof('The key proof aud must be the credential issuer identifier');
  const nowSeconds = Math.floor(expected.now.getTime() / 1000);
  if (claims.data.iat > nowSeconds + LIMITS.clockSkewSeconds || claims.data.iat < nowSeconds - LIMITS.proofMaxAgeSeconds) {
    throw new InvalidProof('The key proof iat is outside the accepted window');
  }
  // §8.3.1.2 invalid_proof (3): a key proof without a c_nonce, when the issuer has a nonce endpoint.
  if (claims.data.nonce === undefined) throw new InvalidProof('The key proof must carry the c_nonce');
  const thumbprint = jwkThumbprintUri(jwk as JWK)!.slice(JWK_THUMBPRINT_URI_PREFIX.length);
  return { jwk, alg, thumbprint, nonce: claims.data.nonce, ...(holderDid ? { holderDid } : {}) };
}
