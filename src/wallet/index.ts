// The holder library (docs/architecture.md §3 wallet): keys, a credential store, and OpenID4VCI
// and OpenID4VP clients, over an injected fetch. Browser-safe apart from ./node (file stores),
// which is exported separately from './node/file-stores.ts'.
export * from './errors.ts';
export { createHolder, type Holder, type HolderOptions } from './holder.ts';
export { allowedUrl, isLoopbackUrl, type HttpPolicy, type WalletFetch } from './http.ts';
export { createMemoryKeyStore, generateHolderKey, signWithJwk, signerOf, type HolderKey, type KeyStore, type StoredJwkKey } from './keys/key-store.ts';
export { createMemoryCredentialStore, type CredentialRecord, type CredentialStore } from './credentials/credential-store.ts';
export { decodeCredential, subjectClaimsOf, type DecodedCredential } from './credentials/decode-credential.ts';
export { receiveCredentials, walletKey, type ReceiveOptions, type ReceiveResult, type TxCodePrompt } from './receive-credentials.ts';
export {
  declinePresentationRequest,
  presentCredentials,
  resolvePresentationRequest,
  selectCredentials,
  type Choices,
  type PresentationRequest,
  type PresentResult,
} from './present-credentials.ts';
export type { QueryCandidates, CredentialSetOptions } from './dcql/match-credentials.ts';
export type { Verifier } from './authorization-request/resolve-authorization-request.ts';
export type { KeyReference } from './credential-request/create-key-proof.ts';
export type { WalletContext } from './wallet-context.ts';
