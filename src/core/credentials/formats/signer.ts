// The signing seam of both credential formats.
//
// Choice: a signer is `sign(signingInput bytes) → raw JWS signature bytes` for one key, plus
// that key's `alg` and `kid`. Both formats build the JWS Signing Input themselves (RFC 7515
// §5.1: ASCII(BASE64URL(header) || '.' || BASE64URL(payload)), ./jws.ts) and append the
// signature; the holder's KB-JWT is built by @sd-jwt, which takes exactly such a callback
// (toSdJwtSigner below). This is the seam the key-management port
// already offers (src/platform/key-management.ts `sign(…, kid, data) → signature in JOSE form`),
// so an HSM or KMS signs without the private key ever reaching this code, and the same signer
// serves jwt_vc_json, dc+sd-jwt and the holder's KB-JWT.
//
// Rejected: a `signJws(header, payload) → compact JWS` callback. It would let each key store
// serialise JOSE its own way, and the SD-JWT library cannot use it (it signs the signing input
// it built). jose cannot sign with an external signer at all: its sign functions need a key
// object.
import { createPrivateKey, sign as nodeSign, type JsonWebKey } from 'node:crypto';
import type { JWK } from 'jose';

/** JWS algorithms we sign and accept (RFC 7518 §3.4 ES256 on P-256; RFC 8037 EdDSA on Ed25519). */
export const SIGNING_ALGORITHMS = ['ES256', 'EdDSA'] as const;
export type SigningAlgorithm = (typeof SIGNING_ALGORITHMS)[number];

export function isSigningAlgorithm(alg: unknown): alg is SigningAlgorithm {
  return typeof alg === 'string' && (SIGNING_ALGORITHMS as readonly string[]).includes(alg);
}

/** Signs with one key it keeps to itself. */
export interface Signer {
  readonly alg: SigningAlgorithm;
  /**
   * The JWS signature of `signingInput`: for ES256 the 64-byte IEEE P1363 r||s (RFC 7518 §3.4),
   * not DER; for EdDSA the 64-byte Ed25519 signature (RFC 8037 §3.1).
   */
  sign(signingInput: Uint8Array): Promise<Uint8Array>;
}

/** An issuer's signer: `kid` is the DID URL of the verification method (e.g. `did:web:…#key-1`). */
export interface IssuerSigner extends Signer {
  readonly kid: string;
}

/** The callback shape @sd-jwt/core signs through: signing input as a string, base64url signature back. */
export function toSdJwtSigner(signer: Signer): (data: string) => Promise<string> {
  return async (data) => Buffer.from(await signer.sign(new TextEncoder().encode(data))).toString('base64url');
}

/**
 * A signer over a private JWK held in memory: for tests, the CLI wallet and development.
 * Production issuers sign through the key-management port instead.
 */
export function createLocalSigner(privateJwk: JWK, alg: SigningAlgorithm): Signer;
export function createLocalSigner(privateJwk: JWK, alg: SigningAlgorithm, kid: string): IssuerSigner;
export function createLocalSigner(privateJwk: JWK, alg: SigningAlgorithm, kid?: string): Signer | IssuerSigner {
  if (typeof privateJwk.d !== 'string') throw new TypeError('createLocalSigner needs a private JWK');
  const key = createPrivateKey({ key: privateJwk as JsonWebKey, format: 'jwk' });
  const sign = async (signingInput: Uint8Array) =>
    new Uint8Array(
      alg === 'ES256'
        ? nodeSign('sha256', signingInput, { key, dsaEncoding: 'ieee-p1363' })
        : nodeSign(null, signingInput, key),
    );
  return kid === undefined ? { alg, sign } : { alg, kid, sign };
}
