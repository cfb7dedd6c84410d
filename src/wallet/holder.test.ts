// The holder library against Open DSP over real HTTP (test/support/open-dsp.ts): receiving every
// catalogue type a trust issues in both formats, presenting them, choosing between two matching credentials,
// declining; then what a wallet must refuse, served by a small hostile server.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { SignJWT, base64url, decodeJwt, exportJWK, generateKeyPair } from 'jose';
import { describeEachDatabase } from '../../test/support/databases.ts';
import { TRUST_TYPES, startHostileServer, startOpenDsp, type PresentationOutcome } from '../../test/support/open-dsp.ts';
import { SAMPLE_SUBJECTS, getCredentialType, type CredentialFormat } from '../core/credentials/index.ts';
import {
  ChoiceRequired,
  CredentialSignatureInvalid,
  InsecureUrl,
  NoMatchingCredential,
  OfferMetadataMismatch,
  RequestKeyNotInDid,
  RequestSignatureInvalid,
  TxCodeRejected,
  TxCodeRequired,
  UnsignedRequestWithDidClientId,
  createHolder,
  createMemoryCredentialStore,
  createMemoryKeyStore,
  type CredentialRecord,
  type Holder,
  type WalletError,
} from './index.ts';

const FORMATS: readonly CredentialFormat[] = ['dc+sd-jwt', 'jwt_vc_json'];

function newHolder(): Holder {
  return createHolder({ fetch: (url, init) => fetch(url, init), keys: createMemoryKeyStore(), credentials: createMemoryCredentialStore(), allowLoopbackHttp: true });
}

async function refusal<T extends WalletError>(promise: Promise<unknown>, type: new (...args: never[]) => T, message: RegExp): Promise<T> {
  const error = await promise.then(
    () => assert.fail(`expected ${type.name}`),
    (e: unknown) => e,
  );
  assert.ok(error instanceof type, `expected ${type.name}, got ${String(error)}`);
  assert.match(error.message, message);
  return error;
}

const serialOf = (record: CredentialRecord) => String(decodeJwt(record.credential.split('~')[0]!).jti).replace('urn:uuid:', '');

describeEachDatabase('holder library against Open DSP', (database) => {
  let dsp: Awaited<ReturnType<typeof startOpenDsp>>;
  let holder: Holder;
  before(async () => {
    dsp = await startOpenDsp(database());
    holder = newHolder();
  });
  after(() => dsp.close());

  it('receives every catalogue type a trust issues in both formats from one offer, asking for the transaction code and checking each credential against the issuer DID', async () => {
    const { offerUri, txCode, sessionId } = await dsp.offer(TRUST_TYPES.flatMap((type) => FORMATS.map((format) => ({ type, format }))));
    let asked: { issuer: string; issuerName?: string } | undefined;
    const result = await holder.receive(offerUri, {
      txCode: async (prompt) => {
        asked = prompt;
        return txCode;
      },
    });
    assert.equal(asked?.issuer, dsp.issuer);
    assert.equal(asked?.issuerName, 'Wallet Test Trust');
    assert.equal(result.received.length, TRUST_TYPES.length * 2);
    const key = await holder.walletKey();
    for (const type of TRUST_TYPES) {
      for (const format of FORMATS) {
        const record = result.received.find((r) => r.type === type && r.format === format);
        assert.ok(record, `${type} ${format}`);
        assert.equal(record.issuer.did, dsp.did);
        assert.equal(record.issuer.name, 'Wallet Test Trust');
        assert.equal(record.keyId, key.id, 'bound to the one wallet key');
        assert.ok(record.typeName, 'display name from the metadata');
        assert.ok(record.status?.uri, 'status reference');
        assert.ok(record.issuedAt);
      }
    }
    assert.equal((await holder.list()).length, TRUST_TYPES.length * 2);
    assert.equal((await dsp.session(sessionId))?.state, 'completed');
  });

  for (const [format, responseMode, method] of [
    ['dc+sd-jwt', 'direct_post.jwt', 'post'],
    ['jwt_vc_json', 'direct_post', 'get'],
  ] as const) {
    it(`presents every catalogue type a trust issues as ${format} in one response (${responseMode}, request fetched by ${method.toUpperCase()}), disclosing only what is asked`, async () => {
      const { requestUri, sessionId } = await dsp.request(TRUST_TYPES.map((type) => ({ id: type, type, formats: [format] })), responseMode);
      const uri = method === 'get' ? requestUri.replace(/&request_uri_method=post/, '') : requestUri;
      const request = await holder.resolvePresentationRequest(uri);
      assert.equal(request.verifier.clientId, `decentralized_identifier:${dsp.did}`);
      assert.equal(request.queries.length, TRUST_TYPES.length);
      for (const query of request.queries) assert.equal(query.candidates.length, 1, query.queryId);
      const result = await holder.present(request);
      assert.equal(result.shared.length, TRUST_TYPES.length);
      const done = await dsp.session(sessionId);
      assert.equal(done?.state, 'completed', JSON.stringify(done));
      const outcome = done?.outcome as PresentationOutcome;
      assert.equal(outcome.credentials.length, TRUST_TYPES.length);
      if (format === 'dc+sd-jwt') {
        // Identity asks for its required fields only; an optional field stays undisclosed.
        const identity = outcome.credentials.find((c) => c.queryId === 'Identity')!;
        assert.equal(identity.claims.lastName, SAMPLE_SUBJECTS.Identity.lastName);
        const required = getCredentialType('Identity').subjectSchema.required as string[];
        const optional = Object.keys(SAMPLE_SUBJECTS.Identity).filter((k) => !required.includes(k));
        assert.ok(optional.length > 0, 'the sample has optional fields');
        for (const field of optional) assert.equal(field in identity.claims, false, `${field} was not asked for`);
      }
    });
  }

  it('lists every matching credential for a query and makes the person choose between two access keys, then presents the chosen one', async () => {
    // A second access key, from a later offer bound to the same wallet key (D23 holder-key binding).
    const second = await dsp.offer([{ type: 'AccessKey', format: 'dc+sd-jwt' }], { mode: 'holder-key', thumbprints: [(await holder.walletKey()).id] });
    const [newKey] = (await holder.receive(second.offerUri)).received;
    assert.ok(newKey);
    const { requestUri, sessionId } = await dsp.request([{ id: 'accessKey', type: 'AccessKey', formats: ['dc+sd-jwt'] }]);
    const request = await holder.resolvePresentationRequest(requestUri);
    const candidates = request.queries[0]!.candidates.map((c) => c.id);
    assert.equal(candidates.length, 2);
    assert.ok(candidates.includes(newKey.id));
    const error = await refusal(holder.present(request), ChoiceRequired, /Several of your credentials/);
    assert.deepEqual([...error.candidateIds].sort(), [...candidates].sort());
    await holder.present(request, { accessKey: newKey.id });
    const outcome = (await dsp.session(sessionId))?.outcome as PresentationOutcome;
    assert.equal(outcome.credentials[0]?.serialNumber, serialOf(newKey));
  });

  it('can name its key in key proofs as a did:jwk kid instead of a bare jwk, and the issuer binds the same wallet key', async () => {
    const { offerUri } = await dsp.offer([{ type: 'CoreSkill', format: 'dc+sd-jwt' }], { mode: 'holder-key', thumbprints: [(await holder.walletKey()).id] });
    const [record] = (await holder.receive(offerUri, { keyReference: 'did:jwk' })).received;
    assert.equal(record?.keyId, (await holder.walletKey()).id);
  });

  it('answers a same-device request with the redirect the verifier returns', async () => {
    const { sameDeviceRequestUri, sessionId } = await dsp.request([{ id: 'identity', type: 'Identity' }]);
    const result = await holder.present(await holder.resolvePresentationRequest(sameDeviceRequestUri), { identity: (await holder.list()).find((r) => r.type === 'Identity')!.id });
    assert.match(result.redirectUri ?? '', /response_code=/);
    assert.equal((await dsp.session(sessionId))?.state, 'completed');
  });

  it('declines with access_denied, which ends the verifier session as declined', async () => {
    const { requestUri, sessionId } = await dsp.request([{ id: 'identity', type: 'Identity' }]);
    await holder.decline(await holder.resolvePresentationRequest(requestUri));
    const s = await dsp.session(sessionId);
    assert.equal(s?.state, 'failed');
    assert.equal(s?.failure, 'declined');
  });

  it('refuses to present when no credential matches, saying what is missing', async () => {
    const empty = newHolder();
    const { requestUri } = await dsp.request([{ id: 'rtw', type: 'RightToWork' }]);
    await refusal(empty.present(await empty.resolvePresentationRequest(requestUri)), NoMatchingCredential, /do not have the credentials this request needs \(rtw\)/);
  });

  it('refuses an offer that asks for a transaction code when none is given, and one whose code is wrong', async () => {
    const { offerUri } = await dsp.offer([{ type: 'Identity', format: 'dc+sd-jwt' }]);
    const fresh = newHolder();
    await refusal(fresh.receive(offerUri), TxCodeRequired, /needs a transaction code/);
    await refusal(fresh.receive(offerUri, { txCode: '000000x' }), TxCodeRejected, /did not accept the transaction code/);
  });

  it('deletes a credential and tells its issuer (credential_deleted)', async () => {
    const record = (await holder.list()).find((r) => r.type === 'CoreSkill')!;
    const { issuerNotified } = await holder.delete(record.id);
    assert.equal(issuerNotified, true);
    assert.equal((await holder.list()).some((r) => r.id === record.id), false);
  });

  it('refuses plain http to anything but this machine', async () => {
    await refusal(holder.receive('openid-credential-offer://?credential_offer_uri=http%3A%2F%2Fissuer.example%2Foffer'), InsecureUrl, /secure \(https\)/);
  });

  // --- hostile messages ------------------------------------------------------------------------

  it('refuses an unsigned request that claims a DID client identifier', async () => {
    const unsigned = `${base64url.encode(JSON.stringify({ alg: 'none', typ: 'oauth-authz-req+jwt' }))}.${base64url.encode(JSON.stringify({ client_id: `decentralized_identifier:${dsp.did}` }))}.`;
    const hostile = await startHostileServer(() => ({ type: 'application/oauth-authz-req+jwt', body: unsigned }));
    try {
      const uri = `openid4vp://?client_id=${encodeURIComponent(`decentralized_identifier:${dsp.did}`)}&request_uri=${encodeURIComponent(`${hostile.url}/request`)}`;
      await refusal(holder.resolvePresentationRequest(uri), UnsignedRequestWithDidClientId, /is not signed, so anyone could have made it/);
      // By value, as plain parameters, too.
      const byValue = `openid4vp://?client_id=${encodeURIComponent(`decentralized_identifier:${dsp.did}`)}&response_type=vp_token&nonce=n&response_mode=direct_post&response_uri=${encodeURIComponent(`${hostile.url}/r`)}`;
      await refusal(holder.resolvePresentationRequest(byValue), UnsignedRequestWithDidClientId, /not signed/);
    } finally {
      await hostile.close();
    }
  });

  it('refuses a request signed by a key the DID does not list, and one whose signature does not verify with the listed key', async () => {
    const attacker = await generateKeyPair('ES256');
    const didDocument = (await (await fetch(`${dsp.issuer}/did.json`)).json()) as { verificationMethod: { id: string }[] };
    const realKid = didDocument.verificationMethod[0]!.id;
    const clientId = `decentralized_identifier:${dsp.did}`;
    let kid = `${dsp.did}#attacker-key`;
    let currentJar = '';
    const server = await startHostileServer(() => ({ type: 'application/oauth-authz-req+jwt', body: currentJar }));
    const sign = async () =>
      new SignJWT({ client_id: clientId, response_type: 'vp_token', nonce: 'n', response_mode: 'direct_post', response_uri: `${server.url}/r`, dcql_query: { credentials: [{ id: 'x', format: 'dc+sd-jwt', meta: { vct_values: ['x'] } }] } })
        .setProtectedHeader({ alg: 'ES256', typ: 'oauth-authz-req+jwt', kid })
        .setIssuedAt()
        .setExpirationTime('5m')
        .sign(attacker.privateKey);
    try {
      const uri = `openid4vp://?client_id=${encodeURIComponent(clientId)}&request_uri=${encodeURIComponent(`${server.url}/request`)}`;
      currentJar = await sign();
      await refusal(holder.resolvePresentationRequest(uri), RequestKeyNotInDid, /signed with a key that .* does not list/);
      kid = realKid;
      currentJar = await sign();
      await refusal(holder.resolvePresentationRequest(uri), RequestSignatureInvalid, /signature does not check out/);
      // A key in the header proves nothing about the DID.
      currentJar = await new SignJWT({ client_id: clientId })
        .setProtectedHeader({ alg: 'ES256', typ: 'oauth-authz-req+jwt', kid: realKid, jwk: await exportJWK(attacker.publicKey) })
        .sign(attacker.privateKey);
      await refusal(holder.resolvePresentationRequest(uri), RequestKeyNotInDid, /does not list/);
    } finally {
      await server.close();
    }
  });

  it('refuses an offer whose issuer metadata names another issuer', async () => {
    const server = await startHostileServer((req) => {
      if (req.url === '/offer') return { body: { credential_issuer: `${server.url}/issuer`, credential_configuration_ids: ['Identity_dc+sd-jwt'], grants: { 'urn:ietf:params:oauth:grant-type:pre-authorized_code': { 'pre-authorized_code': 'x' } } } };
      if (req.url === '/.well-known/openid-credential-issuer/issuer') return { body: { credential_issuer: dsp.issuer, credential_endpoint: `${server.url}/credential`, credential_configurations_supported: {} } };
      return undefined;
    });
    try {
      const error = await refusal(holder.receive(`openid-credential-offer://?credential_offer_uri=${encodeURIComponent(`${server.url}/offer`)}`), OfferMetadataMismatch, /describes itself as/);
      assert.equal(error.metadataIssuer, dsp.issuer);
    } finally {
      await server.close();
    }
  });

  it('refuses a credential whose issuer signature fails, keeps nothing, and tells the issuer credential_failure', async () => {
    // A genuine credential for this wallet with one claim changed after signing.
    const genuine = (await holder.list()).find((r) => r.format === 'jwt_vc_json' && r.type === 'Identity')!;
    const [header, payload, signature] = genuine.credential.split('.');
    const claims = JSON.parse(new TextDecoder().decode(base64url.decode(payload!))) as { vc: { credentialSubject: Record<string, unknown> } };
    claims.vc.credentialSubject.lastName = 'Impostor';
    const forged = `${header}.${base64url.encode(JSON.stringify(claims))}.${signature}`;
    const notifications: unknown[] = [];
    const server = await startHostileServer((req, body) => {
      const issuer = `${server.url}/issuer`;
      switch (req.url) {
        case '/offer':
          return { body: { credential_issuer: issuer, credential_configuration_ids: ['Identity_jwt_vc_json'], grants: { 'urn:ietf:params:oauth:grant-type:pre-authorized_code': { 'pre-authorized_code': 'code' } } } };
        case '/.well-known/openid-credential-issuer/issuer':
          return {
            body: {
              credential_issuer: issuer,
              credential_endpoint: `${issuer}/credential`,
              nonce_endpoint: `${issuer}/nonce`,
              notification_endpoint: `${issuer}/notification`,
              credential_configurations_supported: { Identity_jwt_vc_json: { format: 'jwt_vc_json', credential_definition: { type: ['VerifiableCredential', 'Identity'] } } },
            },
          };
        case '/.well-known/oauth-authorization-server/issuer':
          return { body: { issuer, token_endpoint: `${issuer}/token` } };
        case '/issuer/token':
          return { body: { access_token: 'at', token_type: 'Bearer' } };
        case '/issuer/nonce':
          return { body: { c_nonce: 'cn' } };
        case '/issuer/credential':
          return { body: { credentials: [{ credential: forged }], notification_id: 'n1' } };
        case '/issuer/notification':
          notifications.push(JSON.parse(body));
          return { status: 204, body: '' };
        default:
          return undefined;
      }
    });
    try {
      const before = (await holder.list()).length;
      await refusal(holder.receive(`openid-credential-offer://?credential_offer_uri=${encodeURIComponent(`${server.url}/offer`)}`), CredentialSignatureInvalid, /is not signed by a key its issuer lists/);
      assert.equal((await holder.list()).length, before);
      assert.deepEqual(notifications, [{ notification_id: 'n1', event: 'credential_failure', event_description: 'the wallet could not verify the credential' }]);
    } finally {
      await server.close();
    }
  });
});
