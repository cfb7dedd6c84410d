// The RFC 7638 JWK thumbprint as an RFC 9278 URI, for the holder keys credentials are bound to.
//
// Why not jose's calculateJwkThumbprintUri: it hashes through WebCrypto, which is async, and
// it ran on every jwt_vc_json issued and verified (about a sixth of an issuance). This computes
// the same value synchronously with node:crypto, for the two key types we accept (EC, OKP);
// jwk-thumbprint.test.ts checks it against jose.
import { hash } from 'node:crypto';
import type { JWK } from 'jose';

export const JWK_THUMBPRINT_URI_PREFIX = 'urn:ietf:params:oauth:jwk-thumbprint:sha-256:';

const nonEmpty = (value: unknown): value is string => typeof value === 'string' && value !== '';
// Any UTF-16 code unit above 0x7f (the same test as jose's /[^\x00-\x7f]/).
const NON_ASCII = /[\u0080-\uffff]/;

/**
 * `urn:ietf:params:oauth:jwk-thumbprint:sha-256:<thumbprint>` of an EC or OKP public key, or
 * undefined when the JWK lacks the members RFC 7638 §3.2 requires (or is of another type).
 */
export function jwkThumbprintUri(jwk: JWK): string | undefined {
  // RFC 7638 §3.2–3.3: the required members only, in lexicographic order, no whitespace.
  let canonical: string;
  if (jwk.kty === 'EC' && nonEmpty(jwk.crv) && nonEmpty(jwk.x) && nonEmpty(jwk.y)) {
    canonical = JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y });
  } else if (jwk.kty === 'OKP' && nonEmpty(jwk.crv) && nonEmpty(jwk.x)) {
    canonical = JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x });
  } else {
    return undefined;
  }
  if (NON_ASCII.test(canonical)) return undefined;
  return JWK_THUMBPRINT_URI_PREFIX + hash('sha256', canonical, 'base64url');
}
