// S7 moving trusts with an invitation in Chromium, seed 002 step by step (docs/architecture.md
// D45, D46), with axe on every page state: Priya works at Hillside (RZY) and her wallet — our
// holder library over real HTTP — holds Hillside's access key, Identity and a professional
// registration. HR at RZX invites her in the employer portal; from the invitation email in the
// outbox she answers "I have registered before", reads the steps and terms, Starts, chooses the
// registration and a DBS check (Identity ticked and locked), says "Yes, connect to my wallet"; the
// wallet cannot answer (no DBS check), declines, and she goes back, unticks it and shares again;
// then "Create your passport profile", email and code, mobile and code, her role at RZX, and "Your
// details have been shared". HR at RZX then sees "Identity shared", reviews the NHS identity
// credential from Hillside and confirms it: RZX's own Identity carries the same DSP unique identifier.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { SAMPLE_SUBJECTS } from '../../src/core/credentials/index.ts';
import { planProvision } from '../../src/core/passport/plan-provision.ts';
import { seedDemoWorld } from '../../src/cli/demo-world.ts';
import { listOutbox } from '../../src/integrations/notify/index.ts';
import { systemClock } from '../../src/platform/clock.ts';
import { offerProvided } from '../../src/portals/employee/wallet/provided-offers.ts';
import { findOrganisationByOds } from '../../src/store/organisations.ts';
import { providedCredentials } from '../../src/store/provided-credentials.ts';
import { scopeOf } from '../../src/store/scope.ts';
import { sharedCredentials } from '../../src/store/shared-credentials.ts';
import { staffPassports } from '../../src/store/staff-passports.ts';
import { walletSessions } from '../../src/store/wallet-sessions.ts';
import { NoMatchingCredential } from '../../src/wallet/index.ts';
import { testApp } from '../support/app.ts';
import { axeViolations, describeViolations, launchBrowser } from '../support/browser.ts';
import { describeEachDatabase } from '../support/databases.ts';
import { addEmployeeWithWallet, type EmployeeWithWallet } from '../support/employee-wallet.ts';
import { addEmployerUser, signInEmployer } from '../support/employer-session.ts';
import { freePort } from '../support/free-port.ts';

describeEachDatabase('S7 moving trusts with an invitation in Chromium (seed 002)', (database) => {
  let app: Awaited<ReturnType<typeof testApp>>;
  let browser: Browser;
  let base: string;
  let hr: Page;
  let trustId: string;
  let priya: EmployeeWithWallet;

  before(async () => {
    const port = await freePort();
    base = `http://localhost:${port}`;
    app = await testApp(database(), { DSP_PUBLIC_URL: base });
    await seedDemoWorld(database(), systemClock, app.services.keys);
    await app.listen({ host: 'localhost', port });
    trustId = (await findOrganisationByOds(database().db, 'RZX'))!.id;

    // Priya at Hillside (RZY): access key and Identity collected, then a professional registration added.
    priya = await addEmployeeWithWallet({ app, base, database: database(), close: () => app.close() }, { ods: 'RZY', passport: { givenName: 'Priya', familyName: 'Shah' } });
    const scope = scopeOf(priya.organisation.id);
    const provided = await database().transaction(async (tx) => {
      const store = providedCredentials(tx, scope);
      const { dspId: _dspId, ...subject } = SAMPLE_SUBJECTS.ProfessionalRegistration;
      const plan = planProvision([{ type: 'ProfessionalRegistration', subject }], await store.versionsOf(priya.passport.id), new Date());
      const inserted = await store.provide(priya.passport.id, plan.provide, { source: 'esr', actor: 'system:test', now: new Date() });
      return Promise.all(inserted.map(async (i) => (await store.findById(i.id))!));
    });
    const offer = await database().transaction((tx) =>
      offerProvided(tx, app.employeePortal, { organisation: priya.organisation, passport: priya.passport, credentials: provided, binding: 'holder-key', browserBinding: 'test-support', returnTo: '/test-support', purpose: 'test-accept' }),
    );
    await priya.holder.receive((await walletSessions(database().db, scope).get(offer.sessionId, new Date()))!.walletUri!);
    assert.deepEqual((await priya.holder.list()).map((r) => r.type).sort(), ['AccessKey', 'Identity', 'ProfessionalRegistration']);

    browser = await launchBrowser();
    const { user } = await addEmployerUser(app, { ods: 'RZX', role: 'administrator', displayName: 'Hana Reid' });
    const session = await signInEmployer(app, { ods: 'RZX', userId: user.id });
    const hrContext = await browser.newContext();
    await hrContext.addCookies([session.browserCookie(base)]);
    hr = await hrContext.newPage();
  });
  after(async () => {
    await browser?.close();
    await app?.close();
  });

  async function noViolations(page: Page, state: string) {
    const violations = await axeViolations(page);
    assert.deepEqual(violations, [], `${state}: ${describeViolations(violations)}`);
  }
  const heading = async (page: Page) => (await page.locator('h1').first().textContent())?.replace(/\s+/g, ' ').trim();
  async function newest(template: string, to: string) {
    const { messages } = await listOutbox(database().db, { organisationId: trustId, pageSize: 200 });
    const message = messages.find((m) => m.template === template && m.recipient === to);
    assert.ok(message, `a ${template} to ${to}`);
    return message;
  }
  const codeIn = (body: string) => /\b(\d{6})\b/.exec(body)![1]!;
  async function press(page: Page, name: string) {
    await Promise.all([page.waitForEvent('framenavigated', (frame) => frame === page.mainFrame()), page.getByRole('button', { name }).click()]);
    await page.waitForLoadState();
  }

  /** The QR code page's link as the wallet scans it (cross-device). */
  async function scanQr(page: Page) {
    await page.waitForURL(/\/orgs\/RZX\/wallet-sessions\//);
    const href = (await page.getByRole('link', { name: 'Open your wallet' }).getAttribute('href'))!;
    const qr = new URL(href);
    qr.searchParams.set('request_uri', qr.searchParams.get('request_uri')!.replace(/[?&]flow=same-device$/, ''));
    return priya.holder.resolvePresentationRequest(qr.toString());
  }

  it('runs seed 002 from the invitation email to "Your details have been shared"; HR at RZX sees "Identity shared"', async () => {
    // HR at RZX invites Priya.
    await hr.goto(`${base}/trusts/RZX/employer/staff-passports/invite`);
    await hr.getByLabel('First name').fill('Priya');
    await hr.getByLabel('Last name').fill('Shah');
    await hr.getByLabel('Email address').fill('priya.shah@example.nhs.uk');
    await hr.getByLabel('Mobile phone number (optional)').fill('07700 900222');
    await hr.getByLabel('Staff group').selectOption('Allied Health Professionals');
    await hr.getByLabel('Job role (optional)').fill('Physiotherapist');
    await hr.getByRole('button', { name: 'Yes, create this passport and send the invitation' }).click();
    await hr.waitForSelector('h1:has-text("Priya Shah")');
    const link = (await newest('staff-invitation-email', 'priya.shah@example.nhs.uk')).links.find((l) => l.includes('/employee/invitation/'));
    assert.ok(link, 'the invitation email links to the employee portal');

    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    // The link in the email → "I have registered before with this or another organisation" → Continue.
    await page.goto(link);
    await page.waitForURL(/\/trusts\/RZX\/employee\/sign-up$/);
    await noViolations(page, 'existing passport question');
    await page.getByLabel('Yes, I have registered before with this or another NHS organisation').check();
    await press(page, 'Continue');

    // The steps, the privacy notice, terms of use and terms and conditions → Start.
    await page.waitForURL(/\/sign-up\/moving$/);
    assert.match((await heading(page))!, /^Share your credentials with /);
    for (const h of ['Privacy notice', 'Terms and conditions', 'Terms of use']) assert.ok(await page.getByRole('heading', { name: h }).isVisible(), h);
    await noViolations(page, 'steps and terms');
    await press(page, 'Start');

    // Choose: Identity pre-selected and locked; the registration and a DBS check the wallet lacks.
    await page.waitForURL(/\/sign-up\/moving\/credentials$/);
    const identity = page.getByLabel('Identity', { exact: true });
    assert.ok(await identity.isChecked(), 'Identity pre-selected');
    assert.ok(await identity.isDisabled(), 'Identity cannot be unticked');
    assert.ok(await page.getByText(/Your identity credential is always shared: .* so you cannot untick it/).isVisible());
    assert.equal(await page.getByLabel('Access key', { exact: true }).count(), 0, 'the access key is not shared');
    await noViolations(page, 'choose credentials');
    await page.getByLabel('Professional registration').check();
    await page.getByLabel('Disclosure and Barring Service (DBS)', { exact: true }).check();
    await press(page, 'Continue');

    // Confirm → "Yes, connect to my wallet" → QR code; the wallet cannot answer, and declines.
    await page.waitForURL(/\/sign-up\/moving\/confirm$/);
    assert.deepEqual(await page.locator('#chosen-credentials li').allTextContents(), ['Identity', 'Disclosure and Barring Service (DBS)', 'Professional registration']);
    await noViolations(page, 'confirm choice');
    await press(page, 'Yes, connect to my wallet');
    let request = await scanQr(page);
    await noViolations(page, 'QR code');
    await assert.rejects(priya.holder.present(request), NoMatchingCredential);
    await priya.holder.decline(request);
    await page.waitForSelector('h1:has-text("Your wallet did not share or accept anything")');
    await noViolations(page, 'wallet declined');
    // Back to the browser: untick what the wallet does not have, and share the rest.
    await press(page, 'Start again');
    await page.waitForURL(/\/sign-up\/moving\/credentials$/);
    assert.ok(await page.getByLabel('Disclosure and Barring Service (DBS)', { exact: true }).isChecked(), 'the choice kept');
    await page.getByLabel('Disclosure and Barring Service (DBS)', { exact: true }).uncheck();
    await press(page, 'Continue');
    await page.waitForURL(/\/sign-up\/moving\/confirm$/);
    assert.deepEqual(await page.locator('#chosen-credentials li').allTextContents(), ['Identity', 'Professional registration']);
    await press(page, 'Yes, connect to my wallet');
    request = await scanQr(page);
    await priya.holder.present(request);

    // "Create your passport profile" → Continue.
    await page.waitForURL(/\/sign-up\/moving\/profile$/);
    assert.equal(await heading(page), 'Create your passport profile');
    assert.deepEqual(await page.locator('#shared-credentials li').allTextContents(), [`Identity from ${priya.organisation.name}`, `Professional registration from ${priya.organisation.name}`]);
    await noViolations(page, 'create your passport profile');
    await press(page, 'Continue');

    // Email and its code, mobile and its code (S1's pages).
    await page.waitForURL(/\/sign-up\/email$/);
    assert.equal(await page.getByLabel('Email address').inputValue(), 'priya.shah@example.nhs.uk');
    await noViolations(page, 'email');
    await press(page, 'Send the code');
    await page.waitForURL(/\/sign-up\/email\/code$/);
    await noViolations(page, 'email code');
    await page.getByLabel('Enter the 6-digit code').fill(codeIn((await newest('email-verification-code', 'priya.shah@example.nhs.uk')).body));
    await press(page, 'Continue');
    await page.waitForURL(/\/sign-up\/mobile$/);
    await noViolations(page, 'mobile');
    await page.getByLabel('Mobile phone number').fill('07700 900222');
    await press(page, 'Send the code');
    await page.waitForURL(/\/sign-up\/mobile\/code$/);
    await noViolations(page, 'mobile code');
    await page.getByLabel('Enter the 6-digit code').fill(codeIn((await newest('sms-verification-code', '+447700900222')).body));
    await press(page, 'Continue');

    // The role at RZX from the recruitment team → Continue → details shared.
    await page.waitForURL(/\/sign-up\/role$/);
    assert.ok(await page.getByText('Physiotherapist').isVisible());
    assert.ok(await page.getByText(/If any of this is wrong, contact the recruitment team/).isVisible());
    await noViolations(page, 'role');
    await press(page, 'Continue');
    await page.waitForSelector('h1:has-text("Your details have been shared")');
    assert.ok(await page.getByText(/carry out its own identity checks/).isVisible());
    await noViolations(page, 'details shared');
    await context.close();

    // What RZX keeps: Hillside's Identity as the shared identity, its DSP id, the registration for review.
    const scope = scopeOf(trustId);
    const passport = (await staffPassports(database().db, scope).findByEmail('priya.shah@example.nhs.uk'))!;
    assert.equal(passport.status, 'identity-shared');
    assert.equal(passport.dspId, priya.passport.dspId, 'the DSP unique identifier carried over');
    assert.deepEqual((await sharedCredentials(database().db, scope).list(passport.id)).map((c) => [c.type, c.state]), [['ProfessionalRegistration', 'to-review']]);

    // HR at RZX: "Identity shared" in the list (by email: the demo world has other people), and the review.
    await hr.goto(`${base}/trusts/RZX/employer/staff-passports?q=${encodeURIComponent('priya.shah@example.nhs.uk')}`);
    const row = hr.locator('tbody tr', { has: hr.getByRole('link', { name: 'Shah, Priya' }) });
    assert.equal(await row.count(), 1);
    assert.match(((await row.locator('td').nth(3).textContent()) ?? '').trim(), /^Identity shared/);
    await hr.goto(`${base}/trusts/RZX/employer/staff-passports/${passport.id}/identity/shared`);
    assert.equal(await heading(hr), 'Confirm identity');
    assert.ok(await hr.getByText(/has shared a NHS identity credential/).isVisible());
    assert.equal(await hr.getByText('This identity cannot be confirmed').count(), 0, 'HR can confirm it');
    assert.ok(await hr.getByText('27 Mill Lane').isVisible(), 'the address shared for HR to check');
    await noViolations(hr, 'HR reviews the shared NHS identity credential');

    // HR confirms (E5.6): RZX's own Identity and access key, pending, for Priya's DSP unique identifier.
    await hr.getByLabel('Yes, I confirm this identity').check();
    await hr.getByRole('button', { name: 'Continue' }).click();
    await hr.waitForSelector('h1:has-text("Yes, I confirm this identity")');
    await hr.getByLabel('Permanent or fixed term').check();
    await hr.getByLabel(/I have checked the photo and details are of Priya Shah/).check();
    await hr.getByRole('button', { name: 'Confirm identity' }).click();
    await hr.waitForSelector('text=Identity confirmed.');
    assert.equal(await hr.locator('#passport-status').textContent(), 'Credentials pending');
    const issued = await providedCredentials(database().db, scope).listForPassport(passport.id);
    assert.deepEqual(issued.map((c) => [c.credentialType, c.state]).sort(), [['AccessKey', 'pending'], ['Identity', 'pending']]);
    const rzxIdentity = issued.find((c) => c.credentialType === 'Identity')!;
    // Offered with the passport's DSP unique identifier (provided subjects leave it out): still Hillside's.
    assert.equal((await staffPassports(database().db, scope).findById(passport.id))!.dspId, priya.passport.dspId, 'one DSP unique identifier across trusts');
    assert.equal(rzxIdentity.subject.lastName, 'Shah');
  });
});
