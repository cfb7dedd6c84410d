// Credo's own OpenID4VC issuer and verifier (OpenId4VcModule), shaped like the project's gateway:
// on http://localhost:<port>, DID did:web:localhost%3A<port>:orgs:SELF (document at
// /orgs/SELF/did.json), credential offers by reference with an optional numeric tx_code, dc+sd-jwt
// and jwt_vc_json (holder binding by jwk, did:jwk or did:key), and signed OpenID4VP requests with
// a `decentralized_identifier:` client id answered with direct_post or direct_post.jwt.
// Used by self-check.ts (against holder-cli.ts) and issuer-verifier-cli.ts (against our holder).
import express from 'express';
import {
  Agent,
  ClaimFormat,
  ConsoleLogger,
  DidDocument,
  DidsModule,
  JsonTransformer,
  JwkDidResolver,
  KeyDidResolver,
  LogLevel,
  W3cCredential,
  W3cCredentialStatus,
  W3cCredentialSubject,
  W3cIssuer,
  type DcqlQuery,
} from '@credo-ts/core';
import { agentDependencies } from '@credo-ts/node';
import { OpenId4VcModule, type OpenId4VciCredentialRequestToCredentialMapper } from '@credo-ts/openid4vc';
import { LoopbackHttpWebDidResolver } from './did-web-resolver.ts';
import { FileWalletModule } from './file-storage.ts';

export const VCT = 'urn:dsp:credential:SelfCheck:1';
export const W3C_TYPE: [string, ...string[]] = ['VerifiableCredential', 'SelfCheckCredential'];
export const CLAIMS = { given_name: 'Ada', family_name: 'Lovelace', gmc_number: '7654321' };
const BINDING = ['jwk', 'did:jwk', 'did:key'];

export async function startIssuerVerifier(options: { logLevel?: LogLevel } = {}) {
  const app = express();
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const port = (server.address() as { port: number }).port;
  const origin = `http://localhost:${port}`;
  const did = `did:web:localhost%3A${port}:orgs:SELF`;
  const kid = `${did}#key-1`;
  let issuerMapper: OpenId4VciCredentialRequestToCredentialMapper = () => {
    throw new Error('not ready');
  };

  const agent = new Agent({
    config: { allowInsecureHttpUrls: true, autoUpdateStorageOnStartup: true, logger: new ConsoleLogger(options.logLevel ?? LogLevel.off) },
    dependencies: agentDependencies,
    modules: {
      wallet: new FileWalletModule(),
      dids: new DidsModule({ resolvers: [new LoopbackHttpWebDidResolver(), new JwkDidResolver(), new KeyDidResolver()] }),
      openid4vc: new OpenId4VcModule({
        app,
        issuer: { baseUrl: `${origin}/oid4vci`, credentialRequestToCredentialMapper: (options) => issuerMapper(options) },
        verifier: { baseUrl: `${origin}/oid4vp` },
      }),
    },
  });
  await agent.initialize();

  // The organisation's did:web, its key in Credo's KMS and its document served like ours.
  const key = await agent.kms.createKey({ type: { kty: 'EC', crv: 'P-256' } });
  const { kid: _kmsKid, ...publicKeyJwk } = key.publicJwk;
  const didDocumentJson = {
    '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/suites/jws-2020/v1'],
    id: did,
    verificationMethod: [{ id: kid, type: 'JsonWebKey2020', controller: did, publicKeyJwk }],
    assertionMethod: [kid],
    authentication: [kid],
  };
  app.get('/orgs/SELF/did.json', (_req, res) => {
    res.type('application/did+ld+json').send(JSON.stringify(didDocumentJson));
  });
  await agent.dids.import({
    did,
    didDocument: JsonTransformer.fromJSON(didDocumentJson, DidDocument),
    keys: [{ didDocumentRelativeKeyId: '#key-1', kmsKeyId: key.keyId }],
  });

  issuerMapper = ({ holderBinding, credentialConfiguration, issuanceSession }) => {
    if (credentialConfiguration.format === 'dc+sd-jwt') {
      return {
        type: 'credentials',
        format: ClaimFormat.SdJwtDc,
        credentials: holderBinding.keys.map((holder) => ({
          payload: { vct: VCT, ...CLAIMS },
          holder: holder.method === 'did' ? { method: 'did' as const, didUrl: holder.didUrl } : { method: 'jwk' as const, jwk: holder.jwk },
          issuer: { method: 'did' as const, didUrl: kid },
          disclosureFrame: { _sd: ['given_name', 'family_name', 'gmc_number'] },
        })),
      };
    }
    return {
      type: 'credentials',
      format: ClaimFormat.JwtVc,
      credentials: holderBinding.keys.map((holder) => {
        if (holder.method !== 'did') throw new Error('jwt_vc_json needs a DID-bound holder');
        return {
          verificationMethod: kid,
          credential: new W3cCredential({
            type: W3C_TYPE,
            issuer: new W3cIssuer({ id: did }),
            issuanceDate: new Date().toISOString(),
            credentialSubject: new W3cCredentialSubject({ id: holder.didUrl.split('#')[0]!, claims: CLAIMS }),
            // Like ours: a Bitstring Status List entry. Credo's holder accepts it only with
            // verifyCredentialStatus off, and Credo's verifier never accepts it.
            ...(issuanceSession.issuanceMetadata?.withStatus
              ? { credentialStatus: new W3cCredentialStatus({ id: `${origin}/status/1#7`, type: 'BitstringStatusListEntry' }) }
              : {}),
          }),
        };
      }),
    };
  };

  const common = {
    cryptographic_binding_methods_supported: BINDING,
    credential_signing_alg_values_supported: ['ES256'],
    proof_types_supported: { jwt: { proof_signing_alg_values_supported: ['ES256', 'EdDSA'] } },
  };
  const issuer = await agent.openid4vc.issuer!.createIssuer({
    issuerId: 'SELF',
    credentialConfigurationsSupported: {
      SelfCheck_dc_sd_jwt: { format: 'dc+sd-jwt', vct: VCT, ...common },
      SelfCheck_jwt_vc_json: { format: 'jwt_vc_json', credential_definition: { type: W3C_TYPE }, ...common },
    },
  });
  const verifier = await agent.openid4vc.verifier!.createVerifier({ verifierId: 'SELF' });

  // Our verifier answers `request_uri_method=post`; Credo's verifier only serves GET. This route
  // stands in front of it: POST here, and it fetches Credo's request object for the wallet.
  const postedRequests = new Map<string, { target: string; bodies: string[] }>();
  app.post('/post-request/:id', async (req, res) => {
    const entry = postedRequests.get(req.params.id);
    if (!entry) return void res.status(404).end();
    let body = '';
    for await (const chunk of req) body += String(chunk);
    entry.bodies.push(`${req.headers['content-type'] ?? ''} ${body}`);
    const upstream = await fetch(entry.target);
    res.status(upstream.status).type(upstream.headers.get('content-type') ?? 'application/oauth-authz-req+jwt').send(await upstream.text());
  });

  return {
    did,
    origin,
    close: async () => {
      server.close();
      await agent.shutdown();
    },
    async offer(configurationId: string, txCode: boolean, withStatus = false) {
      const { credentialOffer, issuanceSession } = await agent.openid4vc.issuer!.createCredentialOffer({
        issuerId: issuer.issuerId,
        credentialConfigurationIds: [configurationId],
        preAuthorizedCodeFlowConfig: txCode ? { txCode: { input_mode: 'numeric', length: 6 } } : {},
        issuanceMetadata: { withStatus },
      });
      return { offerUri: credentialOffer, txCode: issuanceSession.userPin, sessionId: issuanceSession.id };
    },
    async request(query: DcqlQuery, responseMode: 'direct_post' | 'direct_post.jwt', requestUriMethod: 'get' | 'post' = 'get') {
      const { authorizationRequest, verificationSession } = await agent.openid4vc.verifier!.createAuthorizationRequest({
        verifierId: verifier.verifierId,
        requestSigner: { method: 'did', didUrl: kid },
        responseMode,
        dcql: { query },
      });
      if (requestUriMethod === 'get') return { requestUri: authorizationRequest, sessionId: verificationSession.id, posted: [] };
      const url = new URL(authorizationRequest);
      const posted = { target: url.searchParams.get('request_uri')!, bodies: [] as string[] };
      postedRequests.set(verificationSession.id, posted);
      url.searchParams.set('request_uri', `${origin}/post-request/${verificationSession.id}`);
      url.searchParams.set('request_uri_method', 'post');
      return { requestUri: url.href, sessionId: verificationSession.id, posted: posted.bodies };
    },
    async verification(sessionId: string) {
      const session = await agent.openid4vc.verifier!.getVerificationSessionById(sessionId);
      if (session.state !== 'ResponseVerified') return { state: session.state, error: session.errorMessage };
      const verified = await agent.openid4vc.verifier!.getVerifiedAuthorizationResponse(sessionId);
      return { state: session.state, presentations: verified.dcql?.presentations };
    },
  };
}

