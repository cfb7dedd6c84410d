// Issue 4 interop: issuance to, and presentation from, a wallet not written in this project —
// Credo 0.6.3's OpenID4VC holder (pinned in test-peers/credo, driven as a child process by
// test/support/credo-peer.ts). The real app listens on http://localhost:<port>; Credo resolves
// our issuer metadata, redeems the pre-authorized code with the tx_code, proves possession of its
// key, and later fetches our signed Request Object by POST (request_uri_method=post, with an
// empty form body), verifies it against our did:web document and answers with direct_post or
// direct_post.jwt. One wallet store per format, reused across that format's tests (each Credo
// command is a new process, 2–5 s of it Credo loading).
//
// If the peer cannot be installed, every test FAILS with the reason: interop is a requirement,
// not an optional extra.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, it } from 'node:test';
import { calculateJwkThumbprint, decodeJwt, type JWK } from 'jose';
import { SAMPLE_DSP_ID, SAMPLE_SUBJECTS, type CredentialFormat } from '../../src/core/credentials/index.ts';
import type { Organisation } from '../../src/core/passport/organisation.ts';
import { createCredentialOffer } from '../../src/gateway/oid4vci/index.ts';
import { createPresentationRequest, type PresentationOutcome } from '../../src/gateway/oid4vp/index.ts';
import { createCredentialVerifier, type CredentialVerifier } from '../../src/gateway/verify/credential-verifier.ts';
import { systemClock } from '../../src/platform/clock.ts';
import { provisionOrganisationKeys } from '../../src/store/organisation-keys.ts';
import { addOrganisation } from '../../src/store/organisations.ts';
import { scopeOf } from '../../src/store/scope.ts';
import { browserBindingOf, walletSessions } from '../../src/store/wallet-sessions.ts';
import { testApp } from '../support/app.ts';
import { CredoPeerError, credoHolder, ensureCredoPeerInstalled, type CredoHeldCredential, type CredoHolder } from '../support/credo-peer.ts';
import { describeEachDatabase } from '../support/databases.ts';
import { freePort } from '../support/free-port.ts';


// Installed once per process (a no-op when the pinned version is already there).
let peer: ReturnType<typeof ensureCredoPeerInstalled> | undefined;
function requirePeer(): void {
  peer ??= ensureCredoPeerInstalled();
  if (!peer.ok) assert.fail(`the Credo interop peer is not available: ${peer.reason}`);
}

/** Credo's error as text (code, message, details, the end of its stderr) for assertion messages. */
function describeError(error: unknown): string {
  if (error instanceof CredoPeerError) return `${error.code}: ${error.message} ${JSON.stringify(error.details)}\n${error.stderr.split('\n').slice(-15).join('\n')}`;
  return String(error);
}

async function attempt<T>(what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    assert.fail(`Credo ${what} failed: ${describeError(error)}`);
  }
}

const TIMEOUT = 120_000;

describeEachDatabase('Interop with the Credo 0.6.3 holder', (database) => {
  let app: Awaited<ReturnType<typeof testApp>>;
  let publicUrl: string;
  let trust: Organisation;
  let verifier: CredentialVerifier;
  let storeRoot: string;

  before(async () => {
    const port = await freePort();
    publicUrl = `http://localhost:${port}`;
    app = await testApp(database(), { DSP_PUBLIC_URL: publicUrl });
    const { db } = database();
    trust = (await addOrganisation(db, { odsCode: 'RCR', name: 'Credo Interop NHS Trust', kind: 'trust' })).organisation;
    await provisionOrganisationKeys(db, app.services.keys, trust.id);
    await app.listen({ port, host: 'localhost' });
    verifier = createCredentialVerifier({ db, keys: app.services.keys, clock: systemClock, publicUrl, allowLoopback: true });
    storeRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'dsp-credo-'));
  });
  after(async () => {
    await app.close();
    fs.rmSync(storeRoot, { recursive: true, force: true });
  });

  const organisationDid = () => `did:web:${encodeURIComponent(new URL(publicUrl).host)}:orgs:RCR`;
  const session = (id: string) => walletSessions(database().db, scopeOf(trust.id)).get(id, systemClock.now());
  const offer = (format: CredentialFormat, types: ('AccessKey' | 'Identity')[]) =>
    database().transaction((tx) =>
      createCredentialOffer(tx, { clock: systemClock, publicUrl }, {
        organisation: trust,
        dspId: SAMPLE_DSP_ID,
        credentials: types.map((type) => ({ type, format, subject: SAMPLE_SUBJECTS[type] })),
        holderBinding: { mode: 'session' },
        txCode: true,
        walletSession: { purpose: 'access-key-download', browserBinding: browserBindingOf('browser-secret'), returnTo: '/done', ttlSeconds: 600 },
      }),
    );
  const request = (format: CredentialFormat, responseMode: 'direct_post' | 'direct_post.jwt') =>
    database().transaction((tx) =>
      createPresentationRequest(tx, { keys: app.services.keys, clock: systemClock, publicUrl }, {
        organisation: trust,
        credentials: [{ id: 'identity', type: 'Identity', formats: [format] }],
        purpose: 'Sign in to your staff passport',
        responseMode,
        walletSession: { purpose: 'sign-in', browserBinding: browserBindingOf('browser-secret'), returnTo: '/done', ttlSeconds: 300 },
      }),
    );

  // The whole round trip in both formats, issuance then presentation in both response modes.
  for (const format of ['dc+sd-jwt', 'jwt_vc_json'] as const) {
    // One Credo wallet, shared by these tests (they run in order).
    let wallet: CredoHolder | undefined;
    let held: CredoHeldCredential | undefined;

    it(`Credo receives a ${format} credential from our issuer with the tx_code, bound to its own key, and the wallet session completes`, { timeout: TIMEOUT }, async () => {
      requirePeer();
      wallet = credoHolder(path.join(storeRoot, format));
      const made = await offer(format, ['Identity']);
      assert.ok(made.txCode);
      const received = await attempt('receive', () => wallet!.receive(made.offerUri, { txCode: made.txCode! }));
      assert.equal(received.credentialIssuer, `${publicUrl}/orgs/RCR`);
      assert.deepEqual(received.credentials.map((c) => c.credentialConfigurationId), [`Identity_${format}`]);
      const c = received.credentials[0]!;
      assert.equal(c.format, format);
      assert.deepEqual(c.type, format === 'dc+sd-jwt' ? 'urn:dsp:credential:Identity:1' : ['VerifiableCredential', 'Identity']);
      assert.equal(c.issuer, organisationDid());
      const cnf = decodeJwt(c.encoded.split('~')[0]!).cnf as { jwk: JWK };
      if (format === 'dc+sd-jwt') {
        // Credo binds SD-JWT VCs to a bare JWK (cnf.jwk): ours carries the key Credo proved.
        assert.equal(c.holderBinding.method, 'jwk');
        assert.equal(await calculateJwkThumbprint(cnf.jwk), (c.holderBinding as { jwkThumbprint: string }).jwkThumbprint);
      } else {
        // Credo binds W3C credentials to a did:jwk; ours carries that DID's key in cnf.jwk and as `sub`.
        assert.equal(c.holderBinding.method, 'did');
        const did = (c.holderBinding as { did: string }).did;
        assert.match(did, /^did:jwk:/);
        assert.deepEqual(JSON.parse(Buffer.from(did.slice('did:jwk:'.length).split('#')[0]!, 'base64url').toString('utf8')).x, cnf.jwk.x);
      }
      const done = await session(made.sessionId);
      assert.equal(done?.state, 'completed', `session ${JSON.stringify(done)}`);
      assert.deepEqual((done?.outcome as { issued: { type: string; format: string }[] }).issued.map((i) => [i.type, i.format]), [['Identity', format]]);
      const listed = await attempt('list', () => wallet!.list());
      assert.deepEqual(listed.map((l) => l.id), [c.id]);
      held = listed[0];
    });

    it(`the ${format} credential Credo holds verifies with our verifier (registered issuer, signature, status, DSP id)`, async () => {
      assert.ok(held, 'Credo holds the credential of the previous test');
      const verified = await verifier.verify(held.encoded, { format });
      assert.equal(verified.ok, true, JSON.stringify(verified.checks));
      assert.equal(verified.issuer?.name, 'Credo Interop NHS Trust');
      assert.equal(verified.credential?.subject.dspId, SAMPLE_DSP_ID);
    });

    for (const responseMode of ['direct_post.jwt', 'direct_post'] as const) {
      it(`Credo presents its ${format} Identity to our verifier with ${responseMode} (signed request fetched by POST, did:web client id), and the session completes with its type, issuer and DSP id`, { timeout: TIMEOUT }, async () => {
        requirePeer();
        assert.ok(wallet && held, 'Credo holds the credential of the first test');
        const { sessionId, requestUri } = await request(format, responseMode);
        assert.match(requestUri, /request_uri_method=post/);
        const presented = await attempt('present', () => wallet!.present(requestUri));
        assert.equal(presented.ok, true, JSON.stringify(presented));
        assert.equal(presented.status, 200);
        assert.equal(presented.signedRequest, true);
        assert.equal(presented.responseMode, responseMode);
        assert.equal(presented.verifier.clientIdPrefix, 'decentralized_identifier');
        assert.equal(presented.verifier.effectiveClientId, `decentralized_identifier:${organisationDid()}`);
        assert.deepEqual(presented.disclosed, { identity: [held.id] });
        const done = await session(sessionId);
        assert.equal(done?.state, 'completed', `session ${JSON.stringify(done)}`);
        const outcome = done?.outcome as PresentationOutcome;
        assert.equal(outcome.dspId, SAMPLE_DSP_ID);
        assert.equal(outcome.credentials.length, 1);
        const [shown] = outcome.credentials;
        assert.equal(shown?.queryId, 'identity');
        assert.equal(shown?.type, 'Identity');
        assert.equal(shown?.format, format);
        assert.equal(shown?.issuer, organisationDid());
        assert.equal(shown?.issuerName, 'Credo Interop NHS Trust');
        assert.equal(shown?.claims.lastName, SAMPLE_SUBJECTS.Identity.lastName);
      });
    }

    it('an offer of several credentials goes to one wallet key: Credo, which binds each credential to a fresh key, gets the first and is denied the second (credential_request_denied, not a nonce error: our credential response hands it the next c_nonce)', { timeout: TIMEOUT }, async () => {
      requirePeer();
      const other = credoHolder(path.join(storeRoot, 'two-keys'));
      const made = await offer(format, ['AccessKey', 'Identity']);
      const error = await other.receive(made.offerUri, { txCode: made.txCode! }).then(
        () => assert.fail('Credo received both credentials of one offer under two keys'),
        (e: unknown) => e,
      );
      assert.ok(error instanceof CredoPeerError, describeError(error));
      assert.match(error.message, /credential_request_denied/, describeError(error));
      assert.match(error.message, /one wallet key/, describeError(error));
      const s = await session(made.sessionId);
      assert.notEqual(s?.state, 'completed');
    });
  }

  it('Credo without the tx_code gets nothing: no code refuses, a wrong code is refused by our token endpoint, the wallet holds nothing and the session does not complete', { timeout: TIMEOUT }, async () => {
    requirePeer();
    const stranger = credoHolder(path.join(storeRoot, 'stranger'));

    const first = await offer('dc+sd-jwt', ['Identity']);
    const noCode = await stranger.receive(first.offerUri).then(
      () => assert.fail('Credo received credentials without the tx_code'),
      (error: unknown) => error,
    );
    assert.ok(noCode instanceof CredoPeerError, describeError(noCode));
    assert.equal(noCode.code, 'tx_code_required', describeError(noCode));
    assert.notEqual((await session(first.sessionId))?.state, 'completed');

    const second = await offer('dc+sd-jwt', ['Identity']);
    const wrongCode = second.txCode === '000000' ? '111111' : '000000';
    const refused = await stranger.receive(second.offerUri, { txCode: wrongCode }).then(
      () => assert.fail('Credo received credentials with a wrong tx_code'),
      (error: unknown) => error,
    );
    assert.ok(refused instanceof CredoPeerError, describeError(refused));
    assert.match(JSON.stringify(refused.details) + refused.message, /invalid_grant|invalid_request|400/, describeError(refused));
    assert.notEqual((await session(second.sessionId))?.state, 'completed');

    assert.deepEqual(await attempt('list', () => stranger.list()), []);
  });
});
