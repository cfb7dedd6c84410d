// E12 temporary placement credential over HTTP: each page's NHS error summary keeping what was
// typed (end date after start, the position number or "I do not know"), the answers carried page
// to page as hidden fields (never in the URL), the check page's Change, providing once on a
// double submit (a valid TemporaryPlacement subject, pending, history, audit without PII, the
// email and text), and another trust's user (404).
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { validateSubject } from '../../src/core/credentials/validate-subject.ts';
import type { StaffPassport } from '../../src/core/passport/staff-passport.ts';
import { listOutbox } from '../../src/integrations/notify/index.ts';
import { listAudit } from '../../src/store/audit-log.ts';
import { addOrganisation } from '../../src/store/organisations.ts';
import { passportHistory } from '../../src/store/passport-history.ts';
import { providedCredentials } from '../../src/store/provided-credentials.ts';
import { scopeOf } from '../../src/store/scope.ts';
import { staffPassports } from '../../src/store/staff-passports.ts';
import { csrfFrom, testApp } from '../support/app.ts';
import { describeEachDatabase } from '../support/databases.ts';
import { addEmployerUser, signInEmployer, type EmployerTestSession } from '../support/employer-session.ts';

export const POSITION = {
  positionTitle: 'Specialty registrar', positionNumber: '', positionNumberUnknown: 'yes', workPattern: 'Two days a week in the outpatient clinic',
  'startDate-day': '1', 'startDate-month': '9', 'startDate-year': '2026', 'endDate-day': '31', 'endDate-month': '3', 'endDate-year': '2027',
};
export const DEPARTMENT = {
  permanentEmployer: 'other', permanentEmployerOther: 'Northfield Lead Employer', department: 'Dermatology', departmentContactName: 'Priya Shah',
  departmentContactEmail: 'priya.shah@example.nhs.uk', departmentContactTelephone: '', hrContact: 'Medical staffing', approvedBy: 'Dr Lee', additionalInformation: '',
};

describeEachDatabase('employer portal: temporary placement credential (E12)', (database) => {
  let app: Awaited<ReturnType<typeof testApp>>;
  let session: EmployerTestSession;
  let other: EmployerTestSession;
  let n = 0;

  before(async () => {
    app = await testApp(database());
    session = await signInEmployer(app, { ods: 'RTP01', userId: (await addEmployerUser(app, { ods: 'RTP01', role: 'administrator' })).user.id });
    other = await signInEmployer(app, { ods: 'RTP02', userId: (await addEmployerUser(app, { ods: 'RTP02', role: 'administrator' })).user.id });
    await addOrganisation(app.employerPortal.database.db, { odsCode: 'RTP09', name: 'Westbank Hospitals', kind: 'trust' });
  });

  const db = () => app.employerPortal.database.db;
  const scope = () => scopeOf(session.organisation.id);
  const url = (p: StaffPassport, s = '') => `/trusts/RTP01/employer/staff-passports/${p.id}/temporary-placement${s}`;
  async function person(): Promise<StaffPassport> {
    n += 1;
    const added = await staffPassports(db(), scope()).add({ givenName: 'Tomas', familyName: 'Reyes', email: `tomas${n}@example.nhs.uk`, mobile: `07700900${String(300 + n)}`, status: 'active' });
    if (added.outcome !== 'added') throw new Error('not added');
    return added.passport;
  }
  const get = (u: string, s = session) => app.inject({ url: u, headers: { cookie: s.cookie } });
  async function post(p: StaffPassport, form: Record<string, string>, s = session) {
    const csrf = csrfFrom(await get(url(p), s));
    const body = new URLSearchParams({ _csrf: csrf.token, ...form });
    return app.inject({ method: 'POST', url: url(p), headers: { cookie: `${s.cookie}; ${csrf.cookie}`, 'content-type': 'application/x-www-form-urlencoded' }, payload: body.toString() });
  }

  it('explains eligibility first, then asks for the position', async () => {
    const p = await person();
    const page = await get(url(p));
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /unpaid temporary arrangements/);
    assert.match(page.body, /employment assignment credentials only/);
    const position = await post(p, { step: 'eligibility' });
    assert.equal(position.statusCode, 200);
    assert.match(position.body, /<h1>Position details<\/h1>/);
    assert.match(position.body, /I do not know the position number/);
  });

  it('each page: the error summary, 400, what was typed kept; the end date must be after the start', async () => {
    const p = await person();
    const bad = await post(p, { step: 'position', ...POSITION, positionNumberUnknown: '', 'endDate-year': '2025' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /nhsuk-error-summary/);
    assert.match(bad.body, /Enter the position number or select &quot;I do not know the position number&quot;/);
    assert.match(bad.body, /The end date must be after the start date/);
    assert.match(bad.body, /value="Specialty registrar"/);
    assert.match(bad.body, /Two days a week in the outpatient clinic/);
    const badDate = await post(p, { step: 'position', ...POSITION, 'startDate-day': '31', 'startDate-month': '2' });
    assert.equal(badDate.statusCode, 400);
    assert.match(badDate.body, /Enter a real start date/);

    const department = await post(p, { step: 'position', ...POSITION });
    assert.equal(department.statusCode, 200);
    assert.match(department.body, /<h1>Department details<\/h1>/);
    // The host is this trust; the list offers other trusts and Other.
    assert.match(department.body, /Test Trust RTP01/);
    assert.match(department.body, /<option value="RTP09"[^>]*>Westbank Hospitals<\/option>/);
    assert.match(department.body, /<option value="other"/);
    // The position answers travel as hidden fields.
    assert.match(department.body, /type="hidden" name="positionTitle" value="Specialty registrar"/);
    const badDept = await post(p, { step: 'department', ...POSITION, ...DEPARTMENT, permanentEmployerOther: '', departmentContactEmail: 'not an email', departmentContactTelephone: 'call me' });
    assert.equal(badDept.statusCode, 400);
    for (const m of ['Enter the name of the permanent employer', 'Enter an email address in the correct format', 'Enter a telephone number']) assert.match(badDept.body, new RegExp(m));
    assert.match(badDept.body, /value="Dermatology"/);
    // A tampered hidden field from an earlier page sends you back to that page.
    const tampered = await post(p, { step: 'department', ...POSITION, positionTitle: '', ...DEPARTMENT });
    assert.equal(tampered.statusCode, 400);
    assert.match(tampered.body, /<h1>Position details<\/h1>/);

    const licence = await post(p, { step: 'department', ...POSITION, ...DEPARTMENT });
    assert.match(licence.body, /<h1>Licence to attend<\/h1>/);
    const noLicence = await post(p, { step: 'licence', ...POSITION, ...DEPARTMENT });
    assert.equal(noLicence.statusCode, 400);
    assert.match(noLicence.body, /Select whether this is a Licence to attend/);
    assert.equal((await providedCredentials(db(), scope()).listForPassport(p.id)).length, 0);
  });

  it('check answers with Change, then provides once on a double submit: a valid subject, pending, history, audit without PII, email and text', async () => {
    const p = await person();
    const all = { ...POSITION, ...DEPARTMENT, permanentEmployer: 'RTP09', permanentEmployerOther: '', licenceToAttend: 'yes' };
    const check = await post(p, { step: 'licence', ...all });
    assert.equal(check.statusCode, 200);
    assert.match(check.body, /Check the temporary placement details/);
    assert.match(check.body, /Westbank Hospitals/);
    assert.match(check.body, /1 September 2026/);
    assert.match(check.body, /Yes, under the DSP terms and conditions/);
    // Change the position, which returns to check answers.
    const change = await post(p, { step: 'check', goto: 'position', ...all });
    assert.match(change.body, /<h1>Position details<\/h1>/);
    assert.match(change.body, /name="fromCheck" value="yes"/);
    const back = await post(p, { step: 'position', fromCheck: 'yes', ...all, positionNumberUnknown: '', positionNumber: 'P-1234' });
    assert.match(back.body, /Check the temporary placement details/);
    assert.match(back.body, /P-1234/);

    const confirmed = { step: 'check', ...all, positionNumberUnknown: '', positionNumber: 'P-1234' };
    const [a, b] = await Promise.all([post(p, confirmed), post(p, confirmed)]);
    assert.equal(a.statusCode, 303);
    assert.equal(b.statusCode, 303);
    assert.equal(a.headers.location, url(p, '/done'));
    assert.doesNotMatch(a.headers.location!, /Specialty|P-1234/);
    const credentials = await providedCredentials(db(), scope()).listForPassport(p.id);
    assert.equal(credentials.length, 1);
    const c = credentials[0]!;
    assert.equal(c.credentialType, 'TemporaryPlacement');
    assert.equal(c.state, 'pending');
    assert.equal(c.providedBy, `user:${session.user.id}`);
    const after = (await staffPassports(db(), scope()).findById(p.id))!;
    assert.ok(after.dspId);
    assert.deepEqual(validateSubject('TemporaryPlacement', { ...c.subject, dspId: after.dspId }), []);
    assert.equal(c.subject.positionNumber, 'P-1234');
    assert.equal(c.subject.permanentEmployer, 'Westbank Hospitals');
    assert.equal(c.subject.permanentEmployerOds, 'RTP09');
    assert.equal(c.subject.hostOrganisationOds, 'RTP01');
    assert.equal(c.subject.licenceToAttend, true);
    assert.equal(c.subject.endDate, '2027-03-31');
    assert.ok(!('departmentContactTelephone' in c.subject));
    const history = await passportHistory(db(), scope()).list(p.id);
    assert.deepEqual(history.map((h) => h.event), ['credential.provided']);
    const audit = await listAudit(db(), session.organisation.id, { subject: p.id });
    assert.deepEqual(audit.map((x) => x.action), ['credentials.provided']);
    assert.doesNotMatch(JSON.stringify(audit[0]!.details), /Priya|Dermatology|Specialty|example\.nhs\.uk/);
    const outbox = (await listOutbox(db(), { organisationId: session.organisation.id, pageSize: 200 })).messages.filter((m) => m.recipient === p.email || m.recipient === p.mobile);
    assert.deepEqual(outbox.map((m) => m.template).sort(), ['credentials-provided-email', 'credentials-provided-sms']);
    const done = await get(url(p, '/done'));
    assert.match(done.body, /Temporary placement credential provided/);
  });

  it('another trust cannot see or use the pages for this trust\'s passport', async () => {
    const p = await person();
    assert.equal((await get(url(p), other)).statusCode, 404);
    const otherUrl = `/trusts/RTP02/employer/staff-passports/${p.id}/temporary-placement`;
    assert.equal((await get(otherUrl, other)).statusCode, 404);
    assert.equal((await providedCredentials(db(), scope()).listForPassport(p.id)).length, 0);
  });
});
