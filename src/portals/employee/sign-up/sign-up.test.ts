// S1 sign-up from an invitation over HTTP (inject), on PGlite and PostgreSQL (S7, "Yes", is ./moving): the invitation link
// and the links that do not work, the steps in order, every form's errors keeping what was typed,
// the email and SMS codes (wrong, expired, too many tries, resend too soon), the digital identity
// reviewed (with an outcome the gateway would have verified, put on the wallet session directly),
// and "Details received" acting once and ending the journey so the link cannot be replayed.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, it } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { describeEachDatabase } from '../../../../test/support/databases.ts';
import { testApp } from '../../../../test/support/app.ts';
import { addStaffPassportAt } from '../../../../test/support/employee-session.ts';
import { InjectClient, type Page } from '../../../../test/support/inject-client.ts';
import { testBmp, testJpeg, testPng } from '../../../../test/support/test-images.ts';
import { SAMPLE_SUBJECTS } from '../../../core/credentials/index.ts';
import { photoFormat } from '../../../core/passport/photo.ts';
import { parseSharedIdentity } from '../../../core/passport/shared-identity.ts';
import { TERMS_VERSION } from '../../../core/passport/sign-up-terms.ts';
import type { StaffPassportInput } from '../../../core/passport/staff-passport.ts';
import { listOutbox } from '../../../integrations/notify/index.ts';
import { fixedClock } from '../../../platform/clock.ts';
import { schema } from '../../../store/database.ts';
import { employeeSignUp } from '../../../store/employee-sign-up.ts';
import { invitations } from '../../../store/invitations.ts';
import { passportHistory } from '../../../store/passport-history.ts';
import { passportPhotos } from '../../../store/passport-photos.ts';
import { scopeOf } from '../../../store/scope.ts';
import { staffPassports } from '../../../store/staff-passports.ts';
import { walletSessions } from '../../../store/wallet-sessions.ts';
import { digest, newToken } from '../../employer/auth/tokens.ts';
import { employeePolicy } from '../auth/policy.ts';

/** The error summary's links as [href, text], in order. */
function errorSummary(html: string): string[][] {
  const list = /<ul class="nhsuk-list nhsuk-error-summary__list">([\s\S]*?)<\/ul>/.exec(html)?.[1] ?? '';
  return [...list.matchAll(/<a href="(#[^"]+)"[^>]*>\s*([^<]*?)\s*<\/a>/g)].map((m) => [m[1]!, m[2]!.replace(/&#39;/g, "'")]);
}

/** The value attribute of the named input. */
function inputValue(html: string, name: string): string | undefined {
  const input = new RegExp(`<input[^>]*name="${name}"[^>]*>`).exec(html)?.[0];
  return input ? /value="([^"]*)"/.exec(input)?.[1] : undefined;
}

const checked = (html: string, name: string, value: string) => new RegExp(`<input[^>]*name="${name}"[^>]*value="${value}"[^>]*checked`).test(html);

describeEachDatabase('employee portal: sign-up from an invitation (S1)', (database) => {
  let app: Awaited<ReturnType<typeof testApp>>;
  const clock = fixedClock(new Date('2026-11-21T10:00:00Z'));
  before(async () => {
    app = await testApp(database(), {}, { clock });
  });
  after(() => app.close());

  const db = () => database().db;

  /** A passport at the trust with a live invitation whose link token we know. */
  async function invite(ods: string, passport: Partial<StaffPassportInput> = {}) {
    const added = await addStaffPassportAt(app, { ods, passport: { givenName: 'Amara', familyName: 'Okoye', staffGroup: 'Nursing and Midwifery Registered', jobRole: 'Staff nurse', employmentType: 'Permanent or fixed term', ...passport } });
    const token = newToken();
    const invitation = await invitations(db(), scopeOf(added.organisation.id)).send(added.passport.id, { tokenHash: digest(token), actor: 'user:test', now: clock.now() });
    return { ...added, token, invitation, link: `/trusts/${ods}/employee/invitation/${token}`, base: `/trusts/${ods}/employee/sign-up` };
  }

  /** A browser that opened the link: on the first step. */
  async function open(link: string): Promise<InjectClient> {
    const client = new InjectClient(app);
    const started = await client.get(link);
    assert.equal(started.status, 303, started.body);
    return client;
  }

  async function lastCode(to: string): Promise<string> {
    const { messages } = await listOutbox(db(), { pageSize: 100 });
    const message = messages.find((m) => m.recipient === to);
    assert.ok(message, `a message to ${to}`);
    return /\b(\d{6})\b/.exec(message.body)![1]!;
  }

  const wrongOf = (code: string) => (code === '000000' ? '111111' : '000000');

  /** Posts a step's form from its page (the CSRF token of that page). */
  async function step(client: InjectClient, url: string, form: Record<string, string>): Promise<Page> {
    const page = await client.get(url);
    assert.equal(page.status, 200, `${url}: ${page.status} ${page.location ?? ''}`);
    return client.post(url, form);
  }

  /** Through the first steps to the identity route. */
  async function toIdentityRoute(client: InjectClient, base: string) {
    assert.equal((await step(client, base, { hasPassport: 'no' })).location, `${base}/terms`);
    assert.equal((await step(client, `${base}/terms`, { privacyNotice: 'yes', termsAndConditions: 'yes', termsOfUse: 'yes' })).location, `${base}/wallet`);
    assert.equal((await step(client, `${base}/wallet`, { walletReady: 'yes' })).location, `${base}/identity`);
  }

  /** Email and mobile proved with the codes sent. */
  async function createProfile(client: InjectClient, base: string, email: string, mobile: string, mobileE164: string) {
    assert.equal((await step(client, `${base}/email`, { email })).location, `${base}/email/code`);
    assert.equal((await step(client, `${base}/email/code`, { code: await lastCode(email) })).location, `${base}/mobile`);
    assert.equal((await step(client, `${base}/mobile`, { mobile })).location, `${base}/mobile/code`);
    assert.equal((await step(client, `${base}/mobile/code`, { code: await lastCode(mobileE164) })).location, `${base}/more-details`);
  }

  /** What the gateway's verifier leaves on a completed presentation session of a DigitalIdentity. */
  function identityOutcome(dspId: string) {
    const { dspId: _sample, ...claims } = SAMPLE_SUBJECTS.DigitalIdentity;
    return {
      dspId,
      credentials: [{ queryId: 'identity', type: 'DigitalIdentity', format: 'dc+sd-jwt', issuer: 'did:web:localhost:orgs:IDSP01', issuerName: 'Demo Identity Service (simulated)', claims: { ...claims, dspId }, serialNumber: randomUUID(), issuedAt: '2026-11-18T14:02:11Z', expiresAt: '2031-05-15T00:00:00Z', compact: 'eyJhbGciOiJFUzI1NiJ9.e30.c2ln~' }],
    };
  }

  /** "Share your digital identity": the wallet session, completed as the verifier would, then the hand-back. */
  async function shareIdentity(client: InjectClient, organisationId: string, base: string, outcome: unknown): Promise<Page & { sessionId: string }> {
    const started = await step(client, `${base}/digital-identity`, {});
    assert.equal(started.status, 303);
    const sessionId = /\/wallet-sessions\/([0-9a-f-]{36})$/.exec(started.location!)![1]!;
    assert.ok(await walletSessions(db(), scopeOf(organisationId)).complete(sessionId, outcome, clock.now()));
    return { ...(await client.get(`${base}/digital-identity/shared?walletSession=${sessionId}`)), sessionId };
  }

  async function signUpRecord(organisationId: string, passportId: string) {
    return (await employeeSignUp(db(), scopeOf(organisationId)).read(passportId))!;
  }

  it('starts sign-up from a live invitation: a journey session, and the token leaves the address bar', async () => {
    const { link, base } = await invite('ESUA1');
    const client = new InjectClient(app);
    const started = await client.get(link);
    assert.equal(started.status, 303);
    assert.equal(started.location, base);
    assert.ok(client.jar.has('dsp-employee'));
    const first = await client.get(base);
    assert.equal(first.status, 200);
    assert.match(first.body, /Do you already have a Digital Staff Passport\?/);
  });

  it('answers an unknown, another trust’s, replaced, expired or cancelled link with a page saying it does not work, and starts nothing', async () => {
    const a = await invite('ESUB1');
    const b = await invite('ESUB2');
    const replaced = await invite('ESUB1');
    await invitations(db(), scopeOf(replaced.organisation.id)).send(replaced.passport.id, { tokenHash: digest(newToken()), actor: 'user:test', now: clock.now() });
    const expired = await invite('ESUB1');
    const cancelled = await invite('ESUB1');
    const t = schema.invitations;
    await db().update(t).set({ state: 'cancelled', closedAt: clock.now() }).where(and(eq(t.organisationId, cancelled.organisation.id), eq(t.id, cancelled.invitation.id)));
    clock.advance(0);

    const cases: [string, RegExp][] = [
      [`/trusts/ESUB1/employee/invitation/${newToken()}`, /We could not find an invitation for this link/],
      [`/trusts/ESUB1/employee/invitation/not-a-token`, /We could not find an invitation for this link/],
      [`/trusts/ESUB1/employee/invitation/${b.token}`, /We could not find an invitation for this link/],
      [replaced.link, /A newer invitation was sent to you after this one/],
      [cancelled.link, /This invitation has been cancelled/],
    ];
    for (const [url, text] of cases) {
      const res = await app.inject({ url, headers: { accept: 'text/html' } });
      assert.equal(res.statusCode, 400, url);
      assert.match(res.body, /This link does not work/);
      assert.match(res.body, text, url);
      assert.match(res.body, /Ask the HR or recruitment team at Test Trust ESUB1 to send you a new invitation/);
      assert.equal(res.cookies.find((c) => c.name === 'dsp-employee'), undefined, `no session for ${url}`);
    }
    // The invitation's validity has passed.
    const t2 = schema.invitations;
    await db().update(t2).set({ expiresAt: new Date(clock.now().getTime() - 1000) }).where(and(eq(t2.organisationId, expired.organisation.id), eq(t2.id, expired.invitation.id)));
    const res = await app.inject({ url: expired.link, headers: { accept: 'text/html' } });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /Your invitation to join Test Trust ESUB1.s Digital Staff Passport has expired/);
    // The live link of the trust still works; its own trust only.
    assert.equal((await app.inject({ url: a.link })).statusCode, 303);
    assert.equal((await app.inject({ url: `/trusts/ESUB2/employee/invitation/${a.token}`, headers: { accept: 'text/html' } })).statusCode, 400);
  });

  it('sends a page asked for out of order to the step due, and a form posted out of order changes nothing', async () => {
    const { link, base, organisation, passport } = await invite('ESUC1');
    const client = await open(link);
    for (const path of ['/terms', '/wallet', '/identity', '/digital-identity', '/face-to-face', '/email', '/email/code', '/mobile/code', '/more-details', '/role', '/check']) {
      const res = await client.get(`${base}${path}`);
      assert.equal(res.status, 303, path);
      assert.equal(res.location, base, path);
    }
    await client.get(base);
    const posted = await client.post(`${base}/terms`, { privacyNotice: 'yes', termsAndConditions: 'yes', termsOfUse: 'yes' });
    assert.equal(posted.status, 303);
    assert.equal(posted.location, base);
    assert.equal((await signUpRecord(organisation.id, passport.id)).termsVersion, null);
    await toIdentityRoute(client, base);
    assert.equal((await client.get(`${base}/email`)).location, `${base}/identity`);
    // Face to face chosen: the digital identity pages are not this route's.
    await step(client, `${base}/identity`, { route: 'face-to-face' });
    assert.equal((await client.get(`${base}/digital-identity`)).location, `${base}/email`);
    // Without a journey at all: the "timed out" page.
    const stranger = await app.inject({ url: `${base}/terms`, headers: { accept: 'text/html' } });
    assert.equal(stranger.statusCode, 200);
    assert.match(stranger.body, /This page has timed out/);
  });

  it('answers every form with mistakes with 400, an error summary and what was typed', async () => {
    const { link, base, organisation } = await invite('ESUD1', { email: 'amara.d@example.nhs.uk', mobile: '07700900401' });
    const client = await open(link);
    let res = await step(client, base, {});
    assert.equal(res.status, 400);
    assert.deepEqual(errorSummary(res.body), [['#hasPassport', 'Select yes if you already have a Digital Staff Passport']]);
    await client.post(base, { hasPassport: 'no' });

    res = await step(client, `${base}/terms`, { privacyNotice: 'yes', termsOfUse: 'yes' });
    assert.equal(res.status, 400);
    assert.deepEqual(errorSummary(res.body), [['#termsAndConditions', 'Agree to the terms and conditions']]);
    assert.ok(checked(res.body, 'privacyNotice', 'yes') && checked(res.body, 'termsOfUse', 'yes') && !checked(res.body, 'termsAndConditions', 'yes'));
    await client.post(`${base}/terms`, { privacyNotice: 'yes', termsAndConditions: 'yes', termsOfUse: 'yes' });

    res = await step(client, `${base}/wallet`, {});
    assert.equal(res.status, 400);
    assert.deepEqual(errorSummary(res.body), [['#walletReady', 'Confirm you have a digital wallet set up on your phone']]);
    await client.post(`${base}/wallet`, { walletReady: 'yes' });

    res = await step(client, `${base}/identity`, { route: 'by-carrier-pigeon' });
    assert.equal(res.status, 400);
    assert.deepEqual(errorSummary(res.body), [['#route', 'Select how you want to prove your identity']]);
    await client.post(`${base}/identity`, { route: 'digital-identity' });

    // The review of a shared identity.
    res = await shareIdentity(client, organisation.id, base, identityOutcome(randomUUID()));
    assert.equal(res.location, `${base}/digital-identity/review`);
    res = await step(client, `${base}/digital-identity/review`, {});
    assert.equal(res.status, 400);
    assert.deepEqual(errorSummary(res.body), [['#correct', 'Select yes if these details are correct']]);
    assert.match(res.body, /Olivia Grace Bennett/);
    await client.post(`${base}/digital-identity/review`, { correct: 'no' });

    res = await step(client, `${base}/email`, { email: 'amara at example' });
    assert.equal(res.status, 400);
    assert.deepEqual(errorSummary(res.body), [['#email', 'Enter an email address in the correct format, like name@example.com']]);
    assert.equal(inputValue(res.body, 'email'), 'amara at example');
    await client.post(`${base}/email`, { email: 'amara.d@example.nhs.uk' });
    res = await step(client, `${base}/email/code`, { code: '12ab' });
    assert.equal(res.status, 400);
    assert.deepEqual(errorSummary(res.body), [['#code', 'The code must be 6 digits']]);
    assert.equal(inputValue(res.body, 'code'), '12ab');
    await client.post(`${base}/email/code`, { code: await lastCode('amara.d@example.nhs.uk') });

    res = await step(client, `${base}/mobile`, { mobile: '01632 960123' });
    assert.equal(res.status, 400);
    assert.deepEqual(errorSummary(res.body), [['#mobile', 'Enter a UK mobile number, like 07700 900 982']]);
    assert.equal(inputValue(res.body, 'mobile'), '01632 960123');
    await client.post(`${base}/mobile`, { mobile: '07700 900401' });
    await client.post(`${base}/mobile/code`, { code: await lastCode('+447700900401') });

    res = await step(client, `${base}/more-details`, { esrAssignmentNumber: '1234', orielPin: 'abc' });
    assert.equal(res.status, 400);
    assert.deepEqual(errorSummary(res.body), [
      ['#esrAssignmentNumber', 'Enter an ESR assignment number of 8 digits, like 12345678'],
      ['#orielPin', 'Enter an Oriel PIN of 4 to 10 digits, or leave it blank'],
    ]);
    assert.equal(inputValue(res.body, 'esrAssignmentNumber'), '1234');
    assert.equal(inputValue(res.body, 'orielPin'), 'abc');
  });

  it('refuses a wrong code (saying how many tries are left), an expired code and too many tries, and does not move on', async () => {
    const { link, base, organisation, passport } = await invite('ESUE1', { email: 'amara.e@example.nhs.uk' });
    const client = await open(link);
    await toIdentityRoute(client, base);
    await step(client, `${base}/identity`, { route: 'face-to-face' });
    await step(client, `${base}/email`, { email: 'amara.e@example.nhs.uk' });
    const code = await lastCode('amara.e@example.nhs.uk');

    let res = await step(client, `${base}/email/code`, { code: wrongOf(code) });
    assert.equal(res.status, 400);
    assert.deepEqual(errorSummary(res.body), [['#code', `The code is not right. You have ${employeePolicy.maxCodeAttempts - 1} tries left`]]);
    for (let i = 2; i < employeePolicy.maxCodeAttempts; i++) await client.post(`${base}/email/code`, { code: wrongOf(code) });
    res = await client.post(`${base}/email/code`, { code: wrongOf(code) });
    assert.deepEqual(errorSummary(res.body), [['#code', 'You entered a wrong code too many times. Send a new code']]);
    // The right code no longer works either.
    res = await client.post(`${base}/email/code`, { code });
    assert.equal(res.status, 400);
    assert.equal((await client.get(`${base}/mobile`)).location, `${base}/email/code`, 'no progress');
    assert.equal((await signUpRecord(organisation.id, passport.id)).emailVerifiedAt, null);

    // A new code, left too long.
    clock.advance(employeePolicy.codeResendMs);
    await client.get(`${base}/email/code`);
    res = await client.post(`${base}/email/resend`);
    assert.equal(res.location, `${base}/email/code?resent=1`);
    assert.match((await client.get(res.location!)).body, /We have sent you a new code/);
    const fresh = await lastCode('amara.e@example.nhs.uk');
    clock.advance(employeePolicy.codeMs + 1);
    res = await client.post(`${base}/email/code`, { code: fresh });
    assert.equal(res.status, 400);
    assert.deepEqual(errorSummary(res.body), [['#code', 'The code has expired. Send a new code']]);
    assert.equal((await signUpRecord(organisation.id, passport.id)).emailVerifiedAt, null);

    // A new code sent just now cannot be followed by another within 30 seconds.
    await client.post(`${base}/email/resend`);
    await client.get(`${base}/email/code`);
    res = await client.post(`${base}/email/resend`);
    assert.equal(res.status, 400);
    assert.deepEqual(errorSummary(res.body), [['#resend', 'You can ask for a new code 30 seconds after the last one. Wait a moment, then send a new code']]);
    res = await client.post(`${base}/email/code`, { code: await lastCode('amara.e@example.nhs.uk') });
    assert.equal(res.location, `${base}/mobile`);
    assert.ok((await signUpRecord(organisation.id, passport.id)).emailVerifiedAt);
  });

  it('gives an address another passport of the trust has a form error, not a server error; a new address proved replaces the invitation’s', async () => {
    await addStaffPassportAt(app, { ods: 'ESUF1', passport: { email: 'taken@example.nhs.uk', mobile: '07700900555' } });
    const { link, base, organisation, passport } = await invite('ESUF1', { email: 'amara.f@example.nhs.uk', mobile: '07700900556' });
    const client = await open(link);
    await toIdentityRoute(client, base);
    await step(client, `${base}/identity`, { route: 'face-to-face' });
    let res = await step(client, `${base}/email`, { email: 'TAKEN@example.nhs.uk' });
    assert.equal(res.status, 400);
    assert.deepEqual(errorSummary(res.body), [['#email', 'Another staff passport here already uses this email address. Enter a different email address, or contact HR']]);
    assert.equal(inputValue(res.body, 'email'), 'TAKEN@example.nhs.uk');
    await client.post(`${base}/email`, { email: 'amara.personal@example.com' });
    await step(client, `${base}/email/code`, { code: await lastCode('amara.personal@example.com') });
    res = await step(client, `${base}/mobile`, { mobile: '07700 900555' });
    assert.equal(res.status, 400);
    assert.deepEqual(errorSummary(res.body), [['#mobile', 'Another staff passport here already uses this mobile number. Enter a different number, or contact HR']]);
    const updated = (await staffPassports(db(), scopeOf(organisation.id)).findById(passport.id))!;
    assert.equal(updated.email, 'amara.personal@example.com');
    assert.equal(updated.mobile, '+447700900556');
  });

  it('signs up face to face: the answers checked, then details received once — appointment needed, invitation accepted, history, the journey ended', async () => {
    const { link, base, organisation, passport, invitation } = await invite('ESUG1', { email: 'amara.g@example.nhs.uk', mobile: '07700900601' });
    const client = await open(link);
    await toIdentityRoute(client, base);
    assert.equal((await step(client, `${base}/identity`, { route: 'face-to-face' })).location, `${base}/face-to-face`);
    assert.match((await client.get(`${base}/face-to-face`)).body, /will contact you to arrange a time/);
    await createProfile(client, base, 'amara.g@example.nhs.uk', '07700900601', '+447700900601');
    assert.equal((await step(client, `${base}/more-details`, { esrAssignmentNumber: '30412876', orielPin: '' })).location, `${base}/role`);
    const role = await client.get(`${base}/role`);
    assert.match(role.body, /Nursing and Midwifery Registered/);
    assert.match(role.body, /Staff nurse/);
    assert.match(role.body, /contact the recruitment team/);
    assert.equal((await client.post(`${base}/role`)).location, `${base}/check`);
    const check = await client.get(`${base}/check`);
    assert.match(check.body, /Face to face with HR/);
    assert.match(check.body, /07700 900601/);
    assert.match(check.body, /30412876/);

    // Two submissions at once (a double click): one acts.
    const other = client.clone();
    const [first, second] = await Promise.all([client.post(`${base}/check`), other.post(`${base}/check`)]);
    for (const res of [first, second]) assert.equal(res.status, 200);
    assert.ok([first, second].some((r) => /Details received/.test(r.body)));
    const done = /Details received/.test(first.body) ? first : second;
    assert.match(done.body, /contact you to arrange a time to check your identity documents face to face/);

    const scope = scopeOf(organisation.id);
    const after = (await staffPassports(db(), scope).findById(passport.id))!;
    assert.equal(after.status, 'appointment-needed');
    assert.equal(after.esrAssignmentNumber, '30412876');
    assert.equal(after.esrLinkState, 'unconfirmed');
    const record = await signUpRecord(organisation.id, passport.id);
    assert.equal(record.identityRoute, 'face-to-face');
    assert.equal(record.termsVersion, TERMS_VERSION);
    assert.ok(record.termsAcceptedAt && record.emailVerifiedAt && record.mobileVerifiedAt && record.signedUpAt);
    assert.equal((await invitations(db(), scope).latestFor(passport.id))?.state, 'accepted');
    assert.equal((await invitations(db(), scope).latestFor(passport.id))?.id, invitation.id);
    const events = (await passportHistory(db(), scope).list(passport.id)).map((h) => h.event);
    assert.deepEqual(events.filter((e) => e === 'passport.signed-up'), ['passport.signed-up']);

    // The journey is over: its pages and another submission find no journey; nothing more is recorded.
    const again = await client.post(`${base}/check`);
    assert.match(again.body, /This page has timed out/);
    assert.equal((await passportHistory(db(), scope).list(passport.id)).length, events.length);
    // The link replayed: already signed up, sign in instead; no session.
    const replay = await app.inject({ url: link, headers: { accept: 'text/html' } });
    assert.equal(replay.statusCode, 200);
    assert.match(replay.body, /You have already signed up/);
    assert.match(replay.body, /href="\/trusts\/ESUG1\/employee\/sign-in"/);
    assert.equal(replay.cookies.find((c) => c.name === 'dsp-employee'), undefined);
  });

  it('S1.7 photo, face to face only: JPEG made small, PNG and BMP converted, wrong files refused beside the field with what was typed kept, CSRF required', async () => {
    const { link, base, organisation, passport } = await invite('ESUP1', { email: 'amara.p@example.nhs.uk', mobile: '07700900801' });
    const client = await open(link);
    await toIdentityRoute(client, base);
    await step(client, `${base}/identity`, { route: 'face-to-face' });
    await createProfile(client, base, 'amara.p@example.nhs.uk', '07700900801', '+447700900801');
    const photos = passportPhotos(db(), scopeOf(organisation.id));
    const url = `${base}/more-details`;
    const page = await client.get(url);
    assert.match(page.body, /enctype="multipart\/form-data"/);
    assert.match(page.body, /<input class="nhsuk-file-upload__input" id="photo" name="photo" type="file" accept="[^"]*image\/bmp"/);
    assert.match(page.body, /Photo \(optional\)/);
    const typed = { esrAssignmentNumber: '30412876', orielPin: '123456' };

    // Wrong files: 400 with the message beside the field, what was typed kept, nothing stored.
    const wrong: Array<[string, { name: string; type: string; data: Uint8Array }, RegExp]> = [
      ['not an image (a PDF named .jpg)', { name: 'me.jpg', type: 'image/jpeg', data: Buffer.from('%PDF-1.7 not a photo') }, /The selected file must be a JPEG, PNG or BMP image/],
      ['a palette BMP', { name: 'me.bmp', type: 'image/bmp', data: testBmp(200, 200, { bits: 8 }) }, /The selected BMP file is a kind that cannot be read/],
      ['too small', { name: 'me.png', type: 'image/png', data: testPng(60, 80) }, /at least 100 pixels wide and 100 pixels high/],
      ['over 5 MB', { name: 'me.jpg', type: 'image/jpeg', data: Buffer.concat([testJpeg(200, 200), Buffer.alloc(5 * 1024 * 1024)]) }, /The selected file must be smaller than 5 MB/],
    ];
    for (const [what, file, message] of wrong) {
      await client.get(url);
      const res = await client.postMultipart(url, typed, { photo: file });
      assert.equal(res.status, 400, what);
      const summary = errorSummary(res.body);
      assert.equal(summary.length, 1, what);
      assert.equal(summary[0]![0], '#photo', what);
      assert.match(summary[0]![1]!, message, what);
      assert.match(res.body, /<span class="nhsuk-error-message" id="photo-error">/, what);
      assert.equal(inputValue(res.body, 'esrAssignmentNumber'), '30412876', what);
      assert.equal(inputValue(res.body, 'orielPin'), '123456', what);
      assert.equal(await photos.of(passport.id), undefined, what);
    }

    // Without the CSRF token a multipart form is refused like any other; nothing stored.
    await client.get(url);
    assert.equal((await client.postMultipart(url, typed, { photo: { name: 'me.jpg', type: 'image/jpeg', data: testJpeg(300, 400) } }, false)).status, 403);
    assert.equal(await photos.of(passport.id), undefined);

    // A good PNG with a mistake elsewhere: the photo comes back with the page (it cannot be chosen
    // again in a file input) and is kept when the mistake is put right, as a JPEG.
    await client.get(url);
    const mistake = await client.postMultipart(url, { ...typed, orielPin: 'abc' }, { photo: { name: 'me.png', type: 'image/png', data: testPng(600, 800) } });
    assert.equal(mistake.status, 400);
    assert.deepEqual(errorSummary(mistake.body).map(([href]) => href), ['#orielPin']);
    assert.match(mistake.body, /<img id="chosen-photo" src="data:image\/jpeg;base64,/);
    const pending = inputValue(mistake.body, 'photoPending');
    assert.ok(pending);
    assert.equal(await photos.of(passport.id), undefined);
    const fixed = await client.postMultipart(url, { ...typed, photoPending: pending }, { photo: undefined });
    assert.equal(fixed.location, `${base}/role`);
    const fromPng = await photos.of(passport.id);
    assert.ok(fromPng);
    assert.deepEqual([photoFormat(fromPng.jpeg), fromPng.width, fromPng.height, fromPng.source], ['jpeg', 450, 600, 'staff']);
    assert.equal((await staffPassports(db(), scopeOf(organisation.id)).findById(passport.id))!.orielPin, '123456');

    // Back to the page: the saved photo is shown; a large JPEG (over the 1 MiB default file
    // limit: this page allows 5 MB) replaces it, made small.
    const again = await client.get(url);
    assert.match(again.body, /<img id="saved-photo" src="data:image\/jpeg;base64,[A-Za-z0-9+/=]+" alt="Your photo"/);
    assert.match(again.body, /Change photo \(optional\)/);
    const bigJpeg = Buffer.concat([testJpeg(1200, 900), Buffer.alloc(1_500_000)]);
    assert.equal((await client.postMultipart(url, typed, { photo: { name: 'IMG_0001.JPG', type: 'image/jpeg', data: bigJpeg } })).location, `${base}/role`);
    const fromJpeg = await photos.of(passport.id);
    assert.deepEqual([fromJpeg?.width, fromJpeg?.height], [450, 338]);
    assert.notDeepEqual(fromJpeg?.jpeg, fromPng.jpeg);

    // A 24-bit BMP is converted; continuing without a file keeps the photo; "Remove this photo" removes it.
    await client.get(url);
    assert.equal((await client.postMultipart(url, typed, { photo: { name: 'me.bmp', type: 'image/bmp', data: testBmp(201, 250) } })).location, `${base}/role`);
    const fromBmp = await photos.of(passport.id);
    assert.deepEqual([fromBmp && photoFormat(fromBmp.jpeg), fromBmp?.width, fromBmp?.height], ['jpeg', 201, 250]);
    await client.get(url);
    assert.equal((await client.postMultipart(url, typed, { photo: undefined })).location, `${base}/role`);
    assert.ok((await photos.of(passport.id))?.jpeg.equals(fromBmp!.jpeg));
    await client.get(url);
    assert.equal((await client.postMultipart(url, { ...typed, removePhoto: 'yes' }, { photo: undefined })).location, `${base}/role`);
    assert.equal(await photos.of(passport.id), undefined);
    // The form still works as a plain (urlencoded) form.
    assert.equal((await step(client, url, typed)).location, `${base}/role`);
  });

  it('signs up with a digital identity: reviewed and kept for HR with its DSP unique identifier, identity shared', async () => {
    const { link, base, organisation, passport } = await invite('ESUH1', { email: 'amara.h@example.nhs.uk', mobile: '07700900701' });
    const client = await open(link);
    await toIdentityRoute(client, base);
    assert.equal((await step(client, `${base}/identity`, { route: 'digital-identity' })).location, `${base}/digital-identity`);
    const share = await client.get(`${base}/digital-identity`);
    assert.match(share.body, /You need a digital identity in your wallet first/);

    // A session that failed, or a hand-back without one, goes back to sharing.
    const started = await client.post(`${base}/digital-identity`);
    const failedId = /\/wallet-sessions\/([0-9a-f-]{36})$/.exec(started.location!)![1]!;
    await walletSessions(db(), scopeOf(organisation.id)).fail(failedId, 'declined', clock.now());
    assert.equal((await client.get(`${base}/digital-identity/shared?walletSession=${failedId}`)).location, `${base}/digital-identity`);
    assert.equal((await client.get(`${base}/digital-identity/shared`)).location, `${base}/digital-identity`);
    assert.equal((await client.get(`${base}/digital-identity/review`)).location, `${base}/digital-identity`);
    // Another type than asked for is not taken.
    const wrongType = identityOutcome(randomUUID());
    wrongType.credentials[0]!.type = 'Identity';
    assert.equal((await shareIdentity(client, organisation.id, base, wrongType)).location, `${base}/digital-identity`);

    const dspId = randomUUID();
    const outcome = identityOutcome(dspId);
    const shared1 = await shareIdentity(client, organisation.id, base, outcome);
    assert.equal(shared1.location, `${base}/digital-identity/review`);
    // Another browser, at the same step of its own journey, cannot take this outcome.
    const stranger = await open((await invite('ESUH1')).link);
    await toIdentityRoute(stranger, base);
    await step(stranger, `${base}/identity`, { route: 'digital-identity' });
    assert.equal((await stranger.get(`${base}/digital-identity/shared?walletSession=${shared1.sessionId}`)).location, `${base}/digital-identity`);
    assert.equal((await stranger.get(`${base}/digital-identity/review`)).location, `${base}/digital-identity`);

    const review = await client.get(`${base}/digital-identity/review`);
    assert.equal(review.status, 200);
    assert.match(review.body, /<img src="data:image\/jpeg;base64,[A-Za-z0-9+/=]+" alt="Your photo from your digital identity"/);
    for (const text of ['Olivia Grace Bennett', '12 April 1990', 'Female', 'British', 'Demo Identity Service \\(simulated\\)']) assert.match(review.body, new RegExp(text));
    assert.equal((await client.post(`${base}/digital-identity/review`, { correct: 'yes' })).location, `${base}/email`);

    const scope = scopeOf(organisation.id);
    const shared = parseSharedIdentity((await signUpRecord(organisation.id, passport.id)).sharedIdentity);
    assert.ok(shared, 'the shape HR reads');
    assert.equal(shared.type, 'DigitalIdentity');
    assert.equal(shared.serialNumber, outcome.credentials[0]!.serialNumber);
    assert.equal(shared.claims.firstName, 'Olivia');
    assert.equal((await staffPassports(db(), scope).findById(passport.id))!.dspId, dspId);

    await createProfile(client, base, 'amara.h@example.nhs.uk', '07700900701', '+447700900701');
    // S1.7: no photo on the digital route (the digital identity carries one); a file sent anyway is not kept.
    const moreDetails = await client.get(`${base}/more-details`);
    assert.doesNotMatch(moreDetails.body, /type="file"|Photo/);
    assert.equal((await client.postMultipart(`${base}/more-details`, {}, { photo: { name: 'me.jpg', type: 'image/jpeg', data: testJpeg(300, 400) } })).location, `${base}/role`);
    assert.equal(await passportPhotos(db(), scope).of(passport.id), undefined);
    await client.post(`${base}/role`);
    assert.match((await client.get(`${base}/check`)).body, /Digital identity from Demo Identity Service \(simulated\), shared/);
    const done = await client.post(`${base}/check`);
    assert.match(done.body, /The HR team will check the digital identity you shared/);
    assert.equal((await staffPassports(db(), scope).findById(passport.id))!.status, 'identity-shared');
    assert.equal((await signUpRecord(organisation.id, passport.id)).identityRoute, 'digital-identity');
    const events = (await passportHistory(db(), scope).list(passport.id)).map((h) => h.event);
    assert.ok(events.includes('identity.shared') && events.includes('passport.signed-up'));
  });

  it('refuses a digital identity whose DSP unique identifier another passport of the trust has, with a clear page and no change; "something is wrong" goes face to face', async () => {
    const taken = randomUUID();
    await addStaffPassportAt(app, { ods: 'ESUI1', dspId: taken });
    const { link, base, organisation, passport } = await invite('ESUI1');
    const client = await open(link);
    await toIdentityRoute(client, base);
    await step(client, `${base}/identity`, { route: 'digital-identity' });
    await shareIdentity(client, organisation.id, base, identityOutcome(taken));
    const res = await step(client, `${base}/digital-identity/review`, { correct: 'yes' });
    assert.equal(res.status, 409);
    assert.match(res.body, /We cannot use this digital identity here/);
    assert.match(res.body, /already has for someone/);
    const record = await signUpRecord(organisation.id, passport.id);
    assert.equal(record.sharedIdentity, null);
    assert.equal((await staffPassports(db(), scopeOf(organisation.id)).findById(passport.id))!.dspId, null);

    const wrong = await client.post(`${base}/digital-identity/review`, { correct: 'no' });
    assert.equal(wrong.location, `${base}/face-to-face`);
    assert.equal((await signUpRecord(organisation.id, passport.id)).identityRoute, 'face-to-face');
  });

  it('sends "Yes" to moving trusts (S7, ./moving), from which someone new can still answer "No" and sign up', async () => {
    const { link, base } = await invite('ESUJ1');
    const client = await open(link);
    const yes = await step(client, base, { hasPassport: 'yes' });
    assert.equal(yes.location, `${base}/moving`);
    const page = await client.get(yes.location!);
    assert.match(page.body, /You already have a Digital Staff Passport from another NHS organisation/);
    assert.match(page.body, new RegExp(`href="${base}"`), 'Back');
    assert.equal((await client.post(base, { hasPassport: 'no' })).location, `${base}/terms`);
  });
});
