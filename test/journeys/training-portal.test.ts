// The example external system's journey end to end in Chromium (issue 6): the learning portal at
// /demo/training, registered with the gateway as the demo world's academy (XTP01), driven as a
// person would — sign in, check identity through the gateway (verifying mode), see exactly what
// will be downloaded, confirm, download (issuing mode), the already-downloaded prompt, the
// administrator's revocation (revoked at the gateway, email in the outbox), an identity that does
// not match, and declining in the wallet. The person's wallet is our holder library in the test
// process, answering the gateway's QR page through its "Open your wallet" link. axe runs on
// every page state the portal shows.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { testApp } from '../support/app.ts';
import { axeViolations, describeViolations, launchBrowser } from '../support/browser.ts';
import { describeEachDatabase } from '../support/databases.ts';
import { freePort } from '../support/free-port.ts';
import { SAMPLE_DSP_ID, SAMPLE_SUBJECTS } from '../../src/core/credentials/index.ts';
import { seedDemoWorld } from '../../src/cli/demo-world.ts';
import { DEMO_ACCOUNTS, TRAINING_DEMO_PASSWORD, paths, stateFilePath } from '../../src/external-demo/training/index.ts';
import { zPortalState } from '../../src/external-demo/training/state.ts';
import { createCredentialOffer } from '../../src/gateway/oid4vci/index.ts';
import { listOutbox } from '../../src/integrations/notify/index.ts';
import { systemClock } from '../../src/platform/clock.ts';
import { findOidcClient } from '../../src/store/oidc-clients.ts';
import { findOrganisationByOds } from '../../src/store/organisations.ts';
import { scopeOf } from '../../src/store/scope.ts';
import { statusLedger } from '../../src/store/status-ledger.ts';
import { browserBindingOf } from '../../src/store/wallet-sessions.ts';
import { createHolder, createMemoryCredentialStore, createMemoryKeyStore, type Holder } from '../../src/wallet/index.ts';

describeEachDatabase('learning portal (example external system) in Chromium', (database) => {
  let app: Awaited<ReturnType<typeof testApp>>;
  let browser: Browser;
  let base: string;
  let dataDir: string;
  let wallet: Holder;

  before(async () => {
    const port = await freePort();
    base = `http://localhost:${port}`;
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dsp-training-journey-'));
    app = await testApp(database(), { DSP_PUBLIC_URL: base, DSP_DATA_DIR: dataDir });
    await seedDemoWorld(database(), systemClock, app.services.keys);
    await app.listen({ host: 'localhost', port });
    browser = await launchBrowser();

    // Olivia's wallet holds her access key and identity credential from her trust, Riverside.
    wallet = createHolder({ fetch: (url, init) => fetch(url, init), keys: createMemoryKeyStore(), credentials: createMemoryCredentialStore(), allowLoopbackHttp: true });
    const riverside = (await findOrganisationByOds(database().db, 'RZX'))!;
    const offer = await database().transaction((tx) =>
      createCredentialOffer(tx, { clock: systemClock, publicUrl: base }, {
        organisation: riverside,
        dspId: SAMPLE_DSP_ID,
        credentials: [
          { type: 'AccessKey', format: 'dc+sd-jwt', subject: { ...SAMPLE_SUBJECTS.AccessKey, organisationOds: 'RZX' } },
          { type: 'Identity', format: 'dc+sd-jwt', subject: SAMPLE_SUBJECTS.Identity },
        ],
        holderBinding: { mode: 'session' },
        txCode: true,
        walletSession: { purpose: 'journey', browserBinding: browserBindingOf('onboarding'), returnTo: '/', ttlSeconds: 300 },
      }),
    );
    await wallet.receive(offer.offerUri, { txCode: offer.txCode! });
  });
  after(async () => {
    await browser?.close();
    await app?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  async function assertAccessible(page: Page, state: string) {
    const violations = await axeViolations(page);
    assert.deepEqual(violations, [], `${state}: ${describeViolations(violations)}`);
  }

  async function signIn(email: string): Promise<Page> {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${base}/demo/training`);
    await page.getByLabel('Email address').fill(email);
    await page.getByLabel('Password', { exact: true }).fill(TRAINING_DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    return page;
  }

  /** On the gateway's QR page: the link the "Open your wallet" button carries. */
  async function walletLink(page: Page, crossDevice = true): Promise<string> {
    await page.waitForURL(/\/orgs\/XTP01\/wallet-sessions\//);
    const href = (await page.getByRole('link', { name: 'Open your wallet' }).getAttribute('href'))!;
    if (!crossDevice || !href.startsWith('openid4vp:')) return href;
    // The QR code's link (cross-device): the page then moves on by itself when the wallet is done.
    const url = new URL(href);
    url.searchParams.set('request_uri', url.searchParams.get('request_uri')!.replace(/[?&]flow=same-device$/, ''));
    return url.toString();
  }

  async function shareIdentity(page: Page) {
    const request = await wallet.resolvePresentationRequest(await walletLink(page));
    await wallet.present(request);
  }

  const portalState = () => zPortalState.parse(JSON.parse(fs.readFileSync(stateFilePath(dataDir), 'utf8')));
  let olivia: Page;
  let firstSerial: string;
  let latestSerial: string;

  it('signs Olivia in (after a wrong password) and shows her training records, none downloaded', async () => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${base}/demo/training`);
    assert.equal(await page.locator('h1').textContent(), 'Sign in to the learning portal');
    await assertAccessible(page, 'sign in');
    await page.getByLabel('Email address').fill(DEMO_ACCOUNTS.matching);
    await page.getByLabel('Password', { exact: true }).fill('not-her-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    assert.equal(await page.locator('.nhsuk-error-summary a').textContent().then((t) => t?.trim()), 'Enter a correct email address and password');
    assert.equal(await page.getByLabel('Email address').inputValue(), DEMO_ACCOUNTS.matching);
    await assertAccessible(page, 'sign in with an error');
    await page.getByLabel('Password', { exact: true }).fill(TRAINING_DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${base}${paths.records}`);
    assert.equal(await page.locator('h1').textContent(), 'Your training records');
    assert.equal(await page.locator('.nhsuk-tag', { hasText: 'Not downloaded' }).count(), 3);
    await assertAccessible(page, 'records');
    olivia = page;
  });

  it('checks her identity once through the gateway: her names and date of birth match, and the gateway’s client is the one the portal registered', async () => {
    const page = olivia;
    await page.getByRole('link', { name: 'Download to your wallet for Fire Safety' }).click();
    await page.waitForURL(`${base}${paths.checkIdentity}`);
    await assertAccessible(page, 'check your identity');
    await page.getByRole('button', { name: 'Check my identity' }).click();
    await shareIdentity(page);
    await page.waitForURL(`${base}${paths.identityChecked}`);
    assert.match(await page.locator('h1').textContent() ?? '', /Your identity has been checked/);
    await assertAccessible(page, 'identity checked');

    const state = portalState();
    assert.equal(state.accounts.find((a) => a.email === DEMO_ACCOUNTS.matching)!.dspId, SAMPLE_DSP_ID, 'the DSP unique identifier is kept');
    const client = await findOidcClient(database().db, state.client!.clientId);
    assert.equal(client?.organisationId, (await findOrganisationByOds(database().db, 'XTP01'))!.id, 'registered for the academy');
    assert.deepEqual(client?.redirectUris, [`${base}${paths.callback}`]);
  });

  it('shows exactly what will be downloaded, then downloads it to her wallet and keeps its serial number', async () => {
    const page = olivia;
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL(/\/records\/[^/]+\/check$/);
    assert.equal(await page.locator('h1').textContent(), 'Check what will be downloaded');
    const rows = Object.fromEntries(
      await page.locator('.nhsuk-summary-list__row').evaluateAll((els) => els.map((el) => [el.querySelector('dt')!.textContent!.trim(), el.querySelector('dd')!.textContent!.trim()])),
    );
    assert.equal(rows['Competency name'], 'Fire Safety');
    assert.equal(rows['Core skills subject'], 'Fire Safety');
    assert.equal(rows['Awarding organisation (ODS)'], 'XTP01');
    assert.equal(rows['DSP unique identifier'], SAMPLE_DSP_ID);
    assert.equal(rows['Assurance policy'], 'Core Skills Training Framework (CSTF)');
    await assertAccessible(page, 'check what will be downloaded');

    await page.getByRole('button', { name: 'Confirm and download' }).click();
    const offer = await walletLink(page);
    assert.match(offer, /^openid-credential-offer:\/\//);
    await wallet.receive(offer);
    await page.waitForURL(/\/records\/[^/]+\/downloaded$/);
    await assertAccessible(page, 'downloaded');

    const held = (await wallet.list()).filter((c) => c.type === 'CoreSkill');
    assert.equal(held.length, 1, 'the core skill is in her wallet');
    const download = portalState().downloads[0]!;
    assert.equal(await page.locator('.dsp-serial-number').textContent(), download.serialNumber);
    assert.match(download.issuer, /:orgs:XTP01$/);
    firstSerial = download.serialNumber;

    await page.getByRole('link', { name: 'Go back to your training records' }).click();
    assert.equal(await page.locator('tr', { hasText: 'Fire Safety' }).locator('.nhsuk-tag').textContent().then((t) => t?.trim()), 'Downloaded');
    await assertAccessible(page, 'records with one downloaded');
  });

  it('asks her to delete the old copy before downloading it again, and does not check her identity twice in a session', async () => {
    const page = olivia;
    await page.getByRole('link', { name: 'Download again for Fire Safety' }).click();
    await page.waitForURL(/\/already-downloaded$/);
    await assertAccessible(page, 'already downloaded');
    await page.getByRole('button', { name: 'Continue' }).click();
    assert.match(await page.locator('.nhsuk-error-summary').textContent() ?? '', /Confirm that you have deleted the old copy from your wallet/);
    await assertAccessible(page, 'already downloaded with an error');
    await page.getByLabel('I have deleted the old copy from my wallet').check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL(/\/records\/[^/]+\/check$/, { timeout: 5000 });
    await page.getByRole('button', { name: 'Confirm and download' }).click();
    await wallet.receive(await walletLink(page));
    await page.waitForURL(/\/downloaded$/);
    const downloads = portalState().downloads;
    assert.equal(downloads.length, 2, 'a second serial number');
    latestSerial = downloads[1]!.serialNumber;
    assert.notEqual(latestSerial, firstSerial);
  });

  it('lets the administrator revoke a download: revoked at the gateway, and Olivia is emailed to delete it', async () => {
    const page = await signIn(DEMO_ACCOUNTS.administrator);
    await page.waitForURL(`${base}${paths.admin}`);
    await assertAccessible(page, 'admin list');
    await page.locator(`a[href="${paths.revoke(latestSerial)}"]`).click();
    assert.equal(await page.locator('h1').textContent(), 'Revoke Fire Safety for Olivia Bennett');
    await assertAccessible(page, 'revoke');
    await page.getByRole('button', { name: 'Revoke record' }).click();
    assert.match(await page.locator('.nhsuk-error-summary').textContent() ?? '', /Select why you are revoking this record/);
    await assertAccessible(page, 'revoke with an error');
    await page.getByLabel('The record was provided in error').check();
    await page.getByRole('button', { name: 'Revoke record' }).click();
    await page.waitForURL(`${base}${paths.admin}`);
    assert.match(await page.locator('.nhsuk-notification-banner').textContent() ?? '', /has been revoked. We have emailed Olivia Bennett/);
    await assertAccessible(page, 'admin list after revoking');

    const academy = (await findOrganisationByOds(database().db, 'XTP01'))!;
    const entries = await statusLedger(database().db, scopeOf(academy.id)).find(latestSerial);
    assert.ok(entries.length > 0 && entries.every((e) => e.state === 'revoked' && e.reason === 'CredentialProvidedInError'), JSON.stringify(entries));
    const email = (await listOutbox(database().db, { pageSize: 20 })).messages.find((m) => m.recipient === DEMO_ACCOUNTS.matching);
    assert.ok(email, 'an email to Olivia');
    assert.equal(email.subject, 'Delete Fire Safety from your Digital Staff Passport wallet');
    assert.match(email.body, /has revoked the Fire Safety training record .* because the record was provided in error/);
    assert.equal(portalState().downloads.find((d) => d.serialNumber === latestSerial)!.revocationReason, 'CredentialProvidedInError');
    assert.ok((await statusLedger(database().db, scopeOf(academy.id)).find(firstSerial)).every((e) => e.state === 'valid'), 'only the one chosen');
  });

  it('refuses Daniel when the identity his wallet shares is not his', async () => {
    const page = await signIn(DEMO_ACCOUNTS.mismatching);
    await page.getByRole('link', { name: 'Download to your wallet for Moving and Handling (Level 2)' }).click();
    await page.getByRole('button', { name: 'Check my identity' }).click();
    await shareIdentity(page); // Olivia's identity credential
    await page.waitForURL(`${base}${paths.identityNotMatched}`);
    assert.equal(await page.locator('h1').textContent(), 'Your identity does not match your account');
    assert.match(await page.locator('main').textContent() ?? '', /The first name, last name and date of birth on the identity credential you shared do not match/);
    await assertAccessible(page, 'identity not matched');
    const daniel = portalState().accounts.find((a) => a.email === DEMO_ACCOUNTS.mismatching)!;
    assert.equal(daniel.dspId, undefined, 'no DSP unique identifier kept');
    // Still not checked: the download goes back to the identity check.
    await page.goto(`${base}${paths.records}`);
    await page.getByRole('link', { name: 'Download to your wallet for Moving and Handling (Level 2)' }).click();
    await page.waitForURL(`${base}${paths.checkIdentity}`);
  });

  it('shows a revoked record as revoked, without a download, and a friendly page when the person declines in their wallet (access_denied)', async () => {
    const page = await signIn(DEMO_ACCOUNTS.matching);
    const fireSafety = page.locator('tr', { hasText: 'Fire Safety' });
    assert.equal(await fireSafety.locator('.nhsuk-tag').textContent().then((t) => t?.trim()), 'Revoked');
    assert.equal(await fireSafety.getByRole('link').count(), 0, 'no download of a revoked record');
    await assertAccessible(page, 'records with a revoked one');
    await page.getByRole('link', { name: 'Download to your wallet for Infection Prevention and Control (Level 2)' }).click();
    await page.getByRole('button', { name: 'Check my identity' }).click();
    const request = await wallet.resolvePresentationRequest(await walletLink(page));
    await wallet.decline(request);
    await page.locator('a', { hasText: 'Start again' }).click();
    await page.locator('a', { hasText: /Return to Northern Clinical Skills Academy/ }).click();
    await page.waitForURL(`${base}${paths.callback}?**`);
    assert.equal(await page.locator('h1').textContent(), 'Your identity was not checked');
    await assertAccessible(page, 'identity declined');
  });
});
