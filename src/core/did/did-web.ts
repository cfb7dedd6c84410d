// did:web (W3C CCG did:web Method Specification, 2024 CG draft): DIDs from URLs and back.
//
// - §"Method-specific identifier": a domain name, a port whose colon "MUST be percent encoded"
//   (`%3A`), and optional path segments "delimited by colons rather than slashes".
// - §"Read (Resolve)": replace ":" with "/", percent-decode the port colon, prepend https://,
//   append /.well-known when there is no path, then /did.json.
//
// One deliberate deviation for local development: `localhost` and `127.0.0.1` map to http, since
// nothing there can hold a certificate; every other host maps to https. The spec also says the
// identifier "MUST NOT include IP addresses"; we refuse every IP address but 127.0.0.1.
import { didFailure, type DidFailure } from './did-failure.ts';
import { parseDid } from './parse-did-url.ts';

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1']);
const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;
// RFC 1123 §2.1 host names: dot-separated labels of letters, digits and inner hyphens.
const HOSTNAME = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/;
const ODS_CODE = /^[A-Z0-9]{3,10}$/;

export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname.toLowerCase());
}

/** Percent-encodes everything outside DID Core's idchar set (ALPHA / DIGIT / "." / "-" / "_"). */
function encodeSegment(segment: string): string {
  return Array.from(new TextEncoder().encode(segment), (b) => {
    const c = String.fromCharCode(b);
    return /[A-Za-z0-9._-]/.test(c) ? c : `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }).join('');
}

/**
 * The did:web DID of a web location: `https://example.com:3000/orgs/RZX` →
 * `did:web:example.com%3A3000:orgs:RZX`. Throws TypeError for a URL that cannot be one
 * (programmer or configuration error: the caller passes our own public URL).
 */
export function didWebFromUrl(url: string | URL): string {
  const u = new URL(url);
  if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new TypeError('did:web needs an http(s) URL');
  if (u.search || u.hash || u.username || u.password) throw new TypeError('did:web URL must not carry a query, fragment or credentials');
  const host = u.hostname;
  if (!HOSTNAME.test(host) || (IPV4.test(host) && !isLoopbackHost(host))) {
    throw new TypeError(`did:web needs a domain name, not ${host} (did:web §"Method-specific identifier")`);
  }
  const segments = u.pathname
    .split('/')
    .filter((s) => s !== '')
    .map((s) => {
      const decoded = decodeURIComponent(s);
      if (decoded === '.' || decoded === '..') throw new TypeError('did:web path segments cannot be . or ..');
      return encodeSegment(decoded);
    });
  return ['did:web', u.port ? `${host}%3A${u.port}` : host, ...segments].join(':');
}

/**
 * The DID of an organisation (architecture §5): `did:web:{host%3Aport}:orgs:{ods}`, whose
 * document is served at `{publicUrl}/orgs/{ods}/did.json`.
 */
export function organisationDid(publicUrl: string, odsCode: string): string {
  if (!ODS_CODE.test(odsCode)) throw new TypeError('organisationDid: ODS code must be 3–10 upper-case letters and digits');
  return didWebFromUrl(`${publicUrl.replace(/\/+$/, '')}/orgs/${odsCode}`);
}

/** The ODS code of one of our organisations' DIDs under `publicUrl`, or undefined for any other DID. */
export function organisationOdsFromDid(publicUrl: string, did: string): string | undefined {
  const prefix = `${didWebFromUrl(publicUrl)}:orgs:`;
  if (!did.startsWith(prefix)) return undefined;
  const ods = did.slice(prefix.length);
  return ODS_CODE.test(ods) ? ods : undefined;
}

/** did:web §"Read (Resolve)": the URL of a did:web DID's document, and whether it is a loopback host. */
export function didWebDocumentUrl(did: string): { url: URL; loopback: boolean } | { failure: DidFailure } {
  const parsed = parseDid(did);
  if (!parsed || parsed.method !== 'web') return didFailure('invalidDid', 'not a did:web DID');
  const [authority, ...path] = parsed.methodSpecificId.split(':');
  // The only percent-encoding allowed in the authority is the port's colon.
  const m = /^([A-Za-z0-9.-]+)(?:%3[Aa](\d{1,5}))?$/.exec(authority ?? '');
  if (!m) return didFailure('invalidDid', 'malformed did:web domain');
  const host = m[1]!.toLowerCase();
  const port = m[2];
  if (!HOSTNAME.test(host)) return didFailure('invalidDid', 'malformed did:web domain');
  if (IPV4.test(host) && !isLoopbackHost(host)) return didFailure('invalidDid', 'did:web must not name an IP address');
  if (port !== undefined && (Number(port) < 1 || Number(port) > 65535)) return didFailure('invalidDid', 'did:web port out of range');
  const segments: string[] = [];
  for (const s of path) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(s);
    } catch {
      return didFailure('invalidDid', 'malformed percent-encoding');
    }
    if (decoded === '' || decoded === '.' || decoded === '..') return didFailure('invalidDid', 'empty, . or .. path segment');
    segments.push(encodeURIComponent(decoded));
  }
  const loopback = isLoopbackHost(host);
  const origin = `${loopback ? 'http' : 'https'}://${host}${port ? `:${port}` : ''}`;
  const pathname = segments.length ? `/${segments.join('/')}/did.json` : '/.well-known/did.json';
  return { url: new URL(`${origin}${pathname}`), loopback };
}
