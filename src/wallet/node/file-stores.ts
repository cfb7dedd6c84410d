// Node adapters: the wallet as files in one directory, for the CLI.
//   DIR/keys/<thumbprint>.jwk.json     one holder key (private JWK), mode 0600
//   DIR/credentials/<id>.json          one credential record, mode 0600
// Directories are 0700. Everything read back is parsed (STYLE rule 10), and a file that does
// not parse is reported, not skipped silently. Not for browsers (node:fs).
import { chmod, mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { generateHolderKey, publicKeyOf, signWithJwk, type KeyStore, type StoredJwkKey } from '../keys/key-store.ts';
import type { CredentialRecord, CredentialStore } from '../credentials/credential-store.ts';

const zJwk = z.looseObject({ kty: z.string() });

const zStoredKey = z.object({
  id: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
  alg: z.literal('ES256'),
  publicJwk: zJwk,
  privateJwk: zJwk.extend({ d: z.string() }),
  createdAt: z.string(),
});

const zRecord = z.object({
  id: z.string().min(1),
  format: z.enum(['dc+sd-jwt', 'jwt_vc_json']),
  credential: z.string().min(1),
  type: z.string(),
  typeName: z.string().optional(),
  configurationId: z.string(),
  issuer: z.object({ url: z.string(), did: z.string(), name: z.string().optional(), logo: z.object({ uri: z.string(), altText: z.string().optional() }).optional() }),
  issuedAt: z.string().optional(),
  expiresAt: z.string().optional(),
  status: z.object({ uri: z.string(), index: z.number() }).optional(),
  keyId: z.string(),
  receivedAt: z.string(),
  notification: z.object({ endpoint: z.string(), id: z.string(), accessToken: z.string() }).optional(),
});

const SAFE_ID = /^[A-Za-z0-9_-]{1,128}$/;

async function privateDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
}

async function writePrivate(file: string, value: unknown): Promise<void> {
  await writeFile(file, `${JSON.stringify(value, null, 2)}\n`, { mode: 0o600 });
  await chmod(file, 0o600);
}

async function readJsonFiles<T>(dir: string, suffix: string, schema: z.ZodType<T>): Promise<T[]> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith(suffix)).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const out: T[] = [];
  for (const name of names) {
    const parsed = schema.safeParse(JSON.parse(await readFile(path.join(dir, name), 'utf8')));
    if (!parsed.success) throw new Error(`${path.join(dir, name)} is not a wallet file: ${parsed.error.issues[0]?.message}`);
    out.push(parsed.data);
  }
  return out;
}

export function keysDir(walletDir: string): string {
  return path.join(walletDir, 'keys');
}

export function credentialsDir(walletDir: string): string {
  return path.join(walletDir, 'credentials');
}

export function createFileKeyStore(walletDir: string): KeyStore {
  const dir = keysDir(walletDir);
  const all = async () => (await readJsonFiles(dir, '.jwk.json', zStoredKey)).map((k) => k as StoredJwkKey).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  const find = async (id: string) => (SAFE_ID.test(id) ? (await all()).find((k) => k.id === id) : undefined);
  return {
    async list() {
      return (await all()).map(publicKeyOf);
    },
    async get(id) {
      const key = await find(id);
      return key && publicKeyOf(key);
    },
    async create(now) {
      const key = await generateHolderKey(now);
      await privateDir(dir);
      await writePrivate(path.join(dir, `${key.id}.jwk.json`), key);
      return publicKeyOf(key);
    },
    async sign(id, signingInput) {
      const key = await find(id);
      if (!key) throw new TypeError(`no holder key ${id}`);
      return signWithJwk(key.privateJwk, signingInput);
    },
  };
}

export function createFileCredentialStore(walletDir: string): CredentialStore {
  const dir = credentialsDir(walletDir);
  const file = (id: string) => {
    if (!SAFE_ID.test(id)) throw new TypeError('credential ids are letters, digits, - and _');
    return path.join(dir, `${id}.json`);
  };
  return {
    async list() {
      return (await readJsonFiles(dir, '.json', zRecord)).map((r) => r as CredentialRecord).sort((a, b) => a.receivedAt.localeCompare(b.receivedAt));
    },
    async get(id) {
      if (!SAFE_ID.test(id)) return undefined;
      try {
        const parsed = zRecord.safeParse(JSON.parse(await readFile(file(id), 'utf8')));
        if (!parsed.success) throw new Error(`${file(id)} is not a wallet file: ${parsed.error.issues[0]?.message}`);
        return parsed.data as CredentialRecord;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
    },
    async save(record) {
      await privateDir(dir);
      await writePrivate(file(record.id), record);
    },
    async delete(id) {
      if (!SAFE_ID.test(id)) return false;
      try {
        await rm(file(id));
        return true;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
        throw error;
      }
    },
  };
}
