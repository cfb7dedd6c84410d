// S3 over HTTP on PGlite and PostgreSQL: signing in by sharing the access key, the holder library
// answering the wallet-session page over real HTTP. This trust's key signs in (also from a wallet
// that holds several trusts' keys); another trust's key, a revoked key, a replaced key, a deleted
// or deactivated passport are each refused with a clear page and no session; the hand-back works
// once and for its browser only; a key added but never handed back (S2) is accepted at sign-in.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, it } from 'node:test';
import { accessKeySubject } from '../../../core/passport/identity-check.ts';
import { systemClock } from '../../../platform/clock.ts';
import { accessKeyLinks } from '../../../store/access-key-links.ts';
import { listAudit } from '../../../store/audit-log.ts';
import { providedCredentials } from '../../../store/provided-credentials.ts';
import { scopeOf } from '../../../store/scope.ts';
import { staffPassports } from '../../../store/staff-passports.ts';
import { statusLedger } from '../../../store/status-ledger.ts';
import { describeEachDatabase } from '../../../../test/support/databases.ts';
import { confirmedPerson, crossDeviceLink, holderOn, sameDeviceLink } from '../../../../test/support/employee-access-key.ts';
import { addEmployeeWithWallet, lastSmsCode, startEmployeePortal, type EmployeePortalServer } from '../../../../test/support/employee-wallet.ts';
import { InjectClient, type Page } from '../../../../test/support/inject-client.ts';

type Holder = ReturnType<typeof holderOn>;

const hasSession = (client: InjectClient) => [...client.jar.keys()].some((k) => k.endsWith('dsp-employee'));

describeEachDatabase('employee portal: signing in with the access key (S3)', (database) => {
  let portal: EmployeePortalServer;

  before(async () => {
    portal = await startEmployeePortal(database());
  });
  after(() => portal?.close());

  const db = () => portal.database.db;

  /**
   * The sign-in page → Continue → the wallet-session page, answered by `holder` (choosing a
   * credential when `choice` names one) → the hand-back. Returns the client, the session page's
   * path and the hand-back's answer (followed once when it is a redirect to /sign-in/done).
   */
  async function signIn(ods: string, holder: Holder, choice?: string): Promise<{ client: InjectClient; sessionPath: string; done: Page; doneUrl: string | undefined }> {
    const client = new InjectClient(portal.app);
    const page = await client.get(`/trusts/${ods}/employee/sign-in`);
    assert.equal(page.status, 200);
    assert.match(page.body, /Sign in with your access key/);
    const started = await client.post(`/trusts/${ods}/employee/sign-in`);
    assert.equal(started.status, 303, started.body);
    const sessionPath = started.location!;
    assert.match(sessionPath, new RegExp(`^/orgs/${ods}/wallet-sessions/[0-9a-f-]+$`));
    const qr = await client.follow(started);
    assert.match(qr.body, /Share from your wallet/);
    const request = await holder.resolvePresentationRequest(crossDeviceLink(qr.body));
    await holder.present(request, choice ? { 'access-key': choice } : {}).catch(() => undefined); // a refusal is a 400 to the wallet
    const handBack = await client.get(`${sessionPath}/continue`);
    if (handBack.location?.includes('/sign-in/done')) return { client, sessionPath, done: await client.follow(handBack), doneUrl: handBack.location };
    return { client, sessionPath, done: handBack, doneUrl: undefined };
  }

  it('signs in with this trust’s access key: home, audit; the hand-back works once and for its browser only', async () => {
    const person = await addEmployeeWithWallet(portal, { ods: 'SIN01' });
    const { client, done, doneUrl } = await signIn('SIN01', person.holder);
    assert.equal(done.status, 303, done.body);
    assert.equal(done.location, '/trusts/SIN01/employee');
    const home = await client.follow(done);
    assert.equal(home.status, 200);
    assert.match(home.body, /You are signed in as Olivia Bennett/);
    const audit = await listAudit(db(), person.organisation.id, { action: 'employee.signed-in' });
    assert.ok(audit.some((e) => e.subject === person.passport.id && e.actor === `staff:${person.passport.id}`));

    // Signed out, the same hand-back from the browser's history signs nobody in.
    const out = await client.post('/trusts/SIN01/employee/sign-out');
    assert.equal(out.location, '/trusts/SIN01/employee/sign-in?signedOut=1');
    assert.match((await client.follow(out)).body, /You have signed out/);
    const replay = await client.get(doneUrl!);
    assert.equal(replay.status, 303);
    assert.equal(replay.location, '/trusts/SIN01/employee/sign-in');
    assert.equal((await client.get('/trusts/SIN01/employee')).location, '/trusts/SIN01/employee/sign-in');
    // Nor in another browser.
    const other = new InjectClient(portal.app);
    assert.equal((await other.get(doneUrl!)).location, '/trusts/SIN01/employee/sign-in');
    assert.ok(!hasSession(other));
  });

  it('with keys from two trusts in the wallet, only this trust’s signs in here', async () => {
    const atOne = await addEmployeeWithWallet(portal, { ods: 'SIN02' });
    const atTwo = await addEmployeeWithWallet(portal, { ods: 'SIN03', holder: atOne.holder });
    const keys = (await atOne.holder.list()).filter((r) => r.type === 'AccessKey');
    assert.equal(keys.length, 2);
    const foreign = keys.find((r) => r.issuer.did.endsWith(':orgs:SIN03'))!;
    const own = keys.find((r) => r.issuer.did.endsWith(':orgs:SIN02'))!;

    const refused = await signIn('SIN02', atOne.holder, foreign.id);
    assert.equal(refused.done.status, 403);
    assert.match(refused.done.body, /This access key is for another organisation/);
    assert.match(refused.done.body, /is from Test Trust SIN03, not Test Trust SIN02/);
    assert.ok(!hasSession(refused.client));
    assert.equal(atTwo.passport.dspId === atOne.passport.dspId, false);

    const accepted = await signIn('SIN02', atOne.holder, own.id);
    assert.equal(accepted.done.location, '/trusts/SIN02/employee');
    // The session is for SIN02 only: SIN03's portal answers as if nothing were there.
    assert.equal((await accepted.client.get('/trusts/SIN03/employee')).status, 404);
    assert.equal((await accepted.client.get('/trusts/SIN02/employee')).status, 200);
  });

  it('a revoked access key is refused by the verifier, and the page says so and to ask HR', async () => {
    const person = await addEmployeeWithWallet(portal, { ods: 'SIN04' });
    await portal.database.transaction((tx) =>
      statusLedger(tx, scopeOf(person.organisation.id)).revoke({ serialNumber: person.accessKey.serialNumber!, reason: 'LeavingOrganisation', actor: 'system:test', correlationId: randomUUID() }, systemClock),
    );
    const { client, sessionPath, done } = await signIn('SIN04', person.holder);
    assert.equal(done.status, 303);
    assert.equal(done.location, sessionPath);
    const page = await client.get(sessionPath);
    assert.match(page.body, /Your access key has been revoked/);
    assert.match(page.body, /Ask HR at your organisation to send you a new access key/);
    assert.ok(!hasSession(client));
  });

  it('a replaced access key is refused', async () => {
    const person = await addEmployeeWithWallet(portal, { ods: 'SIN05' });
    const scope = scopeOf(person.organisation.id);
    const now = new Date();
    // HR gave a new access key (E13) and it has been collected into another wallet.
    await portal.database.transaction(async (tx) => {
      const store = providedCredentials(tx, scope);
      const subject = accessKeySubject({ dspId: person.passport.dspId!, organisationOds: 'SIN05', passportId: person.passport.id, organisationName: person.organisation.name, now });
      const planned = { type: 'AccessKey' as const, subject, title: person.accessKey.title, slotKey: person.accessKey.slotKey, dedupeKey: randomUUID(), supersedes: person.accessKey.id, expiresAt: null };
      const [fresh] = await store.provide(person.passport.id, [planned], { source: 'manual', actor: 'system:test', now });
      assert.equal((await store.transition(fresh!.id, 'accept', { now, serialNumber: randomUUID() })).outcome, 'changed');
    });
    const { client, done } = await signIn('SIN05', person.holder);
    assert.equal(done.status, 403);
    assert.match(done.body, /This access key has been replaced/);
    assert.ok(!hasSession(client));
  });

  it('a deactivated or deleted passport cannot sign in', async () => {
    const leaver = await addEmployeeWithWallet(portal, { ods: 'SIN06' });
    await staffPassports(db(), scopeOf(leaver.organisation.id)).setStatus(leaver.passport.id, 'deactivated');
    const deactivated = await signIn('SIN06', leaver.holder);
    assert.equal(deactivated.done.status, 403);
    assert.match(deactivated.done.body, /You cannot sign in/);
    assert.ok(!hasSession(deactivated.client));

    const removed = await addEmployeeWithWallet(portal, { ods: 'SIN06' });
    assert.ok(await staffPassports(db(), scopeOf(removed.organisation.id)).remove(removed.passport.id));
    const deleted = await signIn('SIN06', removed.holder);
    assert.equal(deleted.done.status, 403);
    assert.match(deleted.done.body, /We cannot find your Digital Staff Passport/);
    assert.ok(!hasSession(deleted.client));
  });

  it('a key added to the wallet whose hand-back never came (S2) is accepted at sign-in, with its identity', async () => {
    const person = await confirmedPerson(portal, { ods: 'SIN07' });
    const client = new InjectClient(portal.app);
    await client.get(person.link);
    await client.get('/trusts/SIN07/employee/access-key/security-code');
    await client.post('/trusts/SIN07/employee/access-key/security-code');
    await client.get('/trusts/SIN07/employee/access-key/security-code/enter');
    const entered = await client.post('/trusts/SIN07/employee/access-key/security-code/enter', { code: await lastSmsCode(portal.database, person.passport.mobile!) });
    const qr = await client.follow(entered);
    const holder = holderOn(systemClock);
    await holder.receive(sameDeviceLink(qr.body), { txCode: await lastSmsCode(portal.database, person.passport.mobile!) });
    // The browser is closed here: no hand-back. Both are still pending.
    const scope = scopeOf(person.organisation.id);
    assert.deepEqual((await providedCredentials(db(), scope).listForPassport(person.passport.id)).map((c) => c.state), ['pending', 'pending']);

    const { done } = await signIn('SIN07', holder);
    assert.equal(done.location, '/trusts/SIN07/employee', done.body);
    const held = await providedCredentials(db(), scope).listForPassport(person.passport.id);
    assert.deepEqual(held.map((c) => [c.credentialType, c.state]).sort(), [['AccessKey', 'accepted'], ['Identity', 'accepted']]);
    // Its link now leads to sign-in.
    assert.equal((await new InjectClient(portal.app).get(person.link)).location, '/trusts/SIN07/employee/sign-in?alreadyCollected=1');
    assert.ok((await accessKeyLinks(db(), scope).findLive(person.link.split('/').pop()!, new Date()))?.collectedAt);
  });

  it('the sign-in page: notices, and a signed-in browser goes home', async () => {
    const client = new InjectClient(portal.app);
    const person = await addEmployeeWithWallet(portal, { ods: 'SIN08' });
    const collected = await client.get('/trusts/SIN08/employee/sign-in?collected=1');
    assert.match(collected.body, /Your access key is in your wallet. You can now sign in with it./);
    const already = await client.get('/trusts/SIN08/employee/sign-in?alreadyCollected=1');
    assert.match(already.body, /You have already collected your access key/);
    assert.match(already.body, /Collect your access key/);
    assert.match(already.body, /ask HR at Test Trust SIN08 to send you a new access key/);
    assert.equal((await client.get('/trusts/NOPE1/employee/sign-in')).status, 404);
    client.jar.set(person.session.name, decodeURIComponent(person.session.value));
    assert.equal((await client.get('/trusts/SIN08/employee/sign-in')).location, '/trusts/SIN08/employee');
  });
});
