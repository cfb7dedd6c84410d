// The OpenID4VP verifier over real HTTP (app.listen on localhost): a test wallet written from the
// specs (test/support/oid4vp-wallet.ts) fetches signed Request Objects by reference, checks them
// against the organisation's DID document fetched over HTTP, matches DCQL with the dcql package
// and answers with direct_post and direct_post.jwt, in both credential formats; then what a
// verifier must refuse.
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { after, before, it } from 'node:test';
import { testApp } from '../../../test/support/app.ts';
import { describeEachDatabase } from '../../../test/support/databases.ts';
import { createTestWallet, type WalletCredential } from '../../../test/support/oid4vp-wallet.ts';
import { createSdJwtVc, createLocalSigner, SAMPLE_SUBJECTS, type CredentialFormat, type CredentialTypeId } from '../../core/credentials/index.ts';
import { testKey } from '../../core/credentials/testing.ts';
import { didJwkFromPublicJwk, type PublicKeyJwk } from '../../core/did/index.ts';
import type { Organisation } from '../../core/passport/organisation.ts';
import type { ResponseMode } from '../../core/oid4vp/index.ts';
import { systemClock, type Clock } from '../../platform/clock.ts';
import { addOrganisation } from '../../store/organisations.ts';
import { provisionOrganisationKeys } from '../../store/organisation-keys.ts';
import { scopeOf } from '../../store/scope.ts';
import { statusLedger } from '../../store/status-ledger.ts';
import { browserBindingOf, walletSessions } from '../../store/wallet-sessions.ts';
import { issueCredential } from '../issuance/issue-credential.ts';
import { consumeResponseCode, createPresentationRequest, type PresentationOutcome } from './index.ts';
import { freePort } from '../../../test/support/free-port.ts';


const holder = testKey('holder');

describeEachDatabase('OpenID4VP verifier over HTTP', (database) => {
  let app: Awaited<ReturnType<typeof testApp>>;
  let publicUrl: string;
  let trust: Organisation;
  // A clock the tests can move forward (expiry), otherwise the system's.
  let offsetMs = 0;
  const clock: Clock = { now: () => new Date(systemClock.now().getTime() + offsetMs) };

  before(async () => {
    const port = await freePort();
    publicUrl = `http://localhost:${port}`;
    app = await testApp(
      database(),
      { DSP_PUBLIC_URL: publicUrl },
      { clock },
    );
    const { db } = database();
    trust = (await addOrganisation(db, { odsCode: 'RVP', name: 'Presentation Test Trust', kind: 'trust' })).organisation;
    await provisionOrganisationKeys(db, app.services.keys, trust.id);
    await app.listen({ port, host: 'localhost' });
  });
  after(() => app.close());

  const issue = async (type: CredentialTypeId, format: CredentialFormat, subject: Record<string, unknown> = SAMPLE_SUBJECTS[type]) => {
    const result = await database().transaction((tx) =>
      issueCredential(tx, { keys: app.services.keys, clock, publicUrl }, { organisation: trust, type, format, subject, holderJwk: holder.publicJwk, actor: 'test', correlationId: 'test' }),
    );
    assert.ok(result.outcome === 'issued');
    return { format, credential: result.credential.credential, serialNumber: result.serialNumber };
  };

  const request = (credentials: { id: string; type: CredentialTypeId; formats?: CredentialFormat[] }[], responseMode: ResponseMode, ttlSeconds = 300) =>
    database().transaction((tx) =>
      createPresentationRequest(tx, { keys: app.services.keys, clock, publicUrl }, {
        organisation: trust,
        credentials,
        purpose: 'Sign in to your staff passport',
        responseMode,
        walletSession: { purpose: 'test', browserBinding: browserBindingOf('browser-secret'), returnTo: '/done', ttlSeconds },
      }),
    );

  const session = (id: string) => walletSessions(database().db, scopeOf(trust.id)).get(id, clock.now());
  const wallet = (credentials: WalletCredential[]) => createTestWallet({ holder: { privateJwk: holder.privateJwk, alg: holder.alg }, credentials });

  for (const format of ['dc+sd-jwt', 'jwt_vc_json'] as const) {
    for (const responseMode of ['direct_post', 'direct_post.jwt'] as const) {
      for (const method of ['get', 'post'] as const) {
        it(`verifies a ${format} presentation answered with ${responseMode}, the request fetched by ${method.toUpperCase()}, and completes the session with the verified claims`, async () => {
          const identity = await issue('Identity', format);
          const { sessionId, requestUri } = await request([{ id: 'identity', type: 'Identity' }], responseMode);
          assert.equal((await session(sessionId))?.state, 'pending');
          const result = await wallet([identity]).present(requestUri, { method });
          assert.equal(result.status, 200, JSON.stringify(result.body));
          assert.deepEqual(result.body, {}); // cross-device: no redirect
          assert.match(String(result.request.client_id), /^decentralized_identifier:did:web:localhost%3A\d+:orgs:RVP$/);
          const done = await session(sessionId);
          assert.equal(done?.state, 'completed');
          const outcome = done?.outcome as PresentationOutcome;
          assert.equal(outcome.dspId, SAMPLE_SUBJECTS.Identity.dspId);
          assert.equal(outcome.credentials[0]?.queryId, 'identity');
          assert.equal(outcome.credentials[0]?.format, format);
          assert.equal(outcome.credentials[0]?.serialNumber, identity.serialNumber);
          assert.equal(outcome.credentials[0]?.issuerName, 'Presentation Test Trust');
          assert.equal(outcome.credentials[0]?.claims.lastName, SAMPLE_SUBJECTS.Identity.lastName);
        });
      }
    }
  }

  it('accepts A256GCM as well as A128GCM for encrypted responses', async () => {
    const identity = await issue('Identity', 'dc+sd-jwt');
    const { sessionId, requestUri } = await request([{ id: 'identity', type: 'Identity' }], 'direct_post.jwt');
    const result = await wallet([identity]).present(requestUri, { enc: 'A256GCM' });
    assert.equal(result.status, 200, JSON.stringify(result.body));
    assert.equal((await session(sessionId))?.state, 'completed');
  });

  it('verifies two credentials of one person presented together, in different formats', async () => {
    const identity = await issue('Identity', 'dc+sd-jwt');
    const rtw = await issue('RightToWork', 'jwt_vc_json');
    const { sessionId, requestUri } = await request([{ id: 'identity', type: 'Identity' }, { id: 'rtw', type: 'RightToWork' }], 'direct_post.jwt');
    const result = await wallet([identity, rtw]).present(requestUri);
    assert.equal(result.status, 200, JSON.stringify(result.body));
    const outcome = (await session(sessionId))?.outcome as PresentationOutcome;
    assert.deepEqual(outcome.credentials.map((c) => c.queryId).sort(), ['identity', 'rtw']);
  });

  const refused = async (sessionId: string, result: { status: number; body: Record<string, unknown> }, failure = 'verification_failed') => {
    assert.equal(result.status, 400, JSON.stringify(result.body));
    assert.equal(result.body.error, 'invalid_request');
    const s = await session(sessionId);
    assert.equal(s?.state, 'failed');
    assert.equal(s?.failure, failure);
  };

  for (const format of ['dc+sd-jwt', 'jwt_vc_json'] as const) {
    it(`refuses a ${format} presentation made for another nonce`, async () => {
      const identity = await issue('Identity', format);
      const { sessionId, requestUri } = await request([{ id: 'identity', type: 'Identity' }], 'direct_post');
      await refused(sessionId, await wallet([identity]).present(requestUri, { nonce: randomBytes(32).toString('base64url') }));
    });

    it(`refuses a ${format} presentation addressed to another audience (the DID without its client id prefix)`, async () => {
      const identity = await issue('Identity', format);
      const { sessionId, requestUri } = await request([{ id: 'identity', type: 'Identity' }], 'direct_post');
      const did = decodeURIComponent(new URL(requestUri).searchParams.get('client_id')!).replace('decentralized_identifier:', '');
      await refused(sessionId, await wallet([identity]).present(requestUri, { audience: did }));
    });

    it(`refuses a revoked ${format} credential`, async () => {
      const identity = await issue('Identity', format);
      await database().transaction((tx) =>
        statusLedger(tx, scopeOf(trust.id)).revoke({ serialNumber: identity.serialNumber, reason: 'LeavingOrganisation', actor: 'test', correlationId: 'test' }, clock),
      );
      const { sessionId, requestUri } = await request([{ id: 'identity', type: 'Identity' }], 'direct_post.jwt');
      await refused(sessionId, await wallet([identity]).present(requestUri), 'credential_revoked');
    });
  }

  it('refuses the same response posted twice: the second is a replay', async () => {
    const identity = await issue('Identity', 'dc+sd-jwt');
    const { sessionId, requestUri } = await request([{ id: 'identity', type: 'Identity' }], 'direct_post');
    const result = await wallet([identity]).present(requestUri);
    assert.equal(result.status, 200);
    const again = await result.replay();
    assert.equal(again.status, 400);
    assert.equal(again.body.error, 'invalid_request');
    assert.equal((await session(sessionId))?.state, 'completed');
  });

  it('refuses a second fetch of the same request_uri', async () => {
    const identity = await issue('Identity', 'dc+sd-jwt');
    const { requestUri } = await request([{ id: 'identity', type: 'Identity' }], 'direct_post');
    const w = wallet([identity]);
    await w.fetchRequest(requestUri, 'get');
    await assert.rejects(w.fetchRequest(requestUri, 'post'), (e: { status?: number; body?: string }) => e.status === 400 && /invalid_request_uri/.test(e.body ?? ''));
  });

  it('refuses a response to an expired transaction and ends the session as expired', async () => {
    const identity = await issue('Identity', 'dc+sd-jwt');
    const { sessionId, requestUri } = await request([{ id: 'identity', type: 'Identity' }], 'direct_post', 60);
    // The wallet fetches the request in time, and answers after the transaction's lifetime.
    const fetched = await wallet([identity]).fetchRequest(requestUri, 'get');
    offsetMs = 61_000;
    try {
      const response = await fetch(String(fetched.request.response_uri), {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ vp_token: JSON.stringify({ identity: ['x~'] }), state: String(fetched.request.state) }),
      });
      assert.equal(response.status, 400);
      assert.equal(((await response.json()) as { error: string }).error, 'invalid_request');
      const s = await session(sessionId);
      assert.equal(s?.state, 'failed');
      assert.equal(s?.failure, 'expired');
    } finally {
      offsetMs = 0;
    }
  });

  it('refuses a credential from an issuer that is not a registered organisation', async () => {
    const rogue = testKey('hillsideIssuer');
    const did = didJwkFromPublicJwk(rogue.publicJwk as PublicKeyJwk);
    const issued = await createSdJwtVc({
      type: 'Identity',
      subject: SAMPLE_SUBJECTS.Identity,
      issuer: did,
      signer: createLocalSigner(rogue.privateJwk, rogue.alg, `${did}#0`),
      holderJwk: holder.publicJwk,
      serialNumber: randomUUID(),
      issuedAt: clock.now(),
      status: { uri: `${publicUrl}/orgs/RVP/status/token/${randomUUID()}`, index: 1 },
      randomBytes: (n) => new Uint8Array(randomBytes(n)),
    });
    const { sessionId, requestUri } = await request([{ id: 'identity', type: 'Identity' }], 'direct_post');
    await refused(sessionId, await wallet([{ format: 'dc+sd-jwt', credential: issued.credential }]).present(requestUri));
  });

  it('refuses credentials that carry different DSP unique identifiers', async () => {
    const identity = await issue('Identity', 'dc+sd-jwt');
    const rtw = await issue('RightToWork', 'dc+sd-jwt', { ...SAMPLE_SUBJECTS.RightToWork, dspId: randomUUID() });
    const { sessionId, requestUri } = await request([{ id: 'identity', type: 'Identity' }, { id: 'rtw', type: 'RightToWork' }], 'direct_post');
    await refused(sessionId, await wallet([identity, rtw]).present(requestUri));
  });

  it('ends the session as credential_missing when the wallet leaves a requested credential out', async () => {
    const identity = await issue('Identity', 'dc+sd-jwt');
    const { sessionId, requestUri } = await request([{ id: 'identity', type: 'Identity' }, { id: 'rtw', type: 'RightToWork' }], 'direct_post');
    await refused(sessionId, await wallet([identity]).present(requestUri), 'credential_missing');
  });

  it('ends the session as declined when the wallet answers access_denied', async () => {
    const { sessionId, requestUri } = await request([{ id: 'identity', type: 'Identity' }], 'direct_post.jwt');
    const result = await wallet([]).present(requestUri, { error: 'access_denied' });
    assert.equal(result.status, 200);
    const s = await session(sessionId);
    assert.equal(s?.state, 'failed');
    assert.equal(s?.failure, 'declined');
  });

  it('same-device: answers a redirect_uri whose response code works once, and only for its own session', async () => {
    const identity = await issue('Identity', 'jwt_vc_json');
    const first = await request([{ id: 'identity', type: 'Identity' }], 'direct_post.jwt');
    const other = await request([{ id: 'identity', type: 'Identity' }], 'direct_post');
    const result = await wallet([identity]).present(first.sameDeviceRequestUri);
    assert.equal(result.status, 200, JSON.stringify(result.body));
    const redirect = new URL(String(result.body.redirect_uri));
    assert.equal(redirect.origin, publicUrl);
    assert.equal(redirect.pathname, `/orgs/RVP/wallet-sessions/${first.sessionId}/continue`);
    const code = redirect.searchParams.get('response_code')!;
    assert.ok(code.length >= 43);
    const scope = scopeOf(trust.id);
    assert.equal(await consumeResponseCode(database().db, scope, other.sessionId, code, clock.now()), false);
    assert.equal(await consumeResponseCode(database().db, scope, first.sessionId, (code.startsWith('x') ? 'y' : 'x') + code.slice(1), clock.now()), false);
    assert.equal(await consumeResponseCode(database().db, scope, first.sessionId, code, clock.now()), true);
    assert.equal(await consumeResponseCode(database().db, scope, first.sessionId, code, clock.now()), false);
  });

  it('same-device: hands the outcome back only in the browser that brings the response code back (session fixation)', async () => {
    const identity = await issue('Identity', 'dc+sd-jwt');
    const started = await request([{ id: 'identity', type: 'Identity' }], 'direct_post');
    const result = await wallet([identity]).present(started.sameDeviceRequestUri);
    const redirect = new URL(String(result.body.redirect_uri));
    const mine = { cookie: `dsp-browser=${app.signCookie('browser-secret')}` };
    const attacker = { cookie: `dsp-browser=${app.signCookie('attacker-browser')}` };
    const base = `/orgs/RVP/wallet-sessions/${started.sessionId}`;
    // The browser that started it may not continue until the code comes back to it.
    const early = await app.inject({ method: 'GET', url: `${base}/continue`, headers: mine });
    assert.equal(early.headers.location, base);
    // Another browser holding the code gets nothing, and the code stays usable.
    assert.equal((await app.inject({ method: 'GET', url: redirect.pathname + redirect.search, headers: attacker })).statusCode, 404);
    const back = await app.inject({ method: 'GET', url: redirect.pathname + redirect.search, headers: mine });
    assert.equal(back.statusCode, 303);
    assert.equal(back.headers.location, `/done?walletSession=${started.sessionId}`);
    // Once the code came back, the starting browser's other tab may continue too.
    assert.equal((await app.inject({ method: 'GET', url: `${base}/continue`, headers: mine })).headers.location, `/done?walletSession=${started.sessionId}`);
  });
});
