// `@sd-jwt/crypto-nodejs` for the web wallet's bundle: only `digest` (SHA-256 of a string or
// bytes), which the core's SD-JWT presentation code uses for `sd_hash`.
import { sha256 } from '@noble/hashes/sha2';

export function digest(data: string | ArrayBuffer, algorithm = 'sha-256'): Uint8Array {
  if (algorithm.toLowerCase().replace('-', '') !== 'sha256') throw new TypeError(`digest: only sha-256 is available in the web wallet, not ${algorithm}`);
  return sha256(typeof data === 'string' ? new TextEncoder().encode(data) : new Uint8Array(data));
}
