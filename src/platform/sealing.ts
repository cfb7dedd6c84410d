// The envelope that seals private keys and secrets at rest: AES-256-GCM under a key-encryption
// key (KEK), in a versioned text format that names the KEK:
//
//   v1.<kek id>.<iv>.<ciphertext>.<tag>        (each part base64url, no padding)
//
// - The KEK id is a short hash of the KEK, so after a KEK rotation a process holding the new
//   KEK and the previous ones knows which one opens a value, and a wrong KEK is reported as
//   such instead of as a corrupt value.
// - The additional authenticated data is the version, the KEK id and the caller's context
//   (which row the value belongs to), so neither the header nor the binding can be changed
//   without the tag failing (NIST SP 800-38D §5.2.1.1: AAD is authenticated, not encrypted).
// - A fresh random 96-bit IV per value; with random IVs a KEK stays well inside the 2^32
//   messages SP 800-38D §8.3 allows.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { SealedValueInvalid, UnknownKeyEncryptionKey } from './key-management.ts';

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface KeyEncryptionKey {
  /** Short hash of the key: safe to store and log. */
  readonly id: string;
  readonly key: Buffer;
}

/** Derives the KEK id: 64 bits of a domain-separated SHA-256, enough to tell a few KEKs apart. */
export function kekIdOf(key: Uint8Array): string {
  return createHash('sha256').update('dsp-kek-id:').update(key).digest().subarray(0, 8).toString('base64url');
}

/** Parses the configured KEK (32 bytes, base64). A bad one is a TypeError at start-up. */
export function keyEncryptionKeyFrom(base64: string): KeyEncryptionKey {
  const key = Buffer.from(base64, 'base64');
  if (key.length !== 32) throw new TypeError('the key-encryption key must be 32 bytes, base64-encoded');
  return { id: kekIdOf(key), key };
}

function additionalData(kekId: string, context: string): Buffer {
  return Buffer.from(`dsp-seal:${VERSION}:${kekId}:${context}`, 'utf8');
}

export function seal(kek: KeyEncryptionKey, plaintext: Uint8Array, context: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', kek.key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(additionalData(kek.id, context));
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return [VERSION, kek.id, iv.toString('base64url'), ciphertext.toString('base64url'), cipher.getAuthTag().toString('base64url')].join('.');
}

/** The KEK id a sealed value names, without opening it (to find values to re-seal after a KEK rotation). */
export function sealedKekId(sealed: string): string {
  return parse(sealed).kekId;
}

function parse(sealed: string): { kekId: string; iv: Buffer; ciphertext: Buffer; tag: Buffer } {
  const parts = sealed.split('.');
  if (parts.length !== 5 || parts[0] !== VERSION) throw new SealedValueInvalid('unknown format');
  const [, kekId, iv, ciphertext, tag] = parts as [string, string, string, string, string];
  if (![kekId, iv, ciphertext, tag].every((p) => /^[A-Za-z0-9_-]*$/.test(p))) throw new SealedValueInvalid('unknown format');
  const parsed = { kekId, iv: Buffer.from(iv, 'base64url'), ciphertext: Buffer.from(ciphertext, 'base64url'), tag: Buffer.from(tag, 'base64url') };
  if (parsed.iv.length !== IV_BYTES || parsed.tag.length !== TAG_BYTES) throw new SealedValueInvalid('unknown format');
  return parsed;
}

/** Opens a sealed value with whichever of `keks` it names. */
export function open(keks: readonly KeyEncryptionKey[], sealed: string, context: string): Buffer {
  const { kekId, iv, ciphertext, tag } = parse(sealed);
  const kek = keks.find((k) => k.id === kekId);
  if (!kek) throw new UnknownKeyEncryptionKey(kekId);
  const decipher = createDecipheriv('aes-256-gcm', kek.key, iv, { authTagLength: TAG_BYTES });
  decipher.setAAD(additionalData(kek.id, context));
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]);
  } catch {
    // node:crypto reports a failed tag check only by message; there is nothing else it can be here.
    throw new SealedValueInvalid('authentication failed (changed, or opened with another context)');
  }
}
