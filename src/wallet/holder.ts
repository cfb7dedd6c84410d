// The Holder: a thin facade over the free functions of this library (the oid4vc-ts model),
// with every dependency injected — HTTP (`fetch`), key storage, credential storage, the clock —
// so the same code runs in the CLI (file stores, ./node) and, bundled, in the browser.
import { createDidResolver, type DidResolver } from '../core/did/index.ts';
import type { CredentialRecord, CredentialStore } from './credentials/credential-store.ts';
import { CredentialNotFound } from './errors.ts';
import type { WalletFetch } from './http.ts';
import type { HolderKey, KeyStore } from './keys/key-store.ts';
import { sendNotification } from './notification/send-notification.ts';
import { declinePresentationRequest, presentCredentials, resolvePresentationRequest, type Choices, type PresentationRequest, type PresentResult } from './present-credentials.ts';
import { receiveCredentials, walletKey, type ReceiveOptions, type ReceiveResult } from './receive-credentials.ts';
import type { WalletContext } from './wallet-context.ts';

export interface HolderOptions {
  fetch: WalletFetch;
  keys: KeyStore;
  credentials: CredentialStore;
  clock?: { now(): Date };
  /** Allow plain http to localhost / 127.0.0.1 issuers and verifiers (development). Default false. */
  allowLoopbackHttp?: boolean;
  randomId?: () => string;
  locale?: string;
  /** Defaults to a resolver over `fetch` (did:web, did:jwk, did:key). */
  didResolver?: DidResolver;
}

export interface Holder {
  /** The wallet key (made on first use). */
  walletKey(): Promise<HolderKey>;
  receive(offerUri: string, options?: ReceiveOptions): Promise<ReceiveResult>;
  resolvePresentationRequest(requestUri: string): Promise<PresentationRequest>;
  present(request: PresentationRequest, choices?: Choices): Promise<PresentResult>;
  decline(request: PresentationRequest): Promise<{ redirectUri?: string }>;
  list(): Promise<CredentialRecord[]>;
  get(id: string): Promise<CredentialRecord>;
  /** Removes it and tells the issuer (`credential_deleted`, best effort). */
  delete(id: string): Promise<{ issuerNotified: boolean }>;
}

export function createHolder(options: HolderOptions): Holder {
  const clock = options.clock ?? { now: () => new Date() };
  const http = { fetch: options.fetch, allowLoopbackHttp: options.allowLoopbackHttp ?? false };
  const didResolver =
    options.didResolver ??
    createDidResolver({
      fetch: (url, init) => options.fetch(url, init),
      clock,
      allowLoopback: options.allowLoopbackHttp ?? false,
    });
  const context: WalletContext = {
    http,
    keys: options.keys,
    credentials: options.credentials,
    didResolver,
    clock,
    randomId: options.randomId ?? (() => crypto.randomUUID()),
    ...(options.locale ? { locale: options.locale } : {}),
  };

  async function get(id: string): Promise<CredentialRecord> {
    const record = await options.credentials.get(id);
    if (!record) throw new CredentialNotFound(id);
    return record;
  }

  return {
    walletKey: () => walletKey(context),
    receive: (offerUri, receiveOptions) => receiveCredentials(context, offerUri, receiveOptions),
    resolvePresentationRequest: (requestUri) => resolvePresentationRequest(context, requestUri),
    present: (request, choices) => presentCredentials(context, request, choices),
    decline: (request) => declinePresentationRequest(context, request),
    list: () => options.credentials.list(),
    get,
    async delete(id) {
      const record = await get(id);
      await options.credentials.delete(id);
      const n = record.notification;
      const issuerNotified = n ? await sendNotification(http, { endpoint: n.endpoint, accessToken: n.accessToken, notificationId: n.id, event: 'credential_deleted' }) : false;
      return { issuerNotified };
    },
  };
}
