// Backups: the wallet's credential records in a file encrypted with a passphrase the person
// chooses (PBKDF2-SHA-256, 600,000 iterations as OWASP advises for it, → AES-256-GCM).
//
// What a backup cannot carry: the signing key. It is non-extractable by design, so a restored
// wallet has a new key and the restored credentials stay bound to the old one — they can be
// read, but not shared (a verifier checks that the sharer holds the bound key). Issuers that
// bind later credentials to the first key (docs/architecture.md D23) will not issue to the new
// key either: after restoring, the person asks their organisation to reissue their access key.
import { fromBase64, toBase64url } from '../shims/encoding.ts';
import type { CredentialRecord } from '../../credentials/credential-store.ts';

export const BACKUP_FORMAT = 'open-dsp-wallet-backup';
const ITERATIONS = 600_000;

export class BackupUnreadable extends Error {
  readonly code = 'backup_unreadable';
  constructor() {
    super('The file could not be opened with that passphrase. Check the passphrase and that this is a wallet backup file.');
  }
}

async function keyFrom(passphrase: string, salt: Uint8Array, iterations: number): Promise<CryptoKey> {
  const material = await crypto.subtle.importKey('raw', new TextEncoder().encode(passphrase), 'PBKDF2', false, ['deriveKey']);
  return crypto.subtle.deriveKey({ name: 'PBKDF2', hash: 'SHA-256', salt: salt as BufferSource, iterations }, material, { name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
}

export async function createBackup(records: readonly CredentialRecord[], passphrase: string, now: Date): Promise<string> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const plain = new TextEncoder().encode(JSON.stringify({ records }));
  const sealed = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, await keyFrom(passphrase, salt, ITERATIONS), plain));
  return JSON.stringify({
    format: BACKUP_FORMAT,
    version: 1,
    createdAt: now.toISOString(),
    kdf: { name: 'PBKDF2', hash: 'SHA-256', iterations: ITERATIONS, salt: toBase64url(salt) },
    cipher: { name: 'AES-GCM', iv: toBase64url(iv) },
    data: toBase64url(sealed),
  });
}

export async function openBackup(text: string, passphrase: string): Promise<CredentialRecord[]> {
  try {
    const file = JSON.parse(text) as { format?: unknown; kdf?: { iterations?: unknown; salt?: unknown }; cipher?: { iv?: unknown }; data?: unknown };
    if (file.format !== BACKUP_FORMAT || typeof file.kdf?.salt !== 'string' || typeof file.cipher?.iv !== 'string' || typeof file.data !== 'string') throw new BackupUnreadable();
    const iterations = typeof file.kdf.iterations === 'number' && file.kdf.iterations >= 100_000 && file.kdf.iterations <= 10_000_000 ? file.kdf.iterations : ITERATIONS;
    const key = await keyFrom(passphrase, fromBase64(file.kdf.salt), iterations);
    const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: fromBase64(file.cipher.iv) as BufferSource }, key, fromBase64(file.data) as BufferSource);
    const body = JSON.parse(new TextDecoder().decode(plain)) as { records?: unknown };
    if (!Array.isArray(body.records)) throw new BackupUnreadable();
    return body.records.filter(isRecord);
  } catch {
    throw new BackupUnreadable();
  }
}

function isRecord(value: unknown): value is CredentialRecord {
  if (typeof value !== 'object' || value === null) return false;
  const r = value as Record<string, unknown>;
  return typeof r.id === 'string' && (r.format === 'dc+sd-jwt' || r.format === 'jwt_vc_json') && typeof r.credential === 'string' && typeof r.type === 'string' && typeof r.keyId === 'string' && typeof r.receivedAt === 'string' && typeof r.issuer === 'object' && r.issuer !== null;
}
