// did:jwk (did:jwk Method Specification, github.com/quartzjer/did-jwk spec.md): the DID is
// `did:jwk:` + base64url(UTF-8 JSON of a public JWK); its document has one verification method
// `#0`, listed under every relationship unless the JWK's `use` says otherwise.
import { base64UrlDecode, base64UrlEncode, utf8Decode, utf8Encode } from './encoding.ts';
import { DID_V1_CONTEXT, JWS_2020_CONTEXT, type DidDocument } from './did-document.ts';
import { didFailure, type DidFailure } from './did-failure.ts';
import { parseDid } from './parse-did-url.ts';
import { hasPrivateMembers, toPublicKeyJwk, type PublicKeyJwk } from './public-jwk.ts';

/** did:jwk §"To create the DID URL": the fragment is always `0`. */
export const DID_JWK_FRAGMENT = '0';

/**
 * The did:jwk of a public key, members in lexicographic order (did:jwk §Create allows any
 * serialisation and suggests JCS, RFC 8785; for these members it is this order).
 */
export function didJwkFromPublicJwk(jwk: PublicKeyJwk): string {
  const key = toPublicKeyJwk(jwk);
  if ('failure' in key) throw new TypeError(`didJwkFromPublicJwk: ${key.failure.detail ?? key.failure.code}`);
  const members = key.jwk.kty === 'EC' ? { crv: key.jwk.crv, kty: key.jwk.kty, x: key.jwk.x, y: key.jwk.y } : { crv: key.jwk.crv, kty: key.jwk.kty, x: key.jwk.x };
  return `did:jwk:${base64UrlEncode(utf8Encode(JSON.stringify(members)))}`;
}

/** did:jwk §Read: decode, parse, validate, and build the document. */
export function resolveDidJwk(did: string): { document: DidDocument } | { failure: DidFailure } {
  const parsed = parseDid(did);
  if (!parsed || parsed.method !== 'jwk') return didFailure('invalidDid', 'not a did:jwk DID');
  const bytes = base64UrlDecode(parsed.methodSpecificId);
  const text = bytes && utf8Decode(bytes);
  if (text === undefined) return didFailure('invalidDid', 'did:jwk value is not base64url UTF-8');
  let jwk: unknown;
  try {
    jwk = JSON.parse(text);
  } catch {
    return didFailure('invalidDid', 'did:jwk value is not JSON');
  }
  if (typeof jwk !== 'object' || jwk === null || Array.isArray(jwk)) return didFailure('invalidDid', 'did:jwk value is not a JWK');
  // did:jwk §Security: private keys "must be rejected by all implementations when encountered".
  if (hasPrivateMembers(jwk as Record<string, unknown>)) return didFailure('invalidDid', 'did:jwk carries private key material');
  const id = `${did}#${DID_JWK_FRAGMENT}`;
  const use = (jwk as Record<string, unknown>).use;
  // did:jwk §"To create the DID Document": use "enc" → keyAgreement only; "sig" → no keyAgreement.
  const signing = use === undefined || use === 'sig';
  return {
    document: {
      '@context': [DID_V1_CONTEXT, JWS_2020_CONTEXT],
      id: did,
      verificationMethod: [{ id, type: 'JsonWebKey2020', controller: did, publicKeyJwk: jwk as Record<string, unknown> }],
      ...(signing ? { assertionMethod: [id], authentication: [id], capabilityInvocation: [id], capabilityDelegation: [id] } : {}),
      ...(use === 'sig' ? {} : { keyAgreement: [id] }),
    },
  };
}
