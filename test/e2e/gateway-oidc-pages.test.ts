// The gateway's own pages an external system's user meets, in Chromium with axe: the QR page of
// verifying mode, the "there is a problem" page after the wallet declines (with "Try again" and
// "Return to …", which lands back at the client with access_denied), and the error page for a
// request that cannot be redirected.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import * as client from 'openid-client';
import { freshDatabase } from '../support/databases.ts';
import { testApp } from '../support/app.ts';
import { axeViolations, describeViolations, launchBrowser } from '../support/browser.ts';
import { freePort } from '../support/free-port.ts';
import { hashClientSecret } from '../../src/gateway/oidc/client-secrets.ts';
import { systemClock } from '../../src/platform/clock.ts';
import { organisationOidcClients } from '../../src/store/oidc-clients.ts';
import { provisionOrganisationKeys } from '../../src/store/organisation-keys.ts';
import { addOrganisation } from '../../src/store/organisations.ts';
import { scopeOf } from '../../src/store/scope.ts';
import type { Database } from '../../src/store/database.ts';
import { createHolder, createMemoryCredentialStore, createMemoryKeyStore } from '../../src/wallet/index.ts';

describe('gateway OIDC pages in Chromium', () => {
  let database: Database;
  let app: Awaited<ReturnType<typeof testApp>>;
  let browser: Browser;
  let base: string;
  let redirectUri: string;
  const secret = 'pages-client-secret-0123456789-0123456789';

  before(async () => {
    database = await freshDatabase('pglite');
    const port = await freePort();
    base = `http://localhost:${port}`;
    redirectUri = `${base}/rp/callback`;
    app = await testApp(database, { DSP_PUBLIC_URL: base });
    const org = (await addOrganisation(database.db, { odsCode: 'XPG', name: 'Pages Training Ltd', kind: 'external' })).organisation;
    await provisionOrganisationKeys(database.db, app.services.keys, org.id);
    await organisationOidcClients(database.db, scopeOf(org.id)).add({ clientId: 'pages-client', name: 'Pages Training portal', secretHash: hashClientSecret(secret), redirectUris: [redirectUri], credentialTypes: ['CoreSkill'], idTokenSignedResponseAlg: 'ES256', now: systemClock.now() });
    await app.listen({ host: 'localhost', port });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await app?.close();
    await database?.close();
  });

  async function noViolations(page: Page) {
    const violations = await axeViolations(page);
    assert.deepEqual(violations, [], describeViolations(violations));
  }

  it('QR page, then the problem page with Try again and Return to the client (access_denied), all accessible', async () => {
    const config = await client.discovery(new URL(`${base}/gateway`), 'pages-client', secret, undefined, { execute: [client.allowInsecureRequests] });
    const state = client.randomState();
    const url = client.buildAuthorizationUrl(config, { redirect_uri: redirectUri, scope: 'openid Identity', state, code_challenge: await client.calculatePKCECodeChallenge(client.randomPKCECodeVerifier()), code_challenge_method: 'S256' });
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(url.href);
    assert.match(page.url(), /\/orgs\/XPG\/wallet-sessions\//);
    assert.equal(await page.locator('h1').textContent(), 'Share from your wallet');
    assert.match(await page.locator('main').innerText(), /Pages Training Ltd is asking/);
    await noViolations(page);

    // The person's wallet holds nothing and declines; the page follows the session live.
    const holder = createHolder({ fetch: (u, i) => fetch(u, i), keys: createMemoryKeyStore(), credentials: createMemoryCredentialStore(), allowLoopbackHttp: true });
    const link = String(await page.getByRole('link', { name: 'Open your wallet' }).getAttribute('href'));
    await holder.decline(await holder.resolvePresentationRequest(link));
    await page.getByRole('heading', { name: 'Your wallet did not share or accept anything' }).waitFor({ timeout: 15_000 });
    await page.getByRole('button', { name: 'Start again' }).click();
    assert.match(page.url(), /\/gateway\/interaction\//);
    assert.ok(await page.getByRole('button', { name: 'Try again' }).isVisible());
    await noViolations(page);

    // Try again gives a fresh QR code for the same authorization.
    await page.getByRole('button', { name: 'Try again' }).click();
    assert.match(page.url(), /\/orgs\/XPG\/wallet-sessions\//);
    assert.equal(await page.locator('h1').textContent(), 'Share from your wallet');
    const secondLink = String(await page.getByRole('link', { name: 'Open your wallet' }).getAttribute('href'));
    assert.notEqual(secondLink, link, 'a new presentation request');
    await context.close();
  });

  it('Return to the client ends the authorization with access_denied', async () => {
    const config = await client.discovery(new URL(`${base}/gateway`), 'pages-client', secret, undefined, { execute: [client.allowInsecureRequests] });
    const state = client.randomState();
    const url = client.buildAuthorizationUrl(config, { redirect_uri: redirectUri, scope: 'openid Identity', state, code_challenge: await client.calculatePKCECodeChallenge(client.randomPKCECodeVerifier()), code_challenge_method: 'S256' });
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(url.href);
    const holder = createHolder({ fetch: (u, i) => fetch(u, i), keys: createMemoryKeyStore(), credentials: createMemoryCredentialStore(), allowLoopbackHttp: true });
    await holder.decline(await holder.resolvePresentationRequest(String(await page.getByRole('link', { name: 'Open your wallet' }).getAttribute('href'))));
    await page.getByRole('heading', { name: 'Your wallet did not share or accept anything' }).waitFor({ timeout: 15_000 });
    await page.getByRole('button', { name: 'Start again' }).click();
    const callback = page.waitForRequest((r) => r.url().startsWith(redirectUri));
    await page.getByRole('link', { name: 'Return to Pages Training portal' }).click();
    const landed = new URL((await callback).url());
    assert.equal(landed.searchParams.get('error'), 'access_denied');
    assert.equal(landed.searchParams.get('state'), state);
    assert.equal(landed.searchParams.get('iss'), `${base}/gateway`);
    await context.close();
  });

  it('an authorization request that cannot be redirected shows an accessible error page', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const response = await page.goto(`${base}/gateway/authorize?${new URLSearchParams({ client_id: 'pages-client', response_type: 'code', scope: 'openid Identity', redirect_uri: 'https://evil.example/cb', code_challenge: 'a'.repeat(43), code_challenge_method: 'S256' })}`);
    assert.equal(response?.status(), 400);
    assert.equal(await page.locator('h1').textContent(), 'Sorry, there is a problem');
    await noViolations(page);
    await context.close();
  });
});
