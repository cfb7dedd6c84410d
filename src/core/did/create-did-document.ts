// The DID document of an organisation: its did:web DID and every credential-signing key it has
// had (architecture §4: "rotation keeps old keys resolvable").
//
// - `@context`: DID v1 plus JWS 2020, which defines `JsonWebKey2020` and `publicKeyJwk` (the form
//   of the did:web spec's own example). We publish JWKs rather than Multikey because every
//   verifier here (jose, oid4vc-ts, Credo) takes a JWK, and P-256 as Multikey is a compressed
//   point a verifier would have to decompress.
// - `verificationMethod`: one per key, active and retired, id `${did}#${kid}` with kid the
//   RFC 7638 thumbprint; ids are absolute, as did:web §"Key Material and Document Handling"
//   requires. Public members only: a private member in the input is a programming error.
// - `assertionMethod`: every key, retired ones included. DID Core §5.3.2: assertionMethod is how
//   "the DID subject is expected to express claims, such as for the purposes of issuing a
//   Verifiable Credential", so verifiers look a credential's signing key up there (did-jwt and
//   Credo both do, and our resolver does by default). A credential signed before a
//   rotation stays valid until it expires or is revoked, so its key must stay an assertion key;
//   retiring a key stops it signing (key management), not verifying. A key that is compromised
//   must instead be removed from the document altogether (not built yet).
// - `authentication`: the active key only. DID Core §5.3.1: authentication proves control of the
//   DID now (e.g. signing an OpenID4VP request object under a `decentralized_identifier:` client
//   id), which a retired key must no longer do.
import { DID_V1_CONTEXT, JWS_2020_CONTEXT, type DidDocument, type VerificationMethod } from './did-document.ts';
import { hasPrivateMembers } from './public-jwk.ts';
import { parseDid, verificationMethodId } from './parse-did-url.ts';

export interface DidDocumentKey {
  /** The RFC 7638 thumbprint; becomes the fragment of the verification method id. */
  kid: string;
  /** The public JWK (its `kty`, `crv`, `x`, `y`, and optionally `alg`, `use`, `kid` are published). */
  publicJwk: Readonly<Record<string, unknown>>;
  /** Whether the key still signs; only active keys are listed under `authentication`. */
  active: boolean;
}

const PUBLISHED_MEMBERS = ['kty', 'crv', 'x', 'y', 'alg', 'use', 'kid'] as const;
const KID = /^[A-Za-z0-9_-]+$/;

export function createOrganisationDidDocument(did: string, keys: readonly DidDocumentKey[]): DidDocument {
  if (!parseDid(did)) throw new TypeError('createOrganisationDidDocument: not a DID');
  const methods: VerificationMethod[] = keys.map((key) => {
    if (!KID.test(key.kid)) throw new TypeError('createOrganisationDidDocument: kid must be base64url');
    if (hasPrivateMembers(key.publicJwk)) throw new TypeError(`createOrganisationDidDocument: key ${key.kid} has private members`);
    const publicKeyJwk: Record<string, unknown> = {};
    for (const m of PUBLISHED_MEMBERS) if (key.publicJwk[m] !== undefined) publicKeyJwk[m] = key.publicJwk[m];
    return { id: verificationMethodId(did, key.kid), type: 'JsonWebKey2020', controller: did, publicKeyJwk };
  });
  const ids = methods.map((m) => m.id);
  if (new Set(ids).size !== ids.length) throw new TypeError('createOrganisationDidDocument: duplicate kid');
  return {
    '@context': [DID_V1_CONTEXT, JWS_2020_CONTEXT],
    id: did,
    verificationMethod: methods,
    assertionMethod: ids,
    authentication: keys.filter((k) => k.active).map((k) => verificationMethodId(did, k.kid)),
  };
}
