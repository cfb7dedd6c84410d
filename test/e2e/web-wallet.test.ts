// The web wallet at /wallet in Chromium against Open DSP running in the test. The person's phone
// is one browser context (the wallet, with a fake camera); the "other screen" is another context
// showing the gateway's wallet-session page. Every scan reads the QR code FROM THAT PAGE'S
// IMAGE: the QR element's screenshot becomes the camera's video (test/support/fake-camera.ts).
// axe runs on every state the wallet shows.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { SignJWT, generateKeyPair, base64url } from 'jose';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { freshDatabase } from '../support/databases.ts';
import { axeViolations, describeViolations, launchBrowser } from '../support/browser.ts';
import { readQr, screenshotRgba, writeY4m } from '../support/fake-camera.ts';
import { TRUST_TYPES, startOpenDsp } from '../support/open-dsp.ts';
import type { Database } from '../../src/store/database.ts';
import { SAMPLE_DSP_ID, getCredentialType, SAMPLE_SUBJECTS, type CredentialFormat, type CredentialTypeId } from '../../src/core/credentials/index.ts';
import { systemClock } from '../../src/platform/clock.ts';
import { browserBindingOf } from '../../src/store/wallet-sessions.ts';
import { BROWSER_COOKIE } from '../../src/gateway/wallet-sessions/browser-binding.ts';
import { createCredentialOffer, type HolderBinding } from '../../src/gateway/oid4vci/index.ts';
import { createPresentationRequest } from '../../src/gateway/oid4vp/index.ts';
import { oid4vciIssuedCredentials } from '../../src/store/schema.ts';
import { statusLedger } from '../../src/store/status-ledger.ts';
import { scopeOf } from '../../src/store/scope.ts';

describe('web wallet in Chromium', () => {
  let database: Database;
  let dsp: Awaited<ReturnType<typeof startOpenDsp>>;
  let browser: Browser;
  let phone: BrowserContext;
  let desk: BrowserContext;
  let wallet: Page;
  const secret = 'web-wallet-e2e-browser';
  const camera = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'dsp-wallet-')), 'camera.y4m');

  before(async () => {
    database = await freshDatabase('pglite');
    dsp = await startOpenDsp(database);
    writeY4m(camera, { width: 1, height: 1, data: new Uint8ClampedArray([255, 255, 255, 255]) });
    browser = await launchBrowser({ fakeCamera: camera });
    phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    desk = await browser.newContext();
    await desk.addCookies([{ name: BROWSER_COOKIE, value: dsp.app.signCookie(secret), domain: 'localhost', path: '/', httpOnly: true }]);
    wallet = await phone.newPage();
    wallet.on('pageerror', (error) => console.error('wallet page error:', error));
  });
  after(async () => {
    await browser?.close();
    await dsp?.close();
    await database?.close();
  });

  const walletSession = { purpose: 'web wallet test', browserBinding: browserBindingOf(secret), returnTo: '/', ttlSeconds: 600 };

  const offer = (credentials: { type: CredentialTypeId; format: CredentialFormat }[], holderBinding: HolderBinding) =>
    database.transaction((tx) =>
      createCredentialOffer(tx, { clock: systemClock, publicUrl: dsp.publicUrl }, {
        organisation: dsp.trust,
        dspId: SAMPLE_DSP_ID,
        credentials: credentials.map((c) => ({ ...c, subject: SAMPLE_SUBJECTS[c.type] })),
        holderBinding,
        txCode: holderBinding.mode === 'session',
        walletSession,
      }),
    );

  const request = (credentials: { id: string; type: CredentialTypeId; formats?: CredentialFormat[] }[]) =>
    database.transaction((tx) =>
      createPresentationRequest(tx, { keys: dsp.app.services.keys, clock: systemClock, publicUrl: dsp.publicUrl }, {
        organisation: dsp.trust,
        credentials,
        purpose: 'Web wallet test',
        walletSession: { ...walletSession, ttlSeconds: 300 },
      }),
    );

  /** Shows the session's page on the other screen and points the phone's camera at its QR code. */
  async function showQrToCamera(sessionId: string, expectedLink: string): Promise<void> {
    const screen = await desk.newPage();
    await screen.goto(`${dsp.publicUrl}/orgs/${dsp.trust.odsCode}/wallet-sessions/${sessionId}`);
    const qr = screen.getByRole('img', { name: 'QR code for your wallet' });
    const image = await screenshotRgba(qr, screen);
    assert.equal(readQr(image), expectedLink, 'the QR code on the page carries the session link');
    writeY4m(camera, image);
    await screen.close();
  }

  async function expectState(state: string): Promise<void> {
    await wallet.waitForSelector(`#wallet-app[data-state="${state}"]`, { timeout: 20_000 });
  }

  async function assertAccessible(label: string): Promise<void> {
    const violations = await axeViolations(wallet);
    assert.deepEqual(violations, [], `${label}: ${describeViolations(violations)}`);
  }

  async function scan(): Promise<void> {
    await wallet.getByRole('button', { name: 'Scan a QR code' }).click();
  }

  it('starts empty, without accessibility violations, and is installable', async () => {
    await wallet.goto(`${dsp.publicUrl}/wallet`);
    await expectState('empty');
    assert.equal(await wallet.locator('h1').textContent(), 'Your wallet');
    await assertAccessible('empty wallet');
    const manifest = await (await fetch(`${dsp.publicUrl}/wallet/manifest.webmanifest`)).json() as { start_url: string; display: string; icons: unknown[] };
    assert.equal(manifest.start_url, '/wallet');
    assert.equal(manifest.display, 'standalone');
    assert.ok(manifest.icons.length >= 2);
    assert.equal(await wallet.locator('link[rel="manifest"]').getAttribute('href'), '/wallet/manifest.webmanifest');
    const csp = (await fetch(`${dsp.publicUrl}/wallet`)).headers.get('content-security-policy') ?? '';
    assert.match(csp, /connect-src 'self' https:/);
    assert.match(csp, /script-src 'self' 'nonce-/);
  });

  it('receives every credential type a trust issues in both formats by scanning the QR codes on the page, asking for the transaction code', async () => {
    // The first offer binds by session and needs the code texted to the person (D23 a).
    const first = await offer(TRUST_TYPES.map((type) => ({ type, format: 'dc+sd-jwt' as const })), { mode: 'session' });
    await showQrToCamera(first.sessionId, first.offerUri);
    await scan();
    await expectState('offer');
    assert.equal(await wallet.locator('h1').textContent(), 'Add to your wallet?');
    assert.ok(await wallet.getByText('Wallet Test Trust is offering you 11 credentials.').isVisible());
    await assertAccessible('offer review');
    await wallet.getByRole('button', { name: 'Add to wallet' }).click();

    await expectState('tx-code');
    await wallet.getByRole('button', { name: 'Continue' }).click();
    await expectState('tx-code-error');
    assert.equal(await wallet.locator('.nhsuk-error-summary a').textContent(), 'Enter the code you were sent');
    assert.equal(await wallet.evaluate(() => document.activeElement?.classList.contains('nhsuk-error-summary')), true, 'the error summary has focus');
    await assertAccessible('transaction code with an error');
    await wallet.getByLabel('Enter your code').fill('12ab');
    await wallet.getByRole('button', { name: 'Continue' }).click();
    await expectState('tx-code-error');
    assert.match(String(await wallet.locator('.nhsuk-error-message').textContent()), /only numbers/);
    await wallet.getByLabel('Enter your code').fill(first.txCode!);
    await wallet.getByRole('button', { name: 'Continue' }).click();
    await expectState('list');
    assert.match(String(await wallet.getByRole('status').first().textContent()), /Added to your wallet/);
    assert.equal(await wallet.locator('[data-credential-id]').count(), 11);

    // Later credentials go to the same wallet key, with no code (D23 b).
    const second = await offer(TRUST_TYPES.map((type) => ({ type, format: 'jwt_vc_json' as const })), { mode: 'holder-key' });
    await showQrToCamera(second.sessionId, second.offerUri);
    await scan();
    await expectState('offer');
    await wallet.getByRole('button', { name: 'Add to wallet' }).click();
    await expectState('list');
    assert.equal(await wallet.locator('[data-credential-id]').count(), 22);
    assert.equal((await dsp.session(second.sessionId))?.state, 'completed');

    // Grouped as the portals group them, each with its issuer and status (checked against the status lists).
    const headings = await wallet.locator('#wallet-app h2').allTextContents();
    assert.deepEqual(headings.slice(0, 3), ['Access', 'Identity and New Starter Information', 'Employment checks']);
    await wallet.waitForFunction(() => document.querySelectorAll('#wallet-app .nhsuk-tag--green').length === 22);
    assert.equal(await wallet.getByText('From Wallet Test Trust').count(), 22);
    await assertAccessible('credential list');
  });

  it('keeps the credentials, encrypted, across a reload', async () => {
    await wallet.reload();
    await expectState('list');
    assert.equal(await wallet.locator('[data-credential-id]').count(), 22);
    // What IndexedDB holds is ciphertext: no credential text is readable there.
    const stored = await wallet.evaluate(async () => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open('open-dsp-wallet');
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      const all = await new Promise<unknown[]>((resolve) => {
        const r = db.transaction('credentials').objectStore('credentials').getAll();
        r.onsuccess = () => resolve(r.result);
      });
      const keys = await new Promise<{ privateKey: CryptoKey }[]>((resolve) => {
        const r = db.transaction('keys').objectStore('keys').getAll();
        r.onsuccess = () => resolve(r.result as { privateKey: CryptoKey }[]);
      });
      return { plain: all.some((v) => JSON.stringify(v).includes('Identity')), keys: keys.length, extractable: keys.some((k) => k.privateKey.extractable) };
    });
    assert.deepEqual(stored, { plain: false, keys: 1, extractable: false });
  });

  for (const format of ['dc+sd-jwt', 'jwt_vc_json'] as const) {
    it(`presents every credential type a trust issues as ${format} in one share, and the verifier accepts them all`, async () => {
      const asked = await request(TRUST_TYPES.map((type) => ({ id: type, type, formats: [format] })));
      await showQrToCamera(asked.sessionId, asked.requestUri);
      await scan();
      await expectState('share');
      await wallet.getByRole('button', { name: 'Share' }).click();
      await expectState('list');
      const session = await dsp.session(asked.sessionId);
      assert.equal(session?.state, 'completed', JSON.stringify(session?.failure));
      const shared = (session?.outcome as { credentials: { type: string; format: string }[] }).credentials;
      assert.deepEqual(shared.map((c) => c.type).sort(), [...TRUST_TYPES].sort());
      assert.ok(shared.every((c) => c.format === format));
    });
  }

  it('shows revoked and suspended credentials as such, from the issuer’s status lists', async () => {
    const issued = await database.db.select().from(oid4vciIssuedCredentials);
    const serialOf = (type: CredentialTypeId, format: CredentialFormat) => issued.find((c) => c.credentialType === type && c.format === format)!.serialNumber;
    const ledger = statusLedger(database.db, scopeOf(dsp.trust.id));
    const change = (serialNumber: string) => ({ serialNumber, reason: 'Other' as const, actor: 'user:test', correlationId: crypto.randomUUID() });
    // A revocation in each format; a suspension in a Token Status List (a jwt_vc_json credential
    // names only its revocation list, D27, so a wallet cannot see its suspension).
    await ledger.revoke(change(serialOf('RightToWork', 'dc+sd-jwt')), systemClock);
    await ledger.revoke(change(serialOf('RightToWork', 'jwt_vc_json')), systemClock);
    await ledger.suspend(change(serialOf('DBSCheck', 'dc+sd-jwt')), systemClock);
    await wallet.reload();
    await expectState('list');
    await wallet.waitForFunction(() => document.querySelectorAll('#wallet-app .nhsuk-tag--green').length === 19);
    assert.deepEqual(await wallet.locator('#wallet-app .nhsuk-tag--red').allTextContents(), ['Revoked', 'Revoked']);
    assert.deepEqual(await wallet.locator('#wallet-app .nhsuk-tag--orange').allTextContents(), ['Suspended']);
    await assertAccessible('list with revoked and suspended credentials');
    await ledger.unsuspend(change(serialOf('DBSCheck', 'dc+sd-jwt')), systemClock);
  });

  it('shows a credential’s details and deletes one', async () => {
    await wallet.getByRole('link', { name: 'Identity' }).first().click();
    await expectState('details');
    assert.equal(await wallet.locator('h1').textContent(), 'Identity');
    assert.ok(await wallet.getByText('Wallet Test Trust', { exact: true }).isVisible());
    await assertAccessible('credential details');

    await wallet.getByRole('link', { name: 'Back to your wallet' }).click();
    await expectState('list');

    // Delete both core skill credentials (used below to ask for one the wallet lacks); the list
    // names each by the catalogue's per-instance title, as the portals do.
    const coreSkillTitle = getCredentialType('CoreSkill').display.title!(SAMPLE_SUBJECTS.CoreSkill);
    for (let i = 0; i < 2; i++) {
      await wallet.getByRole('link', { name: coreSkillTitle, exact: true }).first().click();
      await expectState('details');
      await wallet.getByRole('button', { name: 'Delete this credential' }).click();
      await expectState('delete');
      await wallet.getByRole('button', { name: 'Yes, delete it' }).click();
      await expectState('list');
    }
    assert.equal(await wallet.locator('[data-credential-id]').count(), 20);
  });

  it('shares with a verifier, letting the person choose between two matching access keys', async () => {
    // A second access key (as from a second trust), then a request that both answer.
    const third = await offer([{ type: 'AccessKey', format: 'dc+sd-jwt' }], { mode: 'holder-key' });
    await showQrToCamera(third.sessionId, third.offerUri);
    await scan();
    await expectState('offer');
    await wallet.getByRole('button', { name: 'Add to wallet' }).click();
    await expectState('list');

    const asked = await request([{ id: 'AccessKey', type: 'AccessKey', formats: ['dc+sd-jwt'] }]);
    await showQrToCamera(asked.sessionId, asked.requestUri);
    await scan();
    await expectState('choice');
    assert.equal(await wallet.locator('h1').textContent(), 'Share with Wallet Test Trust?');
    assert.equal(await wallet.getByRole('radio').count(), 2);
    await assertAccessible('share review with a choice');
    await wallet.getByRole('button', { name: 'Share' }).click();
    await expectState('choice-error');
    assert.equal(await wallet.locator('.nhsuk-error-summary a').textContent(), 'Choose which access key to share');
    await assertAccessible('choice with an error');
    await wallet.getByRole('radio').nth(1).check();
    await wallet.getByRole('button', { name: 'Share' }).click();
    await expectState('list');
    assert.match(String(await wallet.getByRole('status').first().textContent()), /Shared with Wallet Test Trust/);
    const session = await dsp.session(asked.sessionId);
    assert.equal(session?.state, 'completed');
  });

  it('shares both formats of a credential through a same-device link, with one review page', async () => {
    const asked = await request([{ id: 'Identity', type: 'Identity' }]);
    await wallet.goto(`${dsp.publicUrl}/wallet/open?uri=${encodeURIComponent(asked.requestUri)}`);
    await expectState('choice');
    await assertAccessible('share review');
    await wallet.getByRole('radio').first().check();
    await wallet.getByRole('button', { name: 'Share' }).click();
    await expectState('list');
    assert.equal((await dsp.session(asked.sessionId))?.state, 'completed');
  });

  it('shows who is asking and which fields they will see, and declines when the person says no', async () => {
    const asked = await request([{ id: 'ProfessionalRegistration', type: 'ProfessionalRegistration', formats: ['dc+sd-jwt'] }]);
    await wallet.goto(`${dsp.publicUrl}/wallet/open?uri=${encodeURIComponent(asked.requestUri)}`);
    await expectState('share');
    assert.equal(await wallet.locator('h1').textContent(), 'Share with Wallet Test Trust?');
    assert.ok(await wallet.getByText(dsp.did).isVisible(), 'the verifier’s DID is shown');
    assert.ok((await wallet.locator('.nhsuk-card li').count()) > 0, 'the fields they will see are listed');
    await assertAccessible('share review');
    await wallet.getByRole('button', { name: 'Decline' }).click();
    await expectState('list');
    assert.match(String(await wallet.getByRole('status').first().textContent()), /You declined/);
    assert.equal((await dsp.session(asked.sessionId))?.state, 'failed');
  });

  it('says plainly when a requested credential is missing, and declines', async () => {
    const asked = await request([{ id: 'CoreSkill', type: 'CoreSkill' }]);
    await showQrToCamera(asked.sessionId, asked.requestUri);
    await scan();
    await expectState('missing');
    assert.equal(await wallet.locator('h1').textContent(), 'You do not have a credential they asked for');
    await assertAccessible('missing credential');
    await wallet.getByRole('button', { name: 'Decline the request' }).click();
    await expectState('list');
    const session = await dsp.session(asked.sessionId);
    assert.equal(session?.state, 'failed');
  });

  it('refuses a tampered credential with a message a person understands, and keeps nothing', async () => {
    await wallet.goto(`${dsp.publicUrl}/wallet`);
    await expectState('list');
    const before = await wallet.locator('[data-credential-id]').count();
    const tampered = await offer([{ type: 'Identity', format: 'jwt_vc_json' }], { mode: 'holder-key' });
    await wallet.route(`${dsp.issuer}/credential`, async (route) => {
      const answer = await route.fetch();
      const body = (await answer.json()) as { credentials: { credential: string }[] };
      const [header, payload, signature] = body.credentials[0]!.credential.split('.');
      const claims = JSON.parse(new TextDecoder().decode(base64url.decode(payload!))) as { vc: { credentialSubject: Record<string, unknown> } };
      claims.vc.credentialSubject.lastName = 'Impostor';
      body.credentials[0]!.credential = `${header}.${base64url.encode(JSON.stringify(claims))}.${signature}`;
      await route.fulfill({ response: answer, json: body });
    });
    try {
      await wallet.goto(`${dsp.publicUrl}/wallet/open?uri=${encodeURIComponent(tampered.offerUri)}`);
      await expectState('offer');
      await wallet.getByRole('button', { name: 'Add to wallet' }).click();
      await expectState('error');
      assert.equal(await wallet.locator('h1').textContent(), 'Your wallet refused this');
      assert.match(String(await wallet.locator('[data-wallet-error]').textContent()), /is not signed by a key its issuer lists, so it cannot be trusted/);
      await assertAccessible('error');
    } finally {
      await wallet.unroute(`${dsp.issuer}/credential`);
    }
    await wallet.getByRole('link', { name: 'Back to your wallet' }).click();
    await expectState('list');
    assert.equal(await wallet.locator('[data-credential-id]').count(), before);
  });

  it('refuses a request signed by a key the verifier’s DID does not list', async () => {
    const asked = await request([{ id: 'Identity', type: 'Identity' }]);
    const attacker = await generateKeyPair('ES256');
    const requestUrl = new URL(asked.requestUri).searchParams.get('request_uri')!;
    await wallet.route(requestUrl, async (route) => {
      const walletNonce = new URLSearchParams(route.request().postData() ?? '').get('wallet_nonce');
      const jar = await new SignJWT({
        client_id: `decentralized_identifier:${dsp.did}`,
        response_type: 'vp_token',
        nonce: 'n',
        response_mode: 'direct_post',
        response_uri: `${dsp.issuer}/presentation-responses/forged`,
        dcql_query: { credentials: [{ id: 'x', format: 'dc+sd-jwt', meta: { vct_values: ['urn:dsp:credential:Identity:1'] } }] },
        ...(walletNonce ? { wallet_nonce: walletNonce } : {}),
      })
        .setProtectedHeader({ alg: 'ES256', typ: 'oauth-authz-req+jwt', kid: `${dsp.did}#attacker-key` })
        .setAudience('https://self-issued.me/v2')
        .setIssuedAt()
        .setExpirationTime('5m')
        .sign(attacker.privateKey);
      await route.fulfill({ status: 200, contentType: 'application/oauth-authz-req+jwt', body: jar });
    });
    try {
      await wallet.goto(`${dsp.publicUrl}/wallet/open?uri=${encodeURIComponent(asked.requestUri)}`);
      await expectState('error');
      assert.match(String(await wallet.locator('[data-wallet-error]').textContent()), /is signed with a key that .* does not list\. The wallet refused it/);
      await assertAccessible('refused request');
    } finally {
      await wallet.unroute(requestUrl);
    }
  });

  it('shows the camera page without accessibility violations while no QR code is in view', async () => {
    // A blank frame: nothing to decode, so the page stays on the camera view.
    writeY4m(camera, { width: 320, height: 240, data: new Uint8ClampedArray(320 * 240 * 4).fill(255) });
    await wallet.goto(`${dsp.publicUrl}/wallet`);
    await expectState('list');
    await scan();
    await expectState('scan');
    await assertAccessible('camera page');
  });

  it('answers a paste of something that is not a wallet link with an error summary', async () => {
    await wallet.goto(`${dsp.publicUrl}/wallet`);
    await expectState('list');
    await wallet.getByRole('button', { name: 'Paste a link' }).click();
    await expectState('paste');
    await wallet.getByLabel('Paste a link').fill('https://example.com/not-a-wallet-link');
    await wallet.getByRole('button', { name: 'Continue' }).click();
    await expectState('paste-error');
    assert.match(String(await wallet.locator('.nhsuk-error-summary a').textContent()), /not a link your wallet can use/);
    await assertAccessible('paste with an error');
  });

  it('backs up to a passphrase-protected file and restores it into a new wallet, saying what a restore cannot bring back', async () => {
    await wallet.getByRole('link', { name: 'Cancel' }).click();
    await expectState('list');
    await wallet.getByRole('link', { name: 'Back up or restore your wallet' }).click();
    await expectState('backup');
    await assertAccessible('backup');
    await wallet.getByRole('button', { name: 'Save a backup file' }).click();
    await expectState('backup-error');
    await assertAccessible('backup with an error');
    await wallet.getByLabel('Choose a passphrase').fill('correct horse battery');
    await wallet.getByLabel('Enter the passphrase again').fill('correct horse battery');
    const [download] = await Promise.all([wallet.waitForEvent('download'), wallet.getByRole('button', { name: 'Save a backup file' }).click()]);
    const file = path.join(path.dirname(camera), 'backup.json');
    await download.saveAs(file);
    const saved = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
    assert.deepEqual(Object.keys(saved).sort(), ['cipher', 'createdAt', 'data', 'format', 'kdf', 'version']);
    assert.ok(!JSON.stringify(saved).includes('Wallet Test Trust'), 'the backup is encrypted');

    const other = await browser.newContext();
    const restored = await other.newPage();
    await restored.goto(`${dsp.publicUrl}/wallet#backup`);
    await restored.waitForSelector('#wallet-app[data-state="backup"]');
    await restored.getByLabel('Backup file').setInputFiles(file);
    await restored.getByLabel('Passphrase', { exact: true }).fill('wrong passphrase');
    await restored.getByRole('button', { name: 'Restore from backup' }).click();
    await restored.waitForSelector('#wallet-app[data-state="backup-error"]');
    await restored.getByLabel('Backup file').setInputFiles(file);
    await restored.getByLabel('Passphrase', { exact: true }).fill('correct horse battery');
    await restored.getByRole('button', { name: 'Restore from backup' }).click();
    await restored.waitForSelector('#wallet-app[data-state="list"]');
    // 22 received, 2 deleted, 1 more access key.
    assert.equal(await restored.locator('[data-credential-id]').count(), 21);
    assert.match(String(await restored.getByRole('status').first().textContent()), /ask your organisation to issue you a new access key/);
    await other.close();
  });
});
