// The local key custody: private keys generated with node:crypto and stored only sealed under
// the configured key-encryption key (./sealing.ts). Signing is a hot path (every credential,
// status list and ID token), so opened private keys are kept in memory, per kid, in a bounded
// least-recently-used cache; the process that holds the KEK can open them anyway.
import { createPrivateKey, generateKeyPairSync, sign as nodeSign, type KeyObject } from 'node:crypto';
import { calculateJwkThumbprint } from 'jose';
import {
  managedKeyContext,
  zPublicJwk,
  type CustodyKey,
  type KeyAlgorithm,
  type KeyBinding,
  type KeyCustody,
  type PublicJwk,
} from './key-management.ts';
import { keyEncryptionKeyFrom, open, seal, type KeyEncryptionKey } from './sealing.ts';

export interface LocalKeyCustodyOptions {
  /** config.secrets.keyEncryptionKey: 32 bytes, base64. Seals everything new. */
  keyEncryptionKey: string;
  /** Earlier KEKs, still accepted for opening after a KEK rotation; never used to seal. */
  previousKeyEncryptionKeys?: readonly string[];
  /** How many opened private keys to keep in memory (default 256). */
  cacheSize?: number;
  /** Key generation, replaceable so tests can see the private keys they must not find at rest. */
  generateKeyPair?: (alg: KeyAlgorithm) => { privateKey: KeyObject; publicKey: KeyObject };
}

export function generateKeyPair(alg: KeyAlgorithm): { privateKey: KeyObject; publicKey: KeyObject } {
  return alg === 'ES256' ? generateKeyPairSync('ec', { namedCurve: 'P-256' }) : generateKeyPairSync('ed25519');
}

/** The published JWK of a public key: RFC 7517 members only, kid = RFC 7638 SHA-256 thumbprint. */
export async function publicJwkOf(publicKey: KeyObject, alg: KeyAlgorithm): Promise<PublicJwk> {
  const jwk = publicKey.export({ format: 'jwk' });
  const members = alg === 'ES256' ? { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y } : { kty: jwk.kty, crv: jwk.crv, x: jwk.x };
  const kid = await calculateJwkThumbprint(members as Parameters<typeof calculateJwkThumbprint>[0], 'sha256');
  // Parsing checks that the key really is of the algorithm's curve.
  return zPublicJwk.parse({ ...members, kid, alg, use: 'sig' });
}

/** A small LRU: Map keeps insertion order, so the first key is the least recently used. */
function lruCache<V>(max: number) {
  const entries = new Map<string, V>();
  return {
    get(key: string): V | undefined {
      const value = entries.get(key);
      if (value !== undefined) {
        entries.delete(key);
        entries.set(key, value);
      }
      return value;
    },
    set(key: string, value: V): void {
      entries.delete(key);
      entries.set(key, value);
      if (entries.size > max) entries.delete(entries.keys().next().value!);
    },
  };
}

export function createLocalKeyCustody(options: LocalKeyCustodyOptions): KeyCustody & { readonly kekId: string } {
  const current = keyEncryptionKeyFrom(options.keyEncryptionKey);
  const keks: KeyEncryptionKey[] = [current, ...(options.previousKeyEncryptionKeys ?? []).map(keyEncryptionKeyFrom)];
  const cacheSize = options.cacheSize ?? 256;
  if (!Number.isInteger(cacheSize) || cacheSize < 1) throw new TypeError('cacheSize must be a positive integer');
  const generate = options.generateKeyPair ?? generateKeyPair;
  const privateKeys = lruCache<KeyObject>(cacheSize);

  function privateKeyOf(key: CustodyKey): KeyObject {
    const cached = privateKeys.get(key.kid);
    if (cached) return cached;
    const der = open(keks, key.custody, managedKeyContext(key));
    const privateKey = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
    der.fill(0);
    privateKeys.set(key.kid, privateKey);
    return privateKey;
  }

  return {
    kekId: current.id,

    async generate(binding: KeyBinding) {
      const { privateKey, publicKey } = generate(binding.alg);
      const publicJwk = await publicJwkOf(publicKey, binding.alg);
      const der = privateKey.export({ format: 'der', type: 'pkcs8' });
      const custody = seal(current, der, managedKeyContext({ ...binding, kid: publicJwk.kid }));
      der.fill(0);
      return { publicJwk, custody };
    },

    async sign(key: CustodyKey, data: Uint8Array) {
      const privateKey = privateKeyOf(key);
      if (key.alg === 'ES256') {
        if (privateKey.asymmetricKeyType !== 'ec') throw new Error(`custody record of ${key.kid} is not an ES256 key`);
        // JWS wants r||s (RFC 7518 §3.4), not the DER that node:crypto produces by default.
        return new Uint8Array(nodeSign('sha256', data, { key: privateKey, dsaEncoding: 'ieee-p1363' }));
      }
      if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error(`custody record of ${key.kid} is not an EdDSA key`);
      return new Uint8Array(nodeSign(null, data, privateKey));
    },

    async seal(plaintext: Uint8Array, context: string) {
      return seal(current, plaintext, context);
    },

    async open(sealed: string, context: string) {
      return new Uint8Array(open(keks, sealed, context));
    },
  };
}
