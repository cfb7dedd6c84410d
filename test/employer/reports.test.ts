// Reports over HTTP: the CSV exports (header row, RFC 4180 quoting, formula cells defused,
// attachment), the staff list's filters giving the same passports as the list's own search,
// credentials by status, revocations with reason and date, shares received (header only when nothing was shared; rows in test/employer/shared-credentials-review.test.ts), a bad
// filter (400, error summary, choices kept), each export audited without PII, keyset paging, and
// another trust's rows never appearing.
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { planProvision } from '../../src/core/passport/plan-provision.ts';
import type { StaffPassport } from '../../src/core/passport/staff-passport.ts';
import { appendAudit, listAudit } from '../../src/store/audit-log.ts';
import { passportHistory } from '../../src/store/passport-history.ts';
import { systemClock } from '../../src/platform/clock.ts';
import { schema } from '../../src/store/database.ts';
import { providedCredentials } from '../../src/store/provided-credentials.ts';
import { passportReportPages } from '../../src/store/reports.ts';
import { scopeOf, type OrganisationScope } from '../../src/store/scope.ts';
import { staffPassports } from '../../src/store/staff-passports.ts';
import { csrfFrom, testApp } from '../support/app.ts';
import { describeEachDatabase } from '../support/databases.ts';
import { addEmployerUser, signInEmployer, type EmployerTestSession } from '../support/employer-session.ts';

/** RFC 4180 parsing, enough for the tests: quoted fields, doubled quotes, CRLF. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { cell += '"'; i += 1; } else if (ch === '"') quoted = false; else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { row.push(cell); cell = ''; }
    else if (ch === '\r' && text[i + 1] === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; i += 1; }
    else cell += ch;
  }
  if (cell || row.length) { row.push(cell); rows.push(row); }
  return rows;
}

describeEachDatabase('employer portal: reports (CSV exports)', (database) => {
  let app: Awaited<ReturnType<typeof testApp>>;
  let senior: EmployerTestSession;
  let admin: EmployerTestSession;
  let other: EmployerTestSession;
  let n = 0;

  before(async () => {
    app = await testApp(database());
    senior = await signInEmployer(app, { ods: 'RRP01', userId: (await addEmployerUser(app, { ods: 'RRP01', role: 'senior-administrator' })).user.id });
    admin = await signInEmployer(app, { ods: 'RRP01', userId: (await addEmployerUser(app, { ods: 'RRP01', role: 'administrator', email: 'admin2@example.nhs.uk' })).user.id });
    other = await signInEmployer(app, { ods: 'RRP02', userId: (await addEmployerUser(app, { ods: 'RRP02', role: 'administrator' })).user.id });
  });

  const db = () => app.employerPortal.database.db;
  const scopeFor = (s: EmployerTestSession) => scopeOf(s.organisation.id);
  async function person(s: EmployerTestSession, givenName: string, familyName: string, status: StaffPassport['status'] = 'active'): Promise<StaffPassport> {
    n += 1;
    const added = await staffPassports(db(), scopeFor(s)).add({ givenName, familyName, email: `person${n}@example.nhs.uk`, mobile: `07700900${String(400 + n)}`, status });
    if (added.outcome !== 'added') throw new Error('not added');
    return added.passport;
  }
  async function credential(s: EmployerTestSession, p: StaffPassport, title: string) {
    const now = new Date();
    const subject = {
      positionTitle: title, workPatternDescription: 'Mondays', startDate: '2026-01-01', endDate: '2030-01-01', permanentEmployer: 'Somewhere', hostOrganisation: 'Host', hostOrganisationOds: 'RRP01',
      department: 'Dept', departmentContactName: 'Contact', departmentContactEmail: 'c@example.nhs.uk', hrContact: 'HR', approvedBy: 'Boss', licenceToAttend: false,
      assurance: { origin: 'o', assurancePolicy: 'p', assuranceOutcome: 'o', provider: 'p', verifier: 'v', verificationMethod: 'm', pedigree: 'Authoritative', lastRefresh: now.toISOString() },
    };
    const plan = planProvision([{ type: 'TemporaryPlacement', subject }], [], now);
    const [c] = await providedCredentials(db(), scopeFor(s)).provide(p.id, plan.provide, { source: 'manual', actor: 'user:test', now });
    return c!;
  }
  const get = (u: string, s: EmployerTestSession) => app.inject({ url: u, headers: { cookie: s.cookie } });
  async function download(report: string, form: Record<string, string> = {}, s = senior) {
    const ods = s.organisation.odsCode;
    const csrf = csrfFrom(await get(`/trusts/${ods}/employer/reports`, s));
    return app.inject({
      method: 'POST',
      url: `/trusts/${ods}/employer/reports/${report}`,
      headers: { cookie: `${s.cookie}; ${csrf.cookie}`, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: csrf.token, ...form }).toString(),
    });
  }

  let alice: StaffPassport;
  let bob: StaffPassport;
  let injected: StaffPassport;
  let invited: StaffPassport;
  let stranger: StaffPassport;

  before(async () => {
    alice = await person(senior, 'Alice', 'Zephyr');
    bob = await person(senior, 'Bob', 'Quill, Jr');
    injected = await person(senior, 'Eve', 'Mallory');
    invited = await person(senior, 'Ivy', 'Newcome', 'invited');
    stranger = await person(other, 'Otto', 'Elsewhere');
    await db().update(schema.staffPassports).set({ givenName: '=HYPERLINK("http://evil.example","x")', familyName: '+Mallory', esrAssignmentNumber: '-12345678', esrLinkState: 'unconfirmed' }).where(eq(schema.staffPassports.id, injected.id));
  });

  it('the Reports page, linked from the home page, is there for Senior and Portal Administrators, and describes shares received', async () => {
    for (const s of [senior, admin]) {
      const page = await get('/trusts/RRP01/employer/reports', s);
      assert.equal(page.statusCode, 200);
      assert.match((await get('/trusts/RRP01/employer', s)).body, /href="\/trusts\/RRP01\/employer\/reports"/);
      assert.match(page.body, /Credentials staff have shared with your organisation/);
    }
  });

  it('passports: header row, attachment, RFC 4180 quoting, formula cells defused, only this trust; audited without PII', async () => {
    const res = await download('passports', {}, admin);
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /^text\/csv/);
    assert.match(String(res.headers['content-disposition']), /^attachment; filename="passports-RRP01-\d{4}-\d{2}-\d{2}\.csv"$/);
    assert.match(res.body, /\r\n$/);
    const rows = parseCsv(res.body);
    assert.deepEqual(rows[0], ['Passport ID', 'First name', 'Last name', 'Email address', 'Mobile phone number', 'Status', 'Action needed', 'ESR assignment number', 'Connected to ESR', 'Created']);
    const ids = rows.slice(1).map((r) => r[0]);
    assert.deepEqual(new Set(ids), new Set([alice.id, bob.id, injected.id, invited.id]));
    assert.ok(!res.body.includes(stranger.id) && !res.body.includes('Elsewhere'));
    assert.match(res.body, /,"Quill, Jr",/);
    const evil = rows.find((r) => r[0] === injected.id)!;
    assert.equal(evil[1], `'=HYPERLINK("http://evil.example","x")`);
    assert.equal(evil[2], "'+Mallory");
    assert.equal(evil[7], "'-12345678");
    assert.equal(rows.find((r) => r[0] === alice.id)![6], 'Connect to ESR');
    const audit = (await listAudit(db(), admin.organisation.id, { action: 'report.exported' })).filter((a) => a.actor === `user:${admin.user.id}`);
    assert.equal(audit.length, 1);
    assert.deepEqual(audit[0]!.details, { report: 'passports', rows: 4, filters: { status: null, action: null, searched: false } });
    // Another trust's export has only its own row.
    const theirs = parseCsv((await download('passports', {}, other)).body);
    assert.deepEqual(theirs.slice(1).map((r) => r[0]), [stranger.id]);
  });

  it('passports with the staff list\'s filters: the same passports as its search; the search words are not audited', async () => {
    const scope = scopeFor(senior);
    const cases: Array<Record<string, string>> = [{ status: 'invited' }, { action: 'connect-esr' }, { q: 'zephyr' }, { q: 'ivy', status: 'active' }, { q: 'elsewhere' }];
    for (const form of cases) {
      const rows = parseCsv((await download('passports', form)).body).slice(1);
      const search = await staffPassports(db(), scope).search({ limit: 100, offset: 0, ...(form.q ? { query: form.q } : {}), ...(form.status ? { status: form.status as StaffPassport['status'] } : {}), ...(form.action ? { action: form.action as 'connect-esr' } : {}) });
      assert.deepEqual(new Set(rows.map((r) => r[0])), new Set(search.rows.map((r) => r.id)), JSON.stringify(form));
    }
    assert.deepEqual(parseCsv((await download('passports', { q: 'zephyr' })).body).slice(1).map((r) => r[0]), [alice.id]);
    assert.equal(parseCsv((await download('passports', { q: 'elsewhere' })).body).length, 1);
    const audit = await listAudit(db(), senior.organisation.id, { action: 'report.exported', limit: 1000 });
    assert.doesNotMatch(JSON.stringify(audit), /zephyr|ivy|elsewhere/i);
    assert.ok(audit.some((a) => (a.details.filters as Record<string, unknown>)?.searched === true));
  });

  it('a bad filter: the page again, 400, the error summary, what was typed kept; nothing audited', async () => {
    const before = (await listAudit(db(), senior.organisation.id, { action: 'report.exported', limit: 1000 })).length;
    const res = await download('passports', { status: 'nonsense', q: 'kept words' });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /nhsuk-error-summary/);
    assert.match(res.body, /Select a status from the list/);
    assert.match(res.body, /value="kept words"/);
    const bad = await download('credentials', { state: 'lost' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /Select a credential status from the list/);
    assert.equal((await listAudit(db(), senior.organisation.id, { action: 'report.exported', limit: 1000 })).length, before);
  });

  it('credentials by status and revocations (reason and date); shares received is the header row only when nothing was shared; never another trust\'s', async () => {
    const pending = await credential(senior, alice, 'Pending placement');
    const revoked = await credential(senior, bob, 'Revoked placement');
    const theirs = await credential(other, stranger, 'Their placement');
    const credentials = providedCredentials(db(), scopeFor(senior));
    const at = new Date('2026-05-04T10:00:00Z');
    assert.equal((await credentials.transition(revoked.id, 'accept', { now: at, serialNumber: '3f1c2b4a-5d6e-4f70-8a9b-0c1d2e3f4a5b' })).outcome, 'changed');
    assert.equal((await credentials.transition(revoked.id, 'revoke', { now: at, reason: 'LeavingOrganisation' })).outcome, 'changed');

    const all = parseCsv((await download('credentials')).body);
    assert.equal(all[0]![0], 'Credential ID');
    assert.deepEqual(new Set(all.slice(1).map((r) => r[0])), new Set([pending.id, revoked.id]));
    const onlyPending = parseCsv((await download('credentials', { state: 'pending' })).body).slice(1);
    assert.deepEqual(onlyPending.map((r) => [r[0], r[4], r[6]]), [[pending.id, 'Temporary placement', 'Pending']]);

    const revocations = parseCsv((await download('revocations')).body);
    assert.deepEqual(revocations[0], ['Credential ID', 'Passport ID', 'First name', 'Last name', 'Credential', 'Type', 'Reason', 'Revoked']);
    assert.deepEqual(revocations.slice(1), [[revoked.id, bob.id, 'Bob', 'Quill, Jr', 'Temporary placement', 'TemporaryPlacement', 'LeavingOrganisation', at.toISOString()]]);
    assert.ok(!(await download('credentials', {}, senior)).body.includes(theirs.id));

    const shares = await download('shares-received');
    assert.equal(shares.statusCode, 200);
    assert.match(String(shares.headers['content-disposition']), /^attachment; filename="shares-received-RRP01-/);
    assert.equal(shares.body, 'Passport ID,First name,Last name,Credential,Issued by,Shared,Review status,Reviewed\r\n', 'nothing shared with this trust');
    const audit = await listAudit(db(), senior.organisation.id, { action: 'report.exported', limit: 1000 });
    const last = audit.filter((a) => a.subject === 'report:revocations').at(-1)!;
    assert.deepEqual(last.details, { report: 'revocations', rows: 1, filters: {} });
  });

  it('pages by keyset: every row once, a page at a time', async () => {
    const scope: OrganisationScope = scopeFor(senior);
    const pages: string[][] = [];
    for await (const page of passportReportPages(db(), scope, {}, 2)) pages.push(page.map((r) => r.id));
    assert.ok(pages.every((p) => p.length <= 2));
    assert.ok(pages.length >= 2);
    const ids = pages.flat();
    assert.equal(new Set(ids).size, ids.length);
    assert.deepEqual(new Set(ids), new Set([alice.id, bob.id, injected.id, invited.id]));
  });

  it('a person\'s history and audit view: linked from the passport page, their entries only, another trust gets 404', async () => {
    const scope = scopeFor(senior);
    await passportHistory(db(), scope).record([{ passportId: alice.id, event: 'credential.provided', actor: `user:${senior.user.id}`, at: new Date(), credentialId: null, details: {} }]);
    await appendAudit(db(), { organisationId: senior.organisation.id, actor: `user:${senior.user.id}`, action: 'passport.test-alice', subject: alice.id, correlationId: 'corr-alice' }, systemClock);
    await appendAudit(db(), { organisationId: senior.organisation.id, actor: `user:${senior.user.id}`, action: 'passport.test-bob', subject: bob.id, correlationId: 'corr-bob' }, systemClock);
    const passportPage = await get(`/trusts/RRP01/employer/staff-passports/${alice.id}`, admin);
    assert.match(passportPage.body, new RegExp(`href="/trusts/RRP01/employer/staff-passports/${alice.id}/audit"`));
    const view = await get(`/trusts/RRP01/employer/staff-passports/${alice.id}/audit`, admin);
    assert.equal(view.statusCode, 200);
    assert.match(view.body, /History and audit/);
    assert.match(view.body, /passport\.test-alice/);
    assert.match(view.body, /corr-alice/);
    assert.doesNotMatch(view.body, /passport\.test-bob/);
    assert.match(view.body, /id="full-history"/);
    assert.equal((await get(`/trusts/RRP01/employer/staff-passports/${alice.id}/audit`, other)).statusCode, 404);
    assert.equal((await get(`/trusts/RRP02/employer/staff-passports/${alice.id}/audit`, other)).statusCode, 404);
  });

  it('another trust\'s user gets the 404 page for this trust\'s reports', async () => {
    assert.equal((await get('/trusts/RRP01/employer/reports', other)).statusCode, 404);
  });
});
