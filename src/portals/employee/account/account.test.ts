// The account pages of the employee portal (S5 request credentials, S9 New Starter Information,
// S11 history and notification settings, S12 delete my passport), through HTTP on each engine.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, it } from 'node:test';
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { describeEachDatabase } from '../../../../test/support/databases.ts';
import { testApp } from '../../../../test/support/app.ts';
import { addStaffPassportAt, signInEmployee } from '../../../../test/support/employee-session.ts';
import { InjectClient, type Page } from '../../../../test/support/inject-client.ts';
import { validateSubject } from '../../../core/credentials/validate-subject.ts';
import { listOutbox } from '../../../integrations/notify/index.ts';
import { fixedClock } from '../../../platform/clock.ts';
import { listAudit } from '../../../store/audit-log.ts';
import { credentialRequests } from '../../../store/credential-requests.ts';
import { schema } from '../../../store/database.ts';
import { passportHistory } from '../../../store/passport-history.ts';
import { providedCredentials } from '../../../store/provided-credentials.ts';
import { scopeOf } from '../../../store/scope.ts';
import { staffPassports } from '../../../store/staff-passports.ts';
import { statusLedger } from '../../../store/status-ledger.ts';
import { planProvision } from '../../../core/passport/plan-provision.ts';
import { SAMPLE_SUBJECTS } from '../../../core/credentials/samples.ts';

type App = Awaited<ReturnType<typeof testApp>>;

/** A signed-in browser for a new passport at `ods` (with a DSP identifier, as after the identity check). */
async function personAt(app: App, ods: string, passport: Record<string, unknown> = {}) {
  const added = await addStaffPassportAt(app, { ods, dspId: randomUUID(), passport: { givenName: 'Ada', familyName: 'Lovelace', ...passport } });
  const session = await signInEmployee(app, { ods, passportId: added.passport.id });
  const client = new InjectClient(app);
  client.jar.set(session.name, decodeURIComponent(session.value));
  return { ...added, session, client, scope: scopeOf(added.organisation.id) };
}

/** Posts a form whose fields may repeat (checkboxes), with the CSRF token of the client's last page. */
async function postMulti(app: FastifyInstance, client: InjectClient, url: string, fields: Array<[string, string]>): Promise<Page> {
  const payload = new URLSearchParams([['_csrf', client.csrf], ...fields]).toString();
  const res = await app.inject({ method: 'POST', url, payload, headers: { accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded', cookie: client.cookie } });
  return { status: res.statusCode, body: res.body, location: res.headers.location as string | undefined };
}

async function outboxFor(app: App, organisationId: string, recipient: string | null) {
  const { messages } = await listOutbox(app.employeePortal.database.db, { organisationId, pageSize: 200 });
  return messages.filter((m) => recipient !== null && m.recipient === recipient);
}

const errorSummary = (body: string) => /class="nhsuk-error-summary"/.test(body);

describeEachDatabase('employee portal: account pages (S5, S9, S11, S12)', (database) => {
  let app: App;
  const clock = fixedClock(new Date('2026-03-02T10:00:00Z'));
  before(async () => {
    app = await testApp(database(), {}, { clock });
  });
  after(() => app.close());
  const db = () => app.employeePortal.database.db;

  it('S5: requesting nothing, or a credential not offered, is a 400 with the error summary keeping the ticks', async () => {
    const { client } = await personAt(app, 'ACRQA');
    const page = await client.get('/trusts/ACRQA/employee/credentials/request');
    assert.equal(page.status, 200);
    for (const name of ['Confirmation of assignment', 'Core skills training information', 'Health information – vaccinations and testing', 'Professional registration']) assert.match(page.body, new RegExp(name));
    const none = await postMulti(app, client, '/trusts/ACRQA/employee/credentials/request', []);
    assert.equal(none.status, 400);
    assert.ok(errorSummary(none.body));
    assert.match(none.body, /Select the credentials you want to request/);
    await client.get('/trusts/ACRQA/employee/credentials/request');
    const unknown = await postMulti(app, client, '/trusts/ACRQA/employee/credentials/request', [['types', 'CoreSkill'], ['types', 'AccessKey']]);
    assert.equal(unknown.status, 400);
    assert.match(unknown.body, /value="CoreSkill" checked/);
  });

  it('S5: "Yes, request credentials" makes exactly one request, records history and audit, and confirms by email and SMS; a double submit acts once', async () => {
    const { client, passport, organisation, scope } = await personAt(app, 'ACRQB');
    await client.get('/trusts/ACRQB/employee/credentials/request');
    const chosen = await postMulti(app, client, '/trusts/ACRQB/employee/credentials/request', [['types', 'CoreSkill'], ['types', 'OccupationalHealth']]);
    assert.equal(chosen.status, 303);
    assert.equal(chosen.location, '/trusts/ACRQB/employee/credentials/request/check');
    const check = await client.get(chosen.location!);
    assert.match(check.body, /Core skills training information/);
    assert.match(check.body, /Health information – vaccinations and testing/);
    assert.doesNotMatch(check.body, /Professional registration/);
    // Two submissions of the review page, the second while the first is still under way.
    const [first, second] = await Promise.all([client.post('/trusts/ACRQB/employee/credentials/request/check'), client.clone().post('/trusts/ACRQB/employee/credentials/request/check')]);
    assert.equal(first.status, 303);
    assert.equal(second.status, 303);
    assert.equal(first.location, '/trusts/ACRQB/employee/credentials/request/done');
    const third = await client.post('/trusts/ACRQB/employee/credentials/request/check');
    assert.equal(third.location, '/trusts/ACRQB/employee/credentials/request/done');
    const open = await credentialRequests(db(), scope).openFor(passport.id);
    assert.equal(open.length, 1);
    assert.deepEqual(open[0]!.items.map((i) => i.credentialType), ['CoreSkill', 'OccupationalHealth']);
    assert.equal(open[0]!.requestedBy, `staff:${passport.id}`);
    const history = await passportHistory(db(), scope).list(passport.id);
    assert.deepEqual(history.map((h) => h.event), ['credential-request.made']);
    const audit = await listAudit(db(), organisation.id, { action: 'credential-request.made', subject: open[0]!.id });
    assert.equal(audit.length, 1);
    assert.equal(audit[0]!.actor, `staff:${passport.id}`);
    const sent = [...(await outboxFor(app, organisation.id, passport.email)), ...(await outboxFor(app, organisation.id, passport.mobile))];
    assert.deepEqual(sent.map((m) => m.template).sort(), ['credentials-requested-email', 'credentials-requested-sms']);
    const done = await client.get('/trusts/ACRQB/employee/credentials/request/done');
    assert.equal(done.status, 200);
    assert.match(done.body, /Credentials requested/);
    assert.match(done.body, /by email and text message/);
    // What is already requested is shown as such and cannot be requested again.
    const again = await client.get('/trusts/ACRQB/employee/credentials/request');
    assert.match(again.body, /id="already-requested"/);
    assert.doesNotMatch(again.body, /name="types" type="checkbox" value="CoreSkill"|value="CoreSkill"/);
    const twice = await postMulti(app, client, '/trusts/ACRQB/employee/credentials/request', [['types', 'CoreSkill']]);
    assert.equal(twice.status, 400);
  });

  it('S5: with email and SMS switched off, the request is made and nothing is sent', async () => {
    const { client, passport, organisation, scope } = await personAt(app, 'ACRQC');
    await staffPassports(db(), scope).setNotificationChannels(passport.id, { email: false, sms: false });
    await client.get('/trusts/ACRQC/employee/credentials/request');
    await postMulti(app, client, '/trusts/ACRQC/employee/credentials/request', [['types', 'ProfessionalRegistration']]);
    await client.get('/trusts/ACRQC/employee/credentials/request/check');
    assert.equal((await client.post('/trusts/ACRQC/employee/credentials/request/check')).status, 303);
    assert.equal((await credentialRequests(db(), scope).openFor(passport.id)).length, 1);
    assert.equal((await outboxFor(app, organisation.id, passport.email)).length + (await outboxFor(app, organisation.id, passport.mobile)).length, 0);
    assert.match((await client.get('/trusts/ACRQC/employee/credentials/request/done')).body, /turned off email and text message alerts/);
  });

  it('S9: each page checks what was typed (real dates, NI number, email and phone formats) and keeps it, with the error summary', async () => {
    const { client } = await personAt(app, 'ACNSA');
    const base = '/trusts/ACNSA/employee/credentials/new-starter-information';
    assert.equal((await client.get(base)).status, 200);
    await client.get(`${base}/personal-information`);
    const personal = await client.post(`${base}/personal-information`, { firstName: 'Olivia', 'birthDate-day': '31', 'birthDate-month': '2', 'birthDate-year': '1990', nationalInsuranceNumber: 'AB12' });
    assert.equal(personal.status, 400);
    assert.ok(errorSummary(personal.body));
    assert.match(personal.body, /Date of birth must be a real date/);
    assert.match(personal.body, /Enter a National Insurance number in the correct format/);
    assert.match(personal.body, /value="Olivia"/);
    assert.match(personal.body, /value="AB12"/);
    assert.match(personal.body, /value="31"/);
    const future = await client.post(`${base}/personal-information`, { 'birthDate-day': '1', 'birthDate-month': '1', 'birthDate-year': '2030' });
    assert.equal(future.status, 400);
    assert.match(future.body, /Date of birth must be in the past/);
    await client.get(`${base}/identity-document`);
    const document = await client.post(`${base}/identity-document`, { documentNumber: '548213907', 'expiryDate-day': '14', 'expiryDate-month': '13', 'expiryDate-year': '2031' });
    assert.equal(document.status, 400);
    assert.match(document.body, /Expiry date must be a real date/);
    assert.match(document.body, /value="548213907"/);
    await client.get(`${base}/contact-details`);
    const contact = await client.post(`${base}/contact-details`, { email: 'olivia@', mobile: '07700 90', townOrCity: 'Leeds' });
    assert.equal(contact.status, 400);
    assert.match(contact.body, /Enter an email address in the correct format/);
    assert.match(contact.body, /Enter a mobile number/);
    assert.match(contact.body, /Enter the first line of the address/);
    assert.match(contact.body, /value="olivia@"/);
    assert.match(contact.body, /value="Leeds"/);
    await client.get(`${base}/emergency-contacts`);
    const emergency = await client.post(`${base}/emergency-contacts`, { 'contact1-relationship': 'Brother', 'contact1-email': 'dan@example' });
    assert.equal(emergency.status, 400);
    assert.match(emergency.body, /Enter the name of emergency contact 1/);
    assert.match(emergency.body, /Enter an email address for emergency contact 1/);
    assert.match(emergency.body, /value="Brother"/);
    // Nothing typed anywhere: the check page refuses to create an empty credential.
    await client.get(`${base}/check`);
    const empty = await client.post(`${base}/check`);
    assert.equal(empty.status, 400);
    assert.match(empty.body, /Enter at least one answer/);
  });

  it('S9: the answers stay in the session (not the URL) and create one pending New Starter Information valid against the catalogue; a double submit acts once', async () => {
    const { client, passport, organisation, scope, session } = await personAt(app, 'ACNSB');
    const base = '/trusts/ACNSB/employee/credentials/new-starter-information';
    const steps: Array<[string, Record<string, string>]> = [
      ['personal-information', { title: 'Ms', firstName: 'Olivia', lastName: 'Bennett', previousNames: 'Olivia Smith\nOlivia Jones', 'birthDate-day': '12', 'birthDate-month': '4', 'birthDate-year': '1990', nationalInsuranceNumber: 'qq 12 34 56 c' }],
      ['identity-document', { documentType: 'Passport', documentNumber: '548213907', issuingCountry: 'United Kingdom', 'expiryDate-day': '14', 'expiryDate-month': '5', 'expiryDate-year': '2031' }],
      ['contact-details', { email: 'olivia.bennett@example.com', mobile: '07700 900123', addressLine1: '1 Mill Lane', townOrCity: 'Leeds', postcode: 'ls1 4ap' }],
      ['emergency-contacts', { 'contact1-name': 'Daniel Bennett', 'contact1-relationship': 'Brother', 'contact1-telephone': '07700 900456' }],
    ];
    const locations: string[] = [];
    for (const [page, form] of steps) {
      await client.get(`${base}/${page}`);
      const posted = await client.post(`${base}/${page}`, form);
      assert.equal(posted.status, 303, `${page}: ${posted.body.slice(0, 200)}`);
      locations.push(posted.location!);
    }
    assert.deepEqual(locations, [`${base}/identity-document`, `${base}/contact-details`, `${base}/emergency-contacts`, `${base}/check`]);
    assert.ok(locations.every((l) => !/Olivia|548213907|QQ/i.test(l)));
    const [stored] = await db().select({ journey: schema.employeeSessions.journey }).from(schema.employeeSessions).where(eq(schema.employeeSessions.id, session.sessionId));
    assert.ok(stored && JSON.stringify(stored.journey).includes('548213907'), 'the answers are in the session journey');
    // Back to a page shows what was typed.
    assert.match((await client.get(`${base}/identity-document?change=yes`)).body, /value="548213907"/);
    const check = await client.get(`${base}/check`);
    assert.match(check.body, /QQ123456C/);
    assert.match(check.body, /12 April 1990/);
    assert.match(check.body, /Daniel Bennett, Brother, 07700 900456/);
    const [first, second] = await Promise.all([client.post(`${base}/check`), client.clone().post(`${base}/check`)]);
    assert.equal(first.status, 303);
    assert.equal(second.status, 303);
    assert.equal(first.location, `${base}/created`);
    assert.equal(second.location, `${base}/created`);
    assert.equal((await client.post(`${base}/check`)).location, `${base}/created`);
    const held = (await providedCredentials(db(), scope).listForPassport(passport.id, { includeArchived: true })).filter((c) => c.credentialType === 'NewStarterInformation');
    assert.equal(held.length, 1);
    const nsi = held[0]!;
    assert.equal(nsi.state, 'pending');
    assert.equal(nsi.source, 'manual');
    assert.equal(nsi.providedBy, `staff:${passport.id}`);
    assert.deepEqual(validateSubject('NewStarterInformation', { ...nsi.subject, dspId: passport.dspId }), []);
    assert.deepEqual(nsi.subject.personalInformation, { title: 'Ms', firstName: 'Olivia', lastName: 'Bennett', previousNames: ['Olivia Smith', 'Olivia Jones'], birthDate: '1990-04-12', nationalInsuranceNumber: 'QQ123456C' });
    assert.deepEqual(nsi.subject.contactDetails, { email: 'olivia.bennett@example.com', mobile: '07700 900123', address: { addressLines: ['1 Mill Lane'], townOrCity: 'Leeds', postcode: 'LS1 4AP' } });
    assert.equal((nsi.subject.assurance as Record<string, unknown>).pedigree, 'Self-asserted');
    const history = await passportHistory(db(), scope).list(passport.id);
    assert.deepEqual(history.map((h) => [h.event, h.credentialId, h.actor]), [['credential.provided', nsi.id, `staff:${passport.id}`]]);
    assert.equal((await listAudit(db(), organisation.id, { action: 'credentials.provided', subject: passport.id })).length, 1);
    const created = await client.get(`${base}/created`);
    assert.equal(created.status, 200);
    assert.match(created.body, new RegExp(`href="/trusts/ACNSB/employee/credentials/${nsi.id}"[^>]*>\\s*Add it to your wallet`));
  });

  it('S9: a newer accepted New Starter Information archives the older one', async () => {
    const { client, passport, scope } = await personAt(app, 'ACNSC');
    const base = '/trusts/ACNSC/employee/credentials/new-starter-information';
    const create = async (firstName: string) => {
      await client.get(`${base}/personal-information`);
      assert.equal((await client.post(`${base}/personal-information`, { firstName })).status, 303);
      await client.get(`${base}/check`);
      assert.equal((await client.post(`${base}/check`)).status, 303);
    };
    const store = providedCredentials(db(), scope);
    await create('Olivia');
    const [older] = await store.listForPassport(passport.id);
    assert.equal((await store.transition(older!.id, 'accept', { now: clock.now(), serialNumber: randomUUID() })).outcome, 'changed');
    clock.advance(60_000);
    await create('Liv');
    const newer = (await store.listForPassport(passport.id)).find((c) => c.state === 'pending');
    assert.ok(newer);
    assert.equal(newer.supersedes, older!.id);
    const accepted = await store.transition(newer.id, 'accept', { now: clock.now(), serialNumber: randomUUID() });
    assert.equal(accepted.outcome, 'changed');
    assert.deepEqual(accepted.outcome === 'changed' ? accepted.archived : [], [older!.id]);
    assert.equal((await store.findById(older!.id))?.state, 'archived');
  });

  it('S11: history is the person’s own, newest first, 25 to a page', async () => {
    const { client, passport, scope } = await personAt(app, 'ACHIA');
    const other = await addStaffPassportAt(app, { ods: 'ACHIA' });
    const elsewhere = await personAt(app, 'ACHIB');
    const start = clock.now().getTime();
    await passportHistory(db(), scope).record(
      Array.from({ length: 30 }, (_, i) => ({ passportId: passport.id, event: 'credential.provided' as const, actor: 'system:auto-provide', at: new Date(start + i * 1000), details: { title: `Core skill ${i + 1}` } })),
    );
    await passportHistory(db(), scope).record([{ passportId: other.passport.id, event: 'credential.provided', actor: 'user:x', at: clock.now(), details: { title: 'Not yours' } }]);
    await passportHistory(db(), elsewhere.scope).record([{ passportId: elsewhere.passport.id, event: 'credential.provided', actor: 'user:x', at: clock.now(), details: { title: 'Not yours either' } }]);
    const first = await client.get('/trusts/ACHIA/employee/history');
    assert.equal(first.status, 200);
    const rows = (body: string) => [...body.matchAll(/Credential provided: ([^<]+)</g)].map((m) => m[1]);
    assert.equal(rows(first.body).length, 25);
    assert.equal(rows(first.body)[0], 'Core skill 30');
    assert.match(first.body, /Showing 1 to 25 of 30/);
    assert.match(first.body, /href="\/trusts\/ACHIA\/employee\/history\?page=2"/);
    assert.doesNotMatch(first.body, /Not yours/);
    const second = await client.get('/trusts/ACHIA/employee/history?page=2');
    assert.deepEqual(rows(second.body), ['Core skill 5', 'Core skill 4', 'Core skill 3', 'Core skill 2', 'Core skill 1']);
    assert.match(second.body, /Passport history \(page 2 of 2\)/);
    const beyond = await client.get('/trusts/ACHIA/employee/history?page=99');
    assert.equal(rows(beyond.body).length, 5);
    const junk = await client.get('/trusts/ACHIA/employee/history?page=abc');
    assert.equal(rows(junk.body).length, 25);
  });

  it('S11: notification settings show the email and mobile; a choice left out is a 400 keeping the other; both off warns, records history and audit once', async () => {
    const { client, passport, organisation, scope } = await personAt(app, 'ACSEA');
    const page = await client.get('/trusts/ACSEA/employee/settings');
    assert.equal(page.status, 200);
    assert.ok(page.body.includes(passport.email!));
    assert.ok(page.body.includes(passport.mobile!));
    assert.match(page.body, /you will not get any alerts about new credentials or requests/i);
    const missing = await client.post('/trusts/ACSEA/employee/settings', { email: 'off' });
    assert.equal(missing.status, 400);
    assert.ok(errorSummary(missing.body));
    assert.match(missing.body, /Select whether you want alerts by text message/);
    assert.match(missing.body, /value="off" checked/);
    await client.get('/trusts/ACSEA/employee/settings');
    const saved = await client.post('/trusts/ACSEA/employee/settings', { email: 'off', sms: 'off' });
    assert.equal(saved.status, 303);
    assert.equal(saved.location, '/trusts/ACSEA/employee/settings?saved=yes');
    await client.post('/trusts/ACSEA/employee/settings', { email: 'off', sms: 'off' });
    const after = await staffPassports(db(), scope).findById(passport.id);
    assert.equal(after?.notifyByEmail, false);
    assert.equal(after?.notifyBySms, false);
    const shown = await client.get(saved.location!);
    assert.match(shown.body, /Your notification settings have been saved/);
    assert.match(shown.body, /You have turned off all alerts/);
    assert.deepEqual((await passportHistory(db(), scope).list(passport.id)).map((h) => [h.event, h.details]), [['notifications.changed', { email: false, sms: false }]]);
    assert.equal((await listAudit(db(), organisation.id, { action: 'passport.notifications-changed', subject: passport.id })).length, 1);
    await client.get('/trusts/ACSEA/employee/settings');
    assert.equal((await client.post('/trusts/ACSEA/employee/settings', { email: 'on', sms: 'off' })).status, 303);
    assert.equal((await staffPassports(db(), scope).findById(passport.id))?.notifyByEmail, true);
  });

  it('S12: deleting the passport revokes what the trust issued, deletes it, ends the session and emails; a double submit acts once', async () => {
    const { client, passport, organisation, scope } = await personAt(app, 'ACDLA');
    const keep = await addStaffPassportAt(app, { ods: 'ACDLA' });
    // Two credentials in the wallet (accepted, with status entries) and one still pending.
    const store = providedCredentials(db(), scope);
    const plan = planProvision(
      [
        { type: 'CoreSkill', subject: SAMPLE_SUBJECTS.CoreSkill },
        { type: 'ProfessionalRegistration', subject: SAMPLE_SUBJECTS.ProfessionalRegistration },
        { type: 'OccupationalHealth', subject: SAMPLE_SUBJECTS.OccupationalHealth },
      ],
      [],
      clock.now(),
    );
    const provided = await store.provide(passport.id, plan.provide, { source: 'manual', actor: 'user:hr', now: clock.now() });
    const ledger = statusLedger(db(), scope);
    const serials: string[] = [];
    for (const c of provided.slice(0, 2)) {
      const serialNumber = randomUUID();
      await ledger.allocate({ serialNumber, format: 'jwt_vc_json' });
      await store.transition(c.id, 'accept', { now: clock.now(), serialNumber });
      serials.push(serialNumber);
    }
    const page = await client.get('/trusts/ACDLA/employee/settings/delete');
    assert.equal(page.status, 200);
    assert.match(page.body, /revoked/);
    assert.match(page.body, /other organisations are not affected/);
    const second = client.clone();
    const deleted = await client.post('/trusts/ACDLA/employee/settings/delete', { passport: passport.id });
    assert.equal(deleted.status, 303);
    assert.equal(deleted.location, '/trusts/ACDLA/employee/passport-deleted');
    for (const serial of serials) assert.deepEqual((await ledger.find(serial)).map((e) => e.state), ['revoked']);
    assert.equal(await staffPassports(db(), scope).findById(passport.id), undefined);
    assert.ok(await staffPassports(db(), scope).findById(keep.passport.id), 'another passport of the trust stays');
    assert.deepEqual((await outboxFor(app, organisation.id, passport.email)).map((m) => m.template), ['employee-passport-deleted-email']);
    const audit = await listAudit(db(), organisation.id, { action: 'staff-passport.deleted', subject: passport.id });
    assert.equal(audit.length, 1);
    assert.equal(audit[0]!.actor, `staff:${passport.id}`);
    assert.doesNotMatch(JSON.stringify(audit[0]!.details), /@|Ada|Lovelace/);
    // The session is over: a signed-in page sends the browser to sign in.
    assert.equal((await client.get('/trusts/ACDLA/employee')).status, 303);
    const confirmation = await client.get('/trusts/ACDLA/employee/passport-deleted');
    assert.equal(confirmation.status, 200);
    assert.match(confirmation.body, /Your passport has been deleted/);
    // The second submission of the same form (its session already gone) goes to the confirmation too.
    const again = await second.post('/trusts/ACDLA/employee/settings/delete', { passport: passport.id });
    assert.equal(again.status, 303);
    assert.equal(again.location, '/trusts/ACDLA/employee/passport-deleted');
    assert.equal((await listAudit(db(), organisation.id, { action: 'staff-passport.deleted', subject: passport.id })).length, 1);
    assert.equal((await outboxFor(app, organisation.id, passport.email)).length, 1);
  });

  it('another trust’s session reaches none of the account pages, and no session is sent to sign in', async () => {
    const mine = await personAt(app, 'ACISA');
    const theirs = await personAt(app, 'ACISB');
    const pages = [
      '/credentials/request',
      '/credentials/request/check',
      '/credentials/request/done',
      '/credentials/new-starter-information',
      '/credentials/new-starter-information/personal-information',
      '/credentials/new-starter-information/check',
      '/credentials/new-starter-information/created',
      '/history',
      '/settings',
      '/settings/delete',
    ];
    for (const path of pages) {
      const res = await mine.client.get(`/trusts/ACISB/employee${path}`);
      assert.equal(res.status, 404, path);
      assert.doesNotMatch(res.body, /Test Trust ACISB/);
      const anonymous = await app.inject({ url: `/trusts/ACISB/employee${path}` });
      assert.equal(anonymous.statusCode, 303, path);
    }
    // Posting with this trust's form to the other trust's URLs changes nothing there.
    await mine.client.get('/trusts/ACISA/employee/settings/delete');
    assert.equal((await mine.client.post('/trusts/ACISB/employee/settings/delete', { passport: theirs.passport.id })).status, 404);
    assert.equal((await mine.client.post('/trusts/ACISB/employee/settings', { email: 'off', sms: 'off' })).status, 404);
    assert.equal((await postMulti(app, mine.client, '/trusts/ACISB/employee/credentials/request', [['types', 'CoreSkill']])).status, 404);
    assert.ok(await staffPassports(db(), theirs.scope).findById(theirs.passport.id));
    assert.equal((await staffPassports(db(), theirs.scope).findById(theirs.passport.id))?.notifyByEmail, true);
    assert.equal((await credentialRequests(db(), theirs.scope).openFor(theirs.passport.id)).length, 0);
  });
});
