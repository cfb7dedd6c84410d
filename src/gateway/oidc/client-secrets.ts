// Client secrets of external systems (docs/architecture.md D30): 256 random bits, shown once,
// stored as SHA-256. A fast hash is right here because the secret has full entropy (argon2 is
// for passwords people choose); comparison is constant-time. During a rotation the previous
// secret keeps working until its stated end, so an integrator can deploy the new one first.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { OidcClientRecord } from '../../store/oidc-clients.ts';

const PREFIX = 'sha256:';

export function generateClientSecret(): string {
  return randomBytes(32).toString('base64url');
}

export function hashClientSecret(secret: string): string {
  return PREFIX + createHash('sha256').update(secret, 'utf8').digest('hex');
}

function matches(hash: string, presented: string): boolean {
  const expected = Buffer.from(hash, 'utf8');
  const actual = Buffer.from(hashClientSecret(presented), 'utf8');
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

export function verifyClientSecret(client: Pick<OidcClientRecord, 'secretHash' | 'previousSecretHash' | 'previousSecretExpiresAt'>, presented: string, now: Date): boolean {
  if (matches(client.secretHash, presented)) return true;
  return client.previousSecretHash !== null && client.previousSecretExpiresAt !== null && client.previousSecretExpiresAt > now && matches(client.previousSecretHash, presented);
}
