// did:web for the test peer. Credo's own WebDidResolver (web-did-resolver) always fetches over
// https, but the project's test servers listen on http://localhost:<port>. This resolver follows
// the did:web "Read (Resolve)" steps and uses http only for loopback hosts; every other host is
// https, exactly as the method requires.
import { DidDocument, JsonTransformer, type AgentContext, type DidResolutionResult, type DidResolver, type ParsedDid } from '@credo-ts/core';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** `did:web:localhost%3A4000:orgs:RX1` → `http://localhost:4000/orgs/RX1/did.json`. */
export function didWebUrl(did: string): URL {
  const parts = did.split('#')[0]!.split('?')[0]!.split(':');
  if (parts[0] !== 'did' || parts[1] !== 'web' || parts.length < 3) throw new Error(`not a did:web: ${did}`);
  const host = decodeURIComponent(parts[2]!);
  const hostname = host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.split(':')[0]!;
  const scheme = LOOPBACK.has(hostname) ? 'http' : 'https';
  const segments = parts.slice(3).map(decodeURIComponent);
  const pathname = segments.length ? `/${segments.join('/')}/did.json` : '/.well-known/did.json';
  return new URL(`${scheme}://${host}${pathname}`);
}

export class LoopbackHttpWebDidResolver implements DidResolver {
  readonly supportedMethods = ['web'];
  // Never cache: tests rotate keys and restart servers on new ports.
  readonly allowsCaching = false;
  readonly allowsLocalDidRecord = true;

  async resolve(_agentContext: AgentContext, did: string, _parsed: ParsedDid): Promise<DidResolutionResult> {
    try {
      const url = didWebUrl(did);
      const response = await fetch(url, { headers: { accept: 'application/did+ld+json, application/did+json, application/json' } });
      if (!response.ok) {
        return { didDocument: null, didDocumentMetadata: {}, didResolutionMetadata: { error: 'notFound', message: `GET ${url.href}: ${response.status}` } };
      }
      const json = (await response.json()) as { id?: unknown };
      if (json.id !== did) {
        return { didDocument: null, didDocumentMetadata: {}, didResolutionMetadata: { error: 'invalidDid', message: `document id ${String(json.id)} is not ${did}` } };
      }
      return {
        didDocument: JsonTransformer.fromJSON(json, DidDocument),
        didDocumentMetadata: {},
        didResolutionMetadata: { contentType: response.headers.get('content-type') ?? 'application/did+json' },
      };
    } catch (error) {
      return { didDocument: null, didDocumentMetadata: {}, didResolutionMetadata: { error: 'notFound', message: `did:web ${did}: ${String(error)}` } };
    }
  }
}
