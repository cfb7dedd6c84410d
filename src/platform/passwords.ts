// Password hashing with argon2id (OWASP ASVS 5.0 §6.2; RFC 9106 second recommended option:
// m = 19 MiB, t = 2, p = 1). @node-rs/argon2 ships its binary as an npm package, so nothing
// is downloaded or compiled at install.
import { hash, verify } from '@node-rs/argon2';

/** argon2id; the value of the `Algorithm.Argon2id` const enum, which isolatedModules cannot import. */
const argon2id = 2;

export function hashPassword(password: string): Promise<string> {
  return hash(password, { algorithm: argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 });
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}
