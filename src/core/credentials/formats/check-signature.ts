// The one platform-specific step of JWS verification (./jws.ts): turning the WebCrypto key
// jose imported into something that checks a signature, and checking it. Here with node:crypto,
// synchronously (see jws.ts for why). The browser wallet's bundle swaps this file for a
// WebCrypto twin with the same exports (src/wallet/web/shims/check-signature.ts), so the rest of
// the verification pipeline is the same code in both places.
import { KeyObject, verify as nodeVerify } from 'node:crypto';
import type { SigningAlgorithm } from './signer.ts';

export type PublicKeyHandle = KeyObject;

/** The key jose checked, in the form `checkSignature` uses. */
export function publicKeyHandle(cryptoKey: CryptoKey): PublicKeyHandle {
  return KeyObject.from(cryptoKey);
}

/** Whether `signature` over `data` verifies under `key`; throws on malformed input (callers catch). */
export function checkSignature(alg: SigningAlgorithm, data: Uint8Array, key: PublicKeyHandle, signature: Uint8Array): boolean | Promise<boolean> {
  // RFC 7518 §3.4: an ES256 signature is r||s (IEEE P1363), not DER; RFC 8037 §3.1 EdDSA has no separate digest.
  return alg === 'ES256' ? nodeVerify('sha256', data, { key, dsaEncoding: 'ieee-p1363' }, signature) : nodeVerify(null, data, key, signature);
}
