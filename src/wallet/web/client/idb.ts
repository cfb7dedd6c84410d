// A few promises over IndexedDB: one database, three object stores — `keys` (non-extractable
// CryptoKey signing keys, which IndexedDB can hold because they are structured-cloneable),
// `credentials` (encrypted records) and `settings` (the AES-GCM key that encrypts them).
const DB_NAME = 'open-dsp-wallet';
const DB_VERSION = 1;
export type StoreName = 'keys' | 'credentials' | 'settings';

function done<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB request failed'));
  });
}

export interface WalletDatabase {
  get<T>(store: StoreName, key: string): Promise<T | undefined>;
  getAll<T>(store: StoreName): Promise<T[]>;
  put(store: StoreName, key: string, value: unknown): Promise<void>;
  delete(store: StoreName, key: string): Promise<void>;
}

export async function openWalletDatabase(): Promise<WalletDatabase> {
  const open = indexedDB.open(DB_NAME, DB_VERSION);
  open.onupgradeneeded = () => {
    for (const name of ['keys', 'credentials', 'settings']) if (!open.result.objectStoreNames.contains(name)) open.result.createObjectStore(name);
  };
  const db = await done(open);
  const store = (name: StoreName, mode: IDBTransactionMode) => db.transaction(name, mode).objectStore(name);
  return {
    async get<T>(name: StoreName, key: string) {
      return (await done(store(name, 'readonly').get(key))) as T | undefined;
    },
    async getAll<T>(name: StoreName) {
      return (await done(store(name, 'readonly').getAll())) as T[];
    },
    async put(name, key, value) {
      await done(store(name, 'readwrite').put(value, key));
    },
    async delete(name, key) {
      await done(store(name, 'readwrite').delete(key));
    },
  };
}
