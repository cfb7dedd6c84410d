// S7 moving trusts with an invitation over HTTP (inject for the browser, the holder library over
// real HTTP for the wallet), on PGlite and PostgreSQL: a person whose wallet holds trust MVA's
// access key, Identity and a professional registration is invited by trust MVB and completes S7 —
// MVB's passport keeps MVA's Identity as its shared identity with the same DSP unique identifier,
// the registration waits for HR's review, status identity-shared; Identity cannot be unticked; a
// credential the wallet lacks (the holder refuses; a session failing credential_missing) sends the
// person back to untick it; MVB's own Identity and a DSP id another MVB passport has are refused;
// pages out of order redirect; codes wrong and expired as in S1.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { SAMPLE_SUBJECTS, type CredentialTypeId } from '../../src/core/credentials/index.ts';
import { planProvision } from '../../src/core/passport/plan-provision.ts';
import { parseSharedIdentity } from '../../src/core/passport/shared-identity.ts';
import type { StaffPassportInput } from '../../src/core/passport/staff-passport.ts';
import { listOutbox } from '../../src/integrations/notify/index.ts';
import type { Clock } from '../../src/platform/clock.ts';
import { ChoiceRequired, NoMatchingCredential } from '../../src/wallet/index.ts';
import { listAudit } from '../../src/store/audit-log.ts';
import { employeeSignUp } from '../../src/store/employee-sign-up.ts';
import { invitations } from '../../src/store/invitations.ts';
import { passportHistory } from '../../src/store/passport-history.ts';
import { providedCredentials } from '../../src/store/provided-credentials.ts';
import { scopeOf } from '../../src/store/scope.ts';
import { sharedCredentials } from '../../src/store/shared-credentials.ts';
import { staffPassports } from '../../src/store/staff-passports.ts';
import { walletSessions } from '../../src/store/wallet-sessions.ts';
import { digest, newToken } from '../../src/portals/employer/auth/tokens.ts';
import { offerProvided } from '../../src/portals/employee/wallet/provided-offers.ts';
import { employeePolicy } from '../../src/portals/employee/auth/policy.ts';
import { describeEachDatabase } from '../support/databases.ts';
import { addStaffPassportAt } from '../support/employee-session.ts';
import { addEmployeeWithWallet, newHolder, startEmployeePortal, type EmployeePortalServer, type EmployeeWithWallet } from '../support/employee-wallet.ts';
import { InjectClient, type Page } from '../support/inject-client.ts';

function errorSummary(html: string): string[][] {
  const list = /<ul class="nhsuk-list nhsuk-error-summary__list">([\s\S]*?)<\/ul>/.exec(html)?.[1] ?? '';
  return [...list.matchAll(/<a href="(#[^"]+)"[^>]*>\s*([^<]*?)\s*<\/a>/g)].map((m) => [m[1]!, m[2]!.replace(/&#39;/g, "'")]);
}
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&#39;/g, "'").replace(/&amp;/g, '&').replace(/\s+/g, ' ');
const checkbox = (html: string, value: string) => new RegExp(`<input[^>]*name="types"[^>]*value="${value}"[^>]*>`).exec(html)?.[0] ?? '';

describeEachDatabase('employee portal: moving trusts with an invitation (S7)', (database) => {
  let portal: EmployeePortalServer;
  // The system's time, movable forward for the code-expiry case (the holder signs with real time).
  let offset = 0;
  const clock: Clock = { now: () => new Date(Date.now() + offset) };
  before(async () => {
    portal = await startEmployeePortal(database(), { clock });
  });
  after(() => portal.close());
  const db = () => database().db;

  /** Provides credentials of `types` to the person at their trust and adds them to their wallet (holder-key offer). */
  async function giveCredentials(person: EmployeeWithWallet, types: CredentialTypeId[]) {
    const scope = scopeOf(person.organisation.id);
    const deps = portal.app.employeePortal;
    const provided = await database().transaction(async (tx) => {
      const store = providedCredentials(tx, scope);
      const items = types.map((type) => {
        const { dspId: _dspId, ...subject } = SAMPLE_SUBJECTS[type];
        return { type, subject };
      });
      const plan = planProvision(items, await store.versionsOf(person.passport.id), clock.now());
      const inserted = await store.provide(person.passport.id, plan.provide, { source: 'esr', actor: 'system:test', now: clock.now() });
      return Promise.all(inserted.map(async (i) => (await store.findById(i.id))!));
    });
    const offer = await database().transaction((tx) =>
      offerProvided(tx, deps, { organisation: person.organisation, passport: person.passport, credentials: provided, binding: 'holder-key', browserBinding: 'test-support', returnTo: '/test-support', purpose: 'test-accept' }),
    );
    const walletUri = (await walletSessions(db(), scope).get(offer.sessionId, clock.now()))!.walletUri!;
    await person.holder.receive(walletUri);
  }

  /** A person at MVA with a wallet (access key, Identity, professional registration). */
  async function personFromTrustA(ods = 'MVA', holder = newHolder()) {
    const person = await addEmployeeWithWallet(portal, { ods, holder, passport: { givenName: 'Priya', familyName: 'Shah' } });
    await giveCredentials(person, ['ProfessionalRegistration']);
    return person;
  }

  /** Trust `ods` invites someone: a passport with a live invitation whose link we know. */
  async function invite(ods: string, passport: Partial<StaffPassportInput> = {}) {
    const added = await addStaffPassportAt(portal.app, { ods, passport: { givenName: 'Priya', familyName: 'Shah', staffGroup: 'Allied Health Professionals', jobRole: 'Physiotherapist', employmentType: 'Permanent or fixed term', ...passport } });
    const token = newToken();
    await invitations(db(), scopeOf(added.organisation.id)).send(added.passport.id, { tokenHash: digest(token), actor: 'user:test', now: clock.now() });
    return { ...added, link: `/trusts/${ods}/employee/invitation/${token}`, base: `/trusts/${ods}/employee/sign-up` };
  }

  async function open(link: string): Promise<InjectClient> {
    const client = new InjectClient(portal.app);
    assert.equal((await client.get(link)).status, 303);
    return client;
  }

  async function step(client: InjectClient, url: string, form: Record<string, string> = {}): Promise<Page> {
    const page = await client.get(url);
    assert.equal(page.status, 200, `${url}: ${page.status} ${page.location ?? ''}`);
    return client.post(url, form);
  }

  /** Posts the credentials form with repeated `types` fields, as a browser does. */
  async function choose(client: InjectClient, base: string, types: string[]): Promise<Page> {
    await client.get(`${base}/moving/credentials`);
    const payload = new URLSearchParams([['_csrf', client.csrf], ...types.map((t) => ['types', t])]).toString();
    const res = await portal.app.inject({ method: 'POST', url: `${base}/moving/credentials`, payload, headers: { accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded', cookie: client.cookie } });
    return { status: res.statusCode, body: res.body, location: res.headers.location as string | undefined };
  }

  /** "Yes, connect to my wallet": the wallet session's id and the QR code's link. */
  async function connect(client: InjectClient, base: string, organisationId: string) {
    const res = await step(client, `${base}/moving/confirm`);
    assert.equal(res.status, 303, res.body);
    const sessionId = /\/wallet-sessions\/([0-9a-f-]{36})$/.exec(res.location!)![1]!;
    const walletUri = (await walletSessions(db(), scopeOf(organisationId)).get(sessionId, clock.now()))!.walletUri!;
    return { sessionId, walletUri, handBack: `${base}/moving/shared?walletSession=${sessionId}` };
  }

  async function toChoice(client: InjectClient, base: string) {
    assert.equal((await step(client, base, { hasPassport: 'yes' })).location, `${base}/moving`);
    assert.equal((await step(client, `${base}/moving`)).location, `${base}/moving/credentials`);
  }

  async function lastCode(to: string): Promise<string> {
    const { messages } = await listOutbox(db(), { pageSize: 100 });
    const message = messages.find((m) => m.recipient === to);
    assert.ok(message, `a message to ${to}`);
    return /\b(\d{6})\b/.exec(message.body)![1]!;
  }

  it('completes S7: MVB keeps MVA’s Identity as the shared identity with the same DSP id, the other credential for review, status identity-shared', async () => {
    const priya = await personFromTrustA();
    const { link, base, organisation, passport } = await invite('MVB', { email: 'priya.shah@example.nhs.uk', mobile: '07700900801' });
    const client = await open(link);
    assert.equal((await step(client, base, { hasPassport: 'yes' })).location, `${base}/moving`);
    const start = await client.get(`${base}/moving`);
    for (const t of ['Privacy notice', 'Terms and conditions', 'Terms of use', 'By selecting Start']) assert.match(start.body, new RegExp(t));
    assert.equal((await client.post(`${base}/moving`)).location, `${base}/moving/credentials`);
    const scope = scopeOf(organisation.id);
    assert.ok((await employeeSignUp(db(), scope).read(passport.id))!.termsVersion, 'the terms version recorded');

    // The choice: every type but the access key; Identity ticked and disabled.
    const choice = await client.get(`${base}/moving/credentials`);
    assert.equal(checkbox(choice.body, 'AccessKey'), '');
    assert.match(checkbox(choice.body, 'Identity'), /checked/);
    assert.match(checkbox(choice.body, 'Identity'), /disabled/);
    assert.match(choice.body, /Your identity credential is always shared: Test Trust MVB uses it to check who you are, so you cannot untick it/);
    assert.doesNotMatch(checkbox(choice.body, 'ProfessionalRegistration'), /checked/);
    // Identity not sent (a disabled box is not posted): the server includes it anyway.
    assert.equal((await choose(client, base, ['ProfessionalRegistration'])).location, `${base}/moving/confirm`);
    const confirm = await client.get(`${base}/moving/confirm`);
    assert.deepEqual([...confirm.body.matchAll(/<li>([^<]+)<\/li>/g)].map((m) => m[1]).filter((n) => ['Identity', 'Professional registration'].includes(n!)), ['Identity', 'Professional registration']);
    assert.match(confirm.body, /Yes, connect to my wallet/);

    const { walletUri, handBack, sessionId } = await connect(client, base, organisation.id);
    const request = await priya.holder.resolvePresentationRequest(walletUri);
    await priya.holder.present(request);
    assert.equal((await client.get(handBack)).location, `${base}/moving/profile`);
    const profile = await client.get(`${base}/moving/profile`);
    assert.match(profile.body, /Create your passport profile/);
    assert.match(text(profile.body), /Identity from Test Trust MVA/);
    // Nothing kept before Continue.
    assert.equal((await employeeSignUp(db(), scope).read(passport.id))!.sharedIdentity, null);
    // Continue twice (a double submit): kept once.
    const again = client.clone();
    const [first, second] = await Promise.all([client.post(`${base}/moving/profile`), again.post(`${base}/moving/profile`)]);
    for (const r of [first, second]) assert.equal(r.location, `${base}/email`);

    const kept = (await staffPassports(db(), scope).findById(passport.id))!;
    assert.equal(kept.dspId, priya.passport.dspId, 'the DSP unique identifier carries over');
    const shared = parseSharedIdentity((await employeeSignUp(db(), scope).read(passport.id))!.sharedIdentity);
    assert.equal(shared?.type, 'Identity');
    assert.equal(shared?.serialNumber, priya.identity.serialNumber);
    assert.equal(shared?.issuerName, 'Test Trust MVA');
    assert.equal(shared?.claims.firstName, 'Priya');
    assert.equal(shared?.claims.legalGender, 'Female', 'legal gender and address asked for, for HR’s review');
    assert.deepEqual(shared?.claims.address, { addressLines: ['27 Mill Lane'], townOrCity: 'Riverside', postcode: 'RV1 4QT' });
    const received = await sharedCredentials(db(), scope).list(passport.id);
    assert.deepEqual(received.map((c) => [c.type, c.state, c.shareId]), [['ProfessionalRegistration', 'to-review', sessionId]]);
    assert.ok(received[0]!.compact.endsWith('~'), 'kept without the holder proof');
    const events = (await passportHistory(db(), scope).list(passport.id)).map((h) => h.event);
    assert.deepEqual(events.filter((e) => e === 'credentials.shared' || e === 'identity.shared').sort(), ['credentials.shared', 'identity.shared']);

    // Going back before the kept share is no longer possible.
    for (const p of ['', '/moving', '/moving/credentials', '/moving/confirm', '/moving/profile']) assert.equal((await client.get(`${base}${p}`)).location, `${base}/email`, p);

    // The profile (S1's pages), the role, then "Your details have been shared".
    assert.equal((await step(client, `${base}/email`, { email: 'priya.shah@example.nhs.uk' })).location, `${base}/email/code`);
    assert.equal((await step(client, `${base}/email/code`, { code: await lastCode('priya.shah@example.nhs.uk') })).location, `${base}/mobile`);
    assert.equal((await step(client, `${base}/mobile`, { mobile: '07700 900801' })).location, `${base}/mobile/code`);
    assert.equal((await step(client, `${base}/mobile/code`, { code: await lastCode('+447700900801') })).location, `${base}/role`);
    const role = await client.get(`${base}/role`);
    for (const t of ['Your role at Test Trust MVB', 'Allied Health Professionals', 'Physiotherapist', 'contact the recruitment team at Test Trust MVB', 'If it is correct, select Continue']) assert.match(role.body, new RegExp(t));
    assert.equal((await client.get(`${base}/check`)).location, `${base}/role`, 'no check-your-answers page in S7');
    const done = await client.post(`${base}/role`);
    assert.equal(done.status, 200);
    assert.match(done.body, /Your details have been shared/);
    assert.match(text(done.body), /carry out its own identity checks/);
    assert.match(text(done.body), /email with a link to collect your Digital Staff Passport access key/);

    const after = (await staffPassports(db(), scope).findById(passport.id))!;
    assert.equal(after.status, 'identity-shared');
    const record = (await employeeSignUp(db(), scope).read(passport.id))!;
    assert.equal(record.identityRoute, 'digital-identity');
    assert.ok(record.signedUpAt && record.emailVerifiedAt && record.mobileVerifiedAt);
    const history = (await passportHistory(db(), scope).list(passport.id)).map((h) => h.event);
    assert.deepEqual(history.filter((e) => e === 'identity.shared'), ['identity.shared'], 'recorded once, when the share was kept');
    assert.ok(history.includes('passport.signed-up'));
    const audit = (await listAudit(db(), organisation.id, { subject: passport.id })).map((e) => e.action);
    assert.ok(audit.includes('passport.credentials-shared') && audit.includes('passport.signed-up'), audit.join(','));
    // The journey is over.
    assert.match((await client.post(`${base}/role`)).body, /This page has timed out/);
  });

  it('sends back to untick a credential the wallet does not hold: the holder refuses, or the session fails credential_missing', async () => {
    const priya = await addEmployeeWithWallet(portal, { ods: 'MVA', passport: { givenName: 'Priya', familyName: 'Shah' } });
    const { link, base, organisation, passport } = await invite('MVC');
    const client = await open(link);
    await toChoice(client, base);
    await choose(client, base, ['Identity', 'DBSCheck']);
    let session = await connect(client, base, organisation.id);
    // Our holder has no DBS check: it cannot answer (Authenticator shows an error).
    const request = await priya.holder.resolvePresentationRequest(session.walletUri);
    await assert.rejects(priya.holder.present(request), NoMatchingCredential);
    // A wallet that answers without it: the verifier fails the session (credential_missing).
    await walletSessions(db(), scopeOf(organisation.id)).fail(session.sessionId, 'credential_missing', clock.now());
    const failed = await client.get(`/orgs/MVC/wallet-sessions/${session.sessionId}`);
    assert.match(failed.body, /Your wallet does not have a credential you chose/);
    assert.match(failed.body, new RegExp(`href="${base}/moving/shared"`), '"Start again" is the hand-back');
    assert.equal((await client.get(session.handBack)).location, `${base}/moving/credentials`);
    assert.equal((await client.get(`${base}/moving/shared`)).location, `${base}/moving/credentials`);
    // The choice kept, to untick.
    const choice = await client.get(`${base}/moving/credentials`);
    assert.match(checkbox(choice.body, 'DBSCheck'), /checked/);
    assert.equal((await choose(client, base, [])).location, `${base}/moving/confirm`);
    session = await connect(client, base, organisation.id);
    await priya.holder.present(await priya.holder.resolvePresentationRequest(session.walletUri));
    assert.equal((await client.get(session.handBack)).location, `${base}/moving/profile`);
    assert.equal((await step(client, `${base}/moving/profile`)).location, `${base}/email`);
    assert.equal((await staffPassports(db(), scopeOf(organisation.id)).findById(passport.id))!.dspId, priya.passport.dspId);
    assert.deepEqual(await sharedCredentials(db(), scopeOf(organisation.id)).list(passport.id), []);
  });

  it('refuses a tampered choice with 400 keeping the ticks, and asks the wallet to choose between two identity credentials', async () => {
    const holder = newHolder();
    const priya = await personFromTrustA('MVA', holder);
    await addEmployeeWithWallet(portal, { ods: 'MVE', holder, passport: { givenName: 'Priya', familyName: 'Shah' } });
    const { link, base, organisation, passport } = await invite('MVD');
    const client = await open(link);
    await toChoice(client, base);
    const bad = await choose(client, base, ['ProfessionalRegistration', 'AccessKey']);
    assert.equal(bad.status, 400);
    assert.deepEqual(errorSummary(bad.body), [['#types', 'Select only credentials from the list']]);
    assert.match(checkbox(bad.body, 'ProfessionalRegistration'), /checked/);
    await choose(client, base, ['ProfessionalRegistration']);
    const session = await connect(client, base, organisation.id);
    const request = await holder.resolvePresentationRequest(session.walletUri);
    await assert.rejects(holder.present(request), ChoiceRequired, 'two Identity credentials: the person chooses');
    const identityQuery = request.queries.find((q) => q.queryId.startsWith('Identity') && q.candidates.length === 2)!;
    const fromA = (await holder.list()).find((r) => identityQuery.candidates.some((c) => c.id === r.id) && r.issuer.did.endsWith(':orgs:MVA'));
    assert.ok(fromA, 'MVA’s Identity among the candidates');
    await holder.present(request, { [identityQuery.queryId]: fromA.id });
    assert.equal((await client.get(session.handBack)).location, `${base}/moving/profile`);
    assert.equal((await step(client, `${base}/moving/profile`)).location, `${base}/email`);
    const shared = parseSharedIdentity((await employeeSignUp(db(), scopeOf(organisation.id)).read(passport.id))!.sharedIdentity);
    assert.equal(shared?.serialNumber, priya.identity.serialNumber);
  });

  it('refuses an Identity issued by the inviting trust itself, and one whose DSP id another passport of the trust holds, keeping nothing', async () => {
    // Already staff at MVF (its Identity in the wallet), invited again by MVF.
    const own = await addEmployeeWithWallet(portal, { ods: 'MVF', passport: { givenName: 'Priya', familyName: 'Shah' } });
    let invited = await invite('MVF');
    let client = await open(invited.link);
    await toChoice(client, invited.base);
    await choose(client, invited.base, []);
    let session = await connect(client, invited.base, invited.organisation.id);
    await own.holder.present(await own.holder.resolvePresentationRequest(session.walletUri));
    let res = await client.get(session.handBack);
    assert.equal(res.status, 409);
    assert.match(res.body, /We cannot use this identity credential here/);
    assert.match(text(res.body), /was issued by Test Trust MVF itself/);
    assert.equal((await client.get(`${invited.base}/moving/profile`)).location, `${invited.base}/moving/confirm`, 'nothing to continue with');
    assert.equal((await employeeSignUp(db(), scopeOf(invited.organisation.id)).read(invited.passport.id))!.sharedIdentity, null);

    // MVA's Identity, but MVG already has a passport with that DSP unique identifier.
    const priya = await addEmployeeWithWallet(portal, { ods: 'MVA', passport: { givenName: 'Priya', familyName: 'Shah' } });
    await addStaffPassportAt(portal.app, { ods: 'MVG', dspId: priya.passport.dspId! });
    invited = await invite('MVG');
    client = await open(invited.link);
    await toChoice(client, invited.base);
    await choose(client, invited.base, []);
    session = await connect(client, invited.base, invited.organisation.id);
    await priya.holder.present(await priya.holder.resolvePresentationRequest(session.walletUri));
    res = await client.get(session.handBack);
    assert.equal(res.status, 409);
    assert.match(text(res.body), /belong to a Digital Staff Passport that Test Trust MVG already has for someone/);
    assert.equal((await staffPassports(db(), scopeOf(invited.organisation.id)).findById(invited.passport.id))!.dspId, null);
  });

  it('sends pages asked for out of order to the step due, keeps the branches apart, and lets "No" start S1 afresh', async () => {
    const { link, base } = await invite('MVH');
    const client = await open(link);
    for (const p of ['/moving', '/moving/credentials', '/moving/confirm', '/moving/shared', '/moving/profile']) assert.equal((await client.get(`${base}${p}`)).location, base, p);
    await step(client, base, { hasPassport: 'yes' });
    for (const p of ['/moving/credentials', '/moving/confirm', '/moving/profile', '/email', '/role', '/terms', '/wallet', '/identity', '/check']) assert.equal((await client.get(`${base}${p}`)).location, `${base}/moving`, p);
    assert.equal((await client.post(`${base}/moving/confirm`)).location, `${base}/moving`, 'a form posted out of order changes nothing');
    await step(client, `${base}/moving`);
    assert.match((await client.get(base)).body, /value="yes"[^>]*checked/);
    for (const p of ['/moving/confirm', '/moving/profile', '/email']) assert.equal((await client.get(`${base}${p}`)).location, `${base}/moving/credentials`, p);
    // "No" after all: S1 from its first step; the S7 pages are another branch's.
    assert.equal((await client.post(base, { hasPassport: 'no' })).location, `${base}/terms`);
    assert.equal((await client.get(`${base}/moving/credentials`)).location, `${base}/terms`);
    // "Yes" again: S7 from its start (the terms of the S7 page again).
    assert.equal((await step(client, base, { hasPassport: 'yes' })).location, `${base}/moving`);
  });

  it('refuses a wrong code, too many tries and an expired code on the profile pages, as S1', async () => {
    const priya = await addEmployeeWithWallet(portal, { ods: 'MVA', passport: { givenName: 'Priya', familyName: 'Shah' } });
    const { link, base, organisation, passport } = await invite('MVJ', { email: 'priya.j@example.nhs.uk' });
    const client = await open(link);
    await toChoice(client, base);
    await choose(client, base, []);
    const session = await connect(client, base, organisation.id);
    await priya.holder.present(await priya.holder.resolvePresentationRequest(session.walletUri));
    await client.get(session.handBack);
    await step(client, `${base}/moving/profile`);
    await step(client, `${base}/email`, { email: 'priya.j@example.nhs.uk' });
    const code = await lastCode('priya.j@example.nhs.uk');
    const wrong = code === '000000' ? '111111' : '000000';
    let res = await step(client, `${base}/email/code`, { code: wrong });
    assert.equal(res.status, 400);
    assert.deepEqual(errorSummary(res.body), [['#code', `The code is not right. You have ${employeePolicy.maxCodeAttempts - 1} tries left`]]);
    for (let i = 2; i < employeePolicy.maxCodeAttempts; i++) await client.post(`${base}/email/code`, { code: wrong });
    res = await client.post(`${base}/email/code`, { code: wrong });
    assert.deepEqual(errorSummary(res.body), [['#code', 'You entered a wrong code too many times. Send a new code']]);
    assert.equal((await client.post(`${base}/email/code`, { code })).status, 400, 'the right code died too');
    try {
      offset += employeePolicy.codeResendMs;
      assert.equal((await client.post(`${base}/email/resend`)).location, `${base}/email/code?resent=1`);
      const fresh = await lastCode('priya.j@example.nhs.uk');
      offset += employeePolicy.codeMs + 1;
      res = await step(client, `${base}/email/code`, { code: fresh });
      assert.equal(res.status, 400);
      assert.deepEqual(errorSummary(res.body), [['#code', 'The code has expired. Send a new code']]);
      assert.equal((await employeeSignUp(db(), scopeOf(organisation.id)).read(passport.id))!.emailVerifiedAt, null);
      assert.equal((await client.get(`${base}/role`)).location, `${base}/email/code`);
    } finally {
      offset = 0;
    }
  });
});
