// Browser twin of src/core/credentials/formats/check-signature.ts (same exports), swapped in by
// the web wallet's bundle: signatures are checked with WebCrypto on the CryptoKey jose imported.
import type { SigningAlgorithm } from '../../../core/credentials/formats/signer.ts';

export type PublicKeyHandle = CryptoKey;

export function publicKeyHandle(cryptoKey: CryptoKey): PublicKeyHandle {
  return cryptoKey;
}

export function checkSignature(alg: SigningAlgorithm, data: Uint8Array, key: PublicKeyHandle, signature: Uint8Array): Promise<boolean> {
  // WebCrypto's ECDSA takes and gives the IEEE P1363 (r||s) form JWS uses (RFC 7518 §3.4).
  const algorithm = alg === 'ES256' ? { name: 'ECDSA', hash: 'SHA-256' } : { name: 'Ed25519' };
  return crypto.subtle.verify(algorithm, key, signature as BufferSource, data as BufferSource);
}
