// The DID resolver the server uses: the core resolver (src/core/did/resolve-did.ts) with the
// network (global fetch, with a timeout) and the clock plugged in, and our own organisations'
// documents read from the database instead of over HTTP.
import type { Clock } from '../../platform/clock.ts';
import type { KeyManagement } from '../../platform/key-management.ts';
import type { Db } from '../../store/database.ts';
import { organisationDidDocument } from '../../store/organisation-keys.ts';
import { createDidResolver, organisationOdsFromDid, type DidFetch, type DidResolver, type DidResolverOptions } from '../../core/did/index.ts';

export interface HttpDidResolverOptions {
  clock: Clock;
  /** Abort a did:web fetch after this long (default 5 s). */
  timeoutMs?: number;
  /** Resolve `did:web:localhost…` over http: for local development only (config.env !== 'production'). */
  allowLoopback?: boolean;
  cacheTtlMs?: number;
  /** When given, DIDs of our own organisations under `publicUrl` are answered from the database. */
  own?: { db: Db; keys: KeyManagement<Db>; publicUrl: string };
  /** Defaults to global fetch. */
  fetch?: DidFetch;
}

export function createHttpDidResolver(options: HttpDidResolverOptions): DidResolver {
  const timeoutMs = options.timeoutMs ?? 5000;
  const base: DidFetch = options.fetch ?? ((url, init) => fetch(url, init));
  const own = options.own;
  const resolverOptions: DidResolverOptions = {
    clock: options.clock,
    fetch: (url, init) => base(url, { ...init, signal: AbortSignal.timeout(timeoutMs) }),
    allowLoopback: options.allowLoopback ?? false,
    ...(options.cacheTtlMs === undefined ? {} : { cacheTtlMs: options.cacheTtlMs }),
  };
  if (own) {
    resolverOptions.local = async (did) => {
      const ods = organisationOdsFromDid(own.publicUrl, did);
      if (!ods) return undefined;
      return (await organisationDidDocument(own.db, own.keys, own.publicUrl, ods))?.document ?? 'notFound';
    };
  }
  return createDidResolver(resolverOptions);
}
