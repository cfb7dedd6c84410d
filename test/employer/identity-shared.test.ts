// HR's review of a shared identity over HTTP (DOMAIN.md E5.3, E5.4, E5.6, E5.8): what was shared
// is shown; "Not now" changes nothing; confirming provides the Identity built from the shared
// claims (valid against the catalogue, carrying the shared credential's DSP unique identifier) and
// the access key, with the access-key link emailed, once on a double submit; the expired-passport
// rule; rejecting needs a reason, sends the person to the face-to-face route and emails them; a
// stale review changes nothing; another trust's user gets 404 by URL and by form.
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { SAMPLE_PHOTOGRAPH } from '../../src/core/credentials/index.ts';
import { validateSubject } from '../../src/core/credentials/validate-subject.ts';
import { listOutbox } from '../../src/integrations/notify/index.ts';
import { listAudit } from '../../src/store/audit-log.ts';
import { passportHistory } from '../../src/store/passport-history.ts';
import { providedCredentials } from '../../src/store/provided-credentials.ts';
import { scopeOf } from '../../src/store/scope.ts';
import { sharedIdentities } from '../../src/store/shared-identities.ts';
import { staffPassports } from '../../src/store/staff-passports.ts';
import { csrfFrom, testApp } from '../support/app.ts';
import { describeEachDatabase } from '../support/databases.ts';
import { addEmployerUser, signInEmployer, type EmployerTestSession } from '../support/employer-session.ts';
import { addPassportWithSharedIdentity, sampleSharedIdentity } from '../support/shared-identity.ts';

describeEachDatabase('employer portal: reviewing a shared identity (E5.4)', (database) => {
  let app: Awaited<ReturnType<typeof testApp>>;
  let session: EmployerTestSession;
  let other: EmployerTestSession;
  let n = 0;

  before(async () => {
    app = await testApp(database());
    session = await signInEmployer(app, { ods: 'RIS01', userId: (await addEmployerUser(app, { ods: 'RIS01', role: 'administrator' })).user.id });
    other = await signInEmployer(app, { ods: 'RIS02', userId: (await addEmployerUser(app, { ods: 'RIS02', role: 'administrator' })).user.id });
  });

  const db = () => app.employerPortal.database.db;
  const scope = () => scopeOf(session.organisation.id);
  const url = (id: string, s = '') => `/trusts/RIS01/employer/staff-passports/${id}${s}`;
  async function person(options: Parameters<typeof sampleSharedIdentity>[0] & { passportDspId?: string | null } = {}) {
    n += 1;
    const { passportDspId, ...shared } = options;
    return addPassportWithSharedIdentity(db(), scope(), {
      email: `olivia${n}@example.nhs.uk`,
      mobile: `07700900${String(300 + n)}`,
      shared: sampleSharedIdentity(shared),
      ...(passportDspId !== undefined ? { passportDspId } : {}),
    });
  }
  const get = (u: string, s = session) => app.inject({ url: u, headers: { cookie: s.cookie } });
  async function post(pageUrl: string, u: string, form: Record<string, string>, s = session, csrfSession = s) {
    const csrf = csrfFrom(await get(pageUrl, csrfSession));
    const body = new URLSearchParams({ _csrf: csrf.token, ...form });
    return app.inject({ method: 'POST', url: u, headers: { cookie: `${s.cookie}; ${csrf.cookie}`, 'content-type': 'application/x-www-form-urlencoded' }, payload: body.toString() });
  }
  const outboxFor = async (...to: string[]) => (await listOutbox(db(), { organisationId: session.organisation.id, pageSize: 200 })).messages.filter((m) => to.includes(m.recipient));
  async function unchanged(passportId: string) {
    const p = (await staffPassports(db(), scope()).findById(passportId))!;
    assert.equal(p.status, 'identity-shared');
    assert.equal((await providedCredentials(db(), scope()).listForPassport(passportId)).length, 0);
    assert.ok((await sharedIdentities(db(), scope()).of(passportId))?.identity);
    assert.deepEqual((await passportHistory(db(), scope()).list(passportId)).map((h) => h.event), []);
    assert.deepEqual(await listAudit(db(), session.organisation.id, { subject: passportId }), []);
  }

  it('shows what was shared: the issuer and when it verified, the photo, names, date of birth, gender, nationality, address, document, GPG45 profile and check date', async () => {
    const { passportId } = await person();
    const passportPage = await get(url(passportId));
    assert.match(passportPage.body, /Identity shared: review needed/);
    assert.match(passportPage.body, /Review identity/);
    assert.match(passportPage.body, /has shared a digital identity from Demo Identity Service \(simulated\)/);
    assert.match(passportPage.body, /Review shared identity/);
    const page = await get(url(passportId, '/identity/shared'));
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Demo Identity Service \(simulated\) verified this digital identity on 20 November 2026 at 10:15/);
    assert.ok(page.body.includes(`src="data:image/jpeg;base64,${SAMPLE_PHOTOGRAPH}"`));
    for (const text of ['Olivia', 'Grace', 'Bennett', '12 April 1990', 'Female', 'British', 'Passport', '3907', 'GBR', '14 May 2031', 'H1A', 'High', '18 November 2026', 'Yes, I confirm this identity', 'No, reject this identity credential', 'Not now']) {
      assert.ok(page.body.includes(text), text);
    }
    assert.doesNotMatch(page.body, /Their passport has expired/);
    // The staff list's action filter and the home page count it as an identity to review.
    const list = await get('/trusts/RIS01/employer/staff-passports?action=review-identity');
    assert.ok(list.body.includes(passportId));
    assert.match((await get('/trusts/RIS01/employer')).body, /identity credentials? to verify/);
  });

  it('asks for a choice (error summary); "Not now" goes back to the passport and changes nothing', async () => {
    const { passportId } = await person();
    const page = url(passportId, '/identity/shared');
    const none = await post(page, page, {});
    assert.equal(none.statusCode, 400);
    assert.match(none.body, /nhsuk-error-summary/);
    assert.match(none.body, /Select whether you confirm this identity, reject it, or decide later/);
    const later = await post(page, page, { decision: 'not-now' });
    assert.equal(later.statusCode, 303);
    assert.equal(later.headers.location, url(passportId, '?done=identity-not-now'));
    assert.match((await get(later.headers.location!)).body, /Nothing was changed/);
    assert.equal((await post(page, page, { decision: 'confirm' })).headers.location, url(passportId, '/identity/shared/confirm'));
    assert.equal((await post(page, page, { decision: 'reject' })).headers.location, url(passportId, '/identity/shared/reject'));
    await unchanged(passportId);
  });

  it('confirms: the Identity from the shared claims (valid, one DSP unique identifier) and the access key pending, the access-key link emailed and texted, history and audit as digital identity; a double submit acts once', async () => {
    const { passportId, shared } = await person();
    const page = url(passportId, '/identity/shared/confirm');
    const form = await get(page);
    assert.equal(form.statusCode, 200);
    assert.ok(form.body.includes(`name="reviewed" value="${shared.serialNumber}"`));
    const bad = await post(page, page, { reviewed: shared.serialNumber, employmentType: 'Zero hours' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /nhsuk-error-summary/);
    assert.match(bad.body, /Select their employment type/);
    assert.match(bad.body, /Confirm the photo and details are of the person you are employing/);
    await unchanged(passportId);

    const good = { reviewed: shared.serialNumber, employmentType: 'Temporary mover', checked: 'yes' };
    const [a, b] = await Promise.all([post(page, page, good), post(page, page, good)]);
    assert.deepEqual([a.statusCode, b.statusCode], [303, 303]);
    assert.ok([a.headers.location, b.headers.location].includes(url(passportId, '?done=identity-confirmed')));
    const after = (await staffPassports(db(), scope()).findById(passportId))!;
    assert.equal(after.status, 'credentials-pending');
    assert.equal(after.employmentType, 'Temporary mover');
    assert.equal(after.dspId, shared.claims.dspId);
    const credentials = await providedCredentials(db(), scope()).listForPassport(passportId);
    assert.deepEqual(credentials.map((c) => c.credentialType).sort(), ['AccessKey', 'Identity']);
    assert.ok(credentials.every((c) => c.state === 'pending' && c.providedBy === `user:${session.user.id}`));
    for (const c of credentials) assert.deepEqual(validateSubject(c.credentialType, { ...c.subject, dspId: after.dspId }), [], c.credentialType);
    const identity = credentials.find((c) => c.credentialType === 'Identity')!.subject;
    assert.equal(identity.firstName, 'Olivia');
    assert.equal(identity.middleNames, 'Grace');
    assert.equal(identity.birthDate, '1990-04-12');
    assert.equal(identity.legalGender, 'Female');
    assert.equal(identity.photograph, SAMPLE_PHOTOGRAPH);
    assert.deepEqual(identity.address, shared.claims.address);
    const assurance = identity.assurance as Record<string, string>;
    assert.equal(assurance.origin, 'Demo Identity Service (simulated)');
    assert.equal(assurance.assuranceOutcome, 'H1A');
    assert.equal(assurance.provider, session.organisation.name);
    assert.equal(identity.GPG45profile, undefined, 'only Identity fields are copied');

    const messages = await outboxFor(after.email!, after.mobile!);
    assert.deepEqual(messages.map((m) => m.template).sort(), ['access-key-ready-email', 'access-key-ready-sms']);
    assert.match(messages.find((m) => m.channel === 'email')!.body, /\/trusts\/RIS01\/employee\//);
    const history = await passportHistory(db(), scope()).list(passportId);
    assert.deepEqual(history.map((h) => h.event).sort(), ['credential.provided', 'credential.provided', 'identity.confirmed']);
    const confirmed = history.find((h) => h.event === 'identity.confirmed')!;
    assert.equal(confirmed.details.route, 'digital-identity');
    assert.equal(confirmed.details.serialNumber, shared.serialNumber);
    assert.equal(confirmed.details.rightToWorkAllowed, true);
    const audit = await listAudit(db(), session.organisation.id, { subject: passportId });
    assert.deepEqual(audit.map((x) => [x.action, x.actor, (x.details as Record<string, unknown>).route]), [['passport.identity-confirmed', `user:${session.user.id}`, 'digital-identity']]);
    // Nothing left to review.
    assert.equal((await get(url(passportId, '/identity/shared'))).statusCode, 303);
    assert.match((await get(url(passportId, '?done=identity-confirmed'))).body, /Identity confirmed\./);
  });

  it('the expired-passport rule: a passport that has expired is warned about and right to work held back; another expired document is not', async () => {
    const { passportId, shared } = await person({ claims: { identityDocumentExpiryDate: '2020-01-31' } });
    assert.match((await get(url(passportId, '/identity/shared'))).body, /Their passport has expired/);
    const page = url(passportId, '/identity/shared/confirm');
    assert.match((await get(page)).body, /Their passport has expired/);
    const done = await post(page, page, { reviewed: shared.serialNumber, employmentType: 'Permanent or fixed term', checked: 'yes' });
    assert.equal(done.headers.location, url(passportId, '?done=identity-confirmed-passport-expired'));
    const h = (await passportHistory(db(), scope()).list(passportId)).find((x) => x.event === 'identity.confirmed')!;
    assert.deepEqual([h.details.passportExpired, h.details.rightToWorkAllowed], [true, false]);

    const licence = await person({ claims: { identityDocumentType: 'Driving licence', identityDocumentExpiryDate: '2020-01-31', GPG45profile: 'M1B', levelOfConfidence: 'Medium' } });
    const licencePage = url(licence.passportId, '/identity/shared/confirm');
    assert.doesNotMatch((await get(licencePage)).body, /Their passport has expired/);
    const ok = await post(licencePage, licencePage, { reviewed: licence.shared.serialNumber, employmentType: 'Permanent or fixed term', checked: 'yes' });
    assert.equal(ok.headers.location, url(licence.passportId, '?done=identity-confirmed'));
  });

  it("confirms an NHS identity credential from a previous trust: its details and the previous trust's assurance carry over", async () => {
    const { passportId, shared } = await person({ type: 'Identity' });
    const review = await get(url(passportId, '/identity/shared'));
    assert.match(review.body, /Hillside Community Healthcare NHS Trust verified this NHS identity credential/);
    const page = url(passportId, '/identity/shared/confirm');
    assert.equal((await post(page, page, { reviewed: shared.serialNumber, employmentType: 'Temporary mover', checked: 'yes' })).statusCode, 303);
    const identity = (await providedCredentials(db(), scope()).listForPassport(passportId)).find((c) => c.credentialType === 'Identity')!;
    assert.deepEqual(validateSubject('Identity', { ...identity.subject, dspId: shared.claims.dspId }), []);
    assert.equal((identity.subject.assurance as Record<string, string>).origin, 'Substantive NHS Employing Organisation');
  });

  it('rejects only with a reason (error summary, typed text kept); once; back to face to face, the shared identity cleared, the person emailed the reason', async () => {
    const { passportId, shared } = await person();
    const page = url(passportId, '/identity/shared/reject');
    const none = await post(page, page, { reviewed: shared.serialNumber, reason: '   ' });
    assert.equal(none.statusCode, 400);
    assert.match(none.body, /nhsuk-error-summary/);
    assert.match(none.body, /Enter why you are rejecting this identity credential/);
    const long = await post(page, page, { reviewed: shared.serialNumber, reason: `Photo unclear ${'x'.repeat(600)}` });
    assert.equal(long.statusCode, 400);
    assert.match(long.body, /Photo unclear x/);
    await unchanged(passportId);

    const reason = 'The photo does not look like the person who came to interview';
    const [a, b] = await Promise.all([post(page, page, { reviewed: shared.serialNumber, reason }), post(page, page, { reviewed: shared.serialNumber, reason })]);
    assert.deepEqual([a.statusCode, b.statusCode], [303, 303]);
    assert.ok([a.headers.location, b.headers.location].includes(url(passportId, '?done=shared-identity-rejected')));
    const after = (await staffPassports(db(), scope()).findById(passportId))!;
    assert.equal(after.status, 'appointment-needed');
    assert.deepEqual(await sharedIdentities(db(), scope()).of(passportId), { identity: undefined, route: 'face-to-face' });
    assert.equal((await providedCredentials(db(), scope()).listForPassport(passportId)).length, 0);
    const history = await passportHistory(db(), scope()).list(passportId);
    assert.deepEqual(history.map((h) => h.event), ['identity.rejected']);
    assert.equal(history[0]!.details.serialNumber, shared.serialNumber);
    assert.doesNotMatch(JSON.stringify(history), /interview/, 'the reason is not kept in the history');
    const audit = await listAudit(db(), session.organisation.id, { subject: passportId });
    assert.deepEqual(audit.map((x) => x.action), ['passport.shared-identity-rejected']);
    const emails = await outboxFor(after.email!, after.mobile!);
    assert.deepEqual(emails.map((m) => m.template), ['shared-identity-rejected-email']);
    assert.ok(emails[0]!.body.includes(reason));
    // The face-to-face route is offered; the review is gone.
    const passportPage = await get(url(passportId, '?done=shared-identity-rejected'));
    assert.match(passportPage.body, /Identity credential rejected/);
    assert.match(passportPage.body, /Create identity credential \(face to face\)/);
    assert.equal((await get(url(passportId, '/identity/shared/reject'))).statusCode, 303);
  });

  it('a review of a shared identity that has since changed does nothing', async () => {
    const { passportId } = await person();
    for (const [suffix, form] of [
      ['/identity/shared/confirm', { employmentType: 'Temporary mover', checked: 'yes' }],
      ['/identity/shared/reject', { reason: 'No' }],
    ] as const) {
      const page = url(passportId, suffix);
      const stale = await post(page, page, { ...form, reviewed: 'a-serial-number-hr-never-saw' });
      assert.equal(stale.headers.location, url(passportId, '?done=identity-changed'));
    }
    await unchanged(passportId);
  });

  it('a shared identity whose DSP unique identifier differs from the passport\'s cannot be confirmed (explained), only rejected', async () => {
    const { passportId, shared } = await person({ passportDspId: '0b5c3f86-9a63-4e53-8f0c-1f1f1f1f1f1f' });
    const review = await get(url(passportId, '/identity/shared'));
    assert.match(review.body, /This identity cannot be confirmed/);
    assert.match(review.body, /different DSP unique identifier/);
    assert.doesNotMatch(review.body, /Yes, I confirm this identity/);
    const page = url(passportId, '/identity/shared');
    assert.equal((await post(page, page, { decision: 'confirm' })).statusCode, 400);
    assert.equal((await get(url(passportId, '/identity/shared/confirm'))).headers.location, page);
    const confirm = url(passportId, '/identity/shared/confirm');
    const forced = await post(page, confirm, { reviewed: shared.serialNumber, employmentType: 'Temporary mover', checked: 'yes' });
    assert.equal(forced.headers.location, page);
    assert.equal((await providedCredentials(db(), scope()).listForPassport(passportId)).length, 0);
  });

  it("another trust's user gets 404 for every page and post (URL and form tampering); nothing changes", async () => {
    const { passportId, shared } = await person();
    const forms: Record<string, Record<string, string>> = {
      '/identity/shared': { decision: 'not-now' },
      '/identity/shared/confirm': { reviewed: shared.serialNumber, employmentType: 'Temporary mover', checked: 'yes' },
      '/identity/shared/reject': { reviewed: shared.serialNumber, reason: 'Tampering' },
    };
    for (const [suffix, form] of Object.entries(forms)) {
      assert.equal((await get(url(passportId, suffix), other)).statusCode, 404, suffix);
      const foreign = `/trusts/RIS02/employer/staff-passports/${passportId}${suffix}`;
      assert.equal((await get(foreign, other)).statusCode, 404, suffix);
      assert.equal((await post('/trusts/RIS02/employer/staff-passports/invite', foreign, form, other)).statusCode, 404, suffix);
    }
    await unchanged(passportId);
  });
});
