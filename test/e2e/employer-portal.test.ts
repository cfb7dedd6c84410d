// The employer portal's foundation in Chromium (docs/architecture.md D38), axe on every page state:
// E1 with both second factors — the demo world's users enrol on first sign-in, one with an
// authenticator app (the code computed here with otplib from the key the page shows), one with
// text messages (the code read from the outbox) — and E2: a senior administrator adds a user, who
// follows the emailed link, creates a password, sets up a second factor and is signed in.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { generate } from 'otplib';
import { freePort } from '../support/free-port.ts';
import { freshDatabase } from '../support/databases.ts';
import { testApp } from '../support/app.ts';
import { axeViolations, describeViolations, launchBrowser } from '../support/browser.ts';
import { demoPassword, seedDemoWorld } from '../../src/cli/demo-world.ts';
import { systemClock } from '../../src/platform/clock.ts';
import { listOutbox } from '../../src/integrations/notify/index.ts';
import type { Database } from '../../src/store/database.ts';

describe('employer portal sign-in and users in Chromium', () => {
  let database: Database;
  let app: Awaited<ReturnType<typeof testApp>>;
  let browser: Browser;
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
  });
  after(async () => {
    await browser?.close();
    await app?.close();
    await database?.close();
  });

  async function newPage(): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext();
    const page = await context.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) cspErrors.push(m.text());
    });
    return { context, page };
  }

  async function assertAccessible(p: Page, label: string): Promise<void> {
    const violations = await axeViolations(p);
    assert.deepEqual(violations, [], `${label}: ${describeViolations(violations)}`);
  }

  async function errorSummaryFocused(p: Page): Promise<void> {
    await p.waitForSelector('.nhsuk-error-summary');
    // nhsuk-frontend's module script moves focus after the page has parsed, so wait for it (a few
    // seconds at most) rather than look once, which raced the script on a busy machine.
    const focused = await p
      .waitForFunction(() => document.querySelector('.nhsuk-error-summary')?.contains(document.activeElement) === true, undefined, { timeout: 5000 })
      .then(() => true, () => false);
    assert.ok(focused, 'the error summary has focus');
  }

  /** A code from the authenticator key: for the next 30-second step when `next` (a code is used once). */
  async function totp(key: string, next = false): Promise<string> {
    return generate({ secret: key.replace(/\s/g, ''), epoch: Math.floor(Date.now() / 1000) + (next ? 30 : 0) });
  }

  // After a click the next page may still be loading (CI shares 2 cores): what a page must show is
  // awaited with locator.waitFor(), never read once with isVisible().
  async function lastSms(to: string): Promise<string> {
    const sms = (await listOutbox(database.db, { pageSize: 50 })).messages.find((m) => m.channel === 'sms' && m.recipient === to);
    assert.ok(sms, `an SMS to ${to}`);
    return /(\d{6})/.exec(sms.body)![1]!;
  }

  async function signInWithPassword(p: Page, email: string, password: string): Promise<void> {
    await p.getByLabel('Email address').fill(email);
    await p.getByLabel('Password', { exact: true }).fill(password);
    await p.getByRole('button', { name: 'Sign in' }).click();
  }

  it('E1 with an authenticator app: the demo senior administrator enrols by the key on first sign-in, signs out and signs in again', async () => {
    const { context, page } = await newPage();
    await page.goto(`${base}/trusts/RZX/employer/users`);
    assert.match(page.url(), /\/trusts\/RZX\/employer\/sign-in\?returnTo=%2Ftrusts%2FRZX%2Femployer%2Fusers$/);
    assert.equal(await page.locator('h1').textContent(), 'Sign in to the employer portal');
    await page.getByText('Riverside Hospitals NHS Foundation Trust').first().waitFor();
    await assertAccessible(page, 'sign-in page');

    await signInWithPassword(page, 'sam.senior@riverside.example', 'wrong password');
    await errorSummaryFocused(page);
    assert.equal(await page.getByLabel('Email address').inputValue(), 'sam.senior@riverside.example', 'the email is kept');
    await assertAccessible(page, 'sign-in page with an error');

    await signInWithPassword(page, 'sam.senior@riverside.example', demoPassword);
    assert.match(page.url(), /\/sign-in\/set-up-second-factor$/);
    await assertAccessible(page, 'choose a second factor');
    await page.getByRole('button', { name: 'Continue' }).click();
    await errorSummaryFocused(page);
    await assertAccessible(page, 'choose a second factor with an error');
    await page.getByRole('radio', { name: 'Authenticator app' }).check();
    await page.getByRole('button', { name: 'Continue' }).click();

    assert.equal(await page.locator('h1').textContent(), 'Set up your authenticator app');
    await page.getByRole('img', { name: /QR code/ }).locator('svg').waitFor();
    const key = (await page.getByTestId('totp-key').textContent())!;
    assert.match(key, /^[A-Z2-7]{4}( [A-Z2-7]{1,4})+$/);
    await assertAccessible(page, 'set up the authenticator app');
    await page.getByLabel('Code from the app').fill('000000');
    await page.getByRole('button', { name: 'Continue' }).click();
    await errorSummaryFocused(page);
    await assertAccessible(page, 'set up the authenticator app with a wrong code');
    await page.getByLabel('Code from the app').fill(await totp(key));
    await page.getByRole('button', { name: 'Continue' }).click();

    assert.equal(new URL(page.url()).pathname, '/trusts/RZX/employer');
    assert.equal(await page.locator('h1').textContent(), 'Digital Staff Passport employer portal');
    const nav = page.getByRole('navigation', { name: 'Menu' });
    for (const name of ['Staff passports', 'Credential requests', 'Users', 'System management']) assert.ok(await nav.getByRole('link', { name }).isVisible(), name);
    await page.getByText('Sam Senior').first().waitFor();
    await assertAccessible(page, 'home page (senior administrator)');

    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    assert.match(page.url(), /\/sign-in\?signedOut=1$/);
    await page.getByText('You have signed out.').waitFor();
    await assertAccessible(page, 'signed out');

    await signInWithPassword(page, 'sam.senior@riverside.example', demoPassword);
    assert.match(page.url(), /\/sign-in\/code$/);
    await assertAccessible(page, 'authenticator code page');
    await page.getByLabel('Code').fill('12');
    await page.getByRole('button', { name: 'Continue' }).click();
    await errorSummaryFocused(page);
    await assertAccessible(page, 'authenticator code page with an error');
    await page.getByLabel('Code').fill(await totp(key, true));
    await page.getByRole('button', { name: 'Continue' }).click();
    assert.equal(new URL(page.url()).pathname, '/trusts/RZX/employer');
    await context.close();
  });

  it('E1 with text messages: the demo administrator enrols a mobile on first sign-in and signs in with codes from the outbox; user management is not theirs', async () => {
    const { context, page } = await newPage();
    await page.goto(`${base}/trusts/RZX/employer`);
    await signInWithPassword(page, 'alex.admin@riverside.example', demoPassword);
    await page.getByRole('radio', { name: 'Text message' }).check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await assertAccessible(page, 'enter your mobile');
    await page.getByLabel('UK mobile phone number').fill('01632 960000');
    await page.getByRole('button', { name: 'Send the code' }).click();
    await errorSummaryFocused(page);
    assert.equal(await page.getByLabel('UK mobile phone number').inputValue(), '01632 960000');
    await assertAccessible(page, 'enter your mobile with an error');
    await page.getByLabel('UK mobile phone number').fill('07700 900321');
    await page.getByRole('button', { name: 'Send the code' }).click();

    assert.equal(await page.locator('h1').textContent(), 'Check your phone');
    await page.getByText('ending in 321').waitFor();
    await assertAccessible(page, 'SMS code page');
    await page.getByLabel('Code').fill(await lastSms('+447700900321'));
    await page.getByRole('button', { name: 'Continue' }).click();
    assert.equal(new URL(page.url()).pathname, '/trusts/RZX/employer');
    const nav = page.getByRole('navigation', { name: 'Menu' });
    assert.equal(await nav.getByRole('link', { name: 'Users' }).count(), 0, 'no Users link for a Portal Administrator');
    await assertAccessible(page, 'home page (administrator)');

    await page.goto(`${base}/trusts/RZX/employer/users`);
    assert.equal(await page.locator('h1').textContent(), 'You cannot view this page');
    await assertAccessible(page, '403 page');
    await page.goto(`${base}/trusts/RZY/employer`);
    assert.equal(await page.locator('h1').textContent(), 'Page not found', 'another trust’s portal is a 404');

    await page.goto(`${base}/trusts/RZX/employer`);
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await signInWithPassword(page, 'alex.admin@riverside.example', demoPassword);
    await page.getByLabel('Code').fill('999999');
    await page.getByRole('button', { name: 'Continue' }).click();
    await errorSummaryFocused(page);
    await assertAccessible(page, 'SMS code page with an error');
    await page.getByLabel('Code').fill(await lastSms('+447700900321'));
    await page.getByRole('button', { name: 'Continue' }).click();
    assert.equal(new URL(page.url()).pathname, '/trusts/RZX/employer');
    await context.close();
  });

  it('E2: a senior administrator adds a user, who follows the emailed link, creates a password, sets up an authenticator app and is signed in', async () => {
    const { context, page } = await newPage();
    await page.goto(`${base}/trusts/RZY/employer`);
    await signInWithPassword(page, 'hana.senior@hillside.example', demoPassword);
    await page.getByRole('radio', { name: 'Authenticator app' }).check();
    await page.getByRole('button', { name: 'Continue' }).click();
    const key = (await page.getByTestId('totp-key').textContent())!;
    await page.getByLabel('Code from the app').fill(await totp(key));
    await page.getByRole('button', { name: 'Continue' }).click();

    await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Users' }).click();
    assert.equal(await page.locator('h1').textContent(), 'Users');
    await assertAccessible(page, 'users list');
    await page.getByRole('button', { name: 'Add a user' }).click();
    await assertAccessible(page, 'add a user');
    await page.getByLabel('Full name').fill('Priya Patel');
    await page.getByLabel('Email address').fill('priya.patel@');
    await page.getByRole('button', { name: 'Add user and send email' }).click();
    await errorSummaryFocused(page);
    assert.equal(await page.getByLabel('Full name').inputValue(), 'Priya Patel');
    await assertAccessible(page, 'add a user with errors');
    await page.getByLabel('Email address').fill('priya.patel@hillside.example');
    await page.getByRole('radio', { name: 'Portal Administrator', exact: true }).check();
    await page.getByRole('button', { name: 'Add user and send email' }).click();
    await page.getByText('Priya Patel has been added').waitFor();
    await assertAccessible(page, 'users list after adding');
    await page.getByRole('link', { name: 'Priya Patel' }).click();
    assert.equal(await page.locator('h1').textContent(), 'Priya Patel');
    await assertAccessible(page, 'a user’s page');

    const email = (await listOutbox(database.db, { pageSize: 50 })).messages.find((m) => m.recipient === 'priya.patel@hillside.example');
    assert.ok(email);
    assert.equal(email.subject, 'Set up your Digital Staff Passport account for Hillside Community Healthcare NHS Trust');
    const link = email.links.find((l) => l.includes('/trusts/RZY/employer/set-up?token='))!;

    const invitee = await newPage();
    const p = invitee.page;
    await p.goto(link);
    assert.equal(await p.locator('h1').textContent(), 'Create your password');
    await assertAccessible(p, 'create your password');
    await p.getByLabel('Password', { exact: true }).fill('too short');
    await p.getByLabel('Confirm password').fill('too short');
    await p.getByRole('button', { name: 'Continue' }).click();
    await errorSummaryFocused(p);
    await assertAccessible(p, 'create your password with an error');
    await p.getByLabel('Password', { exact: true }).fill('priya has a long password');
    await p.getByLabel('Confirm password').fill('priya has a long password');
    await p.getByRole('button', { name: 'Continue' }).click();
    assert.match(p.url(), /\/sign-in\/set-up-second-factor$/);
    await p.getByRole('radio', { name: 'Authenticator app' }).check();
    await p.getByRole('button', { name: 'Continue' }).click();
    const priyaKey = (await p.getByTestId('totp-key').textContent())!;
    await p.getByLabel('Code from the app').fill(await totp(priyaKey));
    await p.getByRole('button', { name: 'Continue' }).click();
    assert.equal(new URL(p.url()).pathname, '/trusts/RZY/employer');
    await p.getByText('You are signed in as Priya Patel (Portal Administrator)').waitFor();

    // The link works once.
    await p.goto(link);
    assert.equal(await p.locator('h1').textContent(), 'This link cannot be used');
    await assertAccessible(p, 'a used link');
    await invitee.context.close();

    await page.reload();
    assert.ok(await page.getByText('Authenticator app').first().isVisible(), 'the senior administrator sees her second factor is set up');
    await context.close();
    assert.deepEqual(cspErrors, []);
  });
});
