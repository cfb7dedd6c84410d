// System Management pages (DOMAIN.md E3, D41) through HTTP: senior-only, tenant-isolated,
// validated with kept values, idempotent on a double submit, audited with the user as actor, and
// the last run of each scheduled trust job shown.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { describeEachDatabase } from '../../../../test/support/databases.ts';
import { csrfFrom, testApp } from '../../../../test/support/app.ts';
import { addEmployerUser, signInEmployer, type EmployerTestSession } from '../../../../test/support/employer-session.ts';
import { listAudit } from '../../../store/audit-log.ts';
import { credentialsRequiredChecklists } from '../../../store/credentials-required-checklists.ts';
import { jobRuns } from '../../../store/job-runs.ts';
import { findOrganisationByOds } from '../../../store/organisations.ts';
import { scopeOf } from '../../../store/scope.ts';
import { trustSettings } from '../../../store/trust-settings.ts';

describeEachDatabase('employer portal: system management', (database) => {
  let app: Awaited<ReturnType<typeof testApp>>;
  before(async () => {
    app = await testApp(database());
  });
  after(() => app.close());

  async function session(ods: string, role: 'administrator' | 'senior-administrator'): Promise<EmployerTestSession> {
    const { user } = await addEmployerUser(app, { ods, role });
    return signInEmployer(app, { ods, userId: user.id });
  }

  /** Posts a form as a browser would: the session cookie, a real CSRF cookie and token. */
  async function post(s: EmployerTestSession, url: string, fields: Record<string, string | string[]>) {
    const page = await app.inject({ url: `/trusts/${s.organisation.odsCode}/employer`, headers: { cookie: s.cookie } });
    const { token, cookie } = csrfFrom(page);
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) body.append(k, one);
    body.append('_csrf', token);
    return app.inject({ method: 'POST', url, headers: { cookie: `${s.cookie}; ${cookie}`, 'content-type': 'application/x-www-form-urlencoded' }, payload: body.toString() });
  }

  const get = (s: EmployerTestSession, url: string) => app.inject({ url, headers: { cookie: s.cookie } });
  const audit = async (orgId: string, action: string) => listAudit(database().db, orgId, { action });

  it('a Portal Administrator gets 403 on every System Management page, GET and POST, and changes nothing', async () => {
    const senior = await session('SMA', 'senior-administrator');
    const checklist = await credentialsRequiredChecklists(database().db, scopeOf(senior.organisation.id)).add(
      { staffGroup: 'Medical and Dental', jobRole: null, employmentType: null, credentialTypes: ['Identity'] },
      'user:test',
    );
    const id = checklist.checklist.id;
    const pa = await session('SMA', 'administrator');
    const base = '/trusts/SMA/employer/system-management';
    const gets = ['', '/organisation', '/mailboxes/hr', '/mailboxes/hr/remove', '/auto-provide', '/checklists', '/checklists/new', `/checklists/${id}`, `/checklists/${id}/delete`];
    for (const path of gets) {
      const res = await get(pa, base + path);
      assert.equal(res.statusCode, 403, `GET ${path}`);
      assert.match(res.body, /You cannot view this page/);
    }
    const posts: Array<[string, Record<string, string | string[]>]> = [
      ['/organisation', { name: 'Renamed by a PA' }],
      ['/mailboxes/hr', { email: 'hr@sma.example.nhs.uk', weeklySummary: 'yes' }],
      ['/mailboxes/hr/remove', {}],
      ['/auto-provide', { autoProvide: 'on' }],
      ['/checklists/new', { staffGroup: 'Estates and Ancillary', credentialTypes: ['Identity'] }],
      [`/checklists/${id}`, { staffGroup: 'Medical and Dental', credentialTypes: ['RightToWork'] }],
      [`/checklists/${id}/delete`, {}],
    ];
    for (const [path, fields] of posts) assert.equal((await post(pa, base + path, fields)).statusCode, 403, `POST ${path}`);
    const db = database().db;
    assert.equal((await findOrganisationByOds(db, 'SMA'))?.name, 'Test Trust SMA');
    assert.deepEqual(await trustSettings(db, scopeOf(senior.organisation.id)).mailboxes(), []);
    assert.equal((await trustSettings(db, scopeOf(senior.organisation.id)).get()).autoProvide, false);
    const lists = await credentialsRequiredChecklists(db, scopeOf(senior.organisation.id)).list();
    assert.deepEqual(lists.map((c) => c.credentialTypes), [['Identity']]);
    // The senior administrator sees the page.
    assert.equal((await get(senior, base)).statusCode, 200);
  });

  it("another trust's senior administrator gets 404 for this trust's pages, and cannot reach its checklists by id", async () => {
    const a = await session('SMB', 'senior-administrator');
    const b = await session('SMC', 'senior-administrator');
    const db = database().db;
    const aChecklist = (await credentialsRequiredChecklists(db, scopeOf(a.organisation.id)).add({ staffGroup: 'Healthcare Scientists', jobRole: null, employmentType: null, credentialTypes: ['DBSCheck'] }, 'user:test')).checklist;
    const aBase = '/trusts/SMB/employer/system-management';
    for (const path of ['', '/organisation', '/auto-provide', '/checklists', `/checklists/${aChecklist.id}`]) {
      const res = await get(b, aBase + path);
      assert.equal(res.statusCode, 404, `GET ${path}`);
      assert.doesNotMatch(res.body, /Test Trust SMB/);
    }
    // Form tampering: B's own URLs with A's checklist id.
    const bBase = '/trusts/SMC/employer/system-management';
    assert.equal((await get(b, `${bBase}/checklists/${aChecklist.id}`)).statusCode, 404);
    assert.equal((await get(b, `${bBase}/checklists/${aChecklist.id}/delete`)).statusCode, 404);
    assert.equal((await post(b, `${bBase}/checklists/${aChecklist.id}`, { staffGroup: 'Healthcare Scientists', credentialTypes: ['Identity'] })).statusCode, 404);
    assert.equal((await post(b, `${bBase}/checklists/${aChecklist.id}/delete`, {})).statusCode, 404);
    assert.equal((await get(b, `${bBase}/mailboxes/nobody`)).statusCode, 404);
    const still = await credentialsRequiredChecklists(db, scopeOf(a.organisation.id)).findById(aChecklist.id);
    assert.deepEqual(still?.credentialTypes, ['DBSCheck']);
    assert.equal((await audit(b.organisation.id, 'credentials-required-checklist.deleted')).length, 0);
  });

  it('rejects bad input with the error summary, status 400 and what was typed', async () => {
    const s = await session('SMD', 'senior-administrator');
    const base = '/trusts/SMD/employer/system-management';
    const name = await post(s, `${base}/organisation`, { name: ' x ' });
    assert.equal(name.statusCode, 400);
    assert.match(name.body, /There is a problem/);
    assert.match(name.body, /href="#name"/);
    assert.match(name.body, /value=" x "/);

    const mailbox = await post(s, `${base}/mailboxes/occupational-health`, { email: 'not an <address>' });
    assert.equal(mailbox.statusCode, 400);
    assert.match(mailbox.body, /Enter an email address in the correct format/);
    assert.match(mailbox.body, /Select yes if this mailbox should get the weekly summary/);
    assert.match(mailbox.body, /value="not an &lt;address&gt;"/);

    const auto = await post(s, `${base}/auto-provide`, {});
    assert.equal(auto.statusCode, 400);
    assert.match(auto.body, /href="#autoProvide"/);

    const checklist = await post(s, `${base}/checklists/new`, { staffGroup: 'Medical and Dental', jobRole: 'Foundation Doctor', employmentType: 'Temporary mover' });
    assert.equal(checklist.statusCode, 400);
    assert.match(checklist.body, /Select at least one credential the trust requires/);
    assert.match(checklist.body, /href="#credentialTypes"/);
    assert.match(checklist.body, /value="Foundation Doctor"/);
    assert.match(checklist.body, /<option value="Medical and Dental" selected/);
    assert.match(checklist.body, /value="Temporary mover" checked/);

    const tampered = await post(s, `${base}/checklists/new`, { staffGroup: 'Not a group', credentialTypes: ['AccessKey', 'Identity'] });
    assert.equal(tampered.statusCode, 400);
    assert.match(tampered.body, /Select a staff group/);
    assert.match(tampered.body, /Select credential types from the list/);
    assert.match(tampered.body, /value="Identity" checked/);
    assert.deepEqual(await credentialsRequiredChecklists(database().db, scopeOf(s.organisation.id)).list(), []);
  });

  it('each change is made and audited once, with the user as actor, however often the form is posted', async () => {
    const s = await session('SME', 'senior-administrator');
    const orgId = s.organisation.id;
    const db = database().db;
    const base = '/trusts/SME/employer/system-management';
    const actor = `user:${s.user.id}`;

    for (let i = 0; i < 2; i++) {
      const res = await post(s, `${base}/organisation`, { name: 'Sheffield Example NHS Foundation Trust' });
      assert.equal(res.statusCode, 303);
      assert.equal(res.headers.location, `${base}?done=name`);
    }
    const overview = await get(s, base);
    assert.match(overview.body, /Sheffield Example NHS Foundation Trust/);
    assert.match(overview.body, /The organisation name has been changed|Organisation name/);
    const renamed = await audit(orgId, 'organisation.renamed');
    assert.equal(renamed.length, 1);
    assert.equal(renamed[0]!.actor, actor);

    for (let i = 0; i < 2; i++) assert.equal((await post(s, `${base}/mailboxes/hr`, { email: 'HR.Team@sme.example.nhs.uk', weeklySummary: 'yes' })).statusCode, 303);
    assert.deepEqual(await trustSettings(db, scopeOf(orgId)).mailboxes(), [{ team: 'hr', email: 'hr.team@sme.example.nhs.uk', weeklySummary: true }]);
    assert.equal((await audit(orgId, 'team-mailbox.added')).length, 1);
    await post(s, `${base}/mailboxes/hr`, { email: 'hr.team@sme.example.nhs.uk', weeklySummary: 'no' });
    assert.equal((await audit(orgId, 'team-mailbox.changed')).length, 1);
    for (let i = 0; i < 2; i++) assert.equal((await post(s, `${base}/mailboxes/hr/remove`, {})).statusCode, 303);
    assert.equal((await audit(orgId, 'team-mailbox.removed')).length, 1);
    assert.deepEqual(await trustSettings(db, scopeOf(orgId)).mailboxes(), []);
    assert.equal((await get(s, `${base}/mailboxes/hr/remove`)).statusCode, 404);

    for (let i = 0; i < 2; i++) assert.equal((await post(s, `${base}/auto-provide`, { autoProvide: 'on' })).statusCode, 303);
    const settings = await trustSettings(db, scopeOf(orgId)).get();
    assert.equal(settings.autoProvide, true);
    assert.equal(settings.updatedBy, actor);
    assert.equal((await audit(orgId, 'auto-provide.switched-on')).length, 1);
    await post(s, `${base}/auto-provide`, { autoProvide: 'off' });
    assert.equal((await audit(orgId, 'auto-provide.switched-off')).length, 1);

    const fields = { staffGroup: 'Nursing and Midwifery Registered', jobRole: '  Staff   Nurse ', employmentType: '', credentialTypes: ['ProfessionalRegistration', 'Identity', 'CoreSkill'] };
    for (let i = 0; i < 2; i++) {
      const res = await post(s, `${base}/checklists/new`, fields);
      assert.equal(res.statusCode, 303);
      assert.equal(res.headers.location, `${base}/checklists?done=added`);
    }
    const [checklist, ...more] = await credentialsRequiredChecklists(db, scopeOf(orgId)).list();
    assert.equal(more.length, 0);
    assert.equal(checklist!.jobRole, 'Staff Nurse');
    assert.equal(checklist!.employmentType, null);
    assert.deepEqual(checklist!.credentialTypes, ['Identity', 'ProfessionalRegistration', 'CoreSkill']);
    const added = await audit(orgId, 'credentials-required-checklist.added');
    assert.equal(added.length, 1);
    assert.equal(added[0]!.actor, actor);
    assert.equal(added[0]!.subject, checklist!.id);

    // The same criteria with other types is a different request: refused, pointing at the existing one.
    const clash = await post(s, `${base}/checklists/new`, { ...fields, jobRole: 'staff nurse', credentialTypes: ['DBSCheck'] });
    assert.equal(clash.statusCode, 400);
    assert.match(clash.body, /There is already a checklist for Nursing and Midwifery Registered, Staff Nurse, any employment type/);

    for (let i = 0; i < 2; i++) assert.equal((await post(s, `${base}/checklists/${checklist!.id}`, { ...fields, employmentType: 'Temporary mover', credentialTypes: ['Identity', 'DBSCheck'] })).statusCode, 303);
    const changed = await audit(orgId, 'credentials-required-checklist.changed');
    assert.equal(changed.length, 1);
    assert.deepEqual((changed[0]!.details as { after: { credentialTypes: string[] } }).after.credentialTypes, ['Identity', 'DBSCheck']);

    for (let i = 0; i < 2; i++) {
      const res = await post(s, `${base}/checklists/${checklist!.id}/delete`, {});
      assert.equal(res.statusCode, 303, `delete ${i}`);
      assert.equal(res.headers.location, `${base}/checklists?done=deleted`);
    }
    assert.equal((await audit(orgId, 'credentials-required-checklist.deleted')).length, 1);
    assert.deepEqual(await credentialsRequiredChecklists(db, scopeOf(orgId)).list(), []);
  });

  it('shows the last run of each scheduled job: when, trigger, state, what it did, and the error and next attempt of a failed one', async () => {
    const s = await session('SMF', 'senior-administrator');
    const runs = jobRuns(database().db, scopeOf(s.organisation.id));
    const at = new Date('2026-03-02T11:00:00Z');
    const provide = (await runs.create({ job: 'auto-provide', runKey: 'fire:1', trigger: 'schedule', requestedBy: 'system:schedule', now: at }))!;
    await runs.start(provide.id, 1, at);
    await runs.succeed(provide.id, { passports: 40, provided: 12, notified: 4, archived: 2 }, new Date('2026-03-02T11:00:30Z'));
    const summary = (await runs.create({ job: 'weekly-summary', runKey: 'fire:2', trigger: 'manual', requestedBy: 'user:x', now: at }))!;
    await runs.start(summary.id, 1, at);
    await runs.fail(summary.id, { error: 'The email service did not answer', summary: {}, now: at, retryAt: new Date('2026-03-02T11:05:00Z') });

    const page = await get(s, '/trusts/SMF/employer/system-management/auto-provide');
    assert.equal(page.statusCode, 200);
    const row = (job: string) => new RegExp(`data-job="${job}">([\\s\\S]*?)</tr>`).exec(page.body)?.[1] ?? '';
    assert.match(row('auto-provide'), /2 March 2026 at 11:00/);
    assert.match(row('auto-provide'), /On schedule/);
    assert.match(row('auto-provide'), /Succeeded/);
    assert.match(row('auto-provide'), /Provided 12 credentials to 4 people \(40 passports read, 2 older versions archived\)/);
    assert.match(row('weekly-summary'), /Run by hand/);
    assert.match(row('weekly-summary'), /Failed – will try again/);
    assert.match(row('weekly-summary'), /The email service did not answer/);
    assert.match(row('weekly-summary'), /Next attempt: 2 March 2026 at 11:05/);
    assert.match(row('expiry-sweep'), /Not run yet/);
    const overview = await get(s, '/trusts/SMF/employer/system-management');
    assert.match(overview.body, /Provided 12 credentials to 4 people/);
  });
});
