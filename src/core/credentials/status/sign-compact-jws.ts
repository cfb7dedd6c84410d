// A compact JWS signed through the Signer seam (../formats/signer.ts): we build the JWS
// Signing Input ourselves — ASCII(BASE64URL(UTF8(header)) || '.' || BASE64URL(payload)),
// RFC 7515 §5.1 — and append the signature the signer returns (JOSE form, e.g. ES256 r||s,
// RFC 7518 §3.4). The private key stays behind the key-management port; jose supplies only
// the base64url encoding, because its sign functions need a key object.
import { base64url } from 'jose';
import type { IssuerSigner } from '../formats/signer.ts';

export async function signCompactJws(header: Record<string, unknown>, payload: Record<string, unknown>, signer: IssuerSigner): Promise<string> {
  if (header.alg !== signer.alg || header.kid !== signer.kid) throw new TypeError('JWS header alg and kid must be those of the signer');
  const signingInput = `${base64url.encode(JSON.stringify(header))}.${base64url.encode(JSON.stringify(payload))}`;
  const signature = await signer.sign(new TextEncoder().encode(signingInput));
  return `${signingInput}.${base64url.encode(signature)}`;
}
