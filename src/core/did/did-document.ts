// DID documents (W3C DID Core 1.0 §5): the schema we parse documents from other parties with,
// and the rules for finding the key a DID URL names. Parsing is loose where DID Core lets
// documents carry more than we use (unknown members are ignored, §5), strict on what we rely on.
import { z } from 'zod';
import { base58btcDecode, base64UrlEncode } from './encoding.ts';
import { didFailure, type DidFailure } from './did-failure.ts';
import { padCoordinate, toPublicKeyJwk, type KeyAlgorithm, type PublicKeyJwk } from './public-jwk.ts';

/** The JSON-LD context of DID documents (DID Core §4.1). */
export const DID_V1_CONTEXT = 'https://www.w3.org/ns/did/v1';
/** Defines the `JsonWebKey2020` verification method type and `publicKeyJwk`. */
export const JWS_2020_CONTEXT = 'https://w3id.org/security/suites/jws-2020/v1';

/** The verification relationships a signature key can be listed under (DID Core §5.3). */
export type VerificationRelationship = 'assertionMethod' | 'authentication';

export const zVerificationMethod = z.looseObject({
  id: z.string().min(1),
  type: z.string().min(1),
  controller: z.string().min(1),
  publicKeyJwk: z.record(z.string(), z.unknown()).optional(),
  publicKeyMultibase: z.string().optional(),
  publicKeyBase58: z.string().optional(),
});
export type VerificationMethod = z.infer<typeof zVerificationMethod>;

const zRelationship = z.array(z.union([z.string().min(1), zVerificationMethod])).optional();

export const zDidDocument = z.looseObject({
  '@context': z.union([z.string(), z.array(z.union([z.string(), z.record(z.string(), z.unknown())]))]).optional(),
  id: z.string().min(1),
  verificationMethod: z.array(zVerificationMethod).optional(),
  assertionMethod: zRelationship,
  authentication: zRelationship,
});
export type DidDocument = z.infer<typeof zDidDocument>;

/** A key a DID URL resolved to: the absolute verification method id, its public JWK and algorithm. */
export interface ResolvedKey {
  /** The verification method's DID URL (`did#fragment`). */
  id: string;
  did: string;
  jwk: PublicKeyJwk;
  alg: KeyAlgorithm;
}

/** A DID URL in a document made absolute against the document's DID (DID Core §3.2.2). */
function absolute(did: string, ref: string): string {
  return ref.startsWith('#') ? `${did}${ref}` : ref;
}

/**
 * The verification methods of `did` listed under `relationship`, references resolved against
 * `verificationMethod`. Only methods whose id is a DID URL of this DID count: a document cannot
 * lend its subject another DID's key (the key-confusion attack did:web §"Key Material and
 * Document Handling" warns of).
 */
export function verificationMethodsFor(document: DidDocument, did: string, relationship: VerificationRelationship): VerificationMethod[] {
  const own = (id: string) => id.startsWith(`${did}#`);
  const declared = new Map<string, VerificationMethod>();
  for (const vm of document.verificationMethod ?? []) {
    const id = absolute(did, vm.id);
    if (own(id) && !declared.has(id)) declared.set(id, { ...vm, id });
  }
  const out: VerificationMethod[] = [];
  const seen = new Set<string>();
  for (const entry of document[relationship] ?? []) {
    const vm = typeof entry === 'string' ? declared.get(absolute(did, entry)) : { ...entry, id: absolute(did, entry.id) };
    if (vm && own(vm.id) && !seen.has(vm.id)) {
      seen.add(vm.id);
      out.push(vm);
    }
  }
  return out;
}

/**
 * The verification method a DID URL names under `relationship`. A bare DID names the DID's only
 * key for that relationship (as did:jwk and did:key have); with several it is ambiguous.
 */
export function findVerificationMethod(
  document: DidDocument,
  did: string,
  fragment: string | undefined,
  relationship: VerificationRelationship,
): { method: VerificationMethod } | { failure: DidFailure } {
  const methods = verificationMethodsFor(document, did, relationship);
  if (fragment === undefined) {
    if (methods.length === 1) return { method: methods[0]! };
    return methods.length === 0
      ? didFailure('verificationMethodNotFound', `no ${relationship} key`)
      : didFailure('invalidDidUrl', `${methods.length} ${relationship} keys: name one with a fragment`);
  }
  const id = `${did}#${fragment}`;
  const method = methods.find((m) => m.id === id);
  return method ? { method } : didFailure('verificationMethodNotFound', `${id} is not an ${relationship} key`);
}

// Multicodec prefixes (varint) of the public keys we accept in multibase form
// (multiformats/multicodec table: ed25519-pub 0xed, p256-pub 0x1200).
const ED25519_PUB = [0xed, 0x01] as const;
const P256_PUB = [0x80, 0x24] as const;

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.every((b, i) => bytes[i] === b);
}

/** The multicodec key in a multibase (base58btc, `z`) value, e.g. a did:key identifier. */
export function decodeMulticodecKey(multibase: string): { kind: 'Ed25519'; key: Uint8Array } | { kind: 'P-256'; key: Uint8Array } | { failure: DidFailure } {
  if (!multibase.startsWith('z')) return didFailure('unsupportedKey', 'multibase other than base58btc');
  const bytes = base58btcDecode(multibase.slice(1));
  if (!bytes) return didFailure('invalidDid', 'not base58btc');
  if (startsWith(bytes, ED25519_PUB) && bytes.length === 34) return { kind: 'Ed25519', key: bytes.slice(2) };
  // did:key §"P-256": the 33-byte compressed point (SEC 1 §2.3.3).
  if (startsWith(bytes, P256_PUB) && bytes.length === 35 && (bytes[2] === 0x02 || bytes[2] === 0x03)) return { kind: 'P-256', key: bytes.slice(2) };
  return didFailure('unsupportedKey', 'not an Ed25519 or compressed P-256 public key');
}

/**
 * The public key of a verification method. JsonWebKey2020 / JsonWebKey carry a JWK; the older
 * Ed25519 types carry raw bytes (base58 or multibase). A P-256 key in multibase form is not read
 * here (it needs point decompression): did:key resolution handles those.
 */
export function keyOfVerificationMethod(method: VerificationMethod, did: string): ResolvedKey | { failure: DidFailure } {
  let jwkInput: unknown;
  if (method.publicKeyJwk !== undefined) {
    const jwk = { ...method.publicKeyJwk };
    // Some encoders drop leading zero bytes of EC coordinates; put them back before the strict check.
    if (jwk.kty === 'EC' && jwk.crv === 'P-256') {
      for (const c of ['x', 'y'] as const) if (typeof jwk[c] === 'string') jwk[c] = padCoordinate(jwk[c], 32) ?? jwk[c];
    }
    jwkInput = jwk;
  } else if (method.publicKeyBase58 !== undefined && method.type === 'Ed25519VerificationKey2018') {
    const bytes = base58btcDecode(method.publicKeyBase58);
    if (!bytes || bytes.length !== 32) return didFailure('unsupportedKey', 'Ed25519 key must be 32 bytes');
    jwkInput = { kty: 'OKP', crv: 'Ed25519', x: base64UrlEncode(bytes) };
  } else if (method.publicKeyMultibase !== undefined) {
    const decoded = decodeMulticodecKey(method.publicKeyMultibase);
    if ('failure' in decoded) return decoded;
    if (decoded.kind !== 'Ed25519') return didFailure('unsupportedKey', 'P-256 multibase keys are resolved as did:key only');
    jwkInput = { kty: 'OKP', crv: 'Ed25519', x: base64UrlEncode(decoded.key) };
  } else {
    return didFailure('unsupportedKey', `verification method type ${method.type} without a key we read`);
  }
  const key = toPublicKeyJwk(jwkInput);
  if ('failure' in key) return key;
  return { id: method.id, did, jwk: key.jwk, alg: key.alg };
}
