// DID resolution for verifiers and wallets: a DID URL in, a public key out (or why not).
//
// did:jwk and did:key are decoded locally; did:web is fetched with the `fetch` the caller hands
// in (so the core does no I/O, and tests and the browser wallet bring their own), checked, and
// cached for a short time by the caller's clock. Our own organisations' documents can be served
// from `local` instead of over HTTP.
//
// Steps of resolveKey: parse the DID URL → resolve the DID document → find the verification
// method under the relationship asked for → read its key. A cached did:web document that lacks
// the key asked for is fetched again (at most once per `refetchAfterMissMs`), so a verifier
// learns of a rotation without waiting for the cache to expire, and forged kids cannot make us
// fetch an issuer's document more often than that.
import { didWebDocumentUrl } from './did-web.ts';
import { didFailure, type DidFailure } from './did-failure.ts';
import { findVerificationMethod, keyOfVerificationMethod, verificationMethodsFor, zDidDocument, type DidDocument, type ResolvedKey, type VerificationRelationship } from './did-document.ts';
import { resolveDidJwk } from './did-jwk.ts';
import { resolveDidKey } from './did-key.ts';
import { parseDid, parseDidUrl } from './parse-did-url.ts';
import type { PublicKeyJwk } from './public-jwk.ts';

/** The part of WHATWG fetch we use; global `fetch` fits it. Apply a timeout in the function you pass. */
export type DidFetch = (
  url: string,
  init: { headers: Record<string, string>; redirect: 'error'; signal?: AbortSignal },
) => Promise<{ status: number; headers: { get(name: string): string | null }; text(): Promise<string> }>;

export interface DidResolverOptions {
  fetch: DidFetch;
  clock: { now(): Date };
  /** How long a fetched did:web document is used (default 300 s, our documents' max-age). */
  cacheTtlMs?: number;
  /** A cached document that lacks a key asked for is fetched again if older than this (default 30 s). */
  refetchAfterMissMs?: number;
  /** Most did:web documents kept (default 1000; the oldest goes first). */
  maxCacheEntries?: number;
  /** Largest did:web document accepted, in bytes (default 64 KiB). */
  maxDocumentBytes?: number;
  /**
   * Whether `did:web:localhost…` / `127.0.0.1` DIDs are resolved, over http (default false).
   * Allow it for local development only: in production it would let a presented credential
   * make the server fetch from its own loopback interface.
   */
  allowLoopback?: boolean;
  /**
   * Documents this deployment serves itself (our organisations'), read without HTTP. Answer
   * 'notFound' for a DID of ours that has no document, and undefined for a DID that is not ours
   * (the resolver then fetches it as usual).
   */
  local?: (did: string) => Promise<DidDocument | 'notFound' | undefined>;
}

export type KeyResolution = ResolvedKey | { failure: DidFailure };

export interface DidResolver {
  /** The DID document of a DID (no fragment). */
  resolveDid(did: string): Promise<{ document: DidDocument } | { failure: DidFailure }>;
  /**
   * The key a DID URL names (`did#fragment`, or a bare DID with exactly one such key), listed
   * under `relationship` (default `assertionMethod`: keys that sign credentials).
   */
  resolveKey(didUrl: string, options?: { relationship?: VerificationRelationship }): Promise<KeyResolution>;
  /** Every usable key of a DID under `relationship`; keys of types we do not read are left out. */
  resolveKeys(did: string, options?: { relationship?: VerificationRelationship }): Promise<{ keys: ResolvedKey[] } | { failure: DidFailure }>;
}

type DocumentResult = { document: DidDocument } | { failure: DidFailure };

const ACCEPT = 'application/did+ld+json, application/did+json, application/json;q=0.9';

export function createDidResolver(options: DidResolverOptions): DidResolver {
  const ttl = options.cacheTtlMs ?? 300_000;
  const refetchAfterMiss = options.refetchAfterMissMs ?? 30_000;
  const maxEntries = options.maxCacheEntries ?? 1000;
  const maxBytes = options.maxDocumentBytes ?? 65_536;
  const cache = new Map<string, { fetchedAt: number; result: Promise<DocumentResult> }>();
  const now = () => options.clock.now().getTime();

  async function fetchDidWeb(did: string): Promise<DocumentResult> {
    const target = didWebDocumentUrl(did);
    if ('failure' in target) return target;
    if (target.loopback && !options.allowLoopback) return didFailure('notAllowed', 'loopback did:web is not resolved here');
    let text: string;
    try {
      const response = await options.fetch(target.url.toString(), { headers: { accept: ACCEPT }, redirect: 'error' });
      if (response.status === 404 || response.status === 410) return didFailure('notFound', `HTTP ${response.status}`);
      if (response.status < 200 || response.status > 299) return didFailure('fetchFailed', `HTTP ${response.status}`);
      const length = Number(response.headers.get('content-length') ?? '0');
      if (length > maxBytes) return didFailure('fetchFailed', 'document too large');
      text = await response.text();
    } catch (error) {
      return didFailure('fetchFailed', error instanceof Error ? error.name : 'fetch failed');
    }
    if (new TextEncoder().encode(text).length > maxBytes) return didFailure('fetchFailed', 'document too large');
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return didFailure('invalidDidDocument', 'not JSON');
    }
    const parsed = zDidDocument.safeParse(json);
    if (!parsed.success) return didFailure('invalidDidDocument', 'not a DID document');
    // DID Core §5.1.1 / did:web: the document is that of the DID resolved, or it is refused
    // (a server answering for one DID with another's document).
    if (parsed.data.id !== did) return didFailure('invalidDidDocument', 'document id is not the DID resolved');
    return { document: parsed.data };
  }

  function cachedDidWeb(did: string, refresh: boolean): Promise<DocumentResult> {
    const hit = cache.get(did);
    if (hit && !refresh && now() - hit.fetchedAt < ttl) return hit.result;
    cache.delete(did);
    const result = fetchDidWeb(did).then((r) => {
      // Only documents are cached; a failure is tried again next time.
      if ('failure' in r && cache.get(did)?.result === result) cache.delete(did);
      return r;
    });
    cache.set(did, { fetchedAt: now(), result });
    while (cache.size > maxEntries) cache.delete(cache.keys().next().value!);
    return result;
  }

  async function resolveDocument(did: string, refresh = false): Promise<DocumentResult> {
    const parsed = parseDid(did);
    if (!parsed) return didFailure('invalidDid', 'not a DID');
    switch (parsed.method) {
      case 'jwk':
        return resolveDidJwk(did);
      case 'key':
        return resolveDidKey(did);
      case 'web': {
        const document = options.local ? await options.local(did) : undefined;
        if (document === 'notFound') return didFailure('notFound', 'no such organisation here');
        return document ? { document } : cachedDidWeb(did, refresh);
      }
      default:
        return didFailure('methodNotSupported', `did:${parsed.method}`);
    }
  }

  function keyIn(document: DidDocument, did: string, fragment: string | undefined, relationship: VerificationRelationship): KeyResolution {
    const found = findVerificationMethod(document, did, fragment, relationship);
    if ('failure' in found) return found;
    return keyOfVerificationMethod(found.method, did);
  }

  async function resolveDid(did: string): Promise<DocumentResult> {
    const parsed = parseDidUrl(did);
    if ('failure' in parsed) return parsed;
    if (parsed.fragment !== undefined) return didFailure('invalidDid', 'a DID, not a DID URL');
    return resolveDocument(parsed.did);
  }

  return {
    resolveDid,

    async resolveKey(didUrl, { relationship = 'assertionMethod' } = {}) {
      const parsed = parseDidUrl(didUrl);
      if ('failure' in parsed) return parsed;
      const resolved = await resolveDocument(parsed.did);
      if ('failure' in resolved) return resolved;
      const key = keyIn(resolved.document, parsed.did, parsed.fragment, relationship);
      if (!('failure' in key) || key.failure.code !== 'verificationMethodNotFound' || parsed.method !== 'web') return key;
      const entry = cache.get(parsed.did);
      if (!entry || now() - entry.fetchedAt < refetchAfterMiss) return key;
      const again = await cachedDidWeb(parsed.did, true);
      return 'failure' in again ? again : keyIn(again.document, parsed.did, parsed.fragment, relationship);
    },

    async resolveKeys(did, { relationship = 'assertionMethod' } = {}) {
      const resolved = await resolveDid(did);
      if ('failure' in resolved) return resolved;
      const keys: ResolvedKey[] = [];
      for (const method of verificationMethodsFor(resolved.document, did, relationship)) {
        const key = keyOfVerificationMethod(method, did);
        if (!('failure' in key)) keys.push(key);
      }
      return { keys };
    },
  };
}

/**
 * Adapts a resolver to the credential verifiers' issuer-key callback
 * (`ResolveIssuerKey` in src/core/credentials/formats/verification.ts): the key `kid` names,
 * listed under assertionMethod of the issuer's DID, for the algorithm the JWS header declares.
 * Returns undefined when it cannot be established (the verifier then fails `issuerKey`);
 * `onFailure` hears why, for logging.
 */
export function issuerKeyResolver(
  resolver: DidResolver,
  onFailure?: (failure: DidFailure, input: { issuer: string; kid: string }) => void,
): (input: { issuer: string; kid: string; alg: string }) => Promise<PublicKeyJwk | undefined> {
  return async ({ issuer, kid, alg }) => {
    if (!kid.startsWith(`${issuer}#`)) {
      onFailure?.({ code: 'invalidDidUrl', detail: 'kid is not a DID URL of the issuer' }, { issuer, kid });
      return undefined;
    }
    const key = await resolver.resolveKey(kid, { relationship: 'assertionMethod' });
    if ('failure' in key) {
      onFailure?.(key.failure, { issuer, kid });
      return undefined;
    }
    if (key.alg !== alg) {
      onFailure?.({ code: 'unsupportedKey', detail: `${alg} header on an ${key.alg} key` }, { issuer, kid });
      return undefined;
    }
    return key.jwk;
  };
}
