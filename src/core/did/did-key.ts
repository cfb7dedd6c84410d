// did:key (W3C CCG did:key Method v0.7): the DID is `did:key:` + multibase(base58btc,
// multicodec(public key)); its one verification method is `did#<that same value>`.
//
// Decoding goes through key-did-resolver (DEPENDENCIES.md: "use"), which validates the point
// (P-256 decompression, Ed25519 via @noble/curves). We check the multicodec prefix ourselves first
// so that only the two key types DSP accepts get that far, and normalise what it returns:
// - Ed25519 comes back as `Ed25519VerificationKey2018` with `publicKeyBase58`; we turn it into a JWK.
// - P-256 x/y come back without leading zero bytes (it encodes the coordinates as minimal
//   big-endian numbers), about one key in 128; we pad them back to 32 bytes (RFC 7518 §6.2.1.2).
import { Resolver } from 'did-resolver';
import { getResolver as getKeyDidResolver } from 'key-did-resolver';
import { base58btcEncode, base64UrlDecode } from './encoding.ts';
import { DID_V1_CONTEXT, JWS_2020_CONTEXT, decodeMulticodecKey, keyOfVerificationMethod, type DidDocument } from './did-document.ts';
import { didFailure, type DidFailure } from './did-failure.ts';
import { parseDid } from './parse-did-url.ts';
import { toPublicKeyJwk, type PublicKeyJwk } from './public-jwk.ts';

/** The did:key of a public key: Ed25519 (`z6Mk…`) or P-256, compressed (`zDn…`, did:key §"P-256"). */
export function didKeyFromPublicJwk(jwk: PublicKeyJwk): string {
  const key = toPublicKeyJwk(jwk);
  if ('failure' in key) throw new TypeError(`didKeyFromPublicJwk: ${key.failure.detail ?? key.failure.code}`);
  const x = base64UrlDecode(key.jwk.x)!;
  let bytes: Uint8Array;
  if (key.jwk.kty === 'OKP') {
    bytes = Uint8Array.from([0xed, 0x01, ...x]);
  } else {
    // SEC 1 §2.3.3 compressed point: 0x02 for an even y, 0x03 for an odd one.
    const y = base64UrlDecode(key.jwk.y)!;
    bytes = Uint8Array.from([0x80, 0x24, (y[31]! & 1) === 1 ? 0x03 : 0x02, ...x]);
  }
  return `did:key:z${base58btcEncode(bytes)}`;
}

/** did:key §Read: the document of a did:key of an Ed25519 or P-256 key, its key as a JWK. */
export async function resolveDidKey(did: string): Promise<{ document: DidDocument } | { failure: DidFailure }> {
  const parsed = parseDid(did);
  if (!parsed || parsed.method !== 'key') return didFailure('invalidDid', 'not a did:key DID');
  const decoded = decodeMulticodecKey(parsed.methodSpecificId);
  if ('failure' in decoded) return decoded;
  const result = await new Resolver(getKeyDidResolver()).resolve(did);
  const vm = result.didDocument?.verificationMethod?.[0];
  if (result.didResolutionMetadata.error || !vm) return didFailure('invalidDid', String(result.didResolutionMetadata.error ?? 'no key'));
  const id = `${did}#${parsed.methodSpecificId}`;
  const key = keyOfVerificationMethod({ ...vm, id, controller: did }, did);
  if ('failure' in key) return key;
  const checked = toPublicKeyJwk(key.jwk);
  if ('failure' in checked) return checked;
  return {
    document: {
      '@context': [DID_V1_CONTEXT, JWS_2020_CONTEXT],
      id: did,
      verificationMethod: [{ id, type: 'JsonWebKey2020', controller: did, publicKeyJwk: { ...checked.jwk } }],
      assertionMethod: [id],
      authentication: [id],
      capabilityInvocation: [id],
      capabilityDelegation: [id],
    },
  };
}
