// Seed 001 "Downloading your access key" step by step in Chromium, then S3 signing in with it. HR
// has confirmed the person's identity (the store, as the employer portal's face-to-face form does),
// so the access-key email is in the outbox:
//   the email's link → brief instructions → Continue → "a 6-digit security code will be sent to your
//   phone" → Continue → enter the code (a wrong one first: the error summary) → Continue → the QR
//   code, with the green button for a phone → the wallet (the holder library over real HTTP, reading
//   the offer from the page and the tx_code from the outbox) adds it → the browser moves on by itself
//   → "You can now sign in" → the sign-in QR code → the same wallet shares the key → home, with the
//   "Review and add credentials" banner for what HR has provided since.
// Also the seed's note that a sign-in-only email's link takes the person to the right place, and the
// link opened again once collected. axe on every page state.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { SAMPLE_SUBJECTS } from '../../src/core/credentials/index.ts';
import { planProvision } from '../../src/core/passport/plan-provision.ts';
import { listOutbox } from '../../src/integrations/notify/index.ts';
import { systemClock } from '../../src/platform/clock.ts';
import type { Database } from '../../src/store/database.ts';
import { providedCredentials } from '../../src/store/provided-credentials.ts';
import { scopeOf } from '../../src/store/scope.ts';
import { axeViolations, describeViolations, launchBrowser } from '../support/browser.ts';
import { describeEachDatabase } from '../support/databases.ts';
import { confirmedPerson, holderOn, type ConfirmedPerson } from '../support/employee-access-key.ts';
import { lastSmsCode, startEmployeePortal, type EmployeePortalServer } from '../support/employee-wallet.ts';

const ODS = 'JRN12';

describeEachDatabase('seed 001 and S3 in Chromium', (engineDatabase) => {
  let database: Database;
  let portal: EmployeePortalServer;
  let browser: Browser;
  let page: Page;
  let person: ConfirmedPerson;
  const holder = holderOn(systemClock);

  async function noViolations(state: string) {
    const violations = await axeViolations(page);
    assert.deepEqual(violations, [], `${state}: ${describeViolations(violations)}`);
  }

  /** The link in the newest access-key email to the person, as the email shows it. */
  async function emailedLink(): Promise<string> {
    const email = (await listOutbox(database.db, { organisationId: person.organisation.id, pageSize: 50 })).messages.find(
      (m) => m.template === 'access-key-ready-email' && m.recipient === person.passport.email,
    );
    assert.ok(email, 'the access-key email was sent');
    assert.match(email.body, /Collect your access key|collect them/i);
    return /(https?:\/\/\S+\/access-key\/[A-Za-z0-9_-]+)/.exec(email.body)![1]!;
  }

  before(async () => {
    database = engineDatabase();
    portal = await startEmployeePortal(database);
    person = await confirmedPerson(portal, { ods: ODS, passport: { givenName: 'Amara', familyName: 'Okoye' } });
    browser = await launchBrowser();
    page = await (await browser.newContext()).newPage();
  });
  after(async () => {
    await browser?.close();
    await portal?.close();
  });

  it('seed 001: downloads the access key from the email, step by step, then signs in with it (S3)', async () => {
    // The sign-in-only email's link also takes the person to the right place (seed 001 note).
    const link = await emailedLink();
    const token = link.split('/').pop()!;
    await page.goto(`${portal.base}/trusts/${ODS}/employee/sign-in?key=${token}`);

    // "Next you'll see some brief instructions on the process. Select 'Continue'."
    await page.waitForURL(/\/employee\/access-key$/);
    await page.waitForSelector('h1:has-text("Collect your access key")');
    assert.ok(await page.getByText('together with your NHS identity credential').isVisible());
    await noViolations('instructions');
    await page.getByRole('button', { name: 'Continue' }).click();

    // "You'll see a message that a 6-digit security code will be sent to your phone. Select 'Continue' to generate the security code."
    await page.waitForSelector('text=A 6-digit security code will be sent to your phone');
    await noViolations('security code will be sent');
    await page.getByRole('button', { name: 'Continue' }).click();

    // "Enter your 6-digit code and select 'Continue'." A wrong one first.
    await page.waitForSelector('h1:has-text("Enter your security code")');
    await noViolations('enter the code');
    const code = await lastSmsCode(database, person.passport.mobile!);
    const wrong = code === '123456' ? '654321' : '123456';
    await page.getByLabel('Security code').fill(wrong);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForSelector('.nhsuk-error-summary');
    assert.equal(await page.getByLabel('Security code').inputValue(), wrong);
    assert.match((await page.locator('.nhsuk-error-summary').textContent()) ?? '', /The code is not right. You have 4 tries left/);
    await noViolations('enter the code, wrong code');
    await page.getByLabel('Security code').fill(code);
    await page.getByRole('button', { name: 'Continue' }).click();

    // "You'll now see a QR code." … "if you're using your smartphone … select the green button".
    await page.waitForURL(new RegExp(`/orgs/${ODS}/wallet-sessions/`));
    await page.waitForSelector('h1:has-text("Add to your wallet")');
    assert.ok(await page.locator('.dsp-qr svg').isVisible(), 'the QR code');
    const offer = await page.getByRole('link', { name: 'Open your wallet' }).getAttribute('href');
    assert.match(offer ?? '', /^openid-credential-offer:\/\//);
    await noViolations('QR code');

    // The wallet scans it, asks for the code texted with it, and the person selects Add.
    const txCode = await lastSmsCode(database, person.passport.mobile!);
    assert.notEqual(txCode, code);
    const received = await holder.receive(offer!, { txCode });
    assert.deepEqual(received.received.map((r) => r.type).sort(), ['AccessKey', 'Identity']);

    // "Return to your web or mobile browser. The browser will refresh and you'll be able to log in."
    await page.waitForURL(/\/employee\/sign-in\?collected=1$/);
    await page.waitForSelector('text=You can now sign in with it.');
    await noViolations('sign in after collecting');
    const scope = scopeOf(person.organisation.id);
    const held = await providedCredentials(database.db, scope).listForPassport(person.passport.id);
    assert.deepEqual(held.map((c) => c.state), ['accepted', 'accepted']);

    // Meanwhile HR provides something new: the home page will say so.
    await database.transaction(async (tx) => {
      const store = providedCredentials(tx, scope);
      const { dspId: _dspId, ...subject } = SAMPLE_SUBJECTS.RightToWork;
      const plan = planProvision([{ type: 'RightToWork', subject }], await store.versionsOf(person.passport.id), new Date());
      await store.provide(person.passport.id, plan.provide, { source: 'manual', actor: 'system:test', now: new Date() });
    });

    // S3: sign in by sharing the access key.
    await page.getByRole('button', { name: 'Continue to sign in' }).click();
    await page.waitForURL(new RegExp(`/orgs/${ODS}/wallet-sessions/`));
    await page.waitForSelector('h1:has-text("Share from your wallet")');
    await noViolations('sign-in QR code');
    const requestLink = new URL((await page.getByRole('link', { name: 'Open your wallet' }).getAttribute('href'))!);
    requestLink.searchParams.set('request_uri', requestLink.searchParams.get('request_uri')!.replace(/[?&]flow=same-device$/, ''));
    await holder.present(await holder.resolvePresentationRequest(requestLink.toString()));

    await page.waitForURL(new RegExp(`/trusts/${ODS}/employee$`));
    await page.waitForSelector('h1:has-text("Your Digital Staff Passport")');
    assert.ok(await page.getByRole('heading', { name: /Review and add credentials to your wallet/ }).isVisible(), 'the banner for what HR provided');
    assert.ok(await page.getByRole('link', { name: 'Review and add' }).isVisible());
    assert.ok(await page.getByText('You are signed in as Amara Okoye').isVisible());
    await noViolations('home with the banner');

    // The email's link again, once collected: sign in instead.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForSelector('text=You have signed out.');
    await noViolations('signed out');
    await page.goto(link);
    await page.waitForURL(/\/employee\/sign-in\?alreadyCollected=1$/);
    await page.waitForSelector('text=You have already collected your access key');
    await noViolations('link opened again');
  });

  it('a link that cannot be used, and a page opened without its journey, say what to do', async () => {
    await page.goto(`${portal.base}/trusts/${ODS}/employee/access-key/this-link-is-not-a-real-one-at-all`);
    await page.waitForSelector('h1:has-text("This link cannot be used")');
    assert.ok(await page.getByText(`ask HR at ${person.organisation.name} to send you a new access key`).isVisible());
    await noViolations('link cannot be used');
    await page.goto(`${portal.base}/trusts/${ODS}/employee/access-key/security-code`);
    await page.waitForSelector('h1:has-text("This page has timed out")');
    await noViolations('timed out');
  });
});
