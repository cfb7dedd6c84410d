// The public keys DID resolution hands to verifiers: P-256 (ES256) and Ed25519 (EdDSA) only,
// the two algorithms DSP signs and accepts (architecture §4; RFC 7518 §3.4, RFC 8037 §3.1).
// Whatever a DID document says, what leaves here is a bare public JWK of one of those two
// kinds, with the algorithm it verifies.
import { base64UrlDecode, base64UrlEncode } from './encoding.ts';
import { didFailure, type DidFailure } from './did-failure.ts';

export type KeyAlgorithm = 'ES256' | 'EdDSA';

export type PublicKeyJwk = { kty: 'EC'; crv: 'P-256'; x: string; y: string } | { kty: 'OKP'; crv: 'Ed25519'; x: string };

/** JWK members that carry private or symmetric key material (RFC 7518 §6.2.2, §6.3.2, §6.4; RFC 8037 §2). */
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'] as const;

export function hasPrivateMembers(jwk: Record<string, unknown>): boolean {
  return PRIVATE_MEMBERS.some((m) => m in jwk);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A base64url coordinate of exactly `length` bytes (RFC 7518 §6.2.1.2: the full coordinate length). */
function coordinate(value: unknown, length: number): boolean {
  if (typeof value !== 'string') return false;
  return base64UrlDecode(value)?.length === length;
}

/**
 * A usable public signing key from an untrusted JWK: P-256 or Ed25519, public members only,
 * and no `alg`, `use` or `key_ops` that says it is for something else.
 */
export function toPublicKeyJwk(input: unknown): { jwk: PublicKeyJwk; alg: KeyAlgorithm } | { failure: DidFailure } {
  if (!isRecord(input)) return didFailure('unsupportedKey', 'not a JWK');
  // did:jwk §Security: "a JWK for a private key must never be used and must be rejected".
  if (hasPrivateMembers(input)) return didFailure('unsupportedKey', 'private key material');
  let result: { jwk: PublicKeyJwk; alg: KeyAlgorithm };
  if (input.kty === 'EC' && input.crv === 'P-256') {
    if (!coordinate(input.x, 32) || !coordinate(input.y, 32)) return didFailure('unsupportedKey', 'P-256 coordinates must be 32 bytes');
    result = { jwk: { kty: 'EC', crv: 'P-256', x: input.x as string, y: input.y as string }, alg: 'ES256' };
  } else if (input.kty === 'OKP' && input.crv === 'Ed25519') {
    if (!coordinate(input.x, 32)) return didFailure('unsupportedKey', 'Ed25519 key must be 32 bytes');
    result = { jwk: { kty: 'OKP', crv: 'Ed25519', x: input.x as string }, alg: 'EdDSA' };
  } else {
    return didFailure('unsupportedKey', `kty ${String(input.kty)} crv ${String(input.crv)}`);
  }
  if (input.alg !== undefined && input.alg !== result.alg) return didFailure('unsupportedKey', `alg ${String(input.alg)} on a ${result.jwk.crv} key`);
  // RFC 7517 §4.2, §4.3: a key marked for encryption only is not a signature key.
  if (input.use !== undefined && input.use !== 'sig') return didFailure('unsupportedKey', `use ${String(input.use)}`);
  if (input.key_ops !== undefined && !(Array.isArray(input.key_ops) && input.key_ops.includes('verify'))) {
    return didFailure('unsupportedKey', 'key_ops without verify');
  }
  return result;
}

/** Left-pads a big-endian coordinate that an encoder shortened by dropping leading zero bytes. */
export function padCoordinate(value: string, length: number): string | undefined {
  const bytes = base64UrlDecode(value);
  if (!bytes || bytes.length > length) return undefined;
  if (bytes.length === length) return value;
  const padded = new Uint8Array(length);
  padded.set(bytes, length - bytes.length);
  return base64UrlEncode(padded);
}
