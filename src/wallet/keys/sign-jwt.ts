// A compact JWS (RFC 7515 §7.1) signed by a holder key through the KeyStore: key proofs, VP
// JWTs. jose cannot sign with an external signer, so the signing input is built here and only
// the signature comes from the store.
import { base64url } from 'jose';
import type { HolderKey, KeyStore } from './key-store.ts';

const encoder = new TextEncoder();

export async function signJwt(keys: KeyStore, key: HolderKey, header: Record<string, unknown>, payload: Record<string, unknown>): Promise<string> {
  const signingInput = `${base64url.encode(JSON.stringify({ ...header, alg: key.alg }))}.${base64url.encode(JSON.stringify(payload))}`;
  const signature = await keys.sign(key.id, encoder.encode(signingInput));
  return `${signingInput}.${base64url.encode(signature)}`;
}
