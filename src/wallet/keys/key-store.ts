// Holder keys behind an interface, so a browser can keep them as non-extractable WebCrypto keys
// in IndexedDB, a phone in its secure element, and the CLI as JWK files: the protocol code only
// ever asks for a public key and a signature (the same seam as the core's Signer).
//
// P-256 / ES256 only: it is what the NHS wallet and HAIP use, and every issuer we meet accepts
// it. A key's id is its RFC 7638 thumbprint, so the id also says which key a credential is bound
// to.
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import type { Signer } from '../../core/credentials/index.ts';

export interface HolderKey {
  /** RFC 7638 SHA-256 thumbprint of the public key (base64url). */
  id: string;
  alg: 'ES256';
  publicJwk: JWK;
  createdAt: string;
}

export interface KeyStore {
  /** Every key, oldest first. */
  list(): Promise<HolderKey[]>;
  get(id: string): Promise<HolderKey | undefined>;
  /** Makes and keeps a new P-256 key. */
  create(now: Date): Promise<HolderKey>;
  /** The JWS signature (IEEE P1363 r||s for ES256) of `signingInput` with key `id`. */
  sign(id: string, signingInput: Uint8Array): Promise<Uint8Array>;
}

/** A private key kept as a JWK (memory and file stores). */
export interface StoredJwkKey extends HolderKey {
  privateJwk: JWK;
}

/** A new P-256 key pair as JWKs, through WebCrypto. */
export async function generateHolderKey(now: Date): Promise<StoredJwkKey> {
  const pair = await generateKeyPair('ES256', { extractable: true });
  const privateJwk = await exportJWK(pair.privateKey);
  const { kty, crv, x, y } = await exportJWK(pair.publicKey);
  const publicJwk: JWK = { kty, crv, x, y };
  return { id: await calculateJwkThumbprint(publicJwk), alg: 'ES256', publicJwk, privateJwk, createdAt: now.toISOString() };
}

/** ECDSA P-256 / SHA-256 over WebCrypto; WebCrypto already answers in the JOSE (P1363) form. */
export async function signWithJwk(privateJwk: JWK, signingInput: Uint8Array): Promise<Uint8Array> {
  const key = await importJWK(privateJwk, 'ES256');
  if (!(key instanceof CryptoKey)) throw new TypeError('expected a WebCrypto key');
  return new Uint8Array(await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, key, signingInput as BufferSource));
}

export function publicKeyOf(key: StoredJwkKey): HolderKey {
  return { id: key.id, alg: key.alg, publicJwk: key.publicJwk, createdAt: key.createdAt };
}

/** Keys in memory: for tests and for a browser tab that has not yet got persistent storage. */
export function createMemoryKeyStore(): KeyStore {
  const keys = new Map<string, StoredJwkKey>();
  return {
    async list() {
      return [...keys.values()].map(publicKeyOf);
    },
    async get(id) {
      const key = keys.get(id);
      return key && publicKeyOf(key);
    },
    async create(now) {
      const key = await generateHolderKey(now);
      keys.set(key.id, key);
      return publicKeyOf(key);
    },
    async sign(id, signingInput) {
      const key = keys.get(id);
      if (!key) throw new TypeError(`no holder key ${id}`);
      return signWithJwk(key.privateJwk, signingInput);
    },
  };
}

/** The core's Signer (SD-JWT KB-JWT) over a key of the store. */
export function signerOf(keys: KeyStore, key: HolderKey): Signer {
  return { alg: key.alg, sign: (input) => keys.sign(key.id, input) };
}
