// The employer portal's ESR pages over HTTP (DOMAIN.md E6, E7): connecting a passport by
// assignment number, changing and disconnecting; providing from ESR with a choice and the
// attestation. ESR's faults (through the simulator's fault injection), another trust's passports,
// bad input and double submits.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { systemClock } from '../../src/platform/clock.ts';
import { listOutbox } from '../../src/integrations/notify/index.ts';
import { listAudit } from '../../src/store/audit-log.ts';
import { passportHistory } from '../../src/store/passport-history.ts';
import { providedCredentials } from '../../src/store/provided-credentials.ts';
import { scopeOf } from '../../src/store/scope.ts';
import { staffPassports } from '../../src/store/staff-passports.ts';
import type { StaffPassport } from '../../src/core/passport/staff-passport.ts';
import { csrfFrom, testApp } from '../support/app.ts';
import { describeEachDatabase } from '../support/databases.ts';
import { addEmployerUser, signInEmployer, type EmployerTestSession } from '../support/employer-session.ts';
import { startEsrSimulator, type EsrWorld } from '../support/esr-world.ts';

const DEMO_NUMBER = '30412876';

describeEachDatabase('employer portal: ESR pages', (database) => {
  let world: EsrWorld;
  let app: Awaited<ReturnType<typeof testApp>>;
  let session: EmployerTestSession;
  let other: EmployerTestSession;
  let n = 0;

  before(async () => {
    world = await startEsrSimulator({ organisations: ['RZX', 'RZY'], size: 20, clock: systemClock, demoPeople: true, timeoutMs: 1500 });
    app = await testApp(database(), { DSP_ESR_URL: world.baseUrl, DSP_ESR_TIMEOUT_MS: '1500' });
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
  const base = (p: StaffPassport, s = '') => `/trusts/RZX/employer/staff-passports/${p.id}${s}`;

  async function olivia(link?: 'linked'): Promise<StaffPassport> {
    n += 1;
    const added = await staffPassports(db(), scope()).add({
      givenName: 'Olivia',
      familyName: 'Bennett',
      dateOfBirth: '1990-04-12',
      email: `olivia${n}@example.nhs.uk`,
      mobile: `07700900${String(100 + n)}`,
      status: 'credentials-pending',
    });
    assert.equal(added.outcome, 'added');
    if (added.outcome !== 'added') throw new Error('not added');
    if (link) {
      // One passport per assignment number at a trust: the earlier test's Olivia lets go.
      const earlier = await staffPassports(db(), scope()).findLinked(DEMO_NUMBER);
      if (earlier) await staffPassports(db(), scope()).unlinkEsr(earlier.id);
    }
    if (link) assert.equal(await staffPassports(db(), scope()).linkEsr(added.passport.id, { assignmentNumber: DEMO_NUMBER, actor: 'user:test', now: new Date() }), 'linked');
    return added.passport;
  }

  const get = (url: string, s: EmployerTestSession = session) => app.inject({ url, headers: { cookie: s.cookie } });
  async function post(pageUrl: string, url: string, form: Record<string, string | string[]>, s: EmployerTestSession = session) {
    const page = await get(pageUrl, s);
    const csrf = csrfFrom(page);
    const body = new URLSearchParams();
    body.append('_csrf', csrf.token);
    for (const [k, v] of Object.entries(form)) for (const x of [v].flat()) body.append(k, x);
    return app.inject({ method: 'POST', url, headers: { cookie: `${s.cookie}; ${csrf.cookie}`, 'content-type': 'application/x-www-form-urlencoded' }, payload: body.toString() });
  }
  const fault = (body: Record<string, unknown>) => fetch(`${world.baseUrl}/control/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const clearFaults = () => fetch(`${world.baseUrl}/control/faults`, { method: 'DELETE' });

  it('connects a passport by assignment number: the side-by-side page, then confirm; history and audit name the user; a double submit links once', async () => {
    const p = await olivia();
    const typed = await post(base(p, '/esr'), base(p, '/esr'), { assignmentNumber: ` ${DEMO_NUMBER} ` });
    assert.equal(typed.statusCode, 303);
    assert.equal(typed.headers.location, base(p, `/esr/check?assignmentNumber=${DEMO_NUMBER}`));
    const check = await get(typed.headers.location!);
    assert.equal(check.statusCode, 200);
    assert.match(check.body, /Check this is the right person in ESR/);
    assert.match(check.body, /Olivia<\/td>\s*<td class="nhsuk-table__cell">Olivia/);
    assert.match(check.body, /12 April 1990<\/td>\s*<td class="nhsuk-table__cell">12 April 1990/);
    assert.doesNotMatch(check.body, /Does not match/);
    assert.match(check.body, /Registered Nurse - Adult/);
    const first = await post(typed.headers.location!, base(p, '/esr/check'), { assignmentNumber: DEMO_NUMBER });
    const second = await post(typed.headers.location!, base(p, '/esr/check'), { assignmentNumber: DEMO_NUMBER });
    assert.equal(first.statusCode, 303);
    assert.equal(second.statusCode, 303);
    const linked = await staffPassports(db(), scope()).findById(p.id);
    assert.equal(linked?.esrLinkState, 'linked');
    assert.equal(linked?.esrAssignmentNumber, DEMO_NUMBER);
    assert.equal(linked?.esrPersonId, '510482736');
    const history = await passportHistory(db(), scope()).list(p.id);
    assert.deepEqual(history.map((h) => h.event), ['esr.linked']);
    assert.equal(history[0]!.actor, `user:${session.user.id}`);
    const audit = await listAudit(db(), session.organisation.id, { subject: p.id });
    assert.deepEqual(audit.map((a) => [a.action, a.actor]), [['passport.esr-linked', `user:${session.user.id}`]]);
    const page = await get(base(p, '/esr?connected=yes'));
    assert.match(page.body, /is now connected to ESR/);
  });

  it('shows mismatches side by side and still lets HR connect (a name change)', async () => {
    n += 1;
    const added = await staffPassports(db(), scope()).add({ givenName: 'Olivia', familyName: 'Smith', dateOfBirth: '1990-04-13', email: `os${n}@example.nhs.uk`, status: 'credentials-pending' });
    if (added.outcome !== 'added') throw new Error('not added');
    const check = await get(base(added.passport, `/esr/check?assignmentNumber=${DEMO_NUMBER}`));
    assert.equal((check.body.match(/Does not match/g) ?? []).length, 2, 'last name and date of birth');
    assert.match(check.body, /The details do not match/);
    assert.match(check.body, /Yes, this is the correct staff member/);
  });

  it('rejects a malformed or unknown number with the error summary, keeping what was typed; writes nothing', async () => {
    const p = await olivia();
    const empty = await post(base(p, '/esr'), base(p, '/esr'), { assignmentNumber: '' });
    assert.equal(empty.statusCode, 400);
    assert.match(empty.body, /nhsuk-error-summary/);
    assert.match(empty.body, /Enter the ESR assignment number/);
    const bad = await post(base(p, '/esr'), base(p, '/esr'), { assignmentNumber: '1234x' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /value="1234x"/);
    assert.match(bad.body, /href="#assignmentNumber"/);
    const unknown = await post(base(p, '/esr'), base(p, '/esr'), { assignmentNumber: '99999999' });
    assert.equal(unknown.statusCode, 400);
    assert.match(unknown.body, /No staff member with this assignment number was found in ESR/);
    assert.match(unknown.body, /value="99999999"/);
    assert.equal((await staffPassports(db(), scope()).findById(p.id))?.esrLinkState, 'unlinked');
    assert.deepEqual(await passportHistory(db(), scope()).list(p.id), []);
  });

  it('changes the number (the old link is replaced, both recorded) and disconnects with a confirmation, once', async () => {
    const p = await olivia('linked');
    const form = await get(base(p, '/esr?change=yes'));
    assert.match(form.body, /Changing the number disconnects/);
    // A second assignment of someone in the simulated population.
    const people = world.simulator.store().people('RZX');
    const someone = [...people].find((r) => r.person.personId !== '510482736')!;
    const number = someone.assignments[0]!.assignmentNumber;
    const typed = await post(base(p, '/esr?change=yes'), base(p, '/esr'), { assignmentNumber: number });
    assert.equal(typed.statusCode, 303);
    const confirmed = await post(typed.headers.location!, base(p, '/esr/check'), { assignmentNumber: number });
    assert.equal(confirmed.statusCode, 303);
    assert.equal((await staffPassports(db(), scope()).findById(p.id))?.esrAssignmentNumber, number);
    assert.deepEqual((await passportHistory(db(), scope()).list(p.id)).map((h) => h.event), ['esr.linked', 'esr.unlinked']);

    const ask = await get(base(p, '/esr/disconnect'));
    assert.match(ask.body, /Are you sure you want to disconnect/);
    const a = await post(base(p, '/esr/disconnect'), base(p, '/esr/disconnect'), {});
    assert.equal(a.statusCode, 303);
    // The second of a double submit: the page was loaded before the first went through.
    const csrf = csrfFrom(ask);
    const b = await app.inject({ method: 'POST', url: base(p, '/esr/disconnect'), headers: { cookie: `${session.cookie}; ${csrf.cookie}`, 'content-type': 'application/x-www-form-urlencoded' }, payload: `_csrf=${encodeURIComponent(csrf.token)}` });
    assert.equal(b.statusCode, 303);
    const after = await staffPassports(db(), scope()).findById(p.id);
    assert.equal(after?.esrLinkState, 'unlinked');
    assert.equal(after?.esrAssignmentNumber, null);
    assert.deepEqual((await passportHistory(db(), scope()).list(p.id)).map((h) => h.event), ['esr.unlinked', 'esr.linked', 'esr.unlinked']);
    const audit = await listAudit(db(), session.organisation.id, { subject: p.id });
    assert.deepEqual(audit.map((e) => e.action).sort(), ['passport.esr-changed', 'passport.esr-unlinked']);
    assert.ok(audit.some((e) => e.action === 'passport.esr-unlinked' && e.actor === `user:${session.user.id}`));
    assert.equal(audit.filter((e) => e.action === 'passport.esr-unlinked').length, 1);
    assert.match((await get(base(p, '/esr?disconnected=yes'))).body, /has been disconnected from ESR/);
  });

  it('provides from ESR: choose (select all), confirm with the attestation; pending, notified, history and audit; a double submit and providing again provide nothing new', async () => {
    const p = await olivia('linked');
    const choose = await get(base(p, '/provide-from-esr?select=all'));
    assert.equal(choose.statusCode, 200);
    assert.match(choose.body, /The ESR request is complete/);
    const ids = [...choose.body.matchAll(/name="items" type="checkbox" value="([^"]+)" checked/g)].map((m) => m[1]!);
    const all = [...choose.body.matchAll(/name="items" type="checkbox" value="([^"]+)"/g)].map((m) => m[1]!);
    assert.ok(ids.length >= 5, `all items ticked (${ids.length})`);
    assert.equal(ids.length, all.length);

    const none = await post(base(p, '/provide-from-esr'), base(p, '/provide-from-esr'), {});
    assert.equal(none.statusCode, 400);
    assert.match(none.body, /Select the credentials to provide/);

    const chosen = await post(base(p, '/provide-from-esr'), base(p, '/provide-from-esr'), { items: ids });
    assert.equal(chosen.statusCode, 303);
    const confirmUrl = chosen.headers.location!;
    const confirm = await get(confirmUrl);
    assert.match(confirm.body, /I confirm these details are correct/);

    const noAttest = await post(confirmUrl, base(p, '/provide-from-esr/confirm'), { items: ids });
    assert.equal(noAttest.statusCode, 400);
    assert.match(noAttest.body, /nhsuk-error-summary/);
    assert.equal((noAttest.body.match(/name="items" value=/g) ?? []).length, ids.length, 'the choice is kept');
    assert.equal((await providedCredentials(db(), scope()).listForPassport(p.id)).length, 0);

    const [one, two] = await Promise.all([
      post(confirmUrl, base(p, '/provide-from-esr/confirm'), { items: ids, attest: 'yes' }),
      post(confirmUrl, base(p, '/provide-from-esr/confirm'), { items: ids, attest: 'yes' }),
    ]);
    assert.equal(one.statusCode, 303);
    assert.equal(two.statusCode, 303);
    const credentials = await providedCredentials(db(), scope()).listForPassport(p.id);
    assert.equal(credentials.length, ids.length);
    assert.ok(credentials.every((c) => c.state === 'pending' && c.source === 'esr' && c.providedBy === `user:${session.user.id}`));
    const done = await get(base(p, '/provide-from-esr/done'));
    assert.match(done.body, /Credentials provided/);
    assert.equal((done.body.match(/>Pending</g) ?? []).length, ids.length);

    const outbox = (await listOutbox(db(), { organisationId: session.organisation.id, pageSize: 200 })).messages.filter((m) => m.recipient === p.email || m.recipient === p.mobile);
    assert.deepEqual(outbox.map((m) => m.template).sort(), ['credentials-provided-email', 'credentials-provided-sms']);
    const history = await passportHistory(db(), scope()).list(p.id, { limit: 100 });
    assert.equal(history.filter((h) => h.event === 'credential.provided' && h.actor === `user:${session.user.id}`).length, ids.length);
    const audit = await listAudit(db(), session.organisation.id, { subject: p.id, action: 'credentials.provided' });
    assert.equal(audit.length, 1);
    assert.equal(audit[0]!.actor, `user:${session.user.id}`);

    const again = await get(base(p, '/provide-from-esr'));
    assert.match(again.body, /There is nothing new to provide/);
    assert.doesNotMatch(again.body, /type="checkbox"/);
    // Submitting the old confirmation again provides nothing.
    const csrf = csrfFrom(confirm);
    const repeat = await app.inject({
      method: 'POST',
      url: base(p, '/provide-from-esr/confirm'),
      headers: { cookie: `${session.cookie}; ${csrf.cookie}`, 'content-type': 'application/x-www-form-urlencoded' },
      payload: `_csrf=${encodeURIComponent(csrf.token)}&attest=yes&${ids.map((i) => `items=${i}`).join('&')}`,
    });
    assert.equal(repeat.statusCode, 303);
    assert.equal((await providedCredentials(db(), scope()).listForPassport(p.id)).length, ids.length);
  });

  it('provides only what was chosen', async () => {
    const p = await olivia('linked');
    const choose = await get(base(p, '/provide-from-esr'));
    const all = [...choose.body.matchAll(/name="items" type="checkbox" value="([^"]+)"/g)].map((m) => m[1]!);
    const r = await post(base(p, '/provide-from-esr'), base(p, '/provide-from-esr/confirm'), { items: all.slice(0, 2), attest: 'yes' });
    assert.equal(r.statusCode, 303);
    assert.equal((await providedCredentials(db(), scope()).listForPassport(p.id)).length, 2);
    const next = await get(base(p, '/provide-from-esr'));
    assert.equal([...next.body.matchAll(/name="items" type="checkbox"/g)].length, all.length - 2);
  });

  it('asks for the ESR connection before providing to a passport that is not connected', async () => {
    const p = await olivia();
    const page = await get(base(p, '/provide-from-esr'));
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Connect to ESR before providing credentials/);
  });

  for (const [name, spec, status, message] of [
    ['unavailable', { kind: 'error', status: 503 }, 503, 'ESR is not available at the moment'],
    ['timing out', { kind: 'delay', delayMs: 4000 }, 503, 'ESR took too long to answer'],
    ['malformed', { kind: 'malformed-json' }, 502, 'ESR sent an answer that could not be read'],
  ] as const) {
    it(`ESR ${name}: a clear NHS.UK page saying what to do, and nothing written (connect and provide)`, async () => {
      const p = await olivia();
      const q = await olivia('linked');
      const confirmPage = await get(base(q, '/provide-from-esr'));
      const ids = [...confirmPage.body.matchAll(/name="items" type="checkbox" value="([^"]+)"/g)].map((m) => m[1]!);
      const csrfConnect = csrfFrom(await get(base(p, '/esr')));
      const csrfProvide = csrfFrom(confirmPage);
      await fault({ ...spec, operation: 'any' });
      try {
        const connect = await app.inject({ method: 'POST', url: base(p, '/esr'), headers: { cookie: `${session.cookie}; ${csrfConnect.cookie}`, 'content-type': 'application/x-www-form-urlencoded' }, payload: `_csrf=${encodeURIComponent(csrfConnect.token)}&assignmentNumber=${DEMO_NUMBER}` });
        assert.equal(connect.statusCode, status);
        assert.match(connect.body, new RegExp(message));
        assert.match(connect.body, /Nothing has been changed/);
        const check = await app.inject({ method: 'POST', url: base(p, '/esr/check'), headers: { cookie: `${session.cookie}; ${csrfConnect.cookie}`, 'content-type': 'application/x-www-form-urlencoded' }, payload: `_csrf=${encodeURIComponent(csrfConnect.token)}&assignmentNumber=${DEMO_NUMBER}` });
        assert.equal(check.statusCode, status);
        const provide = await app.inject({
          method: 'POST',
          url: base(q, '/provide-from-esr/confirm'),
          headers: { cookie: `${session.cookie}; ${csrfProvide.cookie}`, 'content-type': 'application/x-www-form-urlencoded' },
          payload: `_csrf=${encodeURIComponent(csrfProvide.token)}&attest=yes&${ids.map((i) => `items=${i}`).join('&')}`,
        });
        assert.equal(provide.statusCode, status);
        assert.match(provide.body, new RegExp(message));
      } finally {
        await clearFaults();
      }
      assert.equal((await staffPassports(db(), scope()).findById(p.id))?.esrLinkState, 'unlinked');
      assert.deepEqual(await passportHistory(db(), scope()).list(p.id), []);
      assert.deepEqual(await providedCredentials(db(), scope()).listForPassport(q.id), []);
      assert.deepEqual(await passportHistory(db(), scope()).list(q.id), []);
    });
  }

  it("another trust's user gets 404 for every page and form, by URL or by posting", async () => {
    const p = await olivia('linked');
    for (const s of ['/esr', '/esr/check?assignmentNumber=30412876', '/esr/disconnect', '/provide-from-esr', '/provide-from-esr/confirm?item=AAAAAAAAAAAAAAAA', '/provide-from-esr/done']) {
      const r = await get(`/trusts/RZY/employer/staff-passports/${p.id}${s}`, other);
      assert.equal(r.statusCode, 404, s);
      // The same user at RZX's URL: also 404 (signed in at another trust).
      assert.equal((await get(base(p, s), other)).statusCode, 404, s);
    }
    // Form tampering: RZY's user posts with RZY's CSRF token to RZY's URL carrying RZX's passport id.
    const own = await get('/trusts/RZY/employer', other);
    const csrf = csrfFrom(own);
    for (const [s, payload] of [['/esr/disconnect', ''], ['/esr/check', `assignmentNumber=${DEMO_NUMBER}`], ['/provide-from-esr/confirm', 'attest=yes&items=AAAAAAAAAAAAAAAA']] as const) {
      const r = await app.inject({ method: 'POST', url: `/trusts/RZY/employer/staff-passports/${p.id}${s}`, headers: { cookie: `${other.cookie}; ${csrf.cookie}`, 'content-type': 'application/x-www-form-urlencoded' }, payload: `_csrf=${encodeURIComponent(csrf.token)}&${payload}` });
      assert.equal(r.statusCode, 404, s);
    }
    assert.equal((await staffPassports(db(), scope()).findById(p.id))?.esrLinkState, 'linked');
    assert.deepEqual(await providedCredentials(db(), scope()).listForPassport(p.id), []);
    assert.equal((await get(base({ id: 'not-a-uuid' } as StaffPassport, '/esr'))).statusCode, 404);
  });
});
