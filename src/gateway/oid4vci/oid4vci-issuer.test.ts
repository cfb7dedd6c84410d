// OpenID4VCI 1.0 issuance over real HTTP (the app listening on 127.0.0.1), with the test wallet
// of test/support/oid4vci-wallet.ts holding a P-256 key. Both formats, both database engines.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { createHash, randomBytes } from 'node:crypto';
import { SignJWT, decodeJwt, exportJWK, generateKeyPair } from 'jose';
import { clientAuthenticationNone, type CallbackContext, type Jwk } from '@openid4vc/oauth2';
import { Openid4vciClient } from '@openid4vc/openid4vci';
import { SAMPLE_DSP_ID, SAMPLE_SUBJECTS, type CredentialFormat } from '../../core/credentials/index.ts';
import type { Organisation } from '../../core/passport/organisation.ts';
import { systemClock } from '../../platform/clock.ts';
import { provisionOrganisationKeys } from '../../store/organisation-keys.ts';
import { addOrganisation } from '../../store/organisations.ts';
import { scopeOf } from '../../store/scope.ts';
import { walletSessions } from '../../store/wallet-sessions.ts';
import { createCredentialVerifier, type CredentialVerifier } from '../verify/credential-verifier.ts';
import { describeEachDatabase } from '../../../test/support/databases.ts';
import { testApp } from '../../../test/support/app.ts';
import { TestWallet } from '../../../test/support/oid4vci-wallet.ts';
import { createCredentialOffer, issuerUrls, type CredentialOfferRequest } from './index.ts';
import { freePort } from '../../../test/support/free-port.ts';


describeEachDatabase('OpenID4VCI issuer over HTTP', (database) => {
  let app: Awaited<ReturnType<typeof testApp>>;
  let publicUrl: string;
  let trust: Organisation;
  let urls: ReturnType<typeof issuerUrls>;
  let verifier: CredentialVerifier;

  before(async () => {
    const port = await freePort();
    publicUrl = `http://127.0.0.1:${port}`;
    app = await testApp(database(), { DSP_PUBLIC_URL: publicUrl });
    await app.listen({ port, host: '127.0.0.1' });
    const added = await addOrganisation(database().db, { odsCode: 'RZX', name: 'Test Hospitals NHS Trust', kind: 'trust' });
    trust = added.organisation;
    await provisionOrganisationKeys(database().db, app.services.keys, trust.id);
    urls = issuerUrls(publicUrl, 'RZX');
    verifier = createCredentialVerifier({ db: database().db, keys: app.services.keys, clock: systemClock, publicUrl, allowLoopback: true });
  });
  after(() => app.close());

  const offer = (overrides: Partial<CredentialOfferRequest> = {}, formats: CredentialFormat[] = ['jwt_vc_json']) =>
    database().transaction((tx) =>
      createCredentialOffer(tx, { clock: systemClock, publicUrl }, {
        organisation: trust,
        dspId: SAMPLE_DSP_ID,
        credentials: formats.flatMap((format) => [
          { type: 'AccessKey' as const, format, subject: SAMPLE_SUBJECTS.AccessKey },
          { type: 'Identity' as const, format, subject: SAMPLE_SUBJECTS.Identity },
        ]),
        holderBinding: { mode: 'session' },
        txCode: true,
        walletSession: { purpose: 'access-key-download', browserBinding: 'b', returnTo: '/done', ttlSeconds: 600 },
        ...overrides,
      }),
    );
  const session = (id: string) => walletSessions(database().db, scopeOf(trust.id)).get(id, new Date());

  it('publishes issuer metadata at the path-inserted well-known URL, every type a trust may issue in both formats', async () => {
    const wallet = await TestWallet.create();
    const { issuer, authorizationServer } = await wallet.metadata(urls.issuer);
    assert.equal(issuer.status, 200);
    assert.equal(issuer.body.credential_issuer, urls.issuer);
    assert.equal(issuer.body.nonce_endpoint, urls.nonce);
    assert.equal(issuer.body.notification_endpoint, urls.notification);
    const configs = issuer.body.credential_configurations_supported as Record<string, Record<string, unknown>>;
    assert.equal(Object.keys(configs).length, 22, '11 types a trust may issue × 2 formats');
    assert.equal(configs['DigitalIdentity_dc+sd-jwt'], undefined, 'only identity service providers issue digital identities');
    const sd = configs['Identity_dc+sd-jwt']!;
    assert.equal(sd.vct, 'urn:dsp:credential:Identity:1');
    assert.deepEqual(sd.cryptographic_binding_methods_supported, ['jwk', 'did:jwk', 'did:key']);
    assert.deepEqual((sd.proof_types_supported as { jwt: unknown }).jwt, { proof_signing_alg_values_supported: ['ES256', 'EdDSA'] });
    const jwt = configs.Identity_jwt_vc_json!;
    assert.deepEqual((jwt.credential_definition as { type: string[] }).type, ['VerifiableCredential', 'Identity']);
    const meta = jwt.credential_metadata as { display: { name: string }[]; claims: { path: string[] }[] };
    assert.equal(meta.display[0]!.name, 'Identity');
    assert.ok(meta.claims.some((c) => c.path[0] === 'credentialSubject' && c.path[1] === 'dspId'));
    assert.equal(authorizationServer.status, 200);
    assert.equal(authorizationServer.body.issuer, urls.issuer);
    assert.equal(authorizationServer.body.token_endpoint, urls.token);
  });

  for (const format of ['jwt_vc_json', 'dc+sd-jwt'] as const) {
    it(`issues ${format} access key and identity to the wallet that has the tx_code, completing the wallet session`, async () => {
      const made = await offer({}, [format]);
      assert.match(made.offerUri, /^openid-credential-offer:\/\/\?credential_offer_uri=/);
      assert.match(made.txCode!, /^\d{6}$/);
      const wallet = await TestWallet.create();
      const result = await wallet.receive(made.offerUri, { txCode: made.txCode! });
      assert.equal(result.token.status, 200, JSON.stringify(result.token.body));
      assert.equal(result.credentials.length, 2);
      for (const c of result.credentials) {
        assert.equal(c.answer.status, 200, JSON.stringify(c.answer.body));
        const compact = (c.answer.body.credentials as { credential: string }[])[0]!.credential;
        const verified = await verifier.verify(compact, { format });
        assert.equal(verified.ok, true, JSON.stringify(verified.checks));
        const payload = decodeJwt(compact.split('~')[0]!);
        const cnf = payload.cnf as { jwk?: { x: string } } | undefined;
        if (format === 'dc+sd-jwt') assert.equal(cnf?.jwk?.x, wallet.publicJwk.x);
      }
      const s = await session(made.sessionId);
      assert.equal(s?.state, 'completed');
      const issued = (s?.outcome as { issued: { type: string; format: string }[] }).issued;
      assert.deepEqual(issued.map((i) => i.type).sort(), ['AccessKey', 'Identity']);
      assert.ok(issued.every((i) => i.format === format));
    });
  }

  it('issues later credentials with holder-key binding, without a tx_code, to the wallet with the earlier key (did:jwk kid, DPoP)', async () => {
    const wallet = await TestWallet.create();
    const first = await offer({}, ['dc+sd-jwt']);
    await wallet.receive(first.offerUri, { txCode: first.txCode! });
    const later = await offer({ holderBinding: { mode: 'holder-key' }, txCode: false, credentials: [{ type: 'Identity', format: 'jwt_vc_json', subject: SAMPLE_SUBJECTS.Identity }] });
    assert.equal(later.txCode, undefined);
    const result = await wallet.receive(later.offerUri, { dpop: true, keyRef: 'did:jwk' });
    assert.equal(result.token.status, 200);
    assert.equal(result.token.body.token_type, 'DPoP');
    assert.equal(result.credentials[0]!.answer.status, 200, JSON.stringify(result.credentials[0]!.answer.body));
    assert.equal((await session(later.sessionId))?.state, 'completed');
  });

  it("refuses a different person's wallet: no tx_code → no token; another key → credential_request_denied, nothing issued", async () => {
    const victim = await TestWallet.create();
    const first = await offer({}, ['jwt_vc_json']);
    await victim.receive(first.offerUri, { txCode: first.txCode! });

    // The first-credential QR code scanned by someone without the SMS code.
    const attacker = await TestWallet.create();
    const fresh = await offer({}, ['jwt_vc_json']);
    const noCode = await attacker.receive(fresh.offerUri);
    assert.equal(noCode.token.status, 400);
    assert.equal(noCode.token.body.error, 'invalid_request');
    assert.equal(noCode.credentials.length, 0);

    // A later offer (no tx_code) scanned by another wallet.
    const later = await offer({ holderBinding: { mode: 'holder-key' }, txCode: false });
    const stolen = await attacker.receive(later.offerUri);
    assert.equal(stolen.token.status, 200);
    assert.equal(stolen.credentials[0]!.answer.status, 400);
    assert.equal(stolen.credentials[0]!.answer.body.error, 'credential_request_denied');
    assert.ok(stolen.credentials.every((c) => c.answer.status !== 200));
    const s = await session(later.sessionId);
    assert.equal(s?.state, 'failed');
    assert.equal(s?.failure, 'wrong_wallet');
  });

  it('refuses a reused pre-authorized code with invalid_grant', async () => {
    const made = await offer();
    const wallet = await TestWallet.create();
    const resolved = await wallet.resolveOffer(made.offerUri);
    const code = resolved.body.grants['urn:ietf:params:oauth:grant-type:pre-authorized_code']!['pre-authorized_code'];
    assert.equal((await wallet.token(urls.token, code, { txCode: made.txCode! })).status, 200);
    const again = await wallet.token(urls.token, code, { txCode: made.txCode! });
    assert.equal(again.status, 400);
    assert.equal(again.body.error, 'invalid_grant');
  });

  it('refuses a wrong tx_code with invalid_grant, and the code after the attempts are used up', async () => {
    const made = await offer();
    const wallet = await TestWallet.create();
    const resolved = await wallet.resolveOffer(made.offerUri);
    const grant = resolved.body.grants['urn:ietf:params:oauth:grant-type:pre-authorized_code']!;
    assert.deepEqual(grant.tx_code && { length: grant.tx_code.length, mode: grant.tx_code.input_mode }, { length: 6, mode: 'numeric' });
    const wrong = made.txCode === '000000' ? '000001' : '000000';
    for (let i = 0; i < 5; i++) {
      const res = await wallet.token(urls.token, grant['pre-authorized_code'], { txCode: wrong });
      assert.equal(res.status, 400);
      assert.equal(res.body.error, 'invalid_grant');
    }
    const right = await wallet.token(urls.token, grant['pre-authorized_code'], { txCode: made.txCode! });
    assert.equal(right.body.error, 'invalid_grant');
    assert.equal((await session(made.sessionId))?.state, 'failed');
  });

  it('refuses a replayed key proof (its nonce already used) with invalid_nonce', async () => {
    const made = await offer({}, ['jwt_vc_json', 'dc+sd-jwt']);
    const wallet = await TestWallet.create();
    const resolved = await wallet.resolveOffer(made.offerUri);
    const code = resolved.body.grants['urn:ietf:params:oauth:grant-type:pre-authorized_code']!['pre-authorized_code'];
    const token = String((await wallet.token(urls.token, code, { txCode: made.txCode! })).body.access_token);
    const nonce = await wallet.nonce(urls.nonce);
    const proof = await wallet.keyProof({ audience: urls.issuer, nonce });
    const ok = await wallet.credential(urls.credential, token, { credential_configuration_id: 'AccessKey_jwt_vc_json', proofs: { jwt: [proof] } });
    assert.equal(ok.status, 200);
    const replay = await wallet.credential(urls.credential, token, { credential_configuration_id: 'Identity_jwt_vc_json', proofs: { jwt: [proof] } });
    assert.equal(replay.status, 400);
    assert.equal(replay.body.error, 'invalid_nonce');
  });

  it('refuses a key proof whose aud is not the credential issuer with invalid_proof, and one without typ', async () => {
    const made = await offer();
    const wallet = await TestWallet.create();
    const resolved = await wallet.resolveOffer(made.offerUri);
    const code = resolved.body.grants['urn:ietf:params:oauth:grant-type:pre-authorized_code']!['pre-authorized_code'];
    const token = String((await wallet.token(urls.token, code, { txCode: made.txCode! })).body.access_token);
    const wrongAud = await wallet.keyProof({ audience: `${publicUrl}/orgs/OTHER`, nonce: await wallet.nonce(urls.nonce) });
    const res = await wallet.credential(urls.credential, token, { credential_configuration_id: 'AccessKey_jwt_vc_json', proofs: { jwt: [wrongAud] } });
    assert.equal(res.status, 400);
    assert.equal(res.body.error, 'invalid_proof');
    const wrongTyp = await wallet.keyProof({ audience: urls.issuer, nonce: await wallet.nonce(urls.nonce), typ: 'JWT' });
    const res2 = await wallet.credential(urls.credential, token, { credential_configuration_id: 'AccessKey_jwt_vc_json', proofs: { jwt: [wrongTyp] } });
    assert.equal(res2.body.error, 'invalid_proof');
  });

  it('answers unknown configurations, both selectors and bad tokens with the spec codes', async () => {
    const made = await offer();
    const wallet = await TestWallet.create();
    const resolved = await wallet.resolveOffer(made.offerUri);
    const code = resolved.body.grants['urn:ietf:params:oauth:grant-type:pre-authorized_code']!['pre-authorized_code'];
    const token = String((await wallet.token(urls.token, code, { txCode: made.txCode! })).body.access_token);
    const proof = await wallet.keyProof({ audience: urls.issuer, nonce: await wallet.nonce(urls.nonce) });
    const unknown = await wallet.credential(urls.credential, token, { credential_configuration_id: 'Nothing_jwt_vc_json', proofs: { jwt: [proof] } });
    assert.equal(unknown.body.error, 'unknown_credential_configuration');
    const both = await wallet.credential(urls.credential, token, { credential_configuration_id: 'AccessKey_jwt_vc_json', credential_identifier: 'x', proofs: { jwt: [proof] } });
    assert.equal(both.body.error, 'invalid_credential_request');
    const badToken = await wallet.credential(urls.credential, 'not-a-token', { credential_configuration_id: 'AccessKey_jwt_vc_json', proofs: { jwt: [proof] } });
    assert.equal(badToken.status, 401);
    assert.equal(badToken.body.error, 'invalid_token');
    assert.match(badToken.headers.get('www-authenticate') ?? '', /invalid_token/);
  });

  it('refuses a DPoP-bound token used as a Bearer token, and a replayed DPoP proof', async () => {
    const made = await offer();
    const wallet = await TestWallet.create();
    const resolved = await wallet.resolveOffer(made.offerUri);
    const code = resolved.body.grants['urn:ietf:params:oauth:grant-type:pre-authorized_code']!['pre-authorized_code'];
    const proofForToken = await wallet.dpopProof('POST', urls.token);
    const tokenRes = await wallet.token(urls.token, code, { txCode: made.txCode!, dpopProof: proofForToken });
    assert.equal(tokenRes.body.token_type, 'DPoP');
    const token = String(tokenRes.body.access_token);
    const keyProof = await wallet.keyProof({ audience: urls.issuer, nonce: await wallet.nonce(urls.nonce) });
    const bearer = await wallet.credential(urls.credential, token, { credential_configuration_id: 'AccessKey_jwt_vc_json', proofs: { jwt: [keyProof] } });
    assert.equal(bearer.status, 401);
    assert.equal(bearer.body.error, 'invalid_token');
    // The same DPoP proof again at the token endpoint (a new offer, so only the jti is wrong).
    const other = await offer();
    const otherCode = (await wallet.resolveOffer(other.offerUri)).body.grants['urn:ietf:params:oauth:grant-type:pre-authorized_code']!['pre-authorized_code'];
    const replay = await wallet.token(urls.token, otherCode, { txCode: other.txCode!, dpopProof: proofForToken });
    assert.equal(replay.status, 400);
    assert.equal(replay.body.error, 'invalid_dpop_proof');
  });

  it('records notifications against the issued credential, idempotently (204), and refuses unknown ids', async () => {
    const made = await offer();
    const wallet = await TestWallet.create();
    const result = await wallet.receive(made.offerUri, { txCode: made.txCode! });
    const notificationId = result.credentials[0]!.answer.body.notification_id;
    const again = await wallet.notify(urls.notification, result.accessToken!, { notification_id: notificationId, event: 'credential_accepted' });
    assert.equal(again.status, 204);
    const deleted = await wallet.notify(urls.notification, result.accessToken!, { notification_id: notificationId, event: 'credential_deleted' });
    assert.equal(deleted.status, 204);
    const unknown = await wallet.notify(urls.notification, result.accessToken!, { notification_id: 'nope', event: 'credential_accepted' });
    assert.equal(unknown.status, 400);
    assert.equal(unknown.body.error, 'invalid_notification_id');
  });

  it('answers an expired offer with 404 and its code with invalid_grant', async () => {
    const made = await offer({ walletSession: { purpose: 'p', browserBinding: 'b', returnTo: '/', ttlSeconds: 1 } });
    const wallet = await TestWallet.create();
    const resolved = await wallet.resolveOffer(made.offerUri);
    const code = resolved.body.grants['urn:ietf:params:oauth:grant-type:pre-authorized_code']!['pre-authorized_code'];
    await new Promise((r) => setTimeout(r, 1100));
    assert.equal((await wallet.resolveOffer(made.offerUri)).status, 404);
    const res = await wallet.token(urls.token, code, { txCode: made.txCode! });
    assert.equal(res.status, 400);
    assert.equal(res.body.error, 'invalid_grant');
  });

  it('works with a standard pre-authorized-code wallet (@openid4vc/openid4vci Openid4vciClient, tx_code and DPoP)', async () => {
    const made = await offer({}, ['dc+sd-jwt']);
    const pair = await generateKeyPair('ES256', { extractable: true });
    const publicJwk = (await exportJWK(pair.publicKey)) as Jwk;
    const callbacks = {
      hash: (data: Uint8Array, alg: string) => new Uint8Array(createHash(alg.replace('-', '').toLowerCase()).update(data).digest()),
      signJwt: async (_signer: unknown, { header, payload }: { header: Record<string, unknown>; payload: Record<string, unknown> }) => ({
        jwt: await new SignJWT(payload).setProtectedHeader({ ...header, alg: 'ES256' }).sign(pair.privateKey),
        signerJwk: publicJwk,
      }),
      verifyJwt: async () => ({ verified: false as const }),
      fetch,
      generateRandom: (n: number) => new Uint8Array(randomBytes(n)),
      clientAuthentication: clientAuthenticationNone({ clientId: 'standard-wallet' }),
      encryptJwe: () => Promise.reject(new Error('unused')),
      decryptJwe: () => Promise.reject(new Error('unused')),
    } as unknown as CallbackContext;
    const signer = { method: 'jwk' as const, alg: 'ES256', publicJwk };
    const client = new Openid4vciClient({ callbacks });
    const credentialOffer = await client.resolveCredentialOffer(made.offerUri);
    const issuerMetadata = await client.resolveIssuerMetadata(credentialOffer.credential_issuer);
    const { accessTokenResponse } = await client.retrievePreAuthorizedCodeAccessTokenFromOffer({ credentialOffer, issuerMetadata, txCode: made.txCode!, dpop: { signer } });
    assert.equal(accessTokenResponse.token_type, 'DPoP');
    for (const credentialConfigurationId of credentialOffer.credential_configuration_ids) {
      const { c_nonce: nonce } = await client.requestNonce({ issuerMetadata });
      const { jwt } = await client.createCredentialRequestJwtProof({ issuerMetadata, credentialConfigurationId, nonce, signer });
      const result = await client.retrieveCredentials({ issuerMetadata, accessToken: accessTokenResponse.access_token, credentialConfigurationId, proofs: { jwt: [jwt] }, dpop: { signer } });
      assert.equal(result.response.status, 200);
    }
    assert.equal((await session(made.sessionId))?.state, 'completed');
  });

  it('serves nonces with Cache-Control: no-store', async () => {
    const res = await fetch(urls.nonce, { method: 'POST' });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('cache-control'), 'no-store');
    assert.equal(typeof ((await res.json()) as { c_nonce: unknown }).c_nonce, 'string');
  });
});
