// Staff actions over HTTP (DOMAIN.md E11, E13, E16): the rejected-by-staff list with its reasons and
// suggested handling, Resolve / Unresolve once on a double submit (history, audit), another
// trust's ids 404 (URL and form tampering).
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { before, it } from 'node:test';
import { listOutbox } from '../../src/integrations/notify/index.ts';
import { eq } from 'drizzle-orm';
import { providedCredentials } from '../../src/store/provided-credentials.ts';
import { confirmedPerson } from '../support/employee-access-key.ts';
import { signInEmployee } from '../support/employee-session.ts';
import { listAudit } from '../../src/store/audit-log.ts';
import { schema } from '../../src/store/database.ts';
import { passportHistory } from '../../src/store/passport-history.ts';
import { scopeOf } from '../../src/store/scope.ts';
import { staffPassports } from '../../src/store/staff-passports.ts';
import type { StaffPassport } from '../../src/core/passport/staff-passport.ts';
import { csrfFrom, testApp } from '../support/app.ts';
import { describeEachDatabase } from '../support/databases.ts';
import { addEmployerUser, signInEmployer, type EmployerTestSession } from '../support/employer-session.ts';

describeEachDatabase('employer portal: staff actions (E11, E13, E16)', (database) => {
  let app: Awaited<ReturnType<typeof testApp>>;
  let session: EmployerTestSession;
  let other: EmployerTestSession;
  let n = 0;

  before(async () => {
    app = await testApp(database());
    session = await signInEmployer(app, { ods: 'RSA01', userId: (await addEmployerUser(app, { ods: 'RSA01', role: 'administrator' })).user.id });
    other = await signInEmployer(app, { ods: 'RSA02', userId: (await addEmployerUser(app, { ods: 'RSA02', role: 'administrator' })).user.id });
  });

  const db = () => app.employerPortal.database.db;
  const scope = () => scopeOf(session.organisation.id);
  const person_ = (s: EmployerTestSession) => person(s);
  async function person(s = session, status: StaffPassport['status'] = 'credentials-pending'): Promise<StaffPassport> {
    n += 1;
    const added = await staffPassports(db(), scopeOf(s.organisation.id)).add({ givenName: 'Amara', familyName: `Okoye${n}`, email: `amara${n}@example.nhs.uk`, mobile: `07700900${String(300 + n)}`, status });
    if (added.outcome !== 'added') throw new Error('not added');
    return added.passport;
  }
  async function credential(p: StaffPassport, s: EmployerTestSession, state: string, stateReason: string | null, title = 'Safeguarding Adults (Level 2)') {
    const id = randomUUID();
    const at = new Date();
    await db().insert(schema.providedCredentials).values({
      id, organisationId: s.organisation.id, passportId: p.id, credentialType: 'NewStarterInformation', subject: {}, title, source: 'manual', slotKey: `slot-${id}`,
      state: state as 'declined', stateReason, providedAt: at, providedBy: 'system:test', stateChangedAt: at,
    });
    return id;
  }
  const get = (u: string, s = session) => app.inject({ url: u, headers: { cookie: s.cookie } });
  async function post(pageUrl: string, u: string, form: Record<string, string>, s = session, csrfSession = s) {
    const csrf = csrfFrom(await get(pageUrl, csrfSession));
    const body = new URLSearchParams({ _csrf: csrf.token, ...form });
    return app.inject({ method: 'POST', url: u, headers: { cookie: `${s.cookie}; ${csrf.cookie}`, 'content-type': 'application/x-www-form-urlencoded' }, payload: body.toString() });
  }
  const LIST = '/trusts/RSA01/employer/staff-rejections';

  it('E11: lists rejections with reason, details and suggested handling; Action needed on the home page; resolve and unresolve act once, with history and audit', async () => {
    const p = await person();
    const dup = await credential(p, session, 'declined', 'duplicate', 'Fire Safety');
    const wrong = await credential(p, session, 'declined', 'incorrect-information: My surname is misspelt: Okoy', 'Information Governance');
    await credential(p, session, 'pending', null, 'Not rejected');
    const home = await get('/trusts/RSA01/employer');
    assert.match(home.body, /id="staff-rejections"/);
    assert.match(home.body, /2 credentials rejected by staff to resolve/);
    const page = await get(LIST);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /It is a duplicate/);
    assert.match(page.body, /The information is incorrect: My surname is misspelt: Okoy/);
    assert.match(page.body, /Correct the record \(for example in ESR\), provide the credential again/);
    assert.match(page.body, /They already have it/);
    assert.doesNotMatch(page.body, /Not rejected/);
    const [a, b] = await Promise.all([post(LIST, `${LIST}/${dup}/resolve`, {}), post(LIST, `${LIST}/${dup}/resolve`, {})]);
    assert.equal(a.statusCode, 303);
    assert.equal(b.statusCode, 303);
    assert.equal(a.headers.location, `${LIST}?done=resolved`);
    const after = await get(LIST);
    assert.match(after.body, /id="resolved"[\s\S]*Fire Safety[\s\S]*Resolved on/);
    assert.match(after.body, /id="to-resolve"[\s\S]*Information Governance/);
    assert.match((await get('/trusts/RSA01/employer')).body, /1 credential rejected by staff to resolve/);
    const history = await passportHistory(db(), scope()).list(p.id);
    assert.deepEqual(history.map((h) => h.event), ['credential.rejection-resolved']);
    assert.deepEqual((await listAudit(db(), session.organisation.id, { subject: dup })).map((x) => [x.action, x.actor]), [['credential.rejection-resolved', `user:${session.user.id}`]]);
    // Unresolve, also once.
    await Promise.all([post(LIST, `${LIST}/${dup}/unresolve`, {}), post(LIST, `${LIST}/${dup}/unresolve`, {})]);
    assert.deepEqual((await passportHistory(db(), scope()).list(p.id)).map((h) => h.event).sort(), ['credential.rejection-resolved', 'credential.rejection-unresolved']);
    assert.match((await get('/trusts/RSA01/employer')).body, /2 credentials rejected by staff to resolve/);
    assert.match((await get(`/trusts/RSA01/employer/staff-passports/${p.id}`)).body, /Rejected credential marked as not resolved/);
    void wrong;
  });

  it('E11: another trust\'s rejection, a credential not rejected and a malformed id answer 404 and change nothing', async () => {
    const mine = await person();
    const pending = await credential(mine, session, 'pending', null);
    const theirs = await person(other);
    const theirRejection = await credential(theirs, other, 'declined', 'other: not mine');
    assert.doesNotMatch((await get(LIST)).body, /not mine/);
    for (const id of [theirRejection, pending, 'not-a-uuid']) {
      const r = await post(LIST, `${LIST}/${id}/resolve`, {});
      assert.equal(r.statusCode, 404, id);
    }
    // Signed in at the other trust, this trust's list is not found.
    assert.equal((await get(LIST, other)).statusCode, 404);
    const [row] = await db().select({ resolvedAt: schema.providedCredentials.resolvedAt }).from(schema.providedCredentials).where((await import('drizzle-orm')).eq(schema.providedCredentials.id, theirRejection));
    assert.equal(row?.resolvedAt, null);
  });

  it('E16: reminds one person about pending credentials by email and SMS (history, audit); a double submit, or another within a minute, acts once', async () => {
    const p = await person();
    await credential(p, session, 'pending', null, 'Fire Safety');
    await credential(p, session, 'pending', null, 'Information Governance');
    const page = `/trusts/RSA01/employer/staff-passports/${p.id}/remind`;
    assert.match((await get(`/trusts/RSA01/employer/staff-passports/${p.id}`)).body, new RegExp(`id="send-reminder"><a href="${page}"`));
    assert.match((await get('/trusts/RSA01/employer/staff-passports')).body, /href="\/trusts\/RSA01\/employer\/pending-reminders"/);
    const confirm = await get(page);
    assert.equal(confirm.statusCode, 200);
    assert.match(confirm.body, /has 2 credentials waiting/);
    const [a, b] = await Promise.all([post(page, page, {}), post(page, page, {})]);
    assert.deepEqual([a.headers.location, b.headers.location].sort(), [`${page}?done=just-reminded`, `${page}?done=reminded`]);
    const outbox = (await listOutbox(db(), { organisationId: session.organisation.id, pageSize: 200 })).messages.filter((m) => m.recipient === p.email || m.recipient === p.mobile);
    assert.deepEqual(outbox.map((m) => m.template).sort(), ['pending-credentials-reminder-email', 'pending-credentials-reminder-sms']);
    assert.match(outbox.find((m) => m.channel === 'email')!.body, /You have 2 credentials from/);
    assert.deepEqual((await passportHistory(db(), scope()).list(p.id)).map((h) => [h.event, h.details.manual]), [['reminder.pending-credentials', true]]);
    assert.deepEqual((await listAudit(db(), session.organisation.id, { subject: p.id })).map((x) => x.action), ['passport.pending-reminder-sent']);
    assert.match((await get(`${page}?done=reminded`)).body, /Reminder sent\./);
    // A person with nothing pending is not reminded; another trust's passport is not found.
    const none = await person();
    assert.doesNotMatch((await get(`/trusts/RSA01/employer/staff-passports/${none.id}`)).body, /id="send-reminder"/);
    assert.equal((await post(page, `/trusts/RSA01/employer/staff-passports/${none.id}/remind`, {})).headers.location, `/trusts/RSA01/employer/staff-passports/${none.id}/remind?done=none-pending`);
    const theirs = await person(other);
    await credential(theirs, other, 'pending', null);
    assert.equal((await get(`/trusts/RSA01/employer/staff-passports/${theirs.id}/remind`)).statusCode, 404);
    assert.equal((await post(page, `/trusts/RSA01/employer/staff-passports/${theirs.id}/remind`, {})).statusCode, 404);
    assert.equal((await listOutbox(db(), { organisationId: other.organisation.id, pageSize: 200 })).messages.filter((m) => m.template.startsWith('pending-credentials')).length, 0);
  });

  it('E16: reminds everyone with pending credentials (the confirm page counts them), on their channels only; a double submit acts once; another trust is untouched', async () => {
    const o = await signInEmployer(app, { ods: 'RSA03', userId: (await addEmployerUser(app, { ods: 'RSA03', role: 'administrator' })).user.id });
    const emailOnly = await person(o);
    await staffPassports(db(), scopeOf(o.organisation.id)).setNotificationChannels(emailOnly.id, { email: true, sms: false });
    const both = await person(o);
    const nothing = await person(o);
    await credential(emailOnly, o, 'pending', null);
    await credential(both, o, 'pending', null);
    await credential(nothing, o, 'accepted', null);
    const theirs = await person(other);
    await credential(theirs, other, 'pending', null);
    const page = '/trusts/RSA03/employer/pending-reminders';
    const confirm = await get(page, o);
    assert.match(confirm.body, /2 people have credentials waiting/);
    const [a, b] = await Promise.all([post(page, page, {}, o), post(page, page, {}, o)]);
    assert.deepEqual([a.headers.location, b.headers.location].sort(), [`${page}?sent=0`, `${page}?sent=2`]);
    const messages = (await listOutbox(db(), { organisationId: o.organisation.id, pageSize: 200 })).messages.filter((m) => m.template.startsWith('pending-credentials'));
    assert.equal(messages.filter((m) => m.recipient === both.email || m.recipient === both.mobile).length, 2);
    assert.deepEqual(messages.filter((m) => m.recipient === emailOnly.email || m.recipient === emailOnly.mobile).map((m) => m.channel), ['email']);
    assert.equal(messages.filter((m) => m.recipient === nothing.email).length, 0);
    assert.equal((await listOutbox(db(), { organisationId: other.organisation.id, pageSize: 200 })).messages.filter((m) => m.template.startsWith('pending-credentials')).length, 0);
    assert.match((await get(`${page}?sent=2`, o)).body, /Reminders sent to 2 people\./);
  });

  it('E13: a new access key: the new one pending, the accepted one revoked at once, employee sessions ended, a fresh link emailed and texted, history and audit; a double submit acts once; another trust 404', async () => {
    const person = await confirmedPerson({ app, database: app.employerPortal.database }, { ods: 'RSA01' });
    const p = person.passport;
    const credentials = providedCredentials(db(), scope());
    const oldKey = (await credentials.listForPassport(p.id)).find((c) => c.credentialType === 'AccessKey')!;
    assert.equal((await credentials.transition(oldKey.id, 'accept', { now: new Date(), serialNumber: randomUUID() })).outcome, 'changed');
    await signInEmployee(app, { ods: 'RSA01', passportId: p.id });
    const page = `/trusts/RSA01/employer/staff-passports/${p.id}/new-access-key`;
    assert.match((await get(`/trusts/RSA01/employer/staff-passports/${p.id}`)).body, new RegExp(`href="${page}"`));
    const confirm = await get(page);
    assert.match(confirm.body, /The old access key stops working now/);
    const latest = new RegExp('name="latest" value="([^"]+)"').exec(confirm.body)![1]!;
    assert.equal(latest, oldKey.id);
    const before = (await listOutbox(db(), { organisationId: session.organisation.id, pageSize: 200 })).messages.filter((m) => m.template.startsWith('access-key-ready') && (m.recipient === p.email || m.recipient === p.mobile)).length;
    const [a, b] = await Promise.all([post(page, page, { latest }), post(page, page, { latest })]);
    assert.deepEqual([a.headers.location, b.headers.location].sort(), [`${page}?done=already-renewed`, `${page}?done=renewed`]);
    const after = await credentials.listForPassport(p.id, { includeArchived: true });
    const keys = after.filter((c) => c.credentialType === 'AccessKey');
    assert.deepEqual(keys.map((c) => c.state).sort(), ['pending', 'revoked']);
    assert.equal(keys.find((c) => c.state === 'revoked')!.id, oldKey.id);
    assert.equal(keys.find((c) => c.state === 'pending')!.supersedes, oldKey.id);
    const sent = (await listOutbox(db(), { organisationId: session.organisation.id, pageSize: 200 })).messages.filter((m) => m.template.startsWith('access-key-ready') && (m.recipient === p.email || m.recipient === p.mobile));
    assert.equal(sent.length - before, 2);
    const rows = await db().select({ id: schema.employeeSessions.id }).from(schema.employeeSessions).where(eq(schema.employeeSessions.passportId, p.id));
    assert.equal(rows.length, 0);
    const history = (await passportHistory(db(), scope()).list(p.id)).map((h) => h.event);
    for (const e of ['access-key.renewed', 'credential.revoked']) assert.equal(history.filter((x) => x === e).length, 1, e);
    assert.deepEqual((await listAudit(db(), session.organisation.id, { subject: p.id })).map((x) => x.action).filter((x) => x !== 'passport.identity-confirmed'), ['passport.access-key-renewed']);
    // Another trust: 404 by URL; this trust's user posting another trust's id too.
    const theirs = await person_(other);
    assert.equal((await get(`/trusts/RSA01/employer/staff-passports/${theirs.id}/new-access-key`)).statusCode, 404);
    assert.equal((await post(page, `/trusts/RSA01/employer/staff-passports/${theirs.id}/new-access-key`, { latest })).statusCode, 404);
    assert.equal((await get(page, other)).statusCode, 404);
  });

  it('E13: a new Identity credential from the current details: pending, history "New Identity credential provided", once on a double submit', async () => {
    const person = await confirmedPerson({ app, database: app.employerPortal.database }, { ods: 'RSA01' });
    const p = person.passport;
    const page = `/trusts/RSA01/employer/staff-passports/${p.id}/new-identity`;
    const confirm = await get(page);
    assert.match(confirm.body, /27 Mill Lane, Riverside, RV1 4QT/);
    const latest = new RegExp('name="latest" value="([^"]+)"').exec(confirm.body)![1]!;
    await Promise.all([post(page, page, { latest }), post(page, page, { latest })]);
    const identities = (await providedCredentials(db(), scope()).listForPassport(p.id, { includeArchived: true })).filter((c) => c.credentialType === 'Identity');
    assert.deepEqual(identities.map((c) => c.state).sort(), ['archived', 'pending']);
    const fresh = identities.find((c) => c.state === 'pending')!;
    assert.deepEqual(fresh.subject.address, identities.find((c) => c.state === 'archived')!.subject.address);
    assert.match((await get(`/trusts/RSA01/employer/staff-passports/${p.id}`)).body, /New Identity credential provided/);
    assert.equal((await passportHistory(db(), scope()).list(p.id)).filter((h) => h.event === 'identity.renewed').length, 1);
  });
});
