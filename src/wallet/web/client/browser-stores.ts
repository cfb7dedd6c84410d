// The holder library's KeyStore and CredentialStore for the browser.
//
// Keys: P-256 ECDSA keys made by WebCrypto with `extractable: false`, kept as CryptoKey objects
// in IndexedDB. Script in this origin can ask them to sign but nothing can read the private key
// out (not this code, not a backup). The public half is stored as a JWK beside it.
//
// Credentials: each record is JSON encrypted with AES-GCM (a fresh 96-bit IV per write) under
// one wallet key that is itself a non-extractable CryptoKey in IndexedDB: a copy of the
// database files alone does not reveal the credentials.
import { calculateJwkThumbprint, type JWK } from 'jose';
import type { CredentialRecord, CredentialStore } from '../../credentials/credential-store.ts';
import type { HolderKey, KeyStore } from '../../keys/key-store.ts';
import type { WalletDatabase } from './idb.ts';

interface StoredKey extends HolderKey {
  privateKey: CryptoKey;
}

export function createBrowserKeyStore(db: WalletDatabase): KeyStore {
  const publicOf = ({ id, alg, publicJwk, createdAt }: StoredKey): HolderKey => ({ id, alg, publicJwk, createdAt });
  return {
    async list() {
      const keys = await db.getAll<StoredKey>('keys');
      return keys.sort((a, b) => a.createdAt.localeCompare(b.createdAt)).map(publicOf);
    },
    async get(id) {
      const key = await db.get<StoredKey>('keys', id);
      return key && publicOf(key);
    },
    async create(now) {
      const pair = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify']);
      const { kty, crv, x, y } = (await crypto.subtle.exportKey('jwk', pair.publicKey)) as JWK;
      const publicJwk: JWK = { kty, crv, x, y };
      const stored: StoredKey = { id: await calculateJwkThumbprint(publicJwk), alg: 'ES256', publicJwk, createdAt: now.toISOString(), privateKey: pair.privateKey };
      await db.put('keys', stored.id, stored);
      return publicOf(stored);
    },
    async sign(id, signingInput) {
      const key = await db.get<StoredKey>('keys', id);
      if (!key) throw new TypeError(`no holder key ${id}`);
      return new Uint8Array(await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, key.privateKey, signingInput as BufferSource));
    },
  };
}

interface SealedRecord {
  iv: Uint8Array;
  data: ArrayBuffer;
}

async function storageKey(db: WalletDatabase): Promise<CryptoKey> {
  const existing = await db.get<CryptoKey>('settings', 'credential-key');
  if (existing) return existing;
  const key = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
  await db.put('settings', 'credential-key', key);
  return key;
}

export function createEncryptedCredentialStore(db: WalletDatabase): CredentialStore {
  const keyPromise = storageKey(db);
  const open = async (sealed: SealedRecord): Promise<CredentialRecord> => {
    const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: sealed.iv as BufferSource }, await keyPromise, sealed.data);
    return JSON.parse(new TextDecoder().decode(plain)) as CredentialRecord;
  };
  return {
    async list() {
      const records = await Promise.all((await db.getAll<SealedRecord>('credentials')).map(open));
      return records.sort((a, b) => a.receivedAt.localeCompare(b.receivedAt) || a.id.localeCompare(b.id));
    },
    async get(id) {
      const sealed = await db.get<SealedRecord>('credentials', id);
      return sealed && open(sealed);
    },
    async save(record) {
      const iv = crypto.getRandomValues(new Uint8Array(12));
      const data = await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, await keyPromise, new TextEncoder().encode(JSON.stringify(record)));
      await db.put('credentials', record.id, { iv, data } satisfies SealedRecord);
    },
    async delete(id) {
      const had = (await db.get('credentials', id)) !== undefined;
      await db.delete('credentials', id);
      return had;
    },
  };
}
