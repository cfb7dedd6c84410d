// S1 first-time sign-up from an invitation in Chromium, end to end from the link in the
// invitation email in the outbox, with axe on every page state (docs/architecture.md D45):
// - face to face: HR invites Amara in the employer portal; she answers every step (after an error
//   on each kind of form, a wrong code and a resend), and HR then sees "Appointment needed";
// - digital identity: Olivia first gets a DigitalIdentity from the identity service provider
//   simulator (IDSP01) into her wallet — our holder library over real HTTP —, then shares it from
//   the sign-up's QR code page, reviews what it shows and finishes; HR sees "Identity shared".
// The link opened again afterwards says she has already signed up.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { testApp } from '../support/app.ts';
import { axeViolations, describeViolations, launchBrowser } from '../support/browser.ts';
import { describeEachDatabase } from '../support/databases.ts';
import { addEmployerUser, signInEmployer } from '../support/employer-session.ts';
import { freePort } from '../support/free-port.ts';
import { InjectClient } from '../support/inject-client.ts';
import { seedDemoWorld } from '../../src/cli/demo-world.ts';
import { listOutbox } from '../../src/integrations/notify/index.ts';
import { systemClock } from '../../src/platform/clock.ts';
import { findOrganisationByOds } from '../../src/store/organisations.ts';
import { scopeOf } from '../../src/store/scope.ts';
import { staffPassports } from '../../src/store/staff-passports.ts';
import { passportPhotos } from '../../src/store/passport-photos.ts';
import { testPng } from '../support/test-images.ts';
import { createHolder, createMemoryCredentialStore, createMemoryKeyStore, decodeCredential, subjectClaimsOf, type Holder } from '../../src/wallet/index.ts';

/** What Olivia types at the identity service provider (a UK passport: a passed check, H1A). */
const IDSP_DETAILS: Record<string, string> = {
  firstName: 'Olivia',
  middleNames: 'Grace',
  lastName: 'Bennett',
  birthDateDay: '12',
  birthDateMonth: '4',
  birthDateYear: '1990',
  legalGender: 'Female',
  nationality: 'British',
  addressLine1: '27 Mill Lane',
  addressLine2: 'Flat 4',
  townOrCity: 'Riverside',
  postcode: 'rv1 4qt',
  documentType: 'Passport',
  documentNumber: '548 213 907',
  documentIssuingCountry: 'GBR',
  documentExpiryDay: '14',
  documentExpiryMonth: '5',
  documentExpiryYear: '2031',
  mobile: '07700 900123',
};

describeEachDatabase('S1 sign-up from an invitation in Chromium', (database) => {
  let app: Awaited<ReturnType<typeof testApp>>;
  let browser: Browser;
  let base: string;
  let hr: Page;
  let trustId: string;

  before(async () => {
    const port = await freePort();
    base = `http://localhost:${port}`;
    app = await testApp(database(), { DSP_PUBLIC_URL: base });
    await seedDemoWorld(database(), systemClock, app.services.keys);
    await app.listen({ host: 'localhost', port });
    trustId = (await findOrganisationByOds(database().db, 'RZX'))!.id;
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

  const heading = async (page: Page) => (await page.locator('h1').first().textContent())?.trim();
  const summaryLinks = async (page: Page) => (await page.locator('.nhsuk-error-summary a').allTextContents()).map((t) => t.trim());

  /** The newest message of a template to a recipient. */
  async function newest(template: string, to: string) {
    const { messages } = await listOutbox(database().db, { organisationId: trustId, pageSize: 200 });
    const message = messages.find((m) => m.template === template && m.recipient === to);
    assert.ok(message, `a ${template} to ${to}`);
    return message;
  }
  const codeIn = (body: string) => /\b(\d{6})\b/.exec(body)![1]!;

  /** HR invites someone with the employer portal's form; returns the link in the invitation email. */
  async function hrInvites(person: { givenName: string; familyName: string; email: string; mobile: string }): Promise<string> {
    await hr.goto(`${base}/trusts/RZX/employer/staff-passports/invite`);
    await hr.getByLabel('First name').fill(person.givenName);
    await hr.getByLabel('Last name').fill(person.familyName);
    await hr.getByLabel('Email address').fill(person.email);
    await hr.getByLabel('Mobile phone number (optional)').fill(person.mobile);
    await hr.getByLabel('Staff group').selectOption('Nursing and Midwifery Registered');
    await hr.getByLabel('Job role (optional)').fill('Staff nurse');
    await hr.getByRole('button', { name: 'Yes, create this passport and send the invitation' }).click();
    await hr.waitForSelector(`h1:has-text("${person.givenName} ${person.familyName}")`);
    const email = await newest('staff-invitation-email', person.email);
    const link = email.links.find((l) => l.includes('/employee/invitation/'));
    assert.ok(link, 'the invitation email links to the employee portal');
    return link;
  }

  /**
   * The status HR's staff passports list shows for a person, searched by email: the demo world
   * already has an Olivia Bennett at RZX (seed 000's requester), so a name alone is ambiguous.
   */
  async function hrListStatus(name: string, email: string): Promise<string> {
    await hr.goto(`${base}/trusts/RZX/employer/staff-passports?q=${encodeURIComponent(email)}`);
    const row = hr.locator('tbody tr', { has: hr.getByRole('link', { name }) });
    assert.equal(await row.count(), 1, `one row for ${email}`);
    return ((await row.locator('td').nth(3).textContent()) ?? '').trim();
  }

  /** Clicks a button that submits a form (or a link styled as one) and waits for the next page to load. */
  async function press(page: Page, name: string) {
    await Promise.all([page.waitForEvent('framenavigated', (frame) => frame === page.mainFrame()), page.getByRole('button', { name }).click()]);
    await page.waitForLoadState();
  }
  const continueButton = (page: Page, name = 'Continue') => press(page, name);

  /** The first steps, each with axe; `withErrors` also submits each form empty first. */
  async function firstSteps(page: Page, withErrors: boolean) {
    assert.equal(await heading(page), 'Do you already have a Digital Staff Passport?');
    await noViolations(page, 'existing passport question');
    if (withErrors) {
      await continueButton(page);
      assert.deepEqual(await summaryLinks(page), ['Select yes if you already have a Digital Staff Passport']);
      await noViolations(page, 'existing passport question with an error');
      // "Yes": moving trusts (S7, test/journeys/employee-moving-trusts.test.ts); back, and "No" after all.
      await page.getByLabel('Yes, I have registered before with this or another NHS organisation').check();
      await continueButton(page);
      await page.waitForURL(/\/sign-up\/moving$/);
      await page.getByRole('link', { name: 'Back' }).click();
      await page.waitForURL(/\/sign-up$/);
      await page.getByLabel('No, this is the first time').check();
      await continueButton(page);
    } else {
      await page.getByLabel('No, this is the first time').check();
      await continueButton(page);
    }
    await page.waitForURL(/\/sign-up\/terms$/);
    await noViolations(page, 'terms');
    await page.getByLabel('I have read the privacy notice').check();
    if (withErrors) {
      await continueButton(page, 'Agree and continue');
      assert.deepEqual(await summaryLinks(page), ['Agree to the terms and conditions', 'Agree to the terms of use']);
      assert.ok(await page.getByLabel('I have read the privacy notice').isChecked(), 'kept');
      await noViolations(page, 'terms with errors');
    }
    await page.getByLabel('I agree to the terms and conditions').check();
    await page.getByLabel('I agree to the terms of use').check();
    await continueButton(page, 'Agree and continue');
    await page.waitForURL(/\/sign-up\/wallet$/);
    await noViolations(page, 'wallet');
    if (withErrors) {
      await continueButton(page);
      assert.deepEqual(await summaryLinks(page), ['Confirm you have a digital wallet set up on your phone']);
      await noViolations(page, 'wallet with an error');
    }
    await page.getByLabel('I have this digital wallet set up').check();
    await continueButton(page);
    await page.waitForURL(/\/sign-up\/identity$/);
    await noViolations(page, 'identity route');
    if (withErrors) {
      await continueButton(page);
      assert.deepEqual(await summaryLinks(page), ['Select how you want to prove your identity']);
      await noViolations(page, 'identity route with an error');
    }
  }

  /** Email and mobile, each proved with its code; `withErrors` adds a wrong code and a resend. */
  async function createProfile(page: Page, person: { email: string; mobileE164: string; mobileTyped: string }, withErrors: boolean) {
    await page.waitForURL(/\/sign-up\/email$/);
    assert.equal(await page.getByLabel('Email address').inputValue(), person.email, 'prefilled from the invitation');
    await noViolations(page, 'email');
    if (withErrors) {
      await page.getByLabel('Email address').fill('amara at example');
      await continueButton(page, 'Send the code');
      assert.deepEqual(await summaryLinks(page), ['Enter an email address in the correct format, like name@example.com']);
      assert.equal(await page.getByLabel('Email address').inputValue(), 'amara at example');
      await noViolations(page, 'email with an error');
      await page.getByLabel('Email address').fill(person.email);
    }
    await continueButton(page, 'Send the code');
    await page.waitForURL(/\/sign-up\/email\/code$/);
    await noViolations(page, 'email code');
    let code = codeIn((await newest('email-verification-code', person.email)).body);
    if (withErrors) {
      await page.getByLabel('Enter the 6-digit code').fill(code === '000000' ? '111111' : '000000');
      await continueButton(page);
      assert.deepEqual(await summaryLinks(page), ['The code is not right. You have 4 tries left']);
      await noViolations(page, 'email code wrong');
      await press(page, 'Send a new code');
      assert.deepEqual(await summaryLinks(page), ['You can ask for a new code 30 seconds after the last one. Wait a moment, then send a new code']);
      await noViolations(page, 'email code resend too soon');
    }
    await page.getByLabel('Enter the 6-digit code').fill(code);
    await continueButton(page);
    await page.waitForURL(/\/sign-up\/mobile$/);
    await noViolations(page, 'mobile');
    await page.getByLabel('Mobile phone number').fill(person.mobileTyped);
    await continueButton(page, 'Send the code');
    await page.waitForURL(/\/sign-up\/mobile\/code$/);
    await noViolations(page, 'mobile code');
    code = codeIn((await newest('sms-verification-code', person.mobileE164)).body);
    await page.getByLabel('Enter the 6-digit code').fill(code);
    await continueButton(page);
    await page.waitForURL(/\/sign-up\/more-details$/);
    await noViolations(page, 'more details');
  }

  /** Optional details, role, check your answers and details received. */
  async function finish(page: Page, withErrors: boolean, expectRoute: RegExp, photo = false) {
    const esrError = 'Enter an ESR assignment number of 8 digits, like 12345678';
    if (withErrors && photo) {
      // S1.7 face to face: a file that is not an image, then a good PNG that survives the ESR error.
      await page.getByLabel(/ESR assignment number/).fill('1234');
      await page.getByLabel('Photo (optional)').setInputFiles({ name: 'passport-scan.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.7 not a photo') });
      await continueButton(page);
      assert.deepEqual(await summaryLinks(page), ['The selected file must be a JPEG, PNG or BMP image', esrError]);
      await noViolations(page, 'more details with a wrong photo');
      await page.getByLabel('Photo (optional)').setInputFiles({ name: 'me.png', mimeType: 'image/png', buffer: testPng(360, 480) });
      await continueButton(page);
      assert.deepEqual(await summaryLinks(page), [esrError]);
      assert.ok(await page.locator('img#chosen-photo').isVisible());
      await noViolations(page, 'more details with a chosen photo and an error');
      await page.getByLabel(/ESR assignment number/).fill('30412876');
    } else if (withErrors) {
      await page.getByLabel(/ESR assignment number/).fill('1234');
      await continueButton(page);
      assert.deepEqual(await summaryLinks(page), [esrError]);
      await noViolations(page, 'more details with an error');
      await page.getByLabel(/ESR assignment number/).fill('30412876');
    }
    await continueButton(page);
    await page.waitForURL(/\/sign-up\/role$/);
    assert.ok(await page.getByText('Staff nurse').isVisible());
    await noViolations(page, 'role');
    await continueButton(page);
    await page.waitForURL(/\/sign-up\/check$/);
    assert.ok(await page.getByText(expectRoute).isVisible());
    await noViolations(page, 'check your answers');
    await page.getByRole('button', { name: 'Send my details' }).click();
    await page.waitForSelector('h1:has-text("Details received")');
    await noViolations(page, 'details received');
  }

  async function personPage(): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } }); // the phone holding the wallet
    return { context, page: await context.newPage() };
  }

  it('signs Amara up face to face from the invitation email; HR sees "Appointment needed"', async () => {
    const link = await hrInvites({ givenName: 'Amara', familyName: 'Okoye', email: 'amara.okoye@example.nhs.uk', mobile: '07700 900111' });
    const { context, page } = await personPage();
    await page.goto(link);
    await page.waitForURL(/\/trusts\/RZX\/employee\/sign-up$/);
    await firstSteps(page, true);
    await page.getByLabel('Face to face').check();
    await continueButton(page);
    await page.waitForURL(/\/sign-up\/face-to-face$/);
    await noViolations(page, 'face to face');
    await page.getByRole('button', { name: 'Continue' }).click();
    await createProfile(page, { email: 'amara.okoye@example.nhs.uk', mobileE164: '+447700900111', mobileTyped: '07700 900111' }, true);
    await finish(page, true, /Face to face with HR/, true);
    assert.ok(await page.getByText(/contact you to arrange a time to check your identity documents face to face/).isVisible());
    const amara = await staffPassports(database().db, scopeOf(trustId)).findByEmail('amara.okoye@example.nhs.uk');
    const photo = await passportPhotos(database().db, scopeOf(trustId)).of(amara!.id);
    assert.deepEqual([photo?.source, photo?.width, photo?.height], ['staff', 360, 480]);

    assert.match(await hrListStatus('Okoye, Amara', 'amara.okoye@example.nhs.uk'), /^Appointment needed/);

    // The journey is over: its pages say so.
    await page.goto(`${base}/trusts/RZX/employee/sign-up/check`);
    assert.equal(await heading(page), 'This page has timed out');
    await noViolations(page, 'journey over');
    // The link again: already signed up.
    await page.goto(link);
    assert.equal(await heading(page), 'You have already signed up');
    await noViolations(page, 'already signed up');
    // A link that does not work.
    await page.goto(`${link.slice(0, -4)}AAAA`);
    assert.equal(await heading(page), 'This link does not work');
    await noViolations(page, 'link does not work');
    await context.close();
  });

  it('signs Olivia up with a digital identity from the IDSP simulator, shared from the QR code page; HR sees "Identity shared"', async () => {
    // Her wallet gets a DigitalIdentity from the identity service provider first (over real HTTP).
    const wallet: Holder = createHolder({ fetch: (url, init) => fetch(url, init), keys: createMemoryKeyStore(), credentials: createMemoryCredentialStore(), allowLoopbackHttp: true });
    const idsp = new InjectClient(app);
    await idsp.get('/idsp/IDSP01/passport');
    assert.equal((await idsp.post('/idsp/IDSP01/passport', { hasPassport: 'no' })).status, 303);
    await idsp.get('/idsp/IDSP01/documents');
    assert.equal((await idsp.post('/idsp/IDSP01/documents', IDSP_DETAILS)).status, 303);
    const checking = await idsp.get('/idsp/IDSP01/checking');
    const sessionPath = /href="(\/orgs\/IDSP01\/wallet-sessions\/[0-9a-f-]+)"/.exec(checking.body)![1]!;
    const offerPage = await idsp.get(sessionPath);
    const offerUri = /<a href="([^"]+)" class="nhsuk-button"/.exec(offerPage.body)![1]!.replace(/&amp;/g, '&');
    const { messages } = await listOutbox(database().db, { pageSize: 200 });
    const txCode = codeIn(messages.find((m) => m.channel === 'sms' && m.recipient === '+447700900123')!.body);
    const received = await wallet.receive(offerUri, { txCode: async () => txCode });
    assert.equal(received.received[0]?.type, 'DigitalIdentity');

    const link = await hrInvites({ givenName: 'Olivia', familyName: 'Bennett', email: 'olivia.bennett@example.nhs.uk', mobile: '07700 900123' });
    const { context, page } = await personPage();
    await page.goto(link);
    await page.waitForURL(/\/trusts\/RZX\/employee\/sign-up$/);
    await firstSteps(page, false);
    await page.getByLabel('With a digital identity').check();
    await continueButton(page);
    await page.waitForURL(/\/sign-up\/digital-identity$/);
    assert.ok(await page.getByRole('link', { name: 'Demo Identity Service (simulated)' }).isVisible(), 'the IDSPs from the database');
    await noViolations(page, 'share your digital identity');
    await page.getByRole('button', { name: 'Share your digital identity' }).click();

    // The QR code page: the wallet scans it (cross-device); the page moves on by itself.
    await page.waitForURL(/\/orgs\/RZX\/wallet-sessions\//);
    await noViolations(page, 'wallet session (QR code)');
    const href = (await page.getByRole('link', { name: 'Open your wallet' }).getAttribute('href'))!;
    const qr = new URL(href);
    qr.searchParams.set('request_uri', qr.searchParams.get('request_uri')!.replace(/[?&]flow=same-device$/, ''));
    await wallet.present(await wallet.resolvePresentationRequest(qr.toString()));
    await page.waitForURL(/\/sign-up\/digital-identity\/review$/);
    assert.ok(await page.getByText('Olivia Bennett', { exact: true }).isVisible(), 'middle names are not asked for (optional claims, DCQL)');
    assert.ok(await page.getByText('12 April 1990').isVisible());
    assert.ok(await page.getByText('British').isVisible());
    assert.ok(await page.getByRole('img', { name: 'Your photo from your digital identity' }).isVisible());
    await noViolations(page, 'review shared details');
    await continueButton(page);
    assert.deepEqual(await summaryLinks(page), ['Select yes if these details are correct']);
    await noViolations(page, 'review shared details with an error');
    await page.getByLabel('Yes, these details are correct').check();
    await continueButton(page);

    await createProfile(page, { email: 'olivia.bennett@example.nhs.uk', mobileE164: '+447700900123', mobileTyped: '07700 900123' }, false);
    await finish(page, false, /Digital identity from Demo Identity Service \(simulated\), shared/);
    assert.ok(await page.getByText('The HR team will check the digital identity you shared.').isVisible());

    assert.match(await hrListStatus('Bennett, Olivia', 'olivia.bennett@example.nhs.uk'), /^Identity shared/);
    const passport = await staffPassports(database().db, scopeOf(trustId)).findByEmail('olivia.bennett@example.nhs.uk');
    const identity = received.received[0]!;
    assert.equal(passport?.dspId, subjectClaimsOf(decodeCredential(identity.format, identity.credential)).dspId, 'the passport takes the DSP unique identifier the digital identity carries');
    await context.close();
  });
});
