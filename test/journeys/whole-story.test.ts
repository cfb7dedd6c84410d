// The whole story in one test (issue 11), in Chromium, with the person's wallet being the holder
// library answering each QR page over real HTTP, and two trusts' HR users in their own browsers:
//   trust A (RZX, with the ESR simulator) invites Olivia; she signs up (face to face); A's HR checks
//   her identity face to face and provides her credentials from ESR; she collects her access key
//   (seed 001), signs in (S3) and accepts them (S4);
//   trust B invites her; she moves trusts (S7, seed 002), sharing her identity and a training
//   credential from A; B's HR confirms her identity (E5) and accepts the shared credential (E9);
//   A revokes that credential (E10); she collects B's access key, signs in at B and shares it again
//   (S6, seed 003): the share fails verification, she is told it was revoked, and B's HR sees the
//   credential it accepted is now revoked by A.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { listOutbox } from '../../src/integrations/notify/index.ts';
import { systemClock } from '../../src/platform/clock.ts';
import type { Database } from '../../src/store/database.ts';
import { providedCredentials } from '../../src/store/provided-credentials.ts';
import { scopeOf } from '../../src/store/scope.ts';
import { staffPassports } from '../../src/store/staff-passports.ts';
import type { CredentialRecord, Holder } from '../../src/wallet/index.ts';
import { sharedCredentials } from '../../src/store/shared-credentials.ts';
import { testApp } from '../support/app.ts';
import { axeViolations, describeViolations, launchBrowser } from '../support/browser.ts';
import { freshDatabase } from '../support/databases.ts';
import { holderOn } from '../support/employee-access-key.ts';
import { addEmployerUser, signInEmployer } from '../support/employer-session.ts';
import { startEsrSimulator, type EsrWorld } from '../support/esr-world.ts';
import { freePort } from '../support/free-port.ts';

const A = 'RZX';
const B = 'RYJ';
const OLIVIA = { email: 'olivia.bennett@example.nhs.uk', mobileTyped: '07700 900123', mobileE164: '+447700900123' };

describe('the whole story: two trusts, one wallet, a revocation (Chromium)', () => {
  let database: Database;
  let world: EsrWorld;
  let app: Awaited<ReturnType<typeof testApp>>;
  let base: string;
  let browser: Browser;
  let hrA: Page;
  let hrB: Page;
  let person: Page;
  let personContext: BrowserContext;
  let organisationA: string;
  let organisationB: string;
  const wallet: Holder = holderOn(systemClock);

  before(async () => {
    database = await freshDatabase('pglite');
    world = await startEsrSimulator({ organisations: [A], size: 5, clock: systemClock, demoPeople: true });
    const port = await freePort();
    base = `http://localhost:${port}`;
    app = await testApp(database, { DSP_PUBLIC_URL: base, DSP_ESR_URL: world.baseUrl });
    await app.listen({ host: 'localhost', port });
    browser = await launchBrowser();
    const hrPage = async (ods: string, name: string) => {
      const { user, organisation } = await addEmployerUser(app, { ods, role: 'administrator', displayName: name });
      const session = await signInEmployer(app, { ods, userId: user.id });
      const context = await browser.newContext();
      await context.addCookies([session.browserCookie(base)]);
      const page = await context.newPage();
      page.setDefaultTimeout(15_000);
      return { page, organisationId: organisation.id };
    };
    ({ page: hrA, organisationId: organisationA } = await hrPage(A, 'Hana Reid'));
    ({ page: hrB, organisationId: organisationB } = await hrPage(B, 'Bea Moss'));
    personContext = await browser.newContext({ viewport: { width: 390, height: 844 } });
    person = await personContext.newPage();
    person.setDefaultTimeout(15_000);
  });
  after(async () => {
    await browser?.close();
    await app?.close();
    await world?.close();
    await database?.close();
  });

  async function noViolations(page: Page, state: string) {
    const violations = await axeViolations(page);
    assert.deepEqual(violations, [], `${state}: ${describeViolations(violations)}`);
  }

  /** Clicks a button that submits a form and waits for the next page. */
  async function press(page: Page, name: string) {
    await Promise.all([page.waitForEvent('framenavigated', (frame) => frame === page.mainFrame()), page.getByRole('button', { name }).click()]);
    await page.waitForLoadState();
  }

  /** The newest message of a template to a recipient. */
  async function newest(template: string, to: string) {
    const { messages } = await listOutbox(database.db, { pageSize: 200 });
    const message = messages.find((m) => m.template === template && m.recipient === to);
    assert.ok(message, `a ${template} to ${to}`);
    return message;
  }
  const codeIn = (body: string) => /\b(\d{6})\b/.exec(body)![1]!;

  /** On a wallet-session page: the link the wallet follows (the QR code's for a presentation). */
  async function qrLink(page: Page, ods: string): Promise<string> {
    await page.waitForURL(new RegExp(`/orgs/${ods}/wallet-sessions/`));
    const href = (await page.getByRole('link', { name: 'Open your wallet' }).getAttribute('href'))!;
    if (href.startsWith('openid-credential-offer:')) return href;
    const qr = new URL(href);
    qr.searchParams.set('request_uri', qr.searchParams.get('request_uri')!.replace(/[?&]flow=same-device$/, ''));
    return qr.toString();
  }

  /** HR invites Olivia with the form; the link in her invitation email. */
  async function invite(hr: Page, ods: string): Promise<string> {
    await hr.goto(`${base}/trusts/${ods}/employer/staff-passports/invite`);
    await hr.getByLabel('First name').fill('Olivia');
    await hr.getByLabel('Last name').fill('Bennett');
    await hr.getByLabel('Email address').fill(OLIVIA.email);
    await hr.getByLabel('Mobile phone number (optional)').fill(OLIVIA.mobileTyped);
    await hr.getByLabel('Staff group').selectOption('Nursing and Midwifery Registered');
    await hr.getByLabel('Job role (optional)').fill('Staff nurse');
    await hr.getByRole('button', { name: 'Yes, create this passport and send the invitation' }).click();
    await hr.waitForSelector('h1:has-text("Olivia Bennett")');
    const { messages } = await listOutbox(database.db, { organisationId: ods === A ? organisationA : organisationB, pageSize: 50 });
    const link = messages.find((m) => m.template === 'staff-invitation-email' && m.recipient === OLIVIA.email)?.links.find((l) => l.includes('/employee/invitation/'));
    assert.ok(link, `${ods}'s invitation email links to its employee portal`);
    return link;
  }

  /** The passport page of Olivia at a trust, for its HR. */
  async function passportUrl(organisationId: string, ods: string): Promise<string> {
    const passport = await staffPassports(database.db, scopeOf(organisationId)).findByEmail(OLIVIA.email);
    assert.ok(passport, `Olivia has a passport at ${ods}`);
    return `${base}/trusts/${ods}/employer/staff-passports/${passport.id}`;
  }

  /** The email and mobile steps of a sign-up, each proved with its code. */
  async function proveEmailAndMobile() {
    await person.waitForURL(/\/sign-up\/email$/);
    await press(person, 'Send the code');
    await person.getByLabel('Enter the 6-digit code').fill(codeIn((await newest('email-verification-code', OLIVIA.email)).body));
    await press(person, 'Continue');
    await person.waitForURL(/\/sign-up\/mobile$/);
    await person.getByLabel('Mobile phone number').fill(OLIVIA.mobileTyped);
    await press(person, 'Send the code');
    await person.getByLabel('Enter the 6-digit code').fill(codeIn((await newest('sms-verification-code', OLIVIA.mobileE164)).body));
    await press(person, 'Continue');
  }

  /** Seed 001 from the newest access-key email of a trust, then S3: signed in at that trust. */
  async function collectAccessKeyAndSignIn(ods: string) {
    const email = await newest('access-key-ready-email', OLIVIA.email);
    await person.goto(/(https?:\/\/\S+\/access-key\/[A-Za-z0-9_-]+)/.exec(email.body)![1]!);
    await person.waitForURL(new RegExp(`/trusts/${ods}/employee/access-key$`));
    await press(person, 'Continue');
    await press(person, 'Continue');
    await person.getByLabel('Security code').fill(codeIn((await newest('sms-verification-code', OLIVIA.mobileE164)).body));
    const before = (await listOutbox(database.db, { pageSize: 1 })).messages[0]?.id;
    await press(person, 'Continue');
    const offer = await qrLink(person, ods);
    const txCodeSms = (await listOutbox(database.db, { pageSize: 5 })).messages.find((m) => m.channel === 'sms' && m.id !== before);
    assert.ok(txCodeSms, 'the transaction code was texted');
    const { received } = await wallet.receive(offer, { txCode: codeIn(txCodeSms.body) });
    assert.deepEqual(received.map((r) => r.type).sort(), ['AccessKey', 'Identity']);
    await person.waitForURL(/\/employee\/sign-in\?collected=1$/);
    await press(person, 'Continue to sign in');
    const request = await qrLink(person, ods);
    await share(request, ods);
    await person.waitForURL(new RegExp(`/trusts/${ods}/employee$`));
  }

  /**
   * The wallet answers a presentation request; where it holds several credentials of a type asked
   * for (two trusts' access keys, two Identity credentials) the person picks the one `ods` issued.
   */
  async function share(link: string, ods: string, pick: (c: CredentialRecord) => boolean = () => true) {
    const request = await wallet.resolvePresentationRequest(link);
    const choices: Record<string, string> = {};
    for (const query of request.queries) {
      if (query.candidates.length > 1) choices[query.queryId] = (query.candidates.find((c) => c.issuer.url.endsWith(`/orgs/${ods}`) && pick(c)) ?? query.candidates[0]!).id;
    }
    return wallet.present(request, choices);
  }

  it('trust A: invited, signed up, identity checked face to face, credentials from ESR; the access key collected and the credentials accepted', async () => {
    // A invites; Olivia signs up and chooses face to face.
    await person.goto(await invite(hrA, A));
    await person.getByLabel('No, this is the first time').check();
    await press(person, 'Continue');
    await person.getByLabel('I have read the privacy notice').check();
    await person.getByLabel('I agree to the terms and conditions').check();
    await person.getByLabel('I agree to the terms of use').check();
    await press(person, 'Agree and continue');
    await person.getByLabel('I have this digital wallet set up').check();
    await press(person, 'Continue');
    await person.getByLabel('Face to face').check();
    await press(person, 'Continue');
    await press(person, 'Continue');
    await proveEmailAndMobile();
    await press(person, 'Continue'); // more details: none
    await press(person, 'Continue'); // role
    await press(person, 'Send my details');
    await person.waitForSelector('h1:has-text("Details received")');

    // A's HR checks her documents face to face: her Identity and access key are provided.
    const passportA = await passportUrl(organisationA, A);
    await hrA.goto(passportA);
    await hrA.getByRole('button', { name: 'Create identity credential (face to face)' }).click();
    await hrA.waitForSelector('h1:has-text("Create identity credential")');
    await hrA.locator('#birthDate-day').fill('12');
    await hrA.locator('#birthDate-month').fill('4');
    await hrA.locator('#birthDate-year').fill('1990');
    await hrA.getByLabel('Female').check();
    await hrA.getByLabel('Nationality (optional)').fill('British');
    await hrA.getByLabel('Address line 1').fill('27 Mill Lane');
    await hrA.getByLabel('Town or city (optional)').fill('Riverside');
    await hrA.getByLabel('Postcode (optional)').fill('RV1 4QT');
    await hrA.getByLabel('Permanent or fixed term').check();
    await hrA.getByLabel('I have checked the original documents in person and these details match them').check();
    await hrA.getByRole('button', { name: 'Create identity credential' }).click();
    await hrA.waitForSelector('text=Identity confirmed.');

    // … connects the passport to ESR and provides her training from ESR.
    await hrA.getByRole('link', { name: 'Connect to ESR' }).click();
    await hrA.getByLabel("What is Olivia Bennett's ESR assignment number?").fill('30412876');
    await hrA.getByRole('button', { name: 'Continue' }).click();
    await hrA.getByRole('button', { name: 'Yes, this is the correct staff member' }).click();
    await hrA.waitForSelector('text=Olivia Bennett is now connected to ESR.');
    await hrA.goto(passportA);
    await hrA.getByRole('button', { name: 'Provide credentials from ESR' }).click();
    await hrA.getByRole('link', { name: 'Select all' }).click();
    await hrA.getByRole('button', { name: 'Continue' }).click();
    await hrA.getByLabel('I confirm these details are correct and that reasonable care has been taken to check them before providing them').check();
    await hrA.getByRole('button', { name: 'Provide credentials' }).click();
    await hrA.waitForSelector('h1:has-text("Credentials provided")');

    // Olivia collects her access key (seed 001) and signs in (S3), then accepts each credential (S4).
    await collectAccessKeyAndSignIn(A);
    await person.goto(`${base}/trusts/${A}/employee/credentials`);
    const reviews = person.getByRole('link', { name: /^Review and add / });
    const toAccept = await reviews.count();
    assert.ok(toAccept >= 3, `ESR provided several credentials (${toAccept})`);
    for (let i = 0; i < toAccept; i++) {
      await person.goto(`${base}/trusts/${A}/employee/credentials`);
      await person.getByRole('link', { name: /^Review and add / }).first().click();
      await person.getByRole('button', { name: 'Accept credential and add it to my wallet' }).click();
      await wallet.receive(await qrLink(person, A));
      await person.waitForURL(/\?done=added$/);
    }
    const heldAtA = await providedCredentials(database.db, scopeOf(organisationA)).listForPassport((await staffPassports(database.db, scopeOf(organisationA)).findByEmail(OLIVIA.email))!.id);
    assert.ok(heldAtA.every((c) => c.state === 'accepted'), heldAtA.map((c) => `${c.title}:${c.state}`).join());
    await noViolations(person, 'credentials at A, all accepted');
  });

  /** The issuer-signed part of a credential (an SD-JWT's first segment, or the JWT): the same in the wallet and as shared. */
  const issuerSigned = (compact: string) => compact.split('~')[0]!;
  let sharedTraining: { serialNumber: string; compact: string; title: string };

  it('trust B: invited, she moves trusts sharing her identity and a training credential from A (S7); B confirms her identity (E5) and accepts the training (E9)', async () => {
    await person.goto(await invite(hrB, B));
    await person.getByLabel('Yes, I have registered before with this or another NHS organisation').check();
    await press(person, 'Continue');
    await person.waitForURL(/\/sign-up\/moving$/);
    await press(person, 'Start');
    await person.getByLabel('Core skill', { exact: true }).check();
    await press(person, 'Continue');
    await press(person, 'Yes, connect to my wallet');
    await share(await qrLink(person, B), A);
    await person.waitForURL(/\/sign-up\/moving\/profile$/);
    await press(person, 'Continue');
    await proveEmailAndMobile();
    await person.waitForURL(/\/sign-up\/role$/);
    await press(person, 'Continue');
    await person.waitForSelector('h1:has-text("Your details have been shared")');
    await noViolations(person, 'details shared with B');

    // B's HR confirms the NHS identity credential A issued: B's own Identity and access key, one DSP id.
    const passportB = await passportUrl(organisationB, B);
    await hrB.goto(passportB);
    await hrB.getByRole('button', { name: 'Review shared identity' }).click();
    await hrB.getByLabel('Yes, I confirm this identity').check();
    await hrB.getByRole('button', { name: 'Continue' }).click();
    await hrB.getByLabel('Permanent or fixed term').check();
    await hrB.getByLabel(/I have checked the photo and details are of Olivia Bennett/).check();
    await hrB.getByRole('button', { name: 'Confirm identity' }).click();
    await hrB.waitForSelector('text=Identity confirmed.');
    const atA = (await staffPassports(database.db, scopeOf(organisationA)).findByEmail(OLIVIA.email))!;
    const atB = (await staffPassports(database.db, scopeOf(organisationB)).findByEmail(OLIVIA.email))!;
    assert.equal(atB.dspId, atA.dspId, 'one DSP unique identifier at both trusts');

    // … and accepts the training credential shared from A: verified live, issued by A.
    await hrB.getByRole('button', { name: 'Review shared credentials' }).click();
    await hrB.waitForSelector('h1:has-text("Review shared credentials")');
    const [shared] = await sharedCredentials(database.db, scopeOf(organisationB)).list(atB.id);
    assert.equal(shared?.type, 'CoreSkill');
    assert.match((await hrB.locator(`#shared-${shared.id}`).textContent()) ?? '', /Trusted: Test Trust RZX/);
    await noViolations(hrB, 'B reviews the training shared from A');
    await hrB.getByRole('button', { name: 'Accept Core skill', exact: true }).click();
    await hrB.waitForSelector('text=Your choice is saved.');
    await hrB.getByRole('button', { name: /^Confirm decisions/ }).click();
    await hrB.getByRole('button', { name: 'Yes, confirm' }).click();
    await hrB.waitForSelector('text=Status confirmed');
    const title = (await providedCredentials(database.db, scopeOf(organisationA)).listForPassport(atA.id)).find((c) => c.serialNumber === shared.serialNumber)?.title;
    assert.ok(title, 'the shared training is one A issued');
    sharedTraining = { serialNumber: shared.serialNumber, compact: shared.compact, title };
  });

  it('A revokes that training (E10); shared with B again after she signs in there (S6), it fails verification, she is told why, and B sees it revoked', async () => {
    const passportA = await passportUrl(organisationA, A);
    await hrA.goto(passportA);
    await hrA.getByRole('link', { name: 'View credentials' }).click();
    const row = hrA.locator('#credentials tr', { has: hrA.getByRole('cell', { name: sharedTraining.title, exact: true }) });
    await row.getByRole('link', { name: /Revoke/ }).click();
    await hrA.getByRole('radio', { name: 'The training it records has expired' }).check();
    await hrA.getByRole('button', { name: 'Yes, revoke credential' }).click();
    await hrA.getByText('Credential revoked.').waitFor();

    // She collects B's access key (emailed when B confirmed her identity) and signs in at B.
    await collectAccessKeyAndSignIn(B);
    await person.goto(`${base}/trusts/${B}/employee/credentials`);
    await person.getByRole('link', { name: 'Share credentials' }).click();
    await person.getByLabel('Core skill', { exact: true }).check();
    await press(person, 'Continue');
    await person.getByLabel('Yes, connect to my wallet').check();
    await press(person, 'Continue');
    await share(await qrLink(person, B), A, (c) => issuerSigned(c.credential) === issuerSigned(sharedTraining.compact)).catch(() => undefined);
    await person.waitForSelector('h1:has-text("A credential you shared has been revoked")');
    await noViolations(person, 'share refused: revoked');

    // B's HR sees why: the training it accepted is now revoked by A, checked live.
    const atB = (await staffPassports(database.db, scopeOf(organisationB)).findByEmail(OLIVIA.email))!;
    const held = await sharedCredentials(database.db, scopeOf(organisationB)).list(atB.id);
    assert.deepEqual(held.map((c) => [c.type, c.state]), [['CoreSkill', 'accepted']], 'the failed share stored nothing');
    const [accepted] = held;
    await hrB.goto(await passportUrl(organisationB, B));
    await hrB.getByRole('link', { name: 'View shared credentials' }).click();
    assert.match((await hrB.locator(`#shared-${accepted!.id}`).textContent()) ?? '', /Revoked by the issuer/);
    await noViolations(hrB, 'B sees the training revoked');
  });
});
