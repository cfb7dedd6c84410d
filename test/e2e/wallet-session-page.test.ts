// The wallet-session page in Chromium: the QR code and button, live progress over server-sent
// events moving the person on when the wallet finishes, the failure page — each checked by axe.
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext } from 'playwright-core';
import { freshDatabase } from '../support/databases.ts';
import { testApp } from '../support/app.ts';
import { axeViolations, describeViolations, launchBrowser } from '../support/browser.ts';
import { systemClock } from '../../src/platform/clock.ts';
import { addOrganisation } from '../../src/store/organisations.ts';
import { scopeOf } from '../../src/store/scope.ts';
import { browserBindingOf, walletSessions } from '../../src/store/wallet-sessions.ts';
import { BROWSER_COOKIE } from '../../src/gateway/wallet-sessions/browser-binding.ts';
import type { Database } from '../../src/store/database.ts';

describe('wallet-session page in Chromium', () => {
  let database: Database;
  let app: Awaited<ReturnType<typeof testApp>>;
  let browser: Browser;
  let context: BrowserContext;
  let base: string;
  let orgId: string;
  const secret = 'e2e-browser-secret';

  before(async () => {
    database = await freshDatabase('pglite');
    app = await testApp(database, { DSP_PUBLIC_URL: 'http://localhost:3000' });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const port = (app.server.address() as AddressInfo).port;
    base = `http://localhost:${port}`;
    orgId = (await addOrganisation(database.db, { odsCode: 'WSE', name: 'Riverside Hospitals NHS Foundation Trust', kind: 'trust' })).organisation.id;
    browser = await launchBrowser();
    context = await browser.newContext();
    await context.addCookies([{ name: BROWSER_COOKIE, value: app.signCookie(secret), domain: 'localhost', path: '/', httpOnly: true }]);
  });
  after(async () => {
    await browser?.close();
    await app?.close();
    await database?.close();
  });

  const create = (kind: 'issuance' | 'presentation') =>
    walletSessions(database.db, scopeOf(orgId)).create({
      kind, purpose: 'e2e', browserBinding: browserBindingOf(secret), returnTo: '/', ttlSeconds: 300, now: systemClock.now(),
      walletUri: 'openid4vp://?client_id=decentralized_identifier%3Adid%3Aweb%3Alocalhost%253A3000%3Aorgs%3AWSE&request_uri=http%3A%2F%2Flocalhost%3A3000%2Forgs%2FWSE%2Fpresentation-requests%2Fx',
    });

  it('shows the QR code and wallet button without accessibility violations, and moves on when the wallet finishes', async () => {
    const session = await create('presentation');
    const page = await context.newPage();
    await page.goto(`${base}/orgs/WSE/wallet-sessions/${session.id}`);
    assert.equal(await page.locator('h1').textContent(), 'Share from your wallet');
    assert.match(String(await page.getByRole('link', { name: 'Open your wallet' }).getAttribute('href')), /^openid4vp:\/\//);
    assert.ok(await page.getByRole('img', { name: 'QR code for your wallet' }).isVisible());
    const violations = await axeViolations(page);
    assert.deepEqual(violations, [], describeViolations(violations));

    const store = walletSessions(database.db, scopeOf(orgId));
    await store.markInProgress(session.id, systemClock.now());
    await page.waitForSelector('text=Your wallet is connected');
    await store.complete(session.id, { ok: true }, systemClock.now());
    await page.waitForURL(`${base}/?walletSession=${session.id}`);
    await page.close();
  });

  it('explains a failure without accessibility violations', async () => {
    const session = await create('presentation');
    await walletSessions(database.db, scopeOf(orgId)).fail(session.id, 'credential_missing', systemClock.now());
    const page = await context.newPage();
    await page.goto(`${base}/orgs/WSE/wallet-sessions/${session.id}`);
    assert.equal(await page.locator('h1').textContent(), 'Your wallet does not have a credential you chose');
    const violations = await axeViolations(page);
    assert.deepEqual(violations, [], describeViolations(violations));
    await page.close();
  });
});
