// Verifying a DPoP proof (RFC 9449 §4.3) at the token and credential endpoints.
//
// Not @openid4vc/oauth2's DPoP check: the package verifies DPoP only inside its token-request
// and resource-request verifiers (which expect the plaintext pre-authorized code and JWT access
// tokens, where ours are hashed and opaque) and leaves jti replay to the caller. So: jose checks
// the signature over the embedded public key, zod the claims, and the jti is recorded in the
// database, where a second use on any replica is refused.
import { createHash } from 'node:crypto';
import { decodeProtectedHeader, importJWK, jwtVerify } from 'jose';
import { z } from 'zod';
import { jwkThumbprintUri, JWK_THUMBPRINT_URI_PREFIX } from '../../core/credentials/formats/jwk-thumbprint.ts';
import { toPublicKeyJwk } from '../../core/did/index.ts';
import type { Db } from '../../store/database.ts';
import { oid4vciIssuance } from '../../store/oid4vci-issuance.ts';
import type { OrganisationScope } from '../../store/scope.ts';
import { InvalidDpopProof } from './errors.ts';
import { DPOP_TYP, HOLDER_KEY_ALGORITHMS, LIMITS, sha256 } from './issuer-context.ts';

const zDpopClaims = z.object({
  jti: z.string().min(8).max(256),
  htm: z.string(),
  htu: z.string(),
  iat: z.number().int(),
  ath: z.string().optional(),
});

export interface DpopExpectation {
  method: string;
  /** The endpoint's public URL, without query or fragment (RFC 9449 §4.3 check 9). */
  url: string;
  /** At a resource: the access token the proof must be bound to (`ath`). */
  accessToken?: string;
  now: Date;
  /** 400 at the token endpoint, 401 at a resource. */
  status: 400 | 401;
}

/** Checks one DPoP proof and records its jti; returns the key's RFC 7638 thumbprint (`jkt`). */
export async function verifyDpopProof(db: Db, scope: OrganisationScope, proof: string, expected: DpopExpectation): Promise<string> {
  const fail = (detail: string) => new InvalidDpopProof('The DPoP proof is not valid', detail, expected.status);
  let header;
  try {
    header = decodeProtectedHeader(proof);
  } catch {
    throw fail('not a JWS');
  }
  if (header.typ !== DPOP_TYP) throw fail('typ');
  if (!HOLDER_KEY_ALGORITHMS.includes(header.alg as (typeof HOLDER_KEY_ALGORITHMS)[number])) throw fail('alg');
  const key = toPublicKeyJwk(header.jwk);
  if ('failure' in key || key.alg !== header.alg) throw fail('jwk');

  let payload: unknown;
  try {
    ({ payload } = await jwtVerify(proof, await importJWK(key.jwk, key.alg), { algorithms: [key.alg], typ: DPOP_TYP, currentDate: expected.now }));
  } catch {
    throw fail('signature or claims');
  }
  const claims = zDpopClaims.safeParse(payload);
  if (!claims.success) throw fail('claims');
  const { jti, htm, htu, iat, ath } = claims.data;
  if (htm !== expected.method) throw fail('htm');
  if (htu.split(/[?#]/)[0] !== expected.url) throw fail('htu');
  const nowSeconds = Math.floor(expected.now.getTime() / 1000);
  if (iat > nowSeconds + LIMITS.clockSkewSeconds || iat < nowSeconds - LIMITS.dpopMaxAgeSeconds) throw fail('iat');
  if (expected.accessToken !== undefined) {
    const want = createHash('sha256').update(expected.accessToken).digest('base64url');
    if (ath !== want) throw fail('ath');
  }
  const jkt = jwkThumbprintUri(key.jwk)!.slice(JWK_THUMBPRINT_URI_PREFIX.length);
  // RFC 9449 §11.1: a jti is accepted once for as long as its iat would be accepted.
  const fresh = await oid4vciIssuance(db, scope).recordDpopJti(
    sha256(`${jkt}:${jti}`),
    new Date((iat + LIMITS.dpopMaxAgeSeconds + LIMITS.clockSkewSeconds) * 1000),
  );
  if (!fresh) throw fail('jti replayed');
  return jkt;
}
