// Why a DID could not be resolved to a usable key: a closed set of codes to branch on (STYLE.md
// rule 7). Where W3C DID Resolution v0.3 §"DID Resolution Metadata" names an error, we use its
// name (`invalidDid`, `invalidDidUrl`, `methodNotSupported`, `notFound`); the others are ours.
export const DID_FAILURE_CODES = [
  /** Not a DID, or not a well-formed DID of its method. */
  'invalidDid',
  /** Not a DID URL we dereference (a path or query, or an ambiguous bare DID). */
  'invalidDidUrl',
  /** A DID method we do not resolve (we resolve did:web, did:jwk and did:key). */
  'methodNotSupported',
  /** The did:web document does not exist (HTTP 404 or 410). */
  'notFound',
  /** Resolving it is refused by policy (e.g. a loopback did:web where that is not allowed). */
  'notAllowed',
  /** The did:web document could not be fetched (network, HTTP status, too large). */
  'fetchFailed',
  /** The fetched document is not JSON, not a DID document, or is the document of another DID. */
  'invalidDidDocument',
  /** The document has no such verification method for the relationship asked for. */
  'verificationMethodNotFound',
  /** The verification method's key is not a public P-256 or Ed25519 signing key. */
  'unsupportedKey',
] as const;
export type DidFailureCode = (typeof DID_FAILURE_CODES)[number];

export interface DidFailure {
  code: DidFailureCode;
  /** For logs: identifiers and reasons only. */
  detail?: string;
}

export function didFailure(code: DidFailureCode, detail?: string): { failure: DidFailure } {
  return { failure: detail === undefined ? { code } : { code, detail } };
}
