// Credential requests over HTTP (DOMAIN.md E8, docs/architecture.md D44), PGlite and PostgreSQL:
// a rejection without a reason is a 400 with the error summary that keeps every choice; a
// double-submitted confirmation acts once; another trust's user gets the 404 page by URL and by
// posting this trust's request id; the banner on the passport page (E8.1); a requested credential
// ESR holds nothing for is rejected automatically and the staff member told (E8.5).
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { listOutbox } from '../../src/integrations/notify/index.ts';
import { systemClock } from '../../src/platform/clock.ts';
import { passportHistory } from '../../src/store/passport-history.ts';
import { listAudit } from '../../src/store/audit-log.ts';
import { credentialRequests } from '../../src/store/credential-requests.ts';
import { providedCredentials } from '../../src/store/provided-credentials.ts';
import { scopeOf } from '../../src/store/scope.ts';
import { staffPassports } from '../../src/store/staff-passports.ts';
import { csrfFrom, testApp } from '../support/app.ts';
import { describeEachDatabase } from '../support/databases.ts';
import { addEmployerUser, signInEmployer, type EmployerTestSession } from '../support/employer-session.ts';
import { startEsrSimulator, type EsrWorld } from '../support/esr-world.ts';

describeEachDatabase('employer portal: credential requests', (database) => {
  let world: EsrWorld;
  let app: Awaited<ReturnType<typeof testApp>>;
  let session: EmployerTestSession;
  let other: EmployerTestSession;

  before(async () => {
    world = await startEsrSimulator({ organisations: ['RZX', 'RZY'], size: 20, clock: systemClock, demoPeople: true });
    app = await testApp(database(), { DSP_ESR_URL: world.baseUrl });
    const { user } = await addEmployerUser(app, { ods: 'RZX', role: 'administrator' });
    session = await signInEmployer(app, { ods: 'RZX', userId: user.id });
    const { user: otherUser } = await addEmployerUser(app, { ods: 'RZY', role: 'administrator' });
    other = await signInEmployer(app, { ods: 'RZY', userId: otherUser.id });
  });
  after(async () => {
    await app?.close();
    await world?.close();
  });

  const db = () => app.employerPortal.database.db;
  const scope = () => scopeOf(session.organisation.id);
  const get = (url: string, s: EmployerTestSession = session) => app.inject({ url, headers: { cookie: s.cookie } });
  async function post(pageUrl: string, url: string, form: Record<string, string>, s: EmployerTestSession = session) {
    const page = await get(pageUrl, s);
    const csrf = csrfFrom(page);
    const body = new URLSearchParams({ _csrf: csrf.token, ...form });
    return app.inject({ method: 'POST', url, headers: { cookie: `${s.cookie}; ${csrf.cookie}`, 'content-type': 'application/x-www-form-urlencoded' }, payload: body.toString() });
  }

  it('refuses a rejection without a reason keeping the choices, acts once on a double submit, and shows nothing to another trust', async () => {
    const added = await staffPassports(db(), scope()).add({ givenName: 'Olivia', familyName: 'Bennett', dateOfBirth: '1990-04-12', email: 'olivia@example.nhs.uk', status: 'credentials-pending' });
    assert.ok(added.outcome === 'added');
    const passportId = added.passport.id;
    assert.equal(await staffPassports(db(), scope()).linkEsr(passportId, { assignmentNumber: '30412876', actor: 'user:test', now: new Date() }), 'linked');
    const req = await credentialRequests(db(), scope()).create({ passportId, types: ['CoreSkill', 'ProfessionalRegistration'], at: new Date() });
    const [core, reg] = req.items;
    const url = `/trusts/RZX/employer/credential-requests/${req.id}`;

    // Reject without a reason: 400, the summary, both choices kept.
    const bad = await post(`${url}/decide`, `${url}/decide`, { [`decision-${core!.id}`]: 'provide', [`decision-${reg!.id}`]: 'reject', [`reason-${reg!.id}`]: '   ' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /nhsuk-error-summary/);
    assert.match(bad.body, /Enter a reason for rejecting Professional registration/);
    assert.match(bad.body, new RegExp(`name="decision-${core!.id}" type="radio" value="provide" checked`));
    assert.match(bad.body, new RegExp(`name="decision-${reg!.id}" type="radio" value="reject" checked`));

    // Another trust's user: 404 by URL and by posting this trust's request id.
    for (const s of ['', '/review', '/decide', '/done']) assert.equal((await get(`/trusts/RZY/employer/credential-requests/${req.id}${s}`, other)).statusCode, 404, s);
    const choices = { [`decision-${core!.id}`]: 'provide', [`decision-${reg!.id}`]: 'reject', [`reason-${reg!.id}`]: 'Not held in ESR', continue: 'yes' };
    const tampered = await post('/trusts/RZY/employer', `/trusts/RZY/employer/credential-requests/${req.id}/confirm`, choices, other);
    assert.equal(tampered.statusCode, 404);
    assert.equal((await credentialRequests(db(), scope()).find(req.id))?.state, 'open');

    // Double submit: both land on the success page; provided and audited once.
    const csrf = csrfFrom(await get(`${url}/decide`));
    const submit = () =>
      app.inject({ method: 'POST', url: `${url}/confirm`, headers: { cookie: `${session.cookie}; ${csrf.cookie}`, 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ _csrf: csrf.token, ...choices }).toString() });
    const [first, second] = await Promise.all([submit(), submit()]);
    assert.equal(first.statusCode, 303);
    assert.equal(second.statusCode, 303);
    assert.equal(second.headers.location, `${url}/done`);
    const done = await get(`${url}/done`);
    assert.match(done.body, /You have reviewed the credential requests for Olivia Bennett/);
    const decided = await credentialRequests(db(), scope()).find(req.id);
    assert.deepEqual(decided?.items.map((i) => [i.state, i.reason]), [['provided', null], ['rejected', 'Not held in ESR']]);
    const versions = await providedCredentials(db(), scope()).versionsOf(passportId);
    assert.ok((decided?.items[0]?.providedCount ?? 0) > 0);
    assert.equal(versions.filter((v) => v.credentialType === 'CoreSkill').length, decided?.items[0]?.providedCount);
    const audit = await listAudit(db(), session.organisation.id, { subject: req.id });
    assert.equal(audit.filter((e) => e.action === 'credential-request.reviewed').length, 1);
  });

  it('E8.1 and E8.5: the banner on the passport page; what ESR holds nothing for is rejected automatically (no choice, even if "provide" is posted), the staff member told why', async () => {
    // A simulated member of staff with training in ESR but no professional registration.
    const records = [...world.simulator.store().people('RZX')].find((r) => r.registrations.length === 0 && r.competences.length > 0);
    assert.ok(records, 'the simulated trust has someone with no registration');
    const added = await staffPassports(db(), scope()).add({ givenName: records.person.firstName, familyName: records.person.lastName, email: 'e85@example.nhs.uk', status: 'credentials-pending' });
    assert.ok(added.outcome === 'added');
    const passportId = added.passport.id;
    assert.equal(await staffPassports(db(), scope()).linkEsr(passportId, { assignmentNumber: records.assignments[0]!.assignmentNumber, actor: 'user:test', now: new Date() }), 'linked');
    const passportUrl = `/trusts/RZX/employer/staff-passports/${passportId}`;
    assert.doesNotMatch((await get(passportUrl)).body, /has requested credentials/);
    const req = await credentialRequests(db(), scope()).create({ passportId, types: ['CoreSkill', 'ProfessionalRegistration'], at: new Date() });
    const [core, reg] = req.items;
    const url = `/trusts/RZX/employer/credential-requests/${req.id}`;

    // The banner on the staff passport page itself.
    const passportPage = await get(passportUrl);
    assert.match(passportPage.body, new RegExp(`${records.person.firstName} ${records.person.lastName} has requested credentials`));
    assert.ok(passportPage.body.includes(`href="${url}/review"`));
    assert.match(passportPage.body, /Review credential requests/);

    // The automatic ESR check says so; the decisions page offers no choice for it.
    assert.match((await get(`${url}/review`)).body, /Nothing held in ESR: it will be rejected automatically/);
    const decide = await get(`${url}/decide`);
    assert.match(decide.body, /Professional registration: rejected automatically/);
    assert.doesNotMatch(decide.body, new RegExp(`name="decision-${reg!.id}"`));
    assert.match(decide.body, new RegExp(`name="decision-${core!.id}"`));
    // Only the credential HR can decide needs a decision.
    const undecided = await post(`${url}/decide`, `${url}/decide`, {});
    assert.equal(undecided.statusCode, 400);
    assert.match(undecided.body, /Select whether to provide or reject Core skills training information/);
    assert.doesNotMatch(undecided.body, /Select whether to provide or reject Professional registration/);
    const confirmation = await post(`${url}/decide`, `${url}/decide`, { [`decision-${core!.id}`]: 'provide' });
    assert.equal(confirmation.statusCode, 200);
    assert.match(confirmation.body, /Rejected automatically: ESR holds no record of this for you/);

    // Confirmed (with a tampered "provide" for the registration): rejected automatically all the same.
    const done = await post(`${url}/decide`, `${url}/confirm`, { [`decision-${core!.id}`]: 'provide', [`decision-${reg!.id}`]: 'provide', continue: 'yes' });
    assert.equal(done.statusCode, 303);
    assert.equal(done.headers.location, `${url}/done`);
    const decided = (await credentialRequests(db(), scope()).find(req.id))!;
    assert.equal(decided.state, 'reviewed');
    assert.deepEqual(
      decided.items.map((i) => [i.credentialType, i.state, i.decidedBy]),
      [
        ['CoreSkill', 'provided', `user:${session.user.id}`],
        ['ProfessionalRegistration', 'rejected', 'system:esr-check'],
      ],
    );
    assert.match(decided.items[1]!.reason!, /^Rejected automatically/);
    const history = await passportHistory(db(), scope()).list(passportId);
    const rejected = history.find((h) => h.event === 'credential-request.rejected')!;
    assert.deepEqual([rejected.actor, rejected.details.automatic, rejected.details.type], ['system:esr-check', true, 'ProfessionalRegistration']);
    const audit = (await listAudit(db(), session.organisation.id, { subject: req.id })).find((e) => e.action === 'credential-request.reviewed')!;
    assert.deepEqual((audit.details as Record<string, unknown>).rejectedAutomatically, ['ProfessionalRegistration']);
    const email = (await listOutbox(db(), { organisationId: session.organisation.id, pageSize: 200 })).messages.find((m) => m.recipient === 'e85@example.nhs.uk' && m.template === 'credential-request-reviewed-email')!;
    assert.match(email.body, /Rejected: Professional registration \(Rejected automatically: ESR holds no record of this for you, so it cannot be provided\)/);
    assert.match((await get(`${url}/done`)).body, /Rejected automatically/);
    // The banner is gone.
    assert.doesNotMatch((await get(passportUrl)).body, /has requested credentials/);
  });
});
