// The foundation's pages in a real browser: NHS.UK styling loads under the strict CSP, the
// JavaScript starts, forms work with their CSRF token, and axe finds no WCAG 2.2 AA violations.
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { freshDatabase } from '../support/databases.ts';
import { testApp } from '../support/app.ts';
import { axeViolations, describeViolations, launchBrowser } from '../support/browser.ts';
import { seedDemoWorld } from '../../src/cli/demo-world.ts';
import { systemClock } from '../../src/platform/clock.ts';
import type { Database } from '../../src/store/database.ts';
import { createLocalKeyManagement } from '../../src/store/key-store.ts';

describe('foundation pages in Chromium', () => {
  let database: Database;
  let app: Awaited<ReturnType<typeof testApp>>;
  let browser: Browser;
  let base: string;
  let page: Page;
  const cspErrors: string[] = [];

  before(async () => {
    database = await freshDatabase('pglite');
    await seedDemoWorld(database, systemClock, createLocalKeyManagement({ keyEncryptionKey: Buffer.alloc(32, 7).toString('base64') }));
    app = await testApp(database);
    await app.listen({ host: '127.0.0.1', port: 0 });
    base = `http://localhost:${(app.server.address() as AddressInfo).port}`;
    browser = await launchBrowser();
    page = await browser.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) cspErrors.push(m.text());
    });
  });
  after(async () => {
    await browser?.close();
    await app?.close();
    await database?.close();
  });

  it('shows the start page with the demo trusts, NHS.UK styles and scripts running, and no accessibility violations', async () => {
    await page.goto(`${base}/`);
    assert.equal(await page.locator('h1').textContent(), 'Open DSP');
    assert.ok(await page.getByRole('cell', { name: 'Riverside Hospitals NHS Foundation Trust', exact: true }).isVisible());
    assert.equal(await page.getByRole('link', { name: 'DID document for Riverside Hospitals NHS Foundation Trust' }).getAttribute('href'), '/orgs/RZX/did.json');
    // The NHS.UK stylesheet applied (the header is NHS blue) and the module script ran.
    const headerColour = await page.locator('.nhsuk-header').evaluate((el) => getComputedStyle(el).backgroundColor);
    assert.equal(headerColour, 'rgb(0, 94, 184)');
    assert.ok(await page.locator('body.nhsuk-frontend-supported').count(), 'the inline nonce script ran');
    assert.ok(await page.locator('[data-nhsuk-header-init]').count(), 'nhsuk-frontend initAll() ran under the CSP');
    const violations = await axeViolations(page);
    assert.deepEqual(violations, [], describeViolations(violations));
    assert.deepEqual(cspErrors, []);
  });

  it('sends a test message from the outbox form; a bad address gets an error summary that keeps what was typed', async () => {
    await page.goto(`${base}/dev/outbox`);
    await page.getByLabel('Email address').fill('not an address');
    await page.getByRole('button', { name: 'Send test message' }).click();
    await page.waitForSelector('.nhsuk-error-summary');
    assert.equal(await page.getByLabel('Email address').inputValue(), 'not an address');
    // The NHS.UK error summary takes focus so screen readers announce it.
    assert.ok(await page.locator('.nhsuk-error-summary').evaluate((el) => el.contains(document.activeElement)));
    let violations = await axeViolations(page);
    assert.deepEqual(violations, [], describeViolations(violations));

    await page.getByLabel('Email address').fill('ops@example.nhs.uk');
    await page.getByRole('button', { name: 'Send test message' }).click();
    await page.waitForSelector('text=Test message sent');
    assert.ok(await page.getByText('Email to ops@example.nhs.uk').isVisible());
    violations = await axeViolations(page);
    assert.deepEqual(violations, [], describeViolations(violations));
  });

  it('shows the NHS.UK 404 page for an unknown address, without accessibility violations', async () => {
    const response = await page.goto(`${base}/no/such/page`);
    assert.equal(response?.status(), 404);
    assert.equal(await page.locator('h1').textContent(), 'Page not found');
    const violations = await axeViolations(page);
    assert.deepEqual(violations, [], describeViolations(violations));
    assert.deepEqual(cspErrors, []);
  });
});
