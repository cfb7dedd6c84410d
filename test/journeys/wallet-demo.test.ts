// The wallet demo as a newcomer uses it, with test wallets over real HTTP: get a credential
// (transaction code read from the outbox), continue to the result, then share it back.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { describeEachDatabase } from '../support/databases.ts';
import { csrfFrom, testApp } from '../support/app.ts';
import { TestWallet } from '../support/oid4vci-wallet.ts';
import { createTestWallet } from '../support/oid4vp-wallet.ts';
import { seedDemoWorld } from '../../src/cli/demo-world.ts';
import { systemClock } from '../../src/platform/clock.ts';
import { listOutbox } from '../../src/integrations/notify/index.ts';
import { SAMPLE_DSP_ID } from '../../src/core/credentials/index.ts';
import { freePort } from '../support/free-port.ts';


describeEachDatabase('wallet demo journey', (database) => {
  let app: Awaited<ReturnType<typeof testApp>>;
  let base: string;
  let cookies: Record<string, string> = {};

  before(async () => {
    const port = await freePort();
    base = `http://localhost:${port}`;
    app = await testApp(database(), { DSP_PUBLIC_URL: base });
    await seedDemoWorld(database(), systemClock, app.services.keys);
    await app.listen({ host: 'localhost', port });
  });
  after(() => app.close());

  const cookieHeader = () => Object.entries(cookies).map(([k, v]) => `${k}=${v}`).join('; ');
  const remember = (res: { cookies: { name: string; value: string }[] }) => {
    for (const c of res.cookies) cookies[c.name] = c.value;
  };
  const get = async (url: string) => {
    const res = await app.inject({ method: 'GET', url, headers: { cookie: cookieHeader(), accept: 'text/html' } });
    remember(res);
    return res;
  };
  const post = async (url: string, form: Record<string, string>, token: string) => {
    const res = await app.inject({ method: 'POST', url, headers: { cookie: cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ ...form, _csrf: token }).toString() });
    remember(res);
    return res;
  };
  const walletLink = (html: string) => /<a href="([^"]+)" class="nhsuk-button"/.exec(html)![1]!.replace(/&amp;/g, '&');

  for (const format of ['dc+sd-jwt', 'jwt_vc_json'] as const) {
    it(`gets a ${format} Identity credential into a wallet and shares it back`, async () => {
      cookies = {};
      const demo = await get('/dev/wallet-demo');
      remember(demo);
      const { token } = csrfFrom(demo);

      // Get a credential: the page shows the offer; the wallet needs the code texted to the demo mobile.
      const started = await post('/dev/wallet-demo/issue', { organisation: 'RZX', type: 'Identity', format }, token);
      assert.equal(started.statusCode, 303);
      const sessionPage = await get(String(started.headers.location));
      const offerUri = walletLink(sessionPage.body);
      assert.match(offerUri, /^openid-credential-offer:\/\/\?credential_offer_uri=/);
      const sms = (await listOutbox(database().db, { pageSize: 5 })).messages.find((m) => m.channel === 'sms')!;
      const txCode = /(\d{6}) is your Digital Staff Passport verification code/.exec(sms.body)![1]!;
      const wallet = await TestWallet.create();
      const received = await wallet.receive(offerUri, { txCode });
      const issued = received.credentials[0]!.answer;
      assert.equal(issued.status, 200, JSON.stringify(issued.body));
      const credential = String((issued.body.credentials as { credential: string }[])[0]!.credential);

      const done = await get(`${String(started.headers.location)}/continue`);
      assert.equal(done.statusCode, 303);
      const result = await get(String(done.headers.location));
      assert.equal(result.statusCode, 200);
      assert.match(result.body, new RegExp(`Identity \\(${format.replace('+', '\\+')}\\)`));

      // Share it back: the verifier checks it and the result page shows what it accepted.
      const share = await post('/dev/wallet-demo/share', { organisation: 'RZX', type: 'Identity' }, token);
      const sharePage = await get(String(share.headers.location));
      const presenter = createTestWallet({ holder: { privateJwk: await wallet.privateJwk(), alg: 'ES256' }, credentials: [{ format, credential }] });
      const presented = await presenter.present(/<div class="dsp-qr"/.test(sharePage.body) ? qrLink(sharePage.body) : walletLink(sharePage.body));
      assert.equal(presented.status, 200, JSON.stringify(presented.body));
      const shared = await get(`${String(share.headers.location)}/continue`);
      const accepted = await get(String(shared.headers.location));
      assert.equal(accepted.statusCode, 200);
      assert.ok(accepted.body.includes(SAMPLE_DSP_ID), 'the verified outcome names the DSP unique identifier');
    });
  }

  it('answers a demo form without a choice with an error summary', async () => {
    cookies = {};
    const demo = await get('/dev/wallet-demo');
    const res = await post('/dev/wallet-demo/issue', { organisation: '', type: 'Identity' }, csrfFrom(demo).token);
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /Choose an organisation/);
  });
});

/** The cross-device link: the same wallet link the QR code carries (the session's wallet URI). */
function qrLink(html: string): string {
  // The QR code encodes the session's link; the page's button carries the same-device variant.
  // A cross-device wallet uses the plain link, which is the button's link without `flow=same-device`.
  const href = /<a href="([^"]+)" class="nhsuk-button"/.exec(html)![1]!.replace(/&amp;/g, '&');
  const url = new URL(href);
  const requestUri = url.searchParams.get('request_uri');
  if (requestUri) url.searchParams.set('request_uri', requestUri.replace(/[?&]flow=same-device$/, ''));
  return url.toString();
}
