// The identity service provider simulator in Chromium: every page a person sees (start, the
// passport question, the form with and without mistakes, the check's result, the wallet-session
// page, done) and the web wallet on "their phone" receiving the DigitalIdentity through the
// same-device link, showing its photo — axe on each.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { freePort } from '../support/free-port.ts';
import { freshDatabase } from '../support/databases.ts';
import { testApp } from '../support/app.ts';
import { axeViolations, describeViolations, launchBrowser } from '../support/browser.ts';
import { seedDemoWorld } from '../../src/cli/demo-world.ts';
import { systemClock } from '../../src/platform/clock.ts';
import { listOutbox } from '../../src/integrations/notify/index.ts';
import type { Database } from '../../src/store/database.ts';

describe('identity service provider simulator in Chromium', () => {
  let database: Database;
  let app: Awaited<ReturnType<typeof testApp>>;
  let browser: Browser;
  let desk: BrowserContext;
  let phone: BrowserContext;
  let page: Page;
  let base: string;
  const cspErrors: string[] = [];

  before(async () => {
    database = await freshDatabase('pglite');
    const port = await freePort();
    base = `http://localhost:${port}`;
    app = await testApp(database, { DSP_PUBLIC_URL: base });
    await seedDemoWorld(database, systemClock, app.services.keys);
    await app.listen({ host: 'localhost', port });
    browser = await launchBrowser();
    desk = await browser.newContext();
    phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    page = await desk.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) cspErrors.push(m.text());
    });
  });
  after(async () => {
    await browser?.close();
    await app?.close();
    await database?.close();
  });

  async function assertAccessible(p: Page, label: string): Promise<void> {
    const violations = await axeViolations(p);
    assert.deepEqual(violations, [], `${label}: ${describeViolations(violations)}`);
  }

  async function fillDetails(p: Page, documentNumber: string): Promise<void> {
    await p.getByLabel('First name').fill('Olivia');
    await p.getByLabel('Last name').fill('Bennett');
    const birth = p.getByRole('group', { name: 'Date of birth' });
    await birth.getByLabel('Day').fill('12');
    await birth.getByLabel('Month').fill('4');
    await birth.getByLabel('Year').fill('1990');
    await p.getByRole('radio', { name: 'Female', exact: true }).check();
    await p.getByLabel('Nationality').fill('British');
    await p.getByLabel('Address line 1').fill('27 Mill Lane');
    await p.getByLabel('Town or city').fill('Riverside');
    await p.getByLabel('Postcode').fill('RV1 4QT');
    await p.getByRole('radio', { name: 'Passport', exact: true }).check();
    await p.getByLabel('Document number').fill(documentNumber);
    await p.getByLabel('Country that issued it').selectOption('GBR');
    const expiry = p.getByRole('group', { name: 'Expiry date' });
    await expiry.getByLabel('Day').fill('14');
    await expiry.getByLabel('Month').fill('5');
    await expiry.getByLabel('Year').fill('2031');
    await p.getByLabel('UK mobile number').fill('07700 900123');
  }

  it('walks from the start page through the form (mistakes first) to the check’s result, without accessibility violations', async () => {
    await page.goto(`${base}/`);
    await page.getByRole('link', { name: 'prove your identity with Demo Identity Service (simulated)' }).click();
    assert.equal(await page.locator('h1').textContent(), 'Prove your identity');
    assert.ok(await page.getByText('This is a simulator').isVisible());
    assert.equal(await page.getByRole('img', { name: /Placeholder photo/ }).evaluate((img) => (img as HTMLImageElement).naturalWidth), 96, 'the placeholder JPEG decodes');
    await assertAccessible(page, 'start page');

    await page.getByRole('button', { name: 'Start now' }).click();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForSelector('.nhsuk-error-summary');
    // nhsuk-frontend's module script moves focus after parsing: wait for it rather than look once.
    const focused = await page
      .waitForFunction(() => document.querySelector('.nhsuk-error-summary')?.contains(document.activeElement) === true, undefined, { timeout: 5000 })
      .then(() => true, () => false);
    assert.ok(focused, 'the error summary has focus');
    await assertAccessible(page, 'passport question with an error');
    await page.getByRole('radio', { name: 'No', exact: true }).check();
    await page.getByRole('button', { name: 'Continue' }).click();

    assert.equal(await page.locator('h1').textContent(), 'Enter your details and your document');
    await assertAccessible(page, 'document form');
    await fillDetails(page, '548213907');
    await page.getByLabel('Postcode').fill('nowhere');
    const birth = page.getByRole('group', { name: 'Date of birth' });
    await birth.getByLabel('Day').fill('31');
    await birth.getByLabel('Month').fill('2');
    await page.getByRole('button', { name: 'Check my document' }).click();
    await page.waitForSelector('.nhsuk-error-summary');
    assert.deepEqual(await page.locator('.nhsuk-error-summary a').allTextContents().then((t) => t.map((s) => s.trim())), [
      'Date of birth must be a real date',
      'Enter a real postcode, like LS1 4AP',
    ]);
    assert.equal(await page.getByLabel('Postcode').inputValue(), 'nowhere', 'what was typed is kept');
    assert.equal(await page.getByLabel('First name').inputValue(), 'Olivia');
    await assertAccessible(page, 'document form with errors');
    await page.locator('.nhsuk-error-summary a', { hasText: 'Date of birth' }).click();
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'birthDate-day', 'the summary link goes to the day box');

    await page.getByLabel('Postcode').fill('RV1 4QT');
    await birth.getByLabel('Day').fill('12');
    await birth.getByLabel('Month').fill('4');
    await page.getByRole('button', { name: 'Check my document' }).click();
    await page.waitForSelector('text=Your document has been checked');
    assert.ok(await page.getByText('Passport ending 3907').isVisible());
    assert.ok(await page.getByText('H1A').isVisible());
    await assertAccessible(page, 'check passed');
  });

  it('offers the digital identity on the wallet-session page; the web wallet adds it with the texted code and shows its photo; the page moves on', async () => {
    await page.getByRole('button', { name: 'Continue to your wallet' }).click();
    assert.equal(await page.locator('h1').textContent(), 'Add to your wallet');
    await assertAccessible(page, 'wallet session');
    const offerUri = String(await page.getByRole('link', { name: 'Open your wallet' }).getAttribute('href'));
    assert.match(offerUri, /^openid-credential-offer:\/\//);

    const wallet = await phone.newPage();
    await wallet.goto(`${base}/wallet/open?uri=${encodeURIComponent(offerUri)}`);
    await wallet.waitForSelector('#wallet-app[data-state="offer"]', { timeout: 20_000 });
    assert.ok(await wallet.getByText('Demo Identity Service (simulated)', { exact: false }).first().isVisible());
    await wallet.getByRole('button', { name: 'Add to wallet' }).click();
    await wallet.waitForSelector('#wallet-app[data-state="tx-code"]');
    const sms = (await listOutbox(database.db, { pageSize: 5 })).messages.find((m) => m.channel === 'sms')!;
    await wallet.getByLabel('Enter your code').fill(/(\d{6})/.exec(sms.body)![1]!);
    await wallet.getByRole('button', { name: 'Continue' }).click();
    await wallet.waitForSelector('#wallet-app[data-state="list"]', { timeout: 20_000 });

    // The desk's page moves on by itself once the wallet has it.
    await page.waitForURL(/\/idsp\/IDSP01\/done\?walletSession=/, { timeout: 20_000 });
    assert.equal((await page.locator('h1').textContent())?.trim(), 'Your digital identity is in your wallet');
    await assertAccessible(page, 'done');

    await wallet.getByRole('link', { name: 'Digital identity' }).click();
    await wallet.waitForSelector('#wallet-app[data-state="details"]');
    const photo = wallet.getByRole('img', { name: 'Photo in this credential' });
    assert.equal(await photo.evaluate((img) => (img as HTMLImageElement).naturalWidth), 96, 'the photo is shown as an image, not as base64 text');
    assert.ok(await wallet.getByText('H1A', { exact: true }).isVisible());
    assert.ok(await wallet.getByText('3907', { exact: true }).isVisible());
    await assertAccessible(wallet, 'wallet details of a digital identity');
    await wallet.close();
  });

  it('explains a failed check without accessibility violations', async () => {
    await page.goto(`${base}/idsp/IDSP01/passport`);
    await page.getByRole('radio', { name: 'No', exact: true }).check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await fillDetails(page, '548210000');
    await page.getByRole('button', { name: 'Check my document' }).click();
    await page.waitForSelector('h1:has-text("We could not confirm your document is genuine")');
    await assertAccessible(page, 'check failed');
    await page.getByRole('button', { name: 'Try again' }).click();
    assert.equal(await page.locator('h1').textContent(), 'Enter your details and your document');
    assert.deepEqual(cspErrors, []);
  });
});
