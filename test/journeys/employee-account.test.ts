// S5, S9 (up to the pending credential), S11 and S12 in Chromium for a signed-in member of staff:
// request credentials (nothing ticked first), create New Starter Information through its four
// pages (a bad National Insurance number first), the passport history over two pages, turn
// both notification channels off, and delete the passport. axe on every page state.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { listOutbox } from '../../src/integrations/notify/index.ts';
import type { Database } from '../../src/store/database.ts';
import { credentialRequests } from '../../src/store/credential-requests.ts';
import { passportHistory } from '../../src/store/passport-history.ts';
import { providedCredentials } from '../../src/store/provided-credentials.ts';
import { scopeOf } from '../../src/store/scope.ts';
import { staffPassports } from '../../src/store/staff-passports.ts';
import type { StaffPassport } from '../../src/core/passport/staff-passport.ts';
import type { Organisation } from '../../src/core/passport/organisation.ts';
import { testApp } from '../support/app.ts';
import { axeViolations, describeViolations, launchBrowser } from '../support/browser.ts';
import { describeEachDatabase } from '../support/databases.ts';
import { addStaffPassportAt, signInEmployee } from '../support/employee-session.ts';
import { freePort } from '../support/free-port.ts';

describeEachDatabase('S5, S9, S11, S12 the person’s account pages in Chromium', (engineDatabase) => {
  let database: Database;
  let app: Awaited<ReturnType<typeof testApp>>;
  let browser: Browser;
  let page: Page;
  let base: string;
  let home: string;
  let organisation: Organisation;
  let passport: StaffPassport;

  async function noViolations(state: string) {
    const violations = await axeViolations(page);
    assert.deepEqual(violations, [], `${state}: ${describeViolations(violations)}`);
  }

  const messagesTo = async (recipient: string | null) => (await listOutbox(database.db, { organisationId: organisation.id, pageSize: 200 })).messages.filter((m) => m.recipient === recipient);

  before(async () => {
    database = engineDatabase();
    const port = await freePort();
    base = `http://localhost:${port}`;
    app = await testApp(database, { DSP_PUBLIC_URL: base });
    await app.listen({ host: 'localhost', port });
    ({ organisation, passport } = await addStaffPassportAt(app, { ods: 'JRN12', dspId: randomUUID(), passport: { givenName: 'Olivia', familyName: 'Bennett', email: 'olivia.bennett@example.nhs.uk', mobile: '07700900123' } }));
    // Thirty earlier entries, so the history has two pages once the steps below add theirs.
    const start = app.employeePortal.clock.now().getTime() - 3_600_000;
    await passportHistory(database.db, scopeOf(organisation.id)).record(
      Array.from({ length: 30 }, (_, i) => ({ passportId: passport.id, event: 'reminder.pending-credentials' as const, actor: 'system:reminders', at: new Date(start + i * 1000), details: { pending: 1 } })),
    );
    const session = await signInEmployee(app, { ods: 'JRN12', passportId: passport.id });
    browser = await launchBrowser();
    const context = await browser.newContext();
    await context.addCookies([session.browserCookie(base)]);
    page = await context.newPage();
    home = `${base}/trusts/JRN12/employee`;
  });
  after(async () => {
    await browser?.close();
    await app?.close();
  });

  it('S5: request credentials — nothing ticked is an error; then review, "Yes, request credentials", confirmation on screen and by email and SMS', async () => {
    await page.goto(`${home}/credentials/request`);
    await page.waitForSelector('h1:has-text("Request credentials")');
    await noViolations('request credentials');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForSelector('.nhsuk-error-summary');
    assert.match(await page.locator('.nhsuk-error-summary').innerText(), /Select the credentials you want to request/);
    await noViolations('request credentials with an error');
    await page.getByLabel('Core skills training information').check();
    await page.getByLabel('Professional registration').check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForSelector('h1:has-text("Check the credentials you are requesting")');
    assert.deepEqual(await page.locator('#requested-types li').allTextContents(), ['Core skills training information', 'Professional registration']);
    await noViolations('check the request');
    await page.getByRole('button', { name: 'Yes, request credentials' }).click();
    await page.waitForSelector('h1:has-text("Credentials requested")');
    await noViolations('credentials requested');
    const open = await credentialRequests(database.db, scopeOf(organisation.id)).openFor(passport.id);
    assert.equal(open.length, 1);
    assert.deepEqual(open[0]!.items.map((i) => i.credentialType), ['CoreSkill', 'ProfessionalRegistration']);
    assert.deepEqual((await messagesTo(passport.email)).map((m) => m.template), ['credentials-requested-email']);
    assert.deepEqual((await messagesTo(passport.mobile)).map((m) => m.template), ['credentials-requested-sms']);
    // Back on the first page, what was asked for is shown as already requested.
    await page.goto(`${home}/credentials/request`);
    assert.match(await page.locator('#already-requested').innerText(), /Core skills training information/);
    await noViolations('request credentials with some already requested');
  });

  it('S9: New Starter Information through its four pages (a bad NI number kept with the error) to a pending credential', async () => {
    await page.goto(`${home}/credentials/new-starter-information`);
    await page.waitForSelector('h1:has-text("New Starter Information")');
    await noViolations('new starter information start');
    await page.getByRole('button', { name: 'Start' }).click();
    await page.waitForSelector('h1:has-text("Personal information")');
    await noViolations('personal information');
    await page.getByLabel('First name (optional)').fill('Olivia');
    await page.getByLabel('Last name (optional)').fill('Bennett');
    await page.getByLabel('Day').fill('12');
    await page.getByLabel('Month').fill('4');
    await page.getByLabel('Year').fill('1990');
    await page.getByLabel('National Insurance number (optional)').fill('QQ 12 34');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForSelector('.nhsuk-error-summary');
    assert.equal(await page.getByLabel('National Insurance number (optional)').inputValue(), 'QQ 12 34');
    assert.equal(await page.getByLabel('First name (optional)').inputValue(), 'Olivia');
    await noViolations('personal information with an error');
    await page.getByLabel('National Insurance number (optional)').fill('QQ 12 34 56 C');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForSelector('h1:has-text("Identity document information")');
    await noViolations('identity document information');
    await page.getByLabel('Passport', { exact: true }).check();
    await page.getByLabel('Document number (optional)').fill('548213907');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForSelector('h1:has-text("Contact details")');
    await noViolations('contact details');
    await page.getByLabel('Email address (optional)').fill('olivia@example');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForSelector('.nhsuk-error-summary');
    assert.equal(await page.getByLabel('Email address (optional)').inputValue(), 'olivia@example');
    await noViolations('contact details with an error');
    await page.getByLabel('Email address (optional)').fill('olivia@example.com');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForSelector('h1:has-text("Emergency contacts")');
    await noViolations('emergency contacts');
    await page.locator('#contact1-name').fill('Daniel Bennett');
    await page.locator('#contact1-telephone').fill('07700 900456');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForSelector('h1:has-text("Check your answers")');
    assert.ok(!page.url().includes('548213907') && !page.url().includes('QQ'), 'answers stay out of URLs');
    assert.match(await page.locator('#answers').innerText(), /QQ123456C/);
    await noViolations('check answers');
    await page.getByRole('button', { name: 'Create New Starter Information' }).click();
    await page.waitForSelector('h1:has-text("New Starter Information created")');
    await noViolations('new starter information created');
    const held = (await providedCredentials(database.db, scopeOf(organisation.id)).listForPassport(passport.id)).filter((c) => c.credentialType === 'NewStarterInformation');
    assert.equal(held.length, 1);
    assert.equal(held[0]!.state, 'pending');
    assert.equal(await page.getByRole('button', { name: 'Add it to your wallet' }).getAttribute('href'), `/trusts/JRN12/employee/credentials/${held[0]!.id}`);
  });

  it('S11: the passport history over two pages, and the notification settings with both channels off', async () => {
    await page.goto(home);
    await page.getByRole('link', { name: 'Passport history' }).first().click();
    await page.waitForSelector('h1:has-text("Passport history")');
    // Newest first: the New Starter Information and the request made above lead.
    const firstRows = await page.locator('#history tbody tr').allInnerTexts();
    assert.equal(firstRows.length, 25);
    assert.match(firstRows[0]!, /Credential provided: New Starter Information\s+You/);
    assert.match(firstRows[1]!, /Credentials requested: Core skills training information, Professional registration\s+You/);
    await noViolations('passport history page 1');
    await page.getByRole('link', { name: 'Next' }).click();
    await page.waitForSelector('h1:has-text("Passport history")');
    assert.equal((await page.locator('#history tbody tr').count()), 7);
    await noViolations('passport history page 2');

    await page.getByRole('link', { name: 'Settings' }).first().click();
    await page.waitForSelector('h1:has-text("Passport and settings")');
    assert.match(await page.locator('main').innerText(), /olivia\.bennett@example\.nhs\.uk/);
    await noViolations('settings');
    await page.getByLabel('No, do not email me').check();
    await page.getByLabel('No, do not text me').check();
    await page.getByRole('button', { name: 'Save notification settings' }).click();
    await page.waitForSelector('#saved-notice');
    assert.match(await page.locator('main').innerText(), /You have turned off all alerts/);
    await noViolations('settings saved with both channels off');
    const now = await staffPassports(database.db, scopeOf(organisation.id)).findById(passport.id);
    assert.deepEqual([now?.notifyByEmail, now?.notifyBySms], [false, false]);
  });

  it('S12: delete my passport — what happens, "Yes, delete my passport", signed out with the confirmation and the email', async () => {
    await page.goto(`${home}/settings`);
    await page.getByRole('link', { name: 'Delete my passport at Test Trust JRN12' }).click();
    await page.waitForSelector('h1:has-text("Delete your passport at Test Trust JRN12")');
    await noViolations('delete passport');
    await page.getByRole('button', { name: 'Yes, delete my passport' }).click();
    await page.waitForSelector('h1:has-text("Your passport has been deleted")');
    assert.equal(new URL(page.url()).pathname, '/trusts/JRN12/employee/passport-deleted');
    await noViolations('passport deleted');
    assert.equal(await staffPassports(database.db, scopeOf(organisation.id)).findById(passport.id), undefined);
    // Sent whatever the notification settings: it is the record of the deletion.
    assert.ok((await messagesTo(passport.email)).some((m) => m.template === 'employee-passport-deleted-email'));
    const response = await page.goto(home);
    assert.equal(new URL(page.url()).pathname, '/trusts/JRN12/employee/sign-in');
    assert.ok(response);
  });
});
