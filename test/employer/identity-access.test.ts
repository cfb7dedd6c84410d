// Identity and access over HTTP (DOMAIN.md E5): the face-to-face form's validation (error summary,
// what was typed kept), the identity credential and access key provided once on a double submit,
// the expired-passport rule, declining with a mandatory reason, and another trust's user (404).
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { listOutbox } from '../../src/integrations/notify/index.ts';
import { listAudit } from '../../src/store/audit-log.ts';
import { passportHistory } from '../../src/store/passport-history.ts';
import { passportPhotos } from '../../src/store/passport-photos.ts';
import { photoFormat, processPhoto } from '../../src/core/passport/photo.ts';
import { testJpeg, testPng } from '../support/test-images.ts';
import jpeg from 'jpeg-js';
import { providedCredentials } from '../../src/store/provided-credentials.ts';
import { scopeOf } from '../../src/store/scope.ts';
import { staffPassports } from '../../src/store/staff-passports.ts';
import { validateSubject } from '../../src/core/credentials/validate-subject.ts';
import type { StaffPassport } from '../../src/core/passport/staff-passport.ts';
import { csrfFrom, testApp } from '../support/app.ts';
import { describeEachDatabase } from '../support/databases.ts';
import { addEmployerUser, signInEmployer, type EmployerTestSession } from '../support/employer-session.ts';

const FORM = {
  firstName: 'Amara', lastName: 'Okoye', 'birthDate-day': '3', 'birthDate-month': '7', 'birthDate-year': '1991', legalGender: 'Female', nationality: 'British',
  addressLine1: '1 Mill Lane', townOrCity: 'Riverside', postcode: 'rv1 4qt', employmentType: 'Permanent or fixed term', checked: 'yes',
};

describeEachDatabase('employer portal: identity and access (E5)', (database) => {
  let app: Awaited<ReturnType<typeof testApp>>;
  let session: EmployerTestSession;
  let other: EmployerTestSession;
  let n = 0;

  before(async () => {
    app = await testApp(database());
    session = await signInEmployer(app, { ods: 'RIA01', userId: (await addEmployerUser(app, { ods: 'RIA01', role: 'administrator' })).user.id });
    other = await signInEmployer(app, { ods: 'RIA02', userId: (await addEmployerUser(app, { ods: 'RIA02', role: 'administrator' })).user.id });
  });

  const db = () => app.employerPortal.database.db;
  const scope = () => scopeOf(session.organisation.id);
  const url = (p: StaffPassport, s: string) => `/trusts/RIA01/employer/staff-passports/${p.id}${s}`;
  async function person(): Promise<StaffPassport> {
    n += 1;
    const added = await staffPassports(db(), scope()).add({ givenName: 'Amara', familyName: 'Okoye', email: `amara${n}@example.nhs.uk`, mobile: `07700900${String(200 + n)}`, status: 'signed-up' });
    if (added.outcome !== 'added') throw new Error('not added');
    return added.passport;
  }
  const get = (u: string, s = session) => app.inject({ url: u, headers: { cookie: s.cookie } });
  async function post(pageUrl: string, u: string, form: Record<string, string>, s = session, csrfSession = s) {
    const csrf = csrfFrom(await get(pageUrl, csrfSession));
    const body = new URLSearchParams({ _csrf: csrf.token, ...form });
    return app.inject({ method: 'POST', url: u, headers: { cookie: `${s.cookie}; ${csrf.cookie}`, 'content-type': 'application/x-www-form-urlencoded' }, payload: body.toString() });
  }

  it('rejects a bad face-to-face form with the error summary, keeping what was typed; provides nothing', async () => {
    const p = await person();
    const page = url(p, '/identity/face-to-face');
    const bad = await post(page, page, { ...FORM, lastName: '', 'birthDate-day': '31', 'birthDate-month': '2', legalGender: 'Robot', checked: '', postcode: '!!' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /nhsuk-error-summary/);
    for (const m of ['Enter their last name', 'Date of birth must be a real date', 'Select their legal gender', 'Enter a real postcode', 'Confirm you have checked the original documents in person']) assert.match(bad.body, new RegExp(m));
    assert.match(bad.body, /value="1 Mill Lane"/);
    assert.match(bad.body, /value="British"/);
    assert.equal((await providedCredentials(db(), scope()).listForPassport(p.id)).length, 0);
    assert.equal((await staffPassports(db(), scope()).findById(p.id))?.status, 'signed-up');
  });

  it('confirms identity face to face: Identity and AccessKey pending (valid subjects, one dspId), the access-key email and SMS, history and audit; a double submit acts once', async () => {
    const p = await person();
    const page = url(p, '/identity/face-to-face');
    const [a, b] = await Promise.all([post(page, page, FORM), post(page, page, FORM)]);
    assert.equal(a.statusCode, 303);
    assert.equal(b.statusCode, 303);
    const credentials = await providedCredentials(db(), scope()).listForPassport(p.id);
    assert.deepEqual(credentials.map((c) => c.credentialType).sort(), ['AccessKey', 'Identity']);
    assert.ok(credentials.every((c) => c.state === 'pending' && c.source === 'manual' && c.providedBy === `user:${session.user.id}`));
    const after = (await staffPassports(db(), scope()).findById(p.id))!;
    assert.equal(after.status, 'credentials-pending');
    assert.equal(after.employmentType, 'Permanent or fixed term');
    assert.ok(after.dspId);
    const identity = credentials.find((c) => c.credentialType === 'Identity')!;
    assert.deepEqual(validateSubject('Identity', { ...identity.subject, dspId: after.dspId }), []);
    assert.equal(identity.subject.birthDate, '1991-07-03');
    assert.equal(identity.subject.photograph, undefined, 'no photo given, none taken');
    assert.equal((identity.subject.assurance as Record<string, string>).verificationMethod, 'Document Verification');
    const outbox = (await listOutbox(db(), { organisationId: session.organisation.id, pageSize: 200 })).messages.filter((m) => m.recipient === p.email || m.recipient === p.mobile);
    assert.deepEqual(outbox.map((m) => m.template).sort(), ['access-key-ready-email', 'access-key-ready-sms']);
    assert.match(JSON.stringify(outbox), /\/trusts\/RIA01\/employee\//);
    const history = await passportHistory(db(), scope()).list(p.id);
    assert.deepEqual(history.map((h) => h.event).sort(), ['credential.provided', 'credential.provided', 'identity.confirmed']);
    const audit = await listAudit(db(), session.organisation.id, { subject: p.id });
    assert.deepEqual(audit.map((x) => [x.action, x.actor]), [['passport.identity-confirmed', `user:${session.user.id}`]]);
    assert.match((await get(url(p, '?done=identity-confirmed'))).body, /Identity confirmed\./);
    // The form is no longer offered.
    assert.equal((await get(page)).statusCode, 303);
  });

  /** Posts the form as multipart (as the page does), with a photo file or none. */
  async function postWithPhoto(page: string, form: Record<string, string>, photo: { name: string; type: string; data: Uint8Array } | undefined, csrf = true) {
    const token = csrfFrom(await get(page));
    const body = new FormData();
    if (csrf) body.append('_csrf', token.token);
    for (const [k, v] of Object.entries(form)) body.append(k, v);
    body.append('photo', photo ? new Blob([new Uint8Array(photo.data)], { type: photo.type }) : new Blob([]), photo?.name ?? '');
    return app.inject({ method: 'POST', url: page, headers: { cookie: `${session.cookie}; ${token.cookie}` }, payload: body });
  }
  const identityOf = async (p: StaffPassport) => (await providedCredentials(db(), scope()).listForPassport(p.id)).find((c) => c.credentialType === 'Identity');

  it("E5.5 photo: the person's own from sign-up is shown and goes into the Identity credential; HR's upload replaces it; a wrong file is refused beside the field", async () => {
    // The person gave a photo at sign-up (S1.7).
    const own = await person();
    const ownPhoto = processPhoto(testJpeg(300, 400));
    assert.ok(ownPhoto.ok);
    await passportPhotos(db(), scope()).put(own.id, ownPhoto, 'staff', new Date());
    const ownPage = url(own, '/identity/face-to-face');
    const shown = await get(ownPage);
    assert.match(shown.body, /enctype="multipart\/form-data"/);
    assert.match(shown.body, new RegExp(`<img id="saved-photo" src="data:image/jpeg;base64,${ownPhoto.jpeg.toString('base64').slice(0, 40).replace(/[+/]/g, '\\$&')}`));
    assert.match(shown.body, /gave when signing up/);
    assert.equal((await postWithPhoto(ownPage, FORM, undefined)).statusCode, 303);
    const fromOwn = await identityOf(own);
    assert.ok(fromOwn);
    assert.equal(fromOwn.subject.photograph, ownPhoto.jpeg.toString('base64'));
    const after = (await staffPassports(db(), scope()).findById(own.id))!;
    assert.deepEqual(validateSubject('Identity', { ...fromOwn.subject, dspId: after.dspId }), []);

    // No photo at sign-up: HR uploads one. A wrong file first (400 beside the field, what was typed kept), then a
    // PNG with a mistake elsewhere: it comes back with the page and is used when the form is put right.
    const none = await person();
    const page = url(none, '/identity/face-to-face');
    assert.match((await get(page)).body, /did not give a photo/);
    const wrong = await postWithPhoto(page, FORM, { name: 'scan.pdf', type: 'application/pdf', data: Buffer.from('%PDF-1.4') });
    assert.equal(wrong.statusCode, 400);
    assert.match(wrong.body, /href="#photo"[^>]*>\s*The selected file must be a JPEG, PNG or BMP image/);
    assert.match(wrong.body, /value="1 Mill Lane"/);
    // Without the CSRF token nothing happens.
    assert.equal((await postWithPhoto(page, FORM, { name: 'me.png', type: 'image/png', data: testPng(600, 800) }, false)).statusCode, 403);
    const mistake = await postWithPhoto(page, { ...FORM, lastName: '' }, { name: 'me.png', type: 'image/png', data: testPng(600, 800) });
    assert.equal(mistake.statusCode, 400);
    assert.match(mistake.body, /<img id="chosen-photo" src="data:image\/jpeg;base64,/);
    const pending = /name="photoPending" value="([^"]+)"/.exec(mistake.body)?.[1];
    assert.ok(pending);
    assert.equal(await identityOf(none), undefined);
    assert.equal((await postWithPhoto(page, { ...FORM, photoPending: pending }, undefined)).statusCode, 303);
    const fromHr = await identityOf(none);
    assert.ok(fromHr && typeof fromHr.subject.photograph === 'string');
    const image = Buffer.from(fromHr.subject.photograph, 'base64');
    assert.equal(photoFormat(image), 'jpeg');
    const decoded = jpeg.decode(image, { useTArray: true });
    assert.deepEqual([decoded.width, decoded.height], [450, 600]);
    assert.equal((await passportPhotos(db(), scope()).of(none.id))?.source, 'hr');

    // HR's upload replaces the person's own, in the credential and on the passport.
    const both = await person();
    await passportPhotos(db(), scope()).put(both.id, ownPhoto, 'staff', new Date());
    assert.equal((await postWithPhoto(url(both, '/identity/face-to-face'), FORM, { name: 'hr.jpg', type: 'image/jpeg', data: testJpeg(200, 300) })).statusCode, 303);
    const replaced = await identityOf(both);
    assert.ok(replaced && typeof replaced.subject.photograph === 'string');
    assert.notEqual(replaced.subject.photograph, ownPhoto.jpeg.toString('base64'));
    const kept = await passportPhotos(db(), scope()).of(both.id);
    assert.deepEqual([kept?.source, kept?.width, kept?.height, kept?.jpeg.toString('base64')], ['hr', 200, 300, replaced.subject.photograph]);
  });

  it('the expired-passport rule: a warning first, then the identity credential with right to work held back', async () => {
    const p = await person();
    const page = url(p, '/identity/face-to-face');
    const form = { ...FORM, 'documentExpiry-day': '1', 'documentExpiry-month': '1', 'documentExpiry-year': '2020' };
    const warned = await post(page, page, form);
    assert.equal(warned.statusCode, 200);
    assert.match(warned.body, /Their passport has expired/);
    assert.match(warned.body, /name="expiredAcknowledged" value="yes"/);
    assert.equal((await providedCredentials(db(), scope()).listForPassport(p.id)).length, 0);
    const done = await post(page, page, { ...form, expiredAcknowledged: 'yes' });
    assert.equal(done.statusCode, 303);
    assert.match(done.headers.location!, /identity-confirmed-passport-expired/);
    const h = (await passportHistory(db(), scope()).list(p.id)).find((x) => x.event === 'identity.confirmed')!;
    assert.equal(h.details.rightToWorkAllowed, false);
  });

  it('declines access only with a reason; once; the person is emailed the reason', async () => {
    const p = await person();
    const page = url(p, '/decline-access');
    const none = await post(page, page, { details: 'typed words' });
    assert.equal(none.statusCode, 400);
    assert.match(none.body, /Select why you are declining access/);
    assert.match(none.body, /typed words/);
    const [a, b] = await Promise.all([post(page, page, { reason: 'identity-not-confirmed', details: 'Documents did not match' }), post(page, page, { reason: 'identity-not-confirmed' })]);
    assert.equal(a.statusCode, 303);
    assert.equal(b.statusCode, 303);
    assert.equal((await staffPassports(db(), scope()).findById(p.id))?.status, 'identity-declined');
    assert.equal((await passportHistory(db(), scope()).list(p.id)).filter((h) => h.event === 'access.declined').length, 1);
    assert.equal((await listAudit(db(), session.organisation.id, { subject: p.id })).filter((x) => x.action === 'passport.access-declined').length, 1);
    const emails = (await listOutbox(db(), { organisationId: session.organisation.id, pageSize: 200 })).messages.filter((m) => m.recipient === p.email);
    assert.deepEqual(emails.map((m) => m.template), ['access-declined-email']);
  });

  it("another trust's user gets 404 for the pages and the posts (URL and form tampering)", async () => {
    const p = await person();
    for (const s of ['/identity/face-to-face', '/decline-access']) {
      assert.equal((await get(url(p, s), other)).statusCode, 404);
      const foreign = `/trusts/RIA02/employer/staff-passports/${p.id}${s}`;
      assert.equal((await get(foreign, other)).statusCode, 404);
      const tampered = await post('/trusts/RIA02/employer/staff-passports/invite', foreign, s === '/decline-access' ? { reason: 'other' } : FORM, other);
      assert.equal(tampered.statusCode, 404);
    }
    assert.equal((await staffPassports(db(), scope()).findById(p.id))?.status, 'signed-up');
    assert.equal((await providedCredentials(db(), scope()).listForPassport(p.id)).length, 0);
  });
});
