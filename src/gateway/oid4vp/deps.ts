// What the OpenID4VP verifier's routes need, handed over by the composition root.
import type { Clock } from '../../platform/clock.ts';
import type { KeyManagement } from '../../platform/key-management.ts';
import type { Database, Db } from '../../store/database.ts';

export interface Oid4vpVerifierDeps {
  database: Database;
  keys: KeyManagement<Db>;
  clock: Clock;
  /** config.http.publicUrl: client ids, request and response URIs derive from it. */
  publicUrl: string;
  /** did:web on loopback addresses for the credential verifier (development and tests only). */
  allowLoopback: boolean;
  /** How long a same-device response code stays usable (default 300 s). */
  responseCodeTtlSeconds?: number;
}
