// HR's review of shared credentials and the credentials required, over HTTP (DOMAIN.md E9): the real
// app listening on localhost; a person whose wallet (the holder library) holds credentials really
// issued by their previous trust, shared with this trust through the gateway and kept for review
// (test/support/shared-credentials.ts). Accept some, reject one with a note (the person told the
// reason), reset, accept all, a double submit acting once, live verification showing a credential
// revoked since it was shared, complete only when every checklist item is ticked, bypass, both
// confirmed twice, the passport Active and Reviewed, history and audit, another trust's 404s.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { CredentialTypeId } from '../../src/core/credentials/index.ts';
import type { StaffPassport } from '../../src/core/passport/staff-passport.ts';
import { listOutbox } from '../../src/integrations/notify/index.ts';
import { listAudit } from '../../src/store/audit-log.ts';
import { credentialsRequiredChecklists } from '../../src/store/credentials-required-checklists.ts';
import { credentialsReview } from '../../src/store/credentials-review.ts';
import { passportHistory } from '../../src/store/passport-history.ts';
import { scopeOf } from '../../src/store/scope.ts';
import { sharedCredentials, type SharedCredential } from '../../src/store/shared-credentials.ts';
import { staffPassports } from '../../src/store/staff-passports.ts';
import { statusLedger } from '../../src/store/status-ledger.ts';
import { csrfFrom } from '../support/app.ts';
import { describeEachDatabase } from '../support/databases.ts';
import { addStaffPassportAt } from '../support/employee-session.ts';
import { addEmployeeWithWallet, startEmployeePortal, type EmployeePortalServer, type EmployeeWithWallet } from '../support/employee-wallet.ts';
import { addEmployerUser, signInEmployer, type EmployerTestSession } from '../support/employer-session.ts';
import { issueInto, shareInto } from '../support/shared-credentials.ts';

const ODS = 'RSC01';
const PREVIOUS = 'RSC02';
const OTHER = 'RSC03';
const GROUP = 'Nursing and Midwifery Registered';

describeEachDatabase('employer portal: review shared credentials, credentials required (E9)', (database) => {
  let server: EmployeePortalServer;
  let session: EmployerTestSession;
  let other: EmployerTestSession;
  let n = 0;

  before(async () => {
    server = await startEmployeePortal(database());
    session = await signInEmployer(server.app, { ods: ODS, userId: (await addEmployerUser(server.app, { ods: ODS, role: 'administrator', displayName: 'Hana Reid' })).user.id });
    other = await signInEmployer(server.app, { ods: OTHER, userId: (await addEmployerUser(server.app, { ods: OTHER, role: 'administrator' })).user.id });
    // This trust requires Identity, Core skill and DBS of the staff group.
    const added = await credentialsRequiredChecklists(database().db, scopeOf(session.organisation.id)).add(
      { staffGroup: GROUP, jobRole: null, employmentType: null, credentialTypes: ['Identity', 'DBSCheck', 'CoreSkill'] },
      'system:test',
    );
    assert.equal(added.outcome, 'added');
  });
  after(() => server?.close());

  const db = () => database().db;
  const scope = () => scopeOf(session.organisation.id);
  const app = () => server.app;
  const passportUrl = (p: { id: string }, s = session) => `/trusts/${s.organisation.odsCode}/employer/staff-passports/${p.id}`;
  const reviewUrl = (p: { id: string }, s = session) => `${passportUrl(p, s)}/shared-credentials`;
  const get = (u: string, s = session) => app().inject({ url: u, headers: { cookie: s.cookie } });
  async function post(u: string, form: Record<string, string>, s = session) {
    const csrf = csrfFrom(await get(`/trusts/${s.organisation.odsCode}/employer`, s));
    const body = new URLSearchParams({ _csrf: csrf.token, ...form });
    return app().inject({ method: 'POST', url: u, headers: { cookie: `${s.cookie}; ${csrf.cookie}`, 'content-type': 'application/x-www-form-urlencoded' }, payload: body.toString() });
  }
  const text = (html: string) =>
    html
      .replace(/<[^>]+>/g, ' ')
      .replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)))
      .replace(/\s+/g, ' ');

  /**
   * A person who worked at the previous trust (Identity, and `issued` there, in their wallet),
   * with a passport at this trust (identity confirmed: credentials pending, the same DSP id), who
   * shared `shared` with this trust.
   */
  async function mover(issued: CredentialTypeId[], shared: CredentialTypeId[]): Promise<{ person: EmployeeWithWallet; passport: StaffPassport; shared: SharedCredential[] }> {
    n += 1;
    const person = await addEmployeeWithWallet(server, { ods: PREVIOUS, passport: { givenName: 'Olivia', familyName: 'Bennett', email: `olivia.prev${n}@example.nhs.uk`, mobile: `07700900${String(500 + n)}` } });
    if (issued.length) await issueInto(server, person, issued);
    const { passport } = await addStaffPassportAt(app(), {
      ods: ODS,
      passport: { givenName: 'Olivia', familyName: 'Bennett', email: `olivia${n}@example.nhs.uk`, mobile: `07700900${String(600 + n)}`, staffGroup: GROUP, status: 'credentials-pending' },
      dspId: person.passport.dspId!,
    });
    return { person, passport, shared: await shareInto(server, person, session.organisation, passport.id, shared) };
  }
  /** The confirm page's hidden digest of the decisions it shows (the form field). */
  async function stagedOf(p: { id: string }): Promise<Record<string, string>> {
    const page = await get(`${reviewUrl(p)}/confirm`);
    return { staged: /name="staged" value="([^"]*)"/.exec(page.body)?.[1] ?? '' };
  }
  const byType = (list: SharedCredential[], type: string) => list.find((c) => c.type === type)!;
  const stored = async (p: StaffPassport, id: string) => (await sharedCredentials(db(), scope()).get(p.id, id))!;
  const outbox = async (to: string) => (await listOutbox(db(), { pageSize: 200 })).messages.filter((m) => m.recipient === to || m.recipient.replace(/\D/g, '').endsWith(to.replace(/\D/g, '').replace(/^0/, '')));

  it('banner and list on the passport; review with live verification; accept some, reject one with a note, reset; confirm once; the person told the reason; progress ticks', async () => {
    const { passport, shared } = await mover(['CoreSkill', 'DBSCheck', 'RightToWork'], ['Identity', 'CoreSkill', 'DBSCheck', 'RightToWork']);
    assert.equal(shared.length, 4);
    const page = text((await get(passportUrl(passport))).body);
    assert.match(page, /New credentials to review \(4\)/);
    assert.match(page, /Review shared credentials/);
    assert.match(page, /Core skill.*To review/);
    assert.match(page, /0 credentials out of 3 completed/);
    assert.doesNotMatch(page, /Complete credentials required/, 'not while credentials wait for review');
    // The home page's count and the staff list's action filter.
    assert.match(text((await get(`/trusts/${ODS}/employer`)).body), /New credentials to review \d+ staff members? ha(s|ve) shared credentials to review/);
    const filtered = `/trusts/${ODS}/employer/staff-passports?action=review-credentials`;
    assert.match((await get(filtered)).body, new RegExp(`staff-passports/${passport.id}`));

    const review = await get(reviewUrl(passport));
    assert.equal(review.statusCode, 200);
    const body = text(review.body);
    assert.match(body, /Accept all \(4\)/);
    assert.match(body, /Signature ✓ Valid/);
    assert.match(body, /Trusted: /);
    assert.match(body, /Status ✓ Valid/);
    assert.match(body, /Verification now Verified/);
    assert.match(body, /Reject shared credential/);
    assert.doesNotMatch(body, /Revoke/i, 'a credential another organisation issued is never revocable here (E9.5)');
    assert.match(body, /Assurance/);

    const identity = byType(shared, 'Identity');
    const core = byType(shared, 'CoreSkill');
    const dbs = byType(shared, 'DBSCheck');
    const rtw = byType(shared, 'RightToWork');
    // A note over the limit: 400 with the error summary, keeping what was typed; nothing staged.
    const long = 'x'.repeat(501);
    const bad = await post(`${reviewUrl(passport)}/${dbs.id}`, { decision: 'reject', note: long });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /nhsuk-error-summary/);
    assert.match(bad.body, new RegExp(`href="#note-${dbs.id}"`));
    assert.match(bad.body, new RegExp(long));
    assert.equal((await stored(passport, dbs.id)).draft, null);
    // A rejection without its reason (DOMAIN.md §9 #16): 400, nothing staged.
    for (const note of [undefined, '', '   ']) {
      const blank = await post(`${reviewUrl(passport)}/${dbs.id}`, { decision: 'reject', ...(note === undefined ? {} : { note }) });
      assert.equal(blank.statusCode, 400);
      assert.match(text(blank.body), /Enter the reason for rejecting Disclosure and Barring Service \(DBS\)/);
    }
    assert.equal((await stored(passport, dbs.id)).draft, null);

    for (const c of [identity, core]) assert.equal((await post(`${reviewUrl(passport)}/${c.id}`, { decision: 'accept' })).statusCode, 303);
    assert.equal((await post(`${reviewUrl(passport)}/${dbs.id}`, { decision: 'reject', note: 'The certificate number does not match our records' })).statusCode, 303);
    assert.equal((await post(`${reviewUrl(passport)}/${rtw.id}`, { decision: 'accept' })).statusCode, 303);
    assert.equal((await post(`${reviewUrl(passport)}/${rtw.id}`, { decision: 'reset' })).statusCode, 303);
    assert.equal((await stored(passport, rtw.id)).draft, null);
    assert.equal((await stored(passport, dbs.id)).draft, 'reject');

    const confirm = text((await get(`${reviewUrl(passport)}/confirm`)).body);
    assert.match(confirm, /Accept \(2\)/);
    assert.match(confirm, /Reject \(1\).*The certificate number does not match our records/);
    assert.match(confirm, /1 credential stays waiting for review/);
    // A form that showed other decisions confirms nothing and shows them again.
    const stale = await post(`${reviewUrl(passport)}/confirm`, { staged: 'what-another-tab-showed' });
    assert.equal(stale.statusCode, 200);
    assert.match(text(stale.body), /The decisions changed since this page was shown, so nothing was confirmed/);
    assert.equal((await stored(passport, identity.id)).state, 'to-review');
    const form = await stagedOf(passport);
    const [a, b] = await Promise.all([post(`${reviewUrl(passport)}/confirm`, form), post(`${reviewUrl(passport)}/confirm`, form)]);
    assert.equal(a.statusCode, 303);
    assert.equal(b.statusCode, 303);
    assert.ok([a, b].some((r) => /done=confirmed/.test(r.headers.location!)));
    assert.match(text((await get(`${reviewUrl(passport)}?done=confirmed`)).body), /Status confirmed/);
    assert.equal((await stored(passport, identity.id)).state, 'accepted');
    assert.equal((await stored(passport, dbs.id)).state, 'rejected');
    assert.equal((await stored(passport, rtw.id)).state, 'to-review');

    const history = await passportHistory(db(), scope()).list(passport.id);
    assert.equal(history.filter((h) => h.event === 'shared-credential.accepted').length, 2, 'acted once');
    assert.equal(history.filter((h) => h.event === 'shared-credential.rejected').length, 1);
    assert.equal((await listAudit(db(), session.organisation.id, { action: 'shared-credential.accepted', subject: identity.id })).length, 1);
    assert.equal((await listAudit(db(), session.organisation.id, { action: 'shared-credential.rejected', subject: dbs.id })).length, 1);
    const emails = (await outbox(passport.email!)).filter((m) => m.template === 'shared-credentials-rejected-email');
    const texts = (await outbox(passport.mobile!)).filter((m) => m.template === 'shared-credentials-rejected-sms');
    assert.equal(emails.length, 1);
    assert.equal(texts.length, 1);
    assert.match(emails[0]!.body, /Disclosure and Barring Service.*reason: The certificate number does not match our records/s);
    assert.match(emails[0]!.body, /Accepted: .*Identity/);

    // Progress: Identity and Core skill accepted → 2 of 3; DBS was rejected.
    const after = text((await get(passportUrl(passport))).body);
    assert.match(after, /2 credentials out of 3 completed/);
    assert.match(after, /New credentials to review \(1\)/);
    // Accept all (n) then confirm: the rest accepted.
    const all = await post(`${reviewUrl(passport)}/accept-all`, {});
    assert.equal(all.statusCode, 303);
    assert.match(all.headers.location!, /\/shared-credentials\/confirm$/);
    assert.equal((await post(`${reviewUrl(passport)}/confirm`, await stagedOf(passport))).statusCode, 303);
    assert.equal((await stored(passport, rtw.id)).state, 'accepted');
    assert.doesNotMatch(text((await get(passportUrl(passport))).body), /New credentials to review/);
    assert.doesNotMatch((await get(filtered)).body, new RegExp(`staff-passports/${passport.id}`));
    // The shares-received report lists them with HR's decisions; another trust's has none of them.
    const csv = await post(`/trusts/${ODS}/employer/reports/shares-received`, {});
    assert.equal(csv.statusCode, 200);
    assert.match(csv.body, new RegExp(`${passport.id},Olivia,Bennett,Disclosure and Barring Service \\(DBS\\),Test Trust RSC02,[^,]+,Rejected,`));
    assert.match(csv.body, new RegExp(`${passport.id},Olivia,Bennett,Identity,Test Trust RSC02,[^,]+,Accepted,`));
    assert.doesNotMatch((await post(`/trusts/${OTHER}/employer/reports/shares-received`, {}, other)).body, new RegExp(passport.id));
    // Nothing staged any more: the confirm page sends back.
    assert.match((await get(`${reviewUrl(passport)}/confirm`)).headers.location!, /done=nothing-staged/);
  });

  it('live verification: a credential its issuer revoked after it was shared shows as revoked and cannot be accepted; accept all leaves it; a staged accept revoked meanwhile is refused at confirm', async () => {
    const { person, passport, shared } = await mover(['CoreSkill', 'DBSCheck'], ['CoreSkill', 'DBSCheck']);
    const core = byType(shared, 'CoreSkill');
    const dbs = byType(shared, 'DBSCheck');
    // DBS is staged for acceptance while it still verifies.
    assert.equal((await post(`${reviewUrl(passport)}/${dbs.id}`, { decision: 'accept' })).statusCode, 303);
    // The previous trust revokes both in its status ledger.
    const ledger = statusLedger(db(), scopeOf(person.organisation.id));
    for (const c of [core, dbs]) {
      const r = await ledger.revoke({ serialNumber: c.serialNumber, reason: 'CredentialProvidedInError', actor: 'system:test', correlationId: 'test' }, app().employerPortal.clock);
      assert.notEqual(r.outcome, 'not_found');
    }
    const body = text((await get(reviewUrl(passport))).body);
    assert.match(body, /Status ✗ Revoked by the issuer/);
    assert.match(body, /Verification now Revoked/);
    assert.match(body, /Accept all \(0\)/);
    const refused = await post(`${reviewUrl(passport)}/${core.id}`, { decision: 'accept' });
    assert.equal(refused.statusCode, 400);
    assert.match(refused.body, /nhsuk-error-summary/);
    assert.match(text(refused.body), /failed verification \(revoked\)/);
    assert.equal((await stored(passport, core.id)).draft, null);
    assert.match((await post(`${reviewUrl(passport)}/accept-all`, {})).headers.location!, /done=none-verified/);
    const confirm = await post(`${reviewUrl(passport)}/confirm`, await stagedOf(passport));
    assert.equal(confirm.statusCode, 400);
    assert.match(text(confirm.body), /no longer passes verification \(revoked\)/);
    assert.equal((await stored(passport, dbs.id)).state, 'to-review');
    // Rejecting is always possible.
    assert.equal((await post(`${reviewUrl(passport)}/${core.id}`, { decision: 'reject', note: 'Revoked by the trust that issued it' })).statusCode, 303);
    assert.equal((await post(`${reviewUrl(passport)}/${dbs.id}`, { decision: 'reject', note: 'We need a check for your new role' })).statusCode, 303);
    // They switched text messages off (S11): told by email only.
    assert.ok(await staffPassports(db(), scope()).setNotificationChannels(passport.id, { email: true, sms: false }));
    assert.equal((await post(`${reviewUrl(passport)}/confirm`, await stagedOf(passport))).statusCode, 303);
    assert.equal((await stored(passport, core.id)).state, 'rejected');
    const email = (await outbox(passport.email!)).find((m) => m.template === 'shared-credentials-rejected-email');
    assert.match(email!.body, /Revoked by the trust that issued it/);
    assert.match(email!.body, /We need a check for your new role/);
    assert.equal((await outbox(passport.mobile!)).filter((m) => m.template === 'shared-credentials-rejected-sms').length, 0);
  });

  it('complete only when every item is ticked, confirmed twice; the passport becomes Active and Reviewed once; history and audit', async () => {
    const { person, passport, shared } = await mover(['CoreSkill', 'DBSCheck'], ['Identity', 'CoreSkill']);
    for (const c of shared) await post(`${reviewUrl(passport)}/${c.id}`, { decision: 'accept' });
    await post(`${reviewUrl(passport)}/confirm`, await stagedOf(passport));
    const complete = `${passportUrl(passport)}/credentials-required/complete`;
    // 2 of 3: not offered, and refused if posted.
    const page = text((await get(passportUrl(passport))).body);
    assert.match(page, /2 credentials out of 3 completed/);
    assert.doesNotMatch(page, /Complete credentials required/);
    assert.match(page, /Bypass credentials required/);
    assert.match(text((await get(complete)).body), /Only 2 credentials out of 3 are completed/);
    const early = await post(complete, { step: 'sure' });
    assert.equal(early.statusCode, 303);
    assert.match(early.headers.location!, /done=credentials-not-ready/);
    assert.equal((await staffPassports(db(), scope()).findById(passport.id))!.status, 'credentials-pending');

    // The DBS check is shared later, from the same wallet, and accepted: 3 of 3.
    const dbs = (await shareInto(server, person, session.organisation, passport.id, ['DBSCheck']))[0]!;
    await post(`${reviewUrl(passport)}/${dbs.id}`, { decision: 'accept' });
    await post(`${reviewUrl(passport)}/confirm`, await stagedOf(passport));
    assert.match(text((await get(passportUrl(passport))).body), /3 credentials out of 3 completed/);
    assert.match(text((await get(passportUrl(passport))).body), /Complete credentials required/);

    // Confirmed twice: the first post only asks again.
    const first1 = await post(complete, {});
    assert.equal(first1.statusCode, 400, 'no step: the error summary');
    assert.match(first1.body, /nhsuk-error-summary/);
    const sure = await post(complete, { step: 'first' });
    assert.equal(sure.statusCode, 200);
    assert.match(text(sure.body), /Are you sure you want to complete the credentials required\?/);
    assert.equal((await staffPassports(db(), scope()).findById(passport.id))!.status, 'credentials-pending');
    const [a, b] = await Promise.all([post(complete, { step: 'sure' }), post(complete, { step: 'sure' })]);
    assert.equal(a.statusCode, 303);
    assert.equal(b.statusCode, 303);
    assert.ok([a, b].some((r) => /done=credentials-completed/.test(r.headers.location!)));
    const done = (await staffPassports(db(), scope()).findById(passport.id))!;
    assert.equal(done.status, 'active');
    const review = (await credentialsReview(db(), scope()).of(passport.id))!;
    assert.equal(review.outcome, 'completed');
    assert.equal(review.reviewedBy, `user:${session.user.id}`);
    assert.equal((await passportHistory(db(), scope()).list(passport.id)).filter((h) => h.event === 'credentials-required.completed').length, 1);
    assert.equal((await listAudit(db(), session.organisation.id, { action: 'credentials-required.completed', subject: passport.id })).length, 1);
    const page2 = text((await get(passportUrl(passport))).body);
    assert.match(page2, /Status: Active/);
    assert.match(page2, /Reviewed: Completed on .* by Hana Reid/);
    assert.doesNotMatch(page2, /Bypass credentials required/);
    // "Reviewed passports" on the home page: the active passports.
    assert.match((await get(`/trusts/${ODS}/employer`)).body, /href="\/trusts\/RSC01\/employer\/staff-passports\?status=active"/);
    assert.match((await get(`/trusts/${ODS}/employer/staff-passports?status=active`)).body, new RegExp(`staff-passports/${passport.id}`));
  });

  it('bypass at any time once the shared credentials are reviewed, confirmed twice; history and audit', async () => {
    const { passport, shared } = await mover([], ['Identity']);
    const bypass = `${passportUrl(passport)}/credentials-required/bypass`;
    // Not while a shared credential waits for review (E9.4: accept or reject what arrived first).
    assert.match(text((await get(bypass)).body), /Accept or reject the shared credentials waiting for review first/);
    await post(`${reviewUrl(passport)}/${shared[0]!.id}`, { decision: 'accept' });
    await post(`${reviewUrl(passport)}/confirm`, await stagedOf(passport));
    assert.match(text((await get(bypass)).body), /Bypassing skips the checklist/);
    assert.match(text((await post(bypass, { step: 'first' })).body), /Are you sure you want to bypass the credentials required\?/);
    const done = await post(bypass, { step: 'sure' });
    assert.equal(done.statusCode, 303);
    assert.match(done.headers.location!, /done=credentials-bypassed/);
    assert.equal((await staffPassports(db(), scope()).findById(passport.id))!.status, 'active');
    assert.equal((await credentialsReview(db(), scope()).of(passport.id))!.outcome, 'bypassed');
    assert.equal((await passportHistory(db(), scope()).list(passport.id)).filter((h) => h.event === 'credentials-required.bypassed').length, 1);
    assert.equal((await listAudit(db(), session.organisation.id, { action: 'credentials-required.bypassed', subject: passport.id })).length, 1);
    // Again: already reviewed, nothing more written.
    const again = await post(bypass, { step: 'sure' });
    assert.equal(again.statusCode, 303);
    assert.match(again.headers.location!, /done=credentials-already-reviewed/);
    assert.match(text((await get(bypass)).body), /already been reviewed/);
    assert.equal((await listAudit(db(), session.organisation.id, { action: 'credentials-required.bypassed', subject: passport.id })).length, 1);
    assert.match(text((await get(passportUrl(passport))).body), /Reviewed: Bypassed on/);
  });

  it('progress also counts what this trust provided and the person accepted into their wallet; the shared copy is not needed for it', async () => {
    n += 1;
    const here = await addEmployeeWithWallet(server, { ods: ODS, passport: { givenName: 'Ravi', familyName: 'Patel', email: `ravi${n}@example.nhs.uk`, mobile: `07700900${String(900 + n)}`, staffGroup: GROUP } });
    const page = text((await get(passportUrl(here.passport))).body);
    assert.match(page, /1 credential out of 3 completed/);
    assert.match(page, /✓ Identity \(completed\)/);
    assert.match(page, /✗ Core skill \(not completed\)/);
    assert.match(page, /has not shared any credentials with your organisation/);
  });

  it('another trust: every page and post is 404 and changes nothing; a post without the CSRF token is refused', async () => {
    const { passport, shared } = await mover([], ['Identity']);
    const c = shared[0]!;
    for (const u of ['', '/confirm']) assert.equal((await get(`${reviewUrl(passport, other)}${u}`, other)).statusCode, 404);
    for (const w of ['complete', 'bypass']) assert.equal((await get(`${passportUrl(passport, other)}/credentials-required/${w}`, other)).statusCode, 404);
    assert.equal((await post(`${reviewUrl(passport, other)}/${c.id}`, { decision: 'accept' }, other)).statusCode, 404);
    assert.equal((await post(`${reviewUrl(passport, other)}/accept-all`, {}, other)).statusCode, 404);
    assert.equal((await post(`${reviewUrl(passport, other)}/confirm`, {}, other)).statusCode, 404);
    assert.equal((await post(`${passportUrl(passport, other)}/credentials-required/bypass`, { step: 'sure' }, other)).statusCode, 404);
    // This trust's URL with a credential id of another passport: 404.
    const second = await mover([], ['Identity']);
    assert.equal((await post(`${reviewUrl(passport)}/${second.shared[0]!.id}`, { decision: 'accept' })).statusCode, 404);
    assert.equal((await stored(passport, c.id)).draft, null);
    assert.equal((await stored(second.passport, second.shared[0]!.id)).draft, null);
    // No CSRF token.
    const noCsrf = await app().inject({ method: 'POST', url: `${reviewUrl(passport)}/${c.id}`, headers: { cookie: session.cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: 'decision=accept' });
    assert.ok(noCsrf.statusCode >= 400, String(noCsrf.statusCode));
    assert.equal((await stored(passport, c.id)).draft, null);
    assert.equal((await staffPassports(db(), scope()).findById(passport.id))!.status, 'credentials-pending');
  });
});
