// DID and DID URL syntax (W3C DID Core 1.0 §3.1 and §3.2), strict: we dereference only
// `did[#fragment]`. Paths and queries (services, versions) are refused rather than ignored, so
// a DID URL never silently means less than it says.
import { didFailure, type DidFailure } from './did-failure.ts';

// did = "did:" method-name ":" method-specific-id; idchar = ALPHA / DIGIT / "." / "-" / "_" / pct-encoded
const IDCHAR = '(?:[A-Za-z0-9._-]|%[0-9A-Fa-f]{2})';
const DID = new RegExp(`^did:([a-z0-9]+):((?:${IDCHAR}*:)*${IDCHAR}+)$`);
// RFC 3986 §3.5 fragment = *( pchar / "/" / "?" )
const FRAGMENT = /^(?:[A-Za-z0-9._~!$&'()*+,;=:@/?-]|%[0-9A-Fa-f]{2})*$/;

export interface ParsedDidUrl {
  /** The DID alone. */
  did: string;
  method: string;
  methodSpecificId: string;
  /** The fragment without its `#`, when there is one. */
  fragment?: string;
}

export function parseDid(did: string): { method: string; methodSpecificId: string } | undefined {
  const m = DID.exec(did);
  return m ? { method: m[1]!, methodSpecificId: m[2]! } : undefined;
}

export function parseDidUrl(didUrl: string): ParsedDidUrl | { failure: DidFailure } {
  if (typeof didUrl !== 'string' || !didUrl.startsWith('did:')) return didFailure('invalidDidUrl', 'not a DID URL');
  const hash = didUrl.indexOf('#');
  const did = hash === -1 ? didUrl : didUrl.slice(0, hash);
  const fragment = hash === -1 ? undefined : didUrl.slice(hash + 1);
  if (/[/?]/.test(did)) return didFailure('invalidDidUrl', 'DID URL paths and queries are not dereferenced');
  const parsed = parseDid(did);
  if (!parsed) return didFailure('invalidDid', 'not a DID');
  if (fragment !== undefined && (fragment === '' || !FRAGMENT.test(fragment))) return didFailure('invalidDidUrl', 'malformed fragment');
  return fragment === undefined ? { did, ...parsed } : { did, ...parsed, fragment };
}

/** The DID URL of a verification method: `did#fragment`. */
export function verificationMethodId(did: string, fragment: string): string {
  return `${did}#${fragment}`;
}
