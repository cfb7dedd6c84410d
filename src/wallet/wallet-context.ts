// What every holder operation works with: HTTP under the address policy, the key and credential
// stores, DID resolution, a clock and a source of ids. Built by createHolder (./holder.ts).
import type { DidResolver } from '../core/did/index.ts';
import type { CredentialStore } from './credentials/credential-store.ts';
import type { HttpPolicy } from './http.ts';
import type { KeyStore } from './keys/key-store.ts';

export interface WalletContext {
  http: HttpPolicy;
  keys: KeyStore;
  credentials: CredentialStore;
  didResolver: DidResolver;
  clock: { now(): Date };
  randomId(): string;
  /** For display names from metadata (default en-GB). */
  locale?: string;
}
