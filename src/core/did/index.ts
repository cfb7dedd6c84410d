// DIDs: our organisations' did:web DIDs and documents, and resolution of did:web, did:jwk and
// did:key to public keys for verifiers and wallets. Pure: the did:web fetch and the clock are
// the caller's.
export { DID_FAILURE_CODES, type DidFailure, type DidFailureCode } from './did-failure.ts';
export { parseDid, parseDidUrl, verificationMethodId, type ParsedDidUrl } from './parse-did-url.ts';
export { didWebDocumentUrl, didWebFromUrl, isLoopbackHost, organisationDid, organisationOdsFromDid } from './did-web.ts';
export {
  DID_V1_CONTEXT,
  JWS_2020_CONTEXT,
  findVerificationMethod,
  keyOfVerificationMethod,
  verificationMethodsFor,
  zDidDocument,
  zVerificationMethod,
  type DidDocument,
  type ResolvedKey,
  type VerificationMethod,
  type VerificationRelationship,
} from './did-document.ts';
export { createOrganisationDidDocument, type DidDocumentKey } from './create-did-document.ts';
export { DID_JWK_FRAGMENT, didJwkFromPublicJwk, resolveDidJwk } from './did-jwk.ts';
export { didKeyFromPublicJwk, resolveDidKey } from './did-key.ts';
export { toPublicKeyJwk, type KeyAlgorithm, type PublicKeyJwk } from './public-jwk.ts';
export { createDidResolver, issuerKeyResolver, type DidFetch, type DidResolver, type DidResolverOptions, type KeyResolution } from './resolve-did.ts';
