// The floor of the flow benchmark (./flows.ts, engine `floor`): the same wallets make the same
// HTTP requests to the same paths, and the server does the same protocol work on them — the same
// Fastify server (createHttpServer: helmet, cookies, CSRF hooks, logging, the error handler), the
// same parsing, key-proof check, credential signing, Request Object signing, response decryption
// and credential verification (the core's code, as the real endpoints call it) — but touches no
// database: offers, tokens, nonces and transactions are not stored, looked up or consumed, the
// organisation and its key are held in memory, and single use is not enforced. It is NOT a way to
// run the gateway; it answers one question: what would a flow cost if the database were free?
//
// Left out besides the database (each makes the floor lower, never higher): the status-list check
// of a presented credential answers "valid" without fetching and verifying a list (the real
// verifier reads the signed list from the database and checks its signature: one ES256 verify and
// an inflate per list); the signing key is a KeyObject made once (the real key store unseals the
// organisation's key from the database on every signature).
import { createPrivateKey, generateKeyPairSync, randomBytes, randomUUID, sign as signWith, type KeyObject } from 'node:crypto';
import { compactDecrypt, decodeProtectedHeader, importJWK, type JWK } from 'jose';
import { z } from 'zod';
import {
  SAMPLE_SUBJECTS,
  createJwtVc,
  createSdJwtVc,
  verifyPresentedCredentials,
  type CredentialFormat,
  type IssuerSigner,
} from '../src/core/credentials/index.ts';
import { statusReferencesOf } from '../src/core/credentials/status/index.ts';
import { testKey } from '../src/core/credentials/testing.ts';
import { createDidResolver, createOrganisationDidDocument, issuerKeyResolver, organisationDid } from '../src/core/did/index.ts';
import {
  REQUEST_OBJECT_MEDIA_TYPE,
  RESPONSE_ENCRYPTION_ALG,
  RESPONSE_ENCRYPTION_ENCS,
  createDcqlQuery,
  createRequestObject,
  createWalletRequestUri,
  didClientId,
  parseDecryptedResponse,
  parseResponseForm,
  verifyVpJwt,
  type DcqlQuery,
} from '../src/core/oid4vp/index.ts';
import type { Organisation } from '../src/core/passport/organisation.ts';
import { authorizationServerMetadata } from '../src/gateway/oid4vci/authorization-server-metadata-endpoint.ts';
import { preAuthorizedCodeOf, txCodeHashOf } from '../src/gateway/oid4vci/create-credential-offer.ts';
import { LIMITS, NO_STORE, PRE_AUTHORIZED_CODE_GRANT, configurationIdOf, issuerUrls, randomSecret, sha256 } from '../src/gateway/oid4vci/issuer-context.ts';
import { credentialIssuerMetadata } from '../src/gateway/oid4vci/issuer-metadata-endpoint.ts';
import { verifyKeyProof } from '../src/gateway/oid4vci/verify-key-proof.ts';
import { presentationRequestUrl, presentationResponseUrl } from '../src/gateway/oid4vp/create-presentation-request.ts';
import { systemClock } from '../src/platform/clock.ts';
import type { Config } from '../src/platform/config.ts';
import { InvalidRequest, NotFoundError } from '../src/platform/errors.ts';
import { createHttpServer } from '../src/platform/http/server.ts';
import type { Logger } from '../src/platform/logger.ts';
import type { FlowStart } from './flow-wallets.ts';

interface Transaction {
  nonce: string;
  state: string;
  dcqlQuery: DcqlQuery;
  encryptionPublicJwk: JWK & { kid: string };
  encryptionPrivateJwk: JWK;
  format: CredentialFormat;
}

const PROTOCOL = { config: { csrf: false, surface: 'protocol' as const } };
const zTokenForm = z.looseObject({ grant_type: z.literal(PRE_AUTHORIZED_CODE_GRANT), 'pre-authorized_code': z.string().min(1).max(512), tx_code: z.string().max(64).optional() });
const zCredentialRequest = z.looseObject({ credential_configuration_id: z.string().max(200), proofs: z.strictObject({ jwt: z.array(z.string().max(16_384)).length(1) }) });
const AUTHORIZATION = /^(Bearer|DPoP) ([A-Za-z0-9\-._~+/]+=*)$/;

/** The floor server, listening on `publicUrl`'s port; `format` says what the offers offer. */
export async function startFloorServer(input: { config: Config; logger: Logger; publicUrl: string; port: number; organisation: Organisation }) {
  const { publicUrl, organisation } = input;
  const ods = organisation.odsCode;
  const did = organisationDid(publicUrl, ods);
  const issuerKey = testKey('riversideIssuer');
  const privateKey: KeyObject = createPrivateKey({ key: issuerKey.privateJwk as Parameters<typeof createPrivateKey>[0] & object, format: 'jwk' } as never);
  const kid = 'floor-key-1';
  const signer: IssuerSigner = {
    alg: 'ES256',
    kid: `${did}#${kid}`,
    sign: async (data) => new Uint8Array(signWith('sha256', data, { key: privateKey, dsaEncoding: 'ieee-p1363' })),
  };
  const didDocument = JSON.stringify(createOrganisationDidDocument(did, [{ kid, publicJwk: issuerKey.publicJwk as Record<string, unknown>, active: true }]));
  const urls = issuerUrls(publicUrl, ods);
  const clientId = didClientId(did);
  const transactions = new Map<string, Transaction>();
  const byKid = new Map<string, string>();
  let format: CredentialFormat = 'dc+sd-jwt';

  const app = await createHttpServer({ config: input.config, logger: input.logger });

  // --- OpenID4VCI
  app.get('/orgs/:ods/credential-offers/:reference', PROTOCOL, async (request, reply) => {
    const { reference } = request.params as { reference: string };
    return reply.headers(NO_STORE).send({
      credential_issuer: urls.issuer,
      credential_configuration_ids: [configurationIdOf('Identity', format)],
      grants: { [PRE_AUTHORIZED_CODE_GRANT]: { 'pre-authorized_code': preAuthorizedCodeOf(reference), tx_code: { input_mode: 'numeric', length: LIMITS.txCodeLength } } },
    });
  });
  app.get('/.well-known/openid-credential-issuer/orgs/:ods', PROTOCOL, async (_request, reply) =>
    reply.header('cache-control', 'public, max-age=300').header('access-control-allow-origin', '*').send(credentialIssuerMetadata(publicUrl, organisation)),
  );
  app.get('/.well-known/oauth-authorization-server/orgs/:ods', PROTOCOL, async (_request, reply) =>
    reply.header('cache-control', 'public, max-age=300').header('access-control-allow-origin', '*').send(authorizationServerMetadata(publicUrl, ods)),
  );
  app.post('/orgs/:ods/token', PROTOCOL, async (request, reply) => {
    const form = zTokenForm.safeParse(request.body);
    if (!form.success) throw new InvalidRequest('The token request is malformed');
    // The hashes the real endpoint computes to find and redeem the code.
    sha256(form.data['pre-authorized_code']);
    if (form.data.tx_code !== undefined) txCodeHashOf(randomUUID(), form.data.tx_code);
    const accessToken = randomSecret();
    sha256(accessToken);
    return reply.headers(NO_STORE).send({ access_token: accessToken, token_type: 'Bearer', expires_in: LIMITS.accessTokenSeconds });
  });
  app.post('/orgs/:ods/nonce', PROTOCOL, async (_request, reply) => {
    const nonce = randomSecret();
    sha256(nonce);
    return reply.headers(NO_STORE).send({ c_nonce: nonce });
  });
  app.post('/orgs/:ods/credential', PROTOCOL, async (request, reply) => {
    const match = AUTHORIZATION.exec(request.headers.authorization ?? '');
    if (!match) throw new InvalidRequest('An access token is required');
    sha256(match[2]!);
    const body = zCredentialRequest.safeParse(request.body);
    if (!body.success) throw new InvalidRequest('The credential request is malformed');
    const now = systemClock.now();
    const proof = await verifyKeyProof(body.data.proofs.jwt[0]!, { audience: urls.issuer, now, clock: systemClock });
    sha256(proof.nonce);
    const serialNumber = randomUUID();
    const [status] = statusReferencesOf({ kind: format === 'dc+sd-jwt' ? 'token' : 'bitstring', listId: randomUUID(), index: 1234 }, publicUrl, ods);
    const issuance = { type: 'Identity' as const, subject: SAMPLE_SUBJECTS.Identity, issuer: did, signer, holderJwk: proof.jwk, serialNumber, issuedAt: now, status: status! };
    const credential = format === 'jwt_vc_json' ? await createJwtVc(issuance) : await createSdJwtVc({ ...issuance, randomBytes: (n) => new Uint8Array(randomBytes(n)) });
    return reply.headers(NO_STORE).send({ credentials: [{ credential: credential.credential }], notification_id: randomUUID(), c_nonce: randomSecret() });
  });
  app.post('/orgs/:ods/notification', PROTOCOL, async (_request, reply) => reply.code(204).send());

  // --- OpenID4VP
  app.get('/orgs/:ods/did.json', async (_request, reply) => reply.type('application/did+json').header('cache-control', 'public, max-age=300').send(didDocument));
  app.post('/orgs/:ods/presentation-requests/:id', PROTOCOL, async (request, reply) => {
    const { id } = request.params as { id: string };
    const transaction = transactions.get(id);
    if (!transaction) throw new NotFoundError();
    const walletNonce = (request.body as Record<string, unknown> | undefined)?.wallet_nonce;
    const jar = await createRequestObject({
      clientId,
      clientName: organisation.name,
      responseUri: presentationResponseUrl(publicUrl, ods),
      responseMode: 'direct_post.jwt',
      nonce: transaction.nonce,
      state: transaction.state,
      dcqlQuery: transaction.dcqlQuery,
      encryptionJwk: transaction.encryptionPublicJwk,
      ...(typeof walletNonce === 'string' ? { walletNonce } : {}),
      now: systemClock.now(),
      signer,
    });
    return reply.header('cache-control', 'no-store').type(REQUEST_OBJECT_MEDIA_TYPE).send(jar);
  });
  const didResolver = createDidResolver({
    clock: systemClock,
    allowLoopback: true,
    fetch: async () => ({ status: 200, headers: { get: () => 'application/did+json' }, text: async () => didDocument }),
  });
  app.post('/orgs/:ods/presentation-responses', PROTOCOL, async (request, reply) => {
    const form = parseResponseForm(request.body);
    if (!form.ok || form.value.kind !== 'encrypted') throw new InvalidRequest('The response is malformed');
    const header = decodeProtectedHeader(form.value.jwe);
    const id = byKid.get(String(header.kid));
    const transaction = id ? transactions.get(id) : undefined;
    if (!id || !transaction) throw new InvalidRequest('The encrypted response names an unknown key');
    const key = await importJWK(transaction.encryptionPrivateJwk, 'ECDH-ES');
    const { plaintext } = await compactDecrypt(form.value.jwe, key, { keyManagementAlgorithms: [RESPONSE_ENCRYPTION_ALG], contentEncryptionAlgorithms: [...RESPONSE_ENCRYPTION_ENCS] });
    const parsed = parseDecryptedResponse(JSON.parse(new TextDecoder().decode(plaintext)));
    if (!parsed.ok || parsed.value.state !== transaction.state || parsed.value.kind === 'error') throw new InvalidRequest('The decrypted response is malformed');
    transactions.delete(id);
    byKid.delete(String(header.kid));
    const now = systemClock.now();
    const presented: { compact: string; format: CredentialFormat }[] = [];
    for (const list of Object.values(parsed.value.vpToken)) {
      const presentation = list[0]!;
      if (transaction.format === 'jwt_vc_json') {
        const vp = await verifyVpJwt(presentation, { audience: clientId, nonce: transaction.nonce, now });
        if (!vp.ok) throw new InvalidRequest('VP');
        presented.push({ compact: vp.credential, format: 'jwt_vc_json' });
      } else {
        presented.push({ compact: presentation, format: 'dc+sd-jwt' });
      }
    }
    const result = await verifyPresentedCredentials(presented, {
      now,
      resolveIssuerKey: issuerKeyResolver(didResolver),
      lookupIssuer: async (issuer) => (issuer === did ? { did, name: organisation.name, kind: organisation.kind } : undefined),
      checkStatus: async () => ({ status: 'valid' }),
      keyBinding: { audience: clientId, nonce: transaction.nonce },
    });
    if (!result.ok) throw new InvalidRequest('The presentation was not accepted');
    return reply.header('cache-control', 'no-store').send({});
  });

  await app.listen({ port: input.port, host: '127.0.0.1' });

  return {
    app,
    setFormat(f: CredentialFormat) {
      format = f;
    },
    /** A credential for the presentation wallets, signed as the floor's credential endpoint signs. */
    async issueFor(f: CredentialFormat, holderJwk: JWK): Promise<string> {
      const serialNumber = randomUUID();
      const [status] = statusReferencesOf({ kind: f === 'dc+sd-jwt' ? 'token' : 'bitstring', listId: randomUUID(), index: 1234 }, publicUrl, ods);
      const issuance = { type: 'Identity' as const, subject: SAMPLE_SUBJECTS.Identity, issuer: did, signer, holderJwk, serialNumber, issuedAt: systemClock.now(), status: status! };
      const credential = f === 'jwt_vc_json' ? await createJwtVc(issuance) : await createSdJwtVc({ ...issuance, randomBytes: (n) => new Uint8Array(randomBytes(n)) });
      return credential.credential;
    },
    /** What the portal's start does for an issuance, minus the database (the offer reference only). */
    startIssuance(): FlowStart {
      const reference = randomSecret();
      txCodeHashOf(randomUUID(), '000000');
      return { kind: 'oid4vci', offerUri: `openid-credential-offer://?credential_offer_uri=${encodeURIComponent(urls.offer(reference))}`, txCode: '000000' };
    },
    /** What createPresentationRequest does, minus the database: secrets, DCQL, the ephemeral key. */
    startPresentation(f: CredentialFormat): FlowStart {
      const id = randomUUID();
      const { publicKey, privateKey: ephemeral } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      const encKid = randomBytes(16).toString('base64url');
      const { query } = createDcqlQuery([{ id: 'identity', type: 'Identity', formats: [f] }]);
      transactions.set(id, {
        nonce: randomBytes(32).toString('base64url'),
        state: randomBytes(32).toString('base64url'),
        dcqlQuery: query,
        encryptionPublicJwk: { ...(publicKey.export({ format: 'jwk' }) as JWK), kid: encKid },
        encryptionPrivateJwk: ephemeral.export({ format: 'jwk' }) as JWK,
        format: f,
      });
      byKid.set(encKid, id);
      return { kind: 'oid4vp', requestUri: createWalletRequestUri(clientId, presentationRequestUrl(publicUrl, ods, id)) };
    },
  };
}
