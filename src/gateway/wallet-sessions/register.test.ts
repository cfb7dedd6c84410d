import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, it } from 'node:test';
import { describeEachDatabase } from '../../../test/support/databases.ts';
import { testApp } from '../../../test/support/app.ts';
import { systemClock } from '../../platform/clock.ts';
import { addOrganisation } from '../../store/organisations.ts';
import { scopeOf } from '../../store/scope.ts';
import { browserBindingOf, walletSessions, type WalletSessionKind } from '../../store/wallet-sessions.ts';
import { BROWSER_COOKIE } from './browser-binding.ts';

const offerUri = 'openid-credential-offer://?credential_offer_uri=http%3A%2F%2Flocalhost%3A3000%2Forgs%2FWSP%2Fcredential-offers%2Fabc';

describeEachDatabase('wallet-session pages', (database) => {
  let app: Awaited<ReturnType<typeof testApp>>;
  let orgId: string;
  const secret = 'browser-secret-of-the-person-who-started-it';
  let cookie: string;

  before(async () => {
    app = await testApp(database());
    orgId = (await addOrganisation(database().db, { odsCode: 'WSP', name: 'Wallet Page Trust', kind: 'trust' })).organisation.id;
    cookie = `${BROWSER_COOKIE}=${app.signCookie(secret)}`;
  });
  after(() => app.close());

  const store = () => walletSessions(database().db, scopeOf(orgId));
  const create = async (kind: WalletSessionKind = 'issuance', ttlSeconds = 300) => {
    const s = await store().create({ kind, purpose: 'test', browserBinding: browserBindingOf(secret), returnTo: '/next/page', ttlSeconds, now: systemClock.now(), walletUri: offerUri });
    return s.id;
  };
  const get = (url: string, withCookie = true) => app.inject({ method: 'GET', url, headers: withCookie ? { cookie, accept: 'text/html' } : { accept: 'text/html' } });

  it('shows the QR code and the same-device button carrying the wallet link, refreshing without JavaScript', async () => {
    const id = await create();
    const res = await get(`/orgs/WSP/wallet-sessions/${id}`);
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /<svg[^>]*>/);
    assert.ok(res.body.includes(`href="${offerUri.replace(/&/g, '&amp;')}"`), 'the button is an <a> whose href is the wallet link');
    assert.match(res.body, /<noscript><meta http-equiv="refresh" content="5"><\/noscript>/);
    assert.match(res.body, /Wallet Page Trust is offering you a credential/);
    assert.equal(res.headers['cache-control'], 'no-store');
  });

  it('gives presentations a same-device button whose request names the same-device flow', async () => {
    const s = await store().create({
      kind: 'presentation', purpose: 'test', browserBinding: browserBindingOf(secret), returnTo: '/next/page', ttlSeconds: 300, now: systemClock.now(),
      walletUri: 'openid4vp://?client_id=decentralized_identifier%3Adid%3Aweb%3Ax&request_uri=http%3A%2F%2Flocalhost%3A3000%2Forgs%2FWSP%2Fpresentation-requests%2Fr1&request_uri_method=post',
    });
    const res = await get(`/orgs/WSP/wallet-sessions/${s.id}`);
    const href = /<a href="([^"]+)" class="nhsuk-button"/.exec(res.body)?.[1]?.replace(/&amp;/g, '&');
    assert.ok(href);
    assert.equal(new URL(href).searchParams.get('request_uri'), 'http://localhost:3000/orgs/WSP/presentation-requests/r1?flow=same-device');
  });

  it('answers only the browser that started the session', async () => {
    const id = await create();
    assert.equal((await get(`/orgs/WSP/wallet-sessions/${id}`, false)).statusCode, 404);
    const other = `${BROWSER_COOKIE}=${app.signCookie('someone-else')}`;
    assert.equal((await app.inject({ method: 'GET', url: `/orgs/WSP/wallet-sessions/${id}`, headers: { cookie: other, accept: 'text/html' } })).statusCode, 404);
    assert.equal((await app.inject({ method: 'GET', url: `/orgs/WSP/wallet-sessions/${id}/continue`, headers: { cookie: other } })).statusCode, 404);
  });

  it('explains an expired session and offers to start again', async () => {
    const id = await create('issuance', 0);
    const res = await get(`/orgs/WSP/wallet-sessions/${id}`);
    assert.match(res.body, /The QR code has expired/);
    assert.match(res.body, /href="\/next\/page"[^>]*>\s*Start again/);
    assert.doesNotMatch(res.body, /class="dsp-qr"/);
  });

  it('tells the person what to do when the wallet lacks a chosen credential', async () => {
    const id = await create('presentation');
    await store().fail(id, 'credential_missing', systemClock.now());
    const res = await get(`/orgs/WSP/wallet-sessions/${id}`);
    assert.match(res.body, /untick the credential your wallet does not have/);
  });

  it('continues to the caller only once completed, naming the session', async () => {
    const id = await create();
    const early = await get(`/orgs/WSP/wallet-sessions/${id}/continue`);
    assert.equal(early.statusCode, 303);
    assert.equal(early.headers.location, `/orgs/WSP/wallet-sessions/${id}`);
    await store().complete(id, { issued: [] }, systemClock.now());
    const done = await get(`/orgs/WSP/wallet-sessions/${id}/continue`);
    assert.equal(done.statusCode, 303);
    assert.equal(done.headers.location, `/next/page?walletSession=${id}`);
  });

  it('refuses a response_code nobody can check', async () => {
    const id = await create('presentation');
    await store().complete(id, {}, systemClock.now());
    assert.equal((await get(`/orgs/WSP/wallet-sessions/${id}/continue?response_code=${'x'.repeat(32)}`)).statusCode, 404);
  });

  it('streams state changes as server-sent events until the session ends', async () => {
    const id = await create();
    await app.listen({ host: '127.0.0.1', port: 0 });
    const port = (app.server.address() as AddressInfo).port;
    const response = await fetch(`http://127.0.0.1:${port}/orgs/WSP/wallet-sessions/${id}/events`, { headers: { cookie } });
    assert.equal(response.headers.get('content-type'), 'text/event-stream; charset=utf-8');
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    const first = await reader.read();
    text += decoder.decode(first.value);
    assert.match(text, /"state":"pending"/);
    await store().markInProgress(id, systemClock.now());
    await store().complete(id, { issued: [] }, systemClock.now());
    for (;;) {
      const chunk = await reader.read();
      if (chunk.done) break;
      text += decoder.decode(chunk.value);
    }
    assert.match(text, /"state":"completed"/);
  });
});
