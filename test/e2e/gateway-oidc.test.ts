// The gateway's OIDC face as an external system meets it: an independent relying party built
// with openid-client 6 (not our code) against the running gateway over real HTTP, a cookie-jar
// browser following the redirects, and our holder library answering the QR page as the
// person's wallet. Verifying mode, issuing mode (PAR + authorization_details), revocation, and
// everything the gateway must refuse.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, it } from 'node:test';
import * as client from 'openid-client';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import { testApp } from '../support/app.ts';
import { describeEachDatabase } from '../support/databases.ts';
import { CookieBrowser, walletLinkOf } from '../support/cookie-browser.ts';
import { freePort } from '../support/free-port.ts';
import { SAMPLE_CORE_SKILLS, SAMPLE_DSP_ID, SAMPLE_SUBJECTS, type CredentialSubject } from '../../src/core/credentials/index.ts';
import type { Organisation } from '../../src/core/passport/organisation.ts';
import { systemClock, type Clock } from '../../src/platform/clock.ts';
import { createCredentialOffer } from '../../src/gateway/oid4vci/create-credential-offer.ts';
import { hashClientSecret } from '../../src/gateway/oidc/index.ts';
import { addOrganisation } from '../../src/store/organisations.ts';
import { provisionOrganisationKeys } from '../../src/store/organisation-keys.ts';
import { organisationOidcClients } from '../../src/store/oidc-clients.ts';
import { scopeOf } from '../../src/store/scope.ts';
import { browserBindingOf } from '../../src/store/wallet-sessions.ts';
import { createHolder, createMemoryCredentialStore, createMemoryKeyStore, type Holder } from '../../src/wallet/index.ts';

const { allowInsecureRequests } = client;

describeEachDatabase('gateway OIDC face with an openid-client relying party', (database) => {
  let app: Awaited<ReturnType<typeof testApp>>;
  let base: string;
  let trust: Organisation;
  let provider: Organisation;
  let offsetMs = 0;
  const clock: Clock = { now: () => new Date(systemClock.now().getTime() + offsetMs) };
  const secret = 'test-client-secret-with-plenty-of-entropy-0123456789';
  const clientId = 'training-portal';
  let redirectUri: string;

  before(async () => {
    const port = await freePort();
    base = `http://localhost:${port}`;
    redirectUri = `${base}/rp/callback`;
    app = await testApp(database(), { DSP_PUBLIC_URL: base }, { clock });
    const { db } = database();
    trust = (await addOrganisation(db, { odsCode: 'RGT', name: 'Gateway Test Trust', kind: 'trust' })).organisation;
    provider = (await addOrganisation(db, { odsCode: 'XGT', name: 'Gateway Test Training', kind: 'external' })).organisation;
    await provisionOrganisationKeys(db, app.services.keys, trust.id);
    await provisionOrganisationKeys(db, app.services.keys, provider.id);
    await organisationOidcClients(db, scopeOf(provider.id)).add({
      clientId,
      name: 'Gateway Test Training portal',
      secretHash: hashClientSecret(secret),
      redirectUris: [redirectUri],
      credentialTypes: ['CoreSkill'],
      idTokenSignedResponseAlg: 'ES256',
      now: clock.now(),
    });
    await app.listen({ port, host: 'localhost' });
  });
  after(() => app.close());

  const newHolder = () =>
    createHolder({ fetch: (url, init) => fetch(url, init), keys: createMemoryKeyStore(), credentials: createMemoryCredentialStore(), allowLoopbackHttp: true });

  /** The person's trust gives them an access key and identity credential (first credentials: session binding + tx_code). */
  async function onboard(holder: Holder, dspId = SAMPLE_DSP_ID, names: Partial<CredentialSubject> = {}): Promise<void> {
    const offer = await database().transaction((tx) =>
      createCredentialOffer(tx, { clock, publicUrl: base }, {
        organisation: trust,
        dspId,
        credentials: [
          { type: 'AccessKey', format: 'dc+sd-jwt', subject: { ...SAMPLE_SUBJECTS.AccessKey, dspId, organisationOds: 'RGT' } },
          { type: 'Identity', format: 'dc+sd-jwt', subject: { ...SAMPLE_SUBJECTS.Identity, ...names, dspId } },
        ],
        holderBinding: { mode: 'session' },
        txCode: true,
        walletSession: { purpose: 'test', browserBinding: browserBindingOf('x'), returnTo: '/done', ttlSeconds: 300 },
      }),
    );
    await holder.receive(offer.offerUri, { txCode: offer.txCode! });
  }

  const rp = (id = clientId, auth?: client.ClientAuth) =>
    client.discovery(new URL(`${base}/gateway`), id, id === clientId && !auth ? secret : undefined, auth, { execute: [allowInsecureRequests] });

  /** Browser: from the authorization URL to the wallet-session page; returns its wallet link. */
  async function toWalletPage(browser: CookieBrowser, authorizationUrl: URL): Promise<string> {
    const { url, res } = await browser.follow(authorizationUrl.href, (u) => u.includes('/wallet-sessions/'));
    assert.match(url, /\/orgs\/XGT\/wallet-sessions\//, `expected the QR page, got ${url} (${res.status})`);
    const page = await browser.request(url);
    assert.equal(page.status, 200);
    return walletLinkOf(await page.text());
  }

  /** Browser: back from the wallet to the client's redirect URI. */
  async function backToClient(browser: CookieBrowser, from: string): Promise<URL> {
    const { url } = await browser.follow(from, (u) => u.startsWith(redirectUri));
    assert.ok(url.startsWith(redirectUri), `expected the client's redirect URI, got ${url}`);
    return new URL(url);
  }

  async function verify(holder: Holder, scope = 'openid Identity', sameDevice = true, configuration?: client.Configuration) {
    const config = configuration ?? (await rp());
    const verifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const nonce = client.randomNonce();
    const authorizationUrl = client.buildAuthorizationUrl(config, { redirect_uri: redirectUri, scope, state, nonce, code_challenge: await client.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256' });
    const browser = new CookieBrowser();
    let link = await toWalletPage(browser, authorizationUrl);
    const pageUrl = browser.url;
    if (!sameDevice) {
      const url = new URL(link);
      url.searchParams.set('request_uri', url.searchParams.get('request_uri')!.replace(/[?&]flow=same-device$/, ''));
      link = url.toString();
    }
    const request = await holder.resolvePresentationRequest(link);
    const presented = await holder.present(request);
    const callback = await backToClient(browser, presented.redirectUri ?? `${pageUrl}/continue`);
    return { config, callback, verifier, state, nonce };
  }

  it('publishes discovery: code flow only, PKCE S256, PAR, RFC 9207 iss, the three client authentication methods, ES256 and RS256', async () => {
    const config = await rp();
    const md = config.serverMetadata();
    assert.equal(md.issuer, `${base}/gateway`);
    assert.deepEqual(md.response_types_supported, ['code']);
    assert.deepEqual(md.code_challenge_methods_supported, ['S256']);
    assert.equal(md.pushed_authorization_request_endpoint, `${base}/gateway/par`);
    assert.equal(md.authorization_response_iss_parameter_supported, true);
    assert.deepEqual([...(md.token_endpoint_auth_methods_supported ?? [])].sort(), ['client_secret_basic', 'client_secret_post', 'private_key_jwt']);
    assert.deepEqual([...(md.id_token_signing_alg_values_supported ?? [])].sort(), ['ES256', 'RS256']);
    assert.ok(md.scopes_supported?.includes('issue.CoreSkill'));
    const jwks = (await (await fetch(`${base}/gateway/jwks`)).json()) as { keys: { alg: string; d?: string }[] };
    assert.deepEqual(jwks.keys.map((k) => k.alg).sort(), ['ES256', 'RS256']);
    assert.ok(jwks.keys.every((k) => k.d === undefined), 'no private key material in the JWKS');
  });

  for (const sameDevice of [true, false]) {
    it(`verifying mode (${sameDevice ? 'same device' : 'cross device'}): the ID token says who the wallet proved the person is`, async () => {
      const holder = newHolder();
      await onboard(holder);
      const { config, callback, verifier, state, nonce } = await verify(holder, 'openid Identity', sameDevice);
      assert.equal(callback.searchParams.get('iss'), `${base}/gateway`);
      const tokens = await client.authorizationCodeGrant(config, callback, { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce });
      const claims = tokens.claims()!;
      assert.equal(claims.sub, SAMPLE_DSP_ID);
      assert.equal(claims.given_name, SAMPLE_SUBJECTS.Identity.firstName);
      assert.equal(claims.family_name, SAMPLE_SUBJECTS.Identity.lastName);
      assert.equal(claims.birthdate, SAMPLE_SUBJECTS.Identity.birthDate);
      const verified = claims.verified_credentials as { type: string; issuer: string; issuer_name: string; status: string; serial_number: string; issued_at: number; claims: Record<string, unknown> }[];
      assert.equal(verified.length, 1);
      assert.equal(verified[0]!.type, 'Identity');
      assert.match(verified[0]!.issuer, /^did:web:localhost%3A\d+:orgs:RGT$/);
      assert.equal(verified[0]!.issuer_name, 'Gateway Test Trust');
      assert.equal(verified[0]!.status, 'valid');
      assert.match(verified[0]!.serial_number, /^[0-9a-f-]{36}$/);
      assert.equal(typeof verified[0]!.issued_at, 'number');
      assert.equal(verified[0]!.claims.lastName, SAMPLE_SUBJECTS.Identity.lastName);
      assert.equal(verified[0]!.claims.dspId, undefined, 'the DSP unique identifier is the sub, not repeated');
    });
  }

  it('refuses a reused authorization code, and a token request with a wrong PKCE verifier or none', async () => {
    const holder = newHolder();
    await onboard(holder);
    const first = await verify(holder);
    await assert.rejects(
      client.authorizationCodeGrant(first.config, first.callback, { pkceCodeVerifier: client.randomPKCECodeVerifier(), expectedState: first.state, expectedNonce: first.nonce }),
      (e: client.ResponseBodyError) => e.error === 'invalid_grant',
    );
    const second = await verify(holder);
    const code = second.callback.searchParams.get('code')!;
    const withoutVerifier = await fetch(`${base}/gateway/token`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: redirectUri }),
    });
    assert.equal(withoutVerifier.status, 400);
    assert.equal(((await withoutVerifier.json()) as { error: string }).error, 'invalid_grant');
    // The code was consumed by that failed attempt? Either way it must not work twice.
    const third = await verify(holder);
    await client.authorizationCodeGrant(third.config, third.callback, { pkceCodeVerifier: third.verifier, expectedState: third.state, expectedNonce: third.nonce });
    await assert.rejects(
      client.authorizationCodeGrant(third.config, third.callback, { pkceCodeVerifier: third.verifier, expectedState: third.state, expectedNonce: third.nonce }),
      (e: client.ResponseBodyError) => e.error === 'invalid_grant',
    );
  });

  it('refuses an authorization request without PKCE, and one whose redirect URI is not registered exactly', async () => {
    const noPkce = await fetch(`${base}/gateway/authorize?${new URLSearchParams({ client_id: clientId, response_type: 'code', scope: 'openid Identity', redirect_uri: redirectUri, state: 's' })}`, { redirect: 'manual' });
    assert.equal(noPkce.status, 303);
    const location = new URL(noPkce.headers.get('location')!);
    assert.equal(location.searchParams.get('error'), 'invalid_request');
    assert.equal(location.searchParams.get('iss'), `${base}/gateway`);
    for (const wrong of [`${redirectUri}/extra`, `${redirectUri}?x=1`, redirectUri.replace('localhost', '127.0.0.1')]) {
      const res = await fetch(`${base}/gateway/authorize?${new URLSearchParams({ client_id: clientId, response_type: 'code', scope: 'openid Identity', redirect_uri: wrong, code_challenge: 'a'.repeat(43), code_challenge_method: 'S256' })}`, { redirect: 'manual' });
      assert.equal(res.status, 400, wrong);
      assert.match(await res.text(), /redirect_uri_mismatch|invalid_redirect_uri/);
    }
  });

  it('refuses a wrong client secret at the token endpoint and at PAR', async () => {
    const config = await client.discovery(new URL(`${base}/gateway`), clientId, 'not-the-secret', undefined, { execute: [allowInsecureRequests] });
    await assert.rejects(
      client.buildAuthorizationUrlWithPAR(config, { redirect_uri: redirectUri, scope: 'openid Identity', code_challenge: await client.calculatePKCECodeChallenge(client.randomPKCECodeVerifier()), code_challenge_method: 'S256' }),
      (e: client.ResponseBodyError) => e.error === 'invalid_client',
    );
  });

  const coreSkillDetail = (dspId = SAMPLE_DSP_ID, claims: Record<string, unknown> = { ...SAMPLE_CORE_SKILLS[0] }) => {
    const { dspId: _ignored, ...rest } = claims;
    return { type: 'dsp_credential', credential_type: 'CoreSkill', dsp_unique_identifier: dspId, claims: rest };
  };

  async function startIssuing(details: unknown[], scope = 'openid issue.CoreSkill', config?: client.Configuration) {
    const cfg = config ?? (await rp());
    const verifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const authorizationUrl = await client.buildAuthorizationUrlWithPAR(cfg, {
      redirect_uri: redirectUri,
      scope,
      state,
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      authorization_details: JSON.stringify(details),
    });
    return { config: cfg, verifier, state, authorizationUrl };
  }

  it('issuing mode: the pushed credential reaches the person’s wallet, issued by the client’s organisation, and the ID token lists its serial number', async () => {
    const holder = newHolder();
    await onboard(holder);
    const { config, verifier, state, authorizationUrl } = await startIssuing([coreSkillDetail()]);
    assert.doesNotMatch(authorizationUrl.href, /Fire|authorization_details/, 'no personal data in the authorization URL');
    const browser = new CookieBrowser();
    const offerLink = await toWalletPage(browser, authorizationUrl);
    assert.match(offerLink, /^openid-credential-offer:\/\//);
    const received = await holder.receive(offerLink);
    assert.equal(received.received.length, 1);
    const callback = await backToClient(browser, `${browser.url}/continue`);
    const tokens = await client.authorizationCodeGrant(config, callback, { pkceCodeVerifier: verifier, expectedState: state });
    const claims = tokens.claims()!;
    assert.equal(claims.sub, SAMPLE_DSP_ID);
    const issued = claims.issued_credentials as { type: string; serial_number: string; issuer: string; issued_at: number; expires_at?: number }[];
    assert.equal(issued.length, 1);
    assert.equal(issued[0]!.type, 'CoreSkill');
    assert.match(issued[0]!.issuer, /^did:web:localhost%3A\d+:orgs:XGT$/);
    assert.equal(typeof issued[0]!.expires_at, 'number');
    const stored = await holder.list();
    assert.ok(stored.some((c) => c.type === 'CoreSkill' && JSON.stringify(c.issuer).includes('XGT')), 'the wallet holds the CoreSkill from XGT');

    // Revocation: the client revokes what it issued; a share of it then fails verification.
    const revoke = (serialNumber: string, headers: Record<string, string>) =>
      fetch(`${base}/gateway/Revocation/revokecredential`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ serialNumber, reason: 'CredentialProvidedInError' }) });
    const basic = { authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}` };
    assert.equal((await revoke(issued[0]!.serial_number, { authorization: `Basic ${Buffer.from(`${clientId}:wrong`).toString('base64')}` })).status, 401);
    const revoked = await revoke(issued[0]!.serial_number, basic);
    assert.equal(revoked.status, 200, await revoked.clone().text());
    assert.deepEqual(await revoked.json(), { serialNumber: issued[0]!.serial_number, status: 'revoked' });
    assert.equal((await revoke(issued[0]!.serial_number, basic)).status, 200, 'revoking again is fine (idempotent)');
    assert.equal((await revoke(randomUUID(), basic)).status, 404);

    // Any later share of the revoked credential fails verification, and the client gets no token.
    const config2 = await rp();
    const state2 = client.randomState();
    const verifyUrl = client.buildAuthorizationUrl(config2, { redirect_uri: redirectUri, scope: 'openid Identity CoreSkill', state: state2, code_challenge: await client.calculatePKCECodeChallenge(client.randomPKCECodeVerifier()), code_challenge_method: 'S256' });
    const browser2 = new CookieBrowser();
    const link = await toWalletPage(browser2, verifyUrl);
    const sessionPage = browser2.url;
    const shared = await holder.present(await holder.resolvePresentationRequest(link)).catch((error: unknown) => error);
    assert.ok(shared instanceof Error, 'the verifier refuses the presentation');
    const page = await (await browser2.request(sessionPage)).text();
    assert.match(page, /A credential you shared has been revoked/);
  });

  it('a wallet of a different person cannot receive an issuing-mode credential', async () => {
    const person = newHolder();
    await onboard(person);
    const other = newHolder();
    const otherId = randomUUID();
    await onboard(other, otherId, { firstName: 'Mallory' });
    const { authorizationUrl } = await startIssuing([coreSkillDetail()]);
    const browser = new CookieBrowser();
    const offerLink = await toWalletPage(browser, authorizationUrl);
    await assert.rejects(other.receive(offerLink), 'the other person’s wallet key is refused');
    assert.equal((await other.list()).filter((c) => c.type === 'CoreSkill').length, 0);
  });

  it('refuses at PAR: a credential type the client may not push, claims that violate the schema, details without their scope', async () => {
    const config = await rp();
    const par = (details: unknown[], scope: string) =>
      client.buildAuthorizationUrlWithPAR(config, { redirect_uri: redirectUri, scope, code_challenge: 'a'.repeat(43), code_challenge_method: 'S256', authorization_details: JSON.stringify(details) });
    await assert.rejects(par([{ ...coreSkillDetail(), credential_type: 'DBSCheck' }], 'openid issue.DBSCheck'), (e: client.ResponseBodyError) => e.error === 'invalid_scope');
    await assert.rejects(par([coreSkillDetail(SAMPLE_DSP_ID, { ...SAMPLE_CORE_SKILLS[0], dateLastAwarded: 'yesterday' })], 'openid issue.CoreSkill'), (e: client.ResponseBodyError) => e.error === 'invalid_authorization_details');
    await assert.rejects(par([coreSkillDetail(SAMPLE_DSP_ID, { ...SAMPLE_CORE_SKILLS[0], favouriteColour: 'blue' })], 'openid issue.CoreSkill'), (e: client.ResponseBodyError) => e.error === 'invalid_authorization_details');
    await assert.rejects(par([coreSkillDetail()], 'openid Identity'), (e: client.ResponseBodyError) => e.error === 'invalid_authorization_details');
  });

  it('a PAR request_uri works once, and not after it expires', async () => {
    const { authorizationUrl } = await startIssuing([coreSkillDetail()]);
    const first = await fetch(authorizationUrl, { redirect: 'manual' });
    assert.equal(first.status, 303);
    const again = await fetch(authorizationUrl, { redirect: 'manual' });
    assert.equal(again.status, 400);
    assert.match(await again.text(), /invalid_request_uri/);

    const late = await startIssuing([coreSkillDetail()]);
    offsetMs += 120_000;
    try {
      const res = await fetch(late.authorizationUrl, { redirect: 'manual' });
      const location = res.headers.get('location');
      const error = location ? new URL(location).searchParams.get('error') : /invalid_request_uri/.exec(await res.text())?.[0];
      assert.equal(error, 'invalid_request_uri');
    } finally {
      offsetMs -= 120_000;
    }
  });

  it('a wallet session that fails or is abandoned never yields an ID token: the client gets access_denied', async () => {
    const holder = newHolder(); // holds nothing: it declines
    const config = await rp();
    const verifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const authorizationUrl = client.buildAuthorizationUrl(config, { redirect_uri: redirectUri, scope: 'openid Identity', state, code_challenge: await client.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256' });
    const browser = new CookieBrowser();
    const link = await toWalletPage(browser, authorizationUrl);
    const sessionPage = browser.url;
    const request = await holder.resolvePresentationRequest(link);
    await holder.decline(request);
    // The page now explains; "Start again" leads to the gateway's choice page with "Return to …".
    const failed = await (await browser.request(sessionPage)).text();
    assert.match(failed, /Your wallet did not share or accept anything/);
    const startAgain = /<a\s[^>]*href="([^"]+)"[^>]*>\s*Start again/.exec(failed)?.[1];
    assert.ok(startAgain, 'the failure page offers to start again');
    const { url, res } = await browser.follow(startAgain);
    assert.match(url, /\/gateway\/interaction\//);
    const html = await res.text();
    assert.match(html, /Return to Gateway Test Training portal/);
    const abort = /href="([^"]+\/abort)"/.exec(html)![1]!;
    const callback = await backToClient(browser, abort);
    assert.equal(callback.searchParams.get('error'), 'access_denied');
    assert.equal(callback.searchParams.get('state'), state);
    assert.equal(callback.searchParams.get('iss'), `${base}/gateway`);
    assert.equal(callback.searchParams.get('code'), null);
  });

  it('private_key_jwt: a client registered with keys authenticates with a signed assertion, and a replayed assertion is refused', async () => {
    const { publicKey, privateKey } = await generateKeyPair('ES256');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' };
    await organisationOidcClients(database().db, scopeOf(provider.id)).add({
      clientId: 'jwt-client',
      name: 'JWT client',
      secretHash: hashClientSecret(randomUUID()),
      redirectUris: [redirectUri],
      credentialTypes: ['CoreSkill'],
      jwks: { keys: [jwk] },
      idTokenSignedResponseAlg: 'RS256',
      now: clock.now(),
    });
    const config = await rp('jwt-client', client.PrivateKeyJwt(privateKey));
    const { authorizationUrl } = await startIssuing([coreSkillDetail()], 'openid issue.CoreSkill', config);
    assert.match(authorizationUrl.href, /request_uri=/);

    const assertion = await new SignJWT({ jti: randomUUID() })
      .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
      .setIssuer('jwt-client')
      .setSubject('jwt-client')
      .setAudience(`${base}/gateway`)
      .setIssuedAt()
      .setExpirationTime('60s')
      .sign(privateKey);
    const revoke = () =>
      fetch(`${base}/gateway/Revocation/revokecredential`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ serialNumber: randomUUID(), client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: assertion }),
      });
    assert.equal((await revoke()).status, 404, 'authenticated, but no such credential');
    assert.equal((await revoke()).status, 401, 'the same assertion again is a replay');
  });

  it('client_secret_post works, an RS256 client gets RS256 ID tokens, and a disabled client is refused', async () => {
    const postSecret = 'post-client-secret-0123456789-0123456789';
    const clients = organisationOidcClients(database().db, scopeOf(provider.id));
    await clients.add({ clientId: 'post-client', name: 'Post client', secretHash: hashClientSecret(postSecret), redirectUris: [redirectUri], credentialTypes: [], idTokenSignedResponseAlg: 'RS256', now: clock.now() });
    const config = await client.discovery(new URL(`${base}/gateway`), 'post-client', undefined, client.ClientSecretPost(postSecret), { execute: [allowInsecureRequests] });
    const holder = newHolder();
    await onboard(holder);
    const { callback, verifier, state, nonce } = await verify(holder, 'openid Identity', true, config);
    const tokens = await client.authorizationCodeGrant(config, callback, { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce });
    const header = JSON.parse(Buffer.from(tokens.id_token!.split('.')[0]!, 'base64url').toString()) as { alg: string };
    assert.equal(header.alg, 'RS256');
    assert.equal(tokens.claims()?.sub, SAMPLE_DSP_ID);

    const second = await verify(holder, 'openid Identity', true, config);
    await clients.setDisabled('post-client', true, clock.now());
    await assert.rejects(
      client.authorizationCodeGrant(config, second.callback, { pkceCodeVerifier: second.verifier, expectedState: second.state, expectedNonce: second.nonce }),
      (e: client.ResponseBodyError) => e.error === 'invalid_client',
    );
    const authorize = await fetch(`${base}/gateway/authorize?${new URLSearchParams({ client_id: 'post-client', response_type: 'code', scope: 'openid Identity', redirect_uri: redirectUri, code_challenge: 'a'.repeat(43), code_challenge_method: 'S256' })}`, { redirect: 'manual' });
    assert.equal(authorize.status, 400);
    assert.match(await authorize.text(), /invalid_client/);
  });

  it('a client may not ask to verify a type it was not registered for', async () => {
    const config = await rp();
    const authorizationUrl = client.buildAuthorizationUrl(config, { redirect_uri: redirectUri, scope: 'openid DBSCheck', state: 's', code_challenge: 'a'.repeat(43), code_challenge_method: 'S256' });
    const res = await fetch(authorizationUrl, { redirect: 'manual' });
    assert.equal(res.status, 303);
    assert.equal(new URL(res.headers.get('location')!).searchParams.get('error'), 'invalid_scope');
  });

  it('a revocation by a different organisation’s client answers not found', async () => {
    const holder = newHolder();
    await onboard(holder);
    const { config, verifier, state, authorizationUrl } = await startIssuing([coreSkillDetail()]);
    const browser = new CookieBrowser();
    await holder.receive(await toWalletPage(browser, authorizationUrl));
    const tokens = await client.authorizationCodeGrant(config, await backToClient(browser, `${browser.url}/continue`), { pkceCodeVerifier: verifier, expectedState: state });
    const serial = (tokens.claims()!.issued_credentials as { serial_number: string }[])[0]!.serial_number;
    const otherOrg = (await addOrganisation(database().db, { odsCode: 'XOT', name: 'Other Training', kind: 'external' })).organisation;
    await organisationOidcClients(database().db, scopeOf(otherOrg.id)).add({ clientId: 'other-client', name: 'Other', secretHash: hashClientSecret('other-secret-0123456789'), redirectUris: [redirectUri], credentialTypes: ['CoreSkill'], idTokenSignedResponseAlg: 'ES256', now: clock.now() });
    const res = await fetch(`${base}/gateway/Revocation/revokecredential`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from('other-client:other-secret-0123456789').toString('base64')}` },
      body: JSON.stringify({ serialNumber: serial, reason: 'Other' }),
    });
    assert.equal(res.status, 404);
  });
});
