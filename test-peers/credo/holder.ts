// A Credo 0.6.3 OpenID4VC holder: the "wallet not written in this project" of issue 4's interop
// requirement. It receives credentials over OpenID4VCI (pre-authorized code, optional tx_code)
// and presents them over OpenID4VP 1.0 (DCQL), using Credo's OpenId4VcModule as its holder.
//
// - Keys: P-256 from Credo's node:crypto KMS; one new key per received credential.
// - Binding (`binding: 'auto'`): dc+sd-jwt uses a bare `jwk` when the issuer lists it
//   (`cnf.jwk`), else did:jwk, else did:key. jwt_vc_json always uses a DID (did:jwk first),
//   because Credo signs a W3C VP with the holder's DID at presentation time.
// - did:web is resolved over http for loopback hosts only (did-web-resolver.ts), and Credo runs
//   with `allowInsecureHttpUrls`, so the project's test servers on http://localhost work.
// - State (records and private keys) lives in one JSON file, so separate CLI runs share a wallet.
import {
  Agent,
  ConsoleLogger,
  DidsModule,
  JwkDidResolver,
  KeyDidResolver,
  Kms,
  LogLevel,
  SdJwtVcRecord,
  TypedArrayEncoder,
  W3cCredentialRecord,
  W3cV2CredentialRecord,
  type DidCreateResult,
  type MdocRecord,
} from '@credo-ts/core';
import { agentDependencies } from '@credo-ts/node';
import { OpenId4VcModule, type OpenId4VciCredentialBindingOptions, type OpenId4VcCredentialHolderBinding } from '@credo-ts/openid4vc';
import { LoopbackHttpWebDidResolver } from './did-web-resolver.ts';
import { FileWalletModule } from './file-storage.ts';

export type BindingChoice = 'auto' | 'jwk' | 'did:jwk' | 'did:key';

export interface HolderOptions {
  /** JSON file holding the wallet between runs; omit for a wallet that lives only in memory. */
  storeFile?: string;
  binding?: BindingChoice;
  /** Credo's own log level on stderr (default off). */
  logLevel?: LogLevel;
}

export interface ReceiveOptions {
  txCode?: string;
  /** Which of the offered configurations to request (default: all of them). */
  credentialConfigurationIds?: string[];
}

export interface HeldCredential {
  /** Credo record id: what `present` discloses and `list` shows. */
  id: string;
  format: 'dc+sd-jwt' | 'jwt_vc_json' | 'w3c-v2' | 'mso_mdoc';
  /** `vct` of an SD-JWT VC; `type` of a W3C credential. */
  type: string | string[] | undefined;
  issuer: string | undefined;
  /** How the credential is bound to the holder's key: `jwk` (cnf.jwk) or the holder DID. */
  holderBinding: { method: 'jwk'; jwkThumbprint: string } | { method: 'did'; did: string } | { method: 'unknown' };
  /** All claims, disclosed or not (the holder sees everything). */
  claims: Record<string, unknown>;
  /** The credential as issued (compact SD-JWT or JWT). */
  encoded: string;
}

export interface ReceiveResult {
  credentialIssuer: string;
  credentials: Array<HeldCredential & { credentialConfigurationId: string; notificationId?: string }>;
  /** What the issuer's nonce/token gave back, for tests that check the protocol details. */
  tokenType: string | undefined;
  dpop: boolean;
}

export interface PresentResult {
  /** Whether the verifier accepted the response (2xx from its response endpoint). */
  ok: boolean;
  status: number | undefined;
  body: unknown;
  redirectUri: string | undefined;
  verifier: { clientIdPrefix: string; effectiveClientId: string };
  responseMode: string | undefined;
  signedRequest: boolean;
  /** DCQL query id → record ids disclosed for it. */
  disclosed: Record<string, string[]>;
}

export class HolderError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'HolderError';
  }
}

function makeAgent(options: HolderOptions) {
  return new Agent({
    config: {
      allowInsecureHttpUrls: true,
      autoUpdateStorageOnStartup: true,
      logger: new ConsoleLogger(options.logLevel ?? LogLevel.off),
    },
    dependencies: agentDependencies,
    modules: {
      wallet: new FileWalletModule(options.storeFile),
      dids: new DidsModule({ resolvers: [new LoopbackHttpWebDidResolver(), new JwkDidResolver(), new KeyDidResolver()] }),
      openid4vc: new OpenId4VcModule(),
    },
  });
}

type HolderAgent = ReturnType<typeof makeAgent>;
type AnyCredentialRecord = SdJwtVcRecord | W3cCredentialRecord | W3cV2CredentialRecord | MdocRecord;

function jsonClone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

function describe(record: AnyCredentialRecord): HeldCredential {
  if (record instanceof SdJwtVcRecord) {
    const sdJwt = record.firstCredential;
    const cnf = sdJwt.payload.cnf as { jwk?: Record<string, unknown>; kid?: string } | undefined;
    const holder = sdJwt.holder;
    return {
      id: record.id,
      format: 'dc+sd-jwt',
      type: sdJwt.payload.vct as string,
      issuer: sdJwt.payload.iss as string | undefined,
      holderBinding:
        holder?.method === 'jwk'
          ? { method: 'jwk', jwkThumbprint: TypedArrayEncoder.toBase64URL(Kms.PublicJwk.fromUnknown(cnf?.jwk).getJwkThumbprint()) }
          : holder?.method === 'did'
            ? { method: 'did', did: holder.didUrl }
            : { method: 'unknown' },
      claims: jsonClone(sdJwt.prettyClaims as Record<string, unknown>),
      encoded: sdJwt.compact,
    };
  }
  if (record instanceof W3cCredentialRecord) {
    const vc = record.firstCredential;
    const subjectId = vc.credentialSubjectIds[0];
    return {
      id: record.id,
      format: 'jwt_vc_json',
      type: vc.type,
      issuer: vc.issuerId,
      holderBinding: subjectId ? { method: 'did', did: subjectId } : { method: 'unknown' },
      claims: jsonClone(vc.jsonCredential as unknown as Record<string, unknown>),
      encoded: typeof vc.encoded === 'string' ? vc.encoded : JSON.stringify(vc.encoded),
    };
  }
  if (record instanceof W3cV2CredentialRecord) {
    const vc = record.firstCredential;
    return {
      id: record.id,
      format: 'w3c-v2',
      type: vc.resolvedCredential.type,
      issuer: vc.resolvedCredential.issuerId,
      holderBinding: { method: 'unknown' },
      claims: jsonClone(vc.resolvedCredential.toJSON() as Record<string, unknown>),
      encoded: typeof vc.encoded === 'string' ? vc.encoded : JSON.stringify(vc.encoded),
    };
  }
  const mdoc = record.firstCredential;
  return {
    id: record.id,
    format: 'mso_mdoc',
    type: mdoc.docType,
    issuer: undefined,
    holderBinding: { method: 'unknown' },
    claims: jsonClone(mdoc.issuerSignedNamespaces as Record<string, unknown>),
    encoded: mdoc.base64Url,
  };
}

export class CredoHolder {
  private constructor(
    readonly agent: HolderAgent,
    private readonly binding: BindingChoice,
  ) {}

  static async open(options: HolderOptions = {}): Promise<CredoHolder> {
    const agent = makeAgent(options);
    await agent.initialize();
    return new CredoHolder(agent, options.binding ?? 'auto');
  }

  private get api() {
    return this.agent.openid4vc.holder;
  }

  async close(): Promise<void> {
    await this.agent.shutdown();
  }

  private async createDid(method: 'jwk' | 'key'): Promise<string> {
    const created: DidCreateResult = await this.agent.dids.create({ method, options: { createKey: { type: { kty: 'EC', crv: 'P-256' } } } });
    const state = created.didState;
    if (state.state !== 'finished') throw new HolderError(`could not create a did:${method}: ${JSON.stringify(state)}`, 'did_create_failed');
    const vm = state.didDocument.verificationMethod?.[0];
    if (!vm) throw new HolderError(`did:${method} without a verification method`, 'did_create_failed');
    return vm.id.startsWith('#') ? `${state.did}${vm.id}` : vm.id;
  }

  private async resolveBinding(options: OpenId4VciCredentialBindingOptions): Promise<OpenId4VcCredentialHolderBinding> {
    const didMethods = options.supportedDidMethods ?? [];
    const didAllowed = (m: string) => options.supportsAllDidMethods || didMethods.includes(m);
    const isW3c = options.credentialFormat === 'jwt_vc_json' || options.credentialFormat === 'jwt_vc_json-ld' || options.credentialFormat === 'ldp_vc';
    let choice = this.binding;
    if (choice === 'auto') {
      if (!isW3c && options.supportsJwk) choice = 'jwk';
      else if (didAllowed('did:jwk')) choice = 'did:jwk';
      else if (didAllowed('did:key')) choice = 'did:key';
      else if (options.supportsJwk) choice = 'jwk';
      else throw new HolderError(`issuer binding methods are neither jwk, did:jwk nor did:key for ${options.credentialConfigurationId}`, 'unsupported_binding');
    }
    if (choice === 'jwk') {
      const key = await this.agent.kms.createKey({ type: { kty: 'EC', crv: 'P-256' } });
      const publicJwk = Kms.PublicJwk.fromPublicJwk(key.publicJwk);
      publicJwk.keyId = key.keyId;
      return { method: 'jwk', keys: [publicJwk] };
    }
    return { method: 'did', didUrls: [await this.createDid(choice === 'did:jwk' ? 'jwk' : 'key')] };
  }

  /** Resolves an `openid-credential-offer://` URI, redeems the pre-authorized code and stores the credentials. */
  async receive(offerUri: string, options: ReceiveOptions = {}): Promise<ReceiveResult> {
    const offer = await this.api.resolveCredentialOffer(offerUri);
    const grant = offer.credentialOfferPayload.grants?.['urn:ietf:params:oauth:grant-type:pre-authorized_code'];
    if (!grant) throw new HolderError('the offer has no pre-authorized code grant', 'no_pre_authorized_code');
    if (grant.tx_code && options.txCode === undefined) throw new HolderError('the offer asks for a tx_code; pass --tx-code', 'tx_code_required', grant.tx_code);

    const token = await this.api.requestToken({ resolvedCredentialOffer: offer, ...(options.txCode === undefined ? {} : { txCode: options.txCode }) });
    const response = await this.api.requestCredentials({
      resolvedCredentialOffer: offer,
      accessToken: token.accessToken,
      ...(token.cNonce ? { cNonce: token.cNonce } : {}),
      ...(token.dpop ? { dpop: token.dpop } : {}),
      ...(options.credentialConfigurationIds ? { credentialConfigurationIds: options.credentialConfigurationIds } : {}),
      allowedProofOfPossessionSignatureAlgorithms: [Kms.KnownJwaSignatureAlgorithms.ES256],
      // Credo 0.6.3 cannot check the status of a JWT VC and rejects any jwt_vc_json that has a
      // credentialStatus unless this is off (W3cJwtCredentialService). Status is the verifier's job here.
      verifyCredentialStatus: false,
      credentialBindingResolver: (o) => this.resolveBinding(o),
    });
    if (response.deferredCredentials.length) {
      throw new HolderError('the issuer deferred the credential; deferred issuance is not driven by this peer', 'deferred', response.deferredCredentials);
    }

    const credentials: ReceiveResult['credentials'] = [];
    for (const issued of response.credentials) {
      const record = issued.record;
      if (record instanceof SdJwtVcRecord) await this.agent.sdJwtVc.store({ record });
      else if (record instanceof W3cCredentialRecord) await this.agent.w3cCredentials.store({ record });
      else if (record instanceof W3cV2CredentialRecord) await this.agent.w3cV2Credentials.store({ record });
      else await this.agent.mdoc.store({ record });
      credentials.push({
        ...describe(record),
        credentialConfigurationId: issued.credentialConfigurationId,
        ...(issued.notificationId ? { notificationId: issued.notificationId } : {}),
      });
    }
    return {
      credentialIssuer: offer.metadata.credentialIssuer.credential_issuer,
      credentials,
      tokenType: token.accessTokenResponse.token_type,
      dpop: Boolean(token.dpop),
    };
  }

  /**
   * Resolves an `openid4vp://` request (request_uri, GET or POST; signed request objects are
   * verified), picks credentials for its DCQL query, and submits the response to the verifier.
   */
  async present(requestUri: string): Promise<PresentResult> {
    const resolved = await this.api.resolveOpenId4VpAuthorizationRequest(requestUri);
    const queryResult = resolved.dcql?.queryResult;
    if (!queryResult) throw new HolderError('the request has no DCQL query (presentation_definition is not supported by this peer)', 'no_dcql');
    if (!queryResult.can_be_satisfied) {
      throw new HolderError('no stored credentials satisfy the DCQL query', 'dcql_unsatisfied', jsonClone(queryResult.credential_matches));
    }
    const selected = this.api.selectCredentialsForDcqlRequest(queryResult);
    const disclosed: Record<string, string[]> = {};
    for (const [queryId, entries] of Object.entries(selected)) {
      disclosed[queryId] = entries.map((entry) => entry.credentialRecord.id);
    }
    const result = await this.api.acceptOpenId4VpAuthorizationRequest({
      authorizationRequestPayload: resolved.authorizationRequestPayload,
      dcql: { credentials: selected },
    });
    const status = result.serverResponse?.status;
    return {
      ok: result.ok && (status === undefined || (status >= 200 && status < 300)),
      status,
      body: result.serverResponse?.body ?? null,
      redirectUri: 'redirectUri' in result ? result.redirectUri : undefined,
      verifier: { clientIdPrefix: String(resolved.verifier.clientIdPrefix), effectiveClientId: String(resolved.verifier.effectiveClientId) },
      responseMode: resolved.authorizationRequestPayload.response_mode,
      signedRequest: Boolean(resolved.signedAuthorizationRequest),
      disclosed,
    };
  }

  async list(): Promise<HeldCredential[]> {
    const records: AnyCredentialRecord[] = [
      ...(await this.agent.sdJwtVc.getAll()),
      ...(await this.agent.w3cCredentials.getAll()),
      ...(await this.agent.w3cV2Credentials.getAll()),
      ...(await this.agent.mdoc.getAll()),
    ];
    return records.map(describe);
  }
}
