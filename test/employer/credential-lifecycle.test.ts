// Withdraw, revoke, archive and restore, and revoke all for a leaver, over HTTP (DOMAIN.md E10):
// the real app listening on localhost, a person whose wallet (the holder library) holds the trust's
// AccessKey and Identity, accepted with their serial numbers (test/support/employee-wallet.ts).
// The error summaries, a double submit acting once, another trust's ids (URL and form) answering
// 404, and after a revocation here the same credential shared again fails verification — at this
// trust and at another — and the holder was emailed and texted.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, it } from 'node:test';
import type { ProvidedCredential } from '../../src/core/passport/provided-credential.ts';
import { createPresentationRequest } from '../../src/gateway/oid4vp/index.ts';
import { listOutbox } from '../../src/integrations/notify/index.ts';
import { listAudit } from '../../src/store/audit-log.ts';
import { provisionOrganisationKeys } from '../../src/store/organisation-keys.ts';
import type { Organisation } from '../../src/core/passport/organisation.ts';
import { passportHistory } from '../../src/store/passport-history.ts';
import { providedCredentials } from '../../src/store/provided-credentials.ts';
import { scopeOf } from '../../src/store/scope.ts';
import { staffPassports } from '../../src/store/staff-passports.ts';
import { statusLedger } from '../../src/store/status-ledger.ts';
import { walletSessions } from '../../src/store/wallet-sessions.ts';
import { csrfFrom } from '../support/app.ts';
import { describeEachDatabase } from '../support/databases.ts';
import { addEmployeeWithWallet, startEmployeePortal, type EmployeePortalServer, type EmployeeWithWallet } from '../support/employee-wallet.ts';
import { addEmployerUser, signInEmployer, type EmployerTestSession } from '../support/employer-session.ts';

const ODS = 'RCL01';
const OTHER = 'RCL02';

describeEachDatabase('employer portal: withdraw, revoke, archive and restore (E10)', (database) => {
  let server: EmployeePortalServer;
  let session: EmployerTestSession;
  let other: EmployerTestSession;
  let n = 0;

  before(async () => {
    server = await startEmployeePortal(database());
    session = await signInEmployer(server.app, { ods: ODS, userId: (await addEmployerUser(server.app, { ods: ODS, role: 'administrator' })).user.id });
    other = await signInEmployer(server.app, { ods: OTHER, userId: (await addEmployerUser(server.app, { ods: OTHER, role: 'administrator' })).user.id });
    await provisionOrganisationKeys(database().db, server.app.services.keys, other.organisation.id);
  });
  after(() => server?.close());

  const db = () => database().db;
  const scope = () => scopeOf(session.organisation.id);
  const app = () => server.app;
  const base = (p: { passport: { id: string } }) => `/trusts/${ODS}/employer/staff-passports/${p.passport.id}/credentials`;
  const get = (u: string, s = session) => app().inject({ url: u, headers: { cookie: s.cookie } });
  async function post(u: string, form: Record<string, string>, s = session, csrfPage = `/trusts/${s.organisation.odsCode}/employer`) {
    const csrf = csrfFrom(await get(csrfPage, s));
    const body = new URLSearchParams({ _csrf: csrf.token, ...form });
    return app().inject({ method: 'POST', url: u, headers: { cookie: `${s.cookie}; ${csrf.cookie}`, 'content-type': 'application/x-www-form-urlencoded' }, payload: body.toString() });
  }
  async function person(): Promise<EmployeeWithWallet> {
    n += 1;
    return addEmployeeWithWallet(server, { ods: ODS, passport: { email: `olivia${n}@example.nhs.uk`, mobile: `07700900${String(300 + n)}` } });
  }
  /** A pending credential (a copy of the person's identity, as a newer version nobody accepted yet). */
  async function pending(p: EmployeeWithWallet): Promise<ProvidedCredential> {
    const [v] = await providedCredentials(db(), scope()).provide(
      p.passport.id,
      [{ type: 'Identity', subject: p.identity.subject, title: 'Identity (updated)', slotKey: `test-${randomUUID()}`, dedupeKey: randomUUID(), supersedes: null, expiresAt: null }],
      { source: 'manual', actor: 'system:test', now: new Date() },
    );
    return (await providedCredentials(db(), scope()).findById(v!.id))!;
  }
  const find = async (id: string) => (await providedCredentials(db(), scope()).findById(id))!;
  const allTo = async (p: EmployeeWithWallet) =>
    (await listOutbox(db(), { pageSize: 200 })).messages.filter((m) => m.recipient === p.passport.email || m.recipient.replace(/\D/g, '').endsWith(p.passport.mobile!.replace(/\D/g, '').replace(/^0/, '')));
  const messagesTo = async (p: EmployeeWithWallet, template: string) => (await allTo(p)).filter((m) => m.template === template);

  /** A trust asks for the Identity; the holder shares it; the wallet session's state and failure. */
  async function share(p: EmployeeWithWallet, verifier: Organisation) {
    const request = await database().transaction((tx) =>
      createPresentationRequest(tx, { keys: app().services.keys, clock: app().employerPortal.clock, publicUrl: server.base }, {
        organisation: verifier,
        credentials: [{ id: 'identity', type: 'Identity' }],
        purpose: 'Check identity',
        walletSession: { purpose: 'test', browserBinding: 'b', returnTo: '/done', ttlSeconds: 300 },
      }),
    );
    try {
      await p.holder.present(await p.holder.resolvePresentationRequest(request.requestUri));
    } catch {
      // The verifier's failure answer; what it decided is in the wallet session.
    }
    const s = await walletSessions(db(), scopeOf(verifier.id)).get(request.sessionId, new Date());
    return { state: s?.state, failure: s?.failure };
  }

  it('lists the credentials with their states and actions; archived ones only when asked; another trust gets 404', async () => {
    const p = await person();
    const offer = await pending(p);
    const page = await get(base(p));
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Accepted \(in their wallet\)/);
    assert.match(page.body, /Pending \(awaiting staff review\)/);
    assert.match(page.body, new RegExp(`${offer.id}/withdraw`));
    assert.match(page.body, new RegExp(`${p.identity.id}/revoke`));
    assert.match(page.body, /Include archived credentials/);
    assert.match(page.body, /Revoke all credentials \(leaving\)/);
    assert.match((await get(`/trusts/${ODS}/employer/staff-passports/${p.passport.id}`)).body, /View credentials/);
    // Another trust: the passport and each credential page are not found.
    const theirs = `/trusts/${OTHER}/employer/staff-passports/${p.passport.id}/credentials`;
    assert.equal((await get(theirs, other)).statusCode, 404);
    for (const s of ['/withdraw', '/revoke', '/archive']) assert.equal((await get(`${theirs}/${p.identity.id}${s}`, other)).statusCode, 404);
    assert.equal((await get(`${theirs}/revoke-all`, other)).statusCode, 404);
    // A credential of another passport of this trust, under this passport's URL: 404 too.
    const q = await person();
    assert.equal((await get(`${base(p)}/${q.identity.id}/revoke`)).statusCode, 404);
  });

  it('withdraws a pending credential with a reason: error summary first; a double submit acts once; no email or text; history and audit', async () => {
    const p = await person();
    const offer = await pending(p);
    const url = `${base(p)}/${offer.id}/withdraw`;
    const form = await get(url);
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /Yes, withdraw credential/);
    assert.match(form.body, /Identity \(updated\)/);
    assert.match(form.body, /Olivia/); // the attributes are shown
    const bad = await post(url, {});
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /nhsuk-error-summary/);
    assert.match(bad.body, /Select why you are withdrawing this credential/);
    assert.equal((await find(offer.id)).state, 'pending');
    // Another trust's user posting to it: 404, nothing changes.
    assert.equal((await post(`/trusts/${OTHER}/employer/staff-passports/${p.passport.id}/credentials/${offer.id}/withdraw`, { reason: 'issued-in-error' }, other)).statusCode, 404);
    assert.equal((await find(offer.id)).state, 'pending');
    const before = (await allTo(p)).length;
    const [a, b] = await Promise.all([post(url, { reason: 'issued-in-error' }), post(url, { reason: 'issued-in-error' })]);
    assert.equal(a.statusCode, 303);
    assert.equal(b.statusCode, 303);
    assert.match(a.headers.location!, /done=withdrawn/);
    const done = await find(offer.id);
    assert.equal(done.state, 'withdrawn');
    assert.equal(done.stateReason, 'issued-in-error');
    assert.equal((await passportHistory(db(), scope()).list(p.passport.id)).filter((h) => h.event === 'credential.withdrawn').length, 1);
    assert.equal((await listAudit(db(), session.organisation.id, { action: 'provided-credential.withdrawn', subject: offer.id })).length, 1);
    assert.equal((await allTo(p)).length, before, 'no email or text for a withdrawal');
    // An accepted credential cannot be withdrawn.
    const refused = await post(`${base(p)}/${p.identity.id}/withdraw`, { reason: 'issued-in-error' });
    assert.match(refused.headers.location!, /done=not-allowed/);
    assert.equal((await find(p.identity.id)).state, 'accepted');
  });

  it('revokes an accepted credential: Other needs words; a double submit acts once; ledger, state, history, audit, email and text; shared again it fails verification here and at another trust', async () => {
    const p = await person();
    assert.deepEqual(await share(p, session.organisation), { state: 'completed', failure: null });
    const url = `${base(p)}/${p.identity.id}/revoke`;
    assert.match((await get(url)).body, /Yes, revoke credential/);
    const bad = await post(url, { reason: 'Other', details: '' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /nhsuk-error-summary/);
    assert.match(bad.body, /Enter the reason for revoking this credential/);
    assert.match(bad.body, /value="Other" checked/);
    const none = await post(url, { details: 'kept words' });
    assert.equal(none.statusCode, 400);
    assert.match(none.body, /Select why you are revoking this credential/);
    assert.match(none.body, /kept words/);
    // Form tampering: another trust's user, this trust's ids.
    assert.equal((await post(`/trusts/${OTHER}/employer/staff-passports/${p.passport.id}/credentials/${p.identity.id}/revoke`, { reason: 'TrainingExpiry' }, other)).statusCode, 404);
    assert.equal((await find(p.identity.id)).state, 'accepted');

    const [a, b] = await Promise.all([post(url, { reason: 'Other', details: 'Name was misspelt' }), post(url, { reason: 'Other', details: 'Name was misspelt' })]);
    assert.equal(a.statusCode, 303);
    assert.equal(b.statusCode, 303);
    const revoked = await find(p.identity.id);
    assert.equal(revoked.state, 'revoked');
    assert.equal(revoked.stateReason, 'Other: Name was misspelt');
    const entries = await statusLedger(db(), scope()).find(p.identity.serialNumber!);
    assert.ok(entries.length > 0 && entries.every((e) => e.state === 'revoked' && e.reason === 'Other'), JSON.stringify(entries));
    assert.equal((await passportHistory(db(), scope()).list(p.passport.id)).filter((h) => h.event === 'credential.revoked').length, 1);
    assert.equal((await listAudit(db(), session.organisation.id, { action: 'provided-credential.revoked', subject: p.identity.id })).length, 1);
    const emails = await messagesTo(p, 'credentials-revoked-email');
    const texts = await messagesTo(p, 'credentials-revoked-sms');
    assert.equal(emails.length, 1);
    assert.equal(texts.length, 1);
    assert.match(emails[0]!.body, /has revoked 1 credential .*Identity/);
    assert.match(emails[0]!.body, /Reason: Another reason: Name was misspelt/);
    assert.match((await get(`${base(p)}?done=revoked`)).body, /Credential revoked\./);
    // The same credential shared again fails verification, at this trust and at another.
    assert.deepEqual(await share(p, session.organisation), { state: 'failed', failure: 'credential_revoked' });
    assert.deepEqual(await share(p, other.organisation), { state: 'failed', failure: 'credential_revoked' });
    // A pending credential cannot be revoked.
    const offer = await pending(p);
    assert.match((await post(`${base(p)}/${offer.id}/revoke`, { reason: 'TrainingExpiry' })).headers.location!, /done=not-allowed/);
    assert.equal((await find(offer.id)).state, 'pending');
  });

  it('archives and restores: archived hidden unless included; a revoked credential archived cannot be restored', async () => {
    const p = await person();
    const archive = `${base(p)}/${p.identity.id}/archive`;
    assert.match((await get(archive)).body, /Archive this credential/);
    const [a, b] = await Promise.all([post(archive, {}), post(archive, {})]);
    assert.equal(a.statusCode, 303);
    assert.equal(b.statusCode, 303);
    assert.equal((await find(p.identity.id)).state, 'archived');
    assert.equal((await passportHistory(db(), scope()).list(p.passport.id)).filter((h) => h.event === 'credential.archived').length, 1);
    assert.doesNotMatch((await get(base(p))).body, new RegExp(`data-credential="${p.identity.id}"`));
    const included = await get(`${base(p)}?archived=yes`);
    assert.match(included.body, new RegExp(`data-credential="${p.identity.id}"`));
    assert.match(included.body, new RegExp(`${p.identity.id}/restore`));
    const restore = `${base(p)}/${p.identity.id}/restore`;
    assert.match((await get(restore)).body, /Restore this credential/);
    assert.equal((await post(restore, {})).statusCode, 303);
    assert.equal((await find(p.identity.id)).state, 'accepted');
    assert.equal((await passportHistory(db(), scope()).list(p.passport.id)).filter((h) => h.event === 'credential.restored').length, 1);
    // Revoked, then archived: it stays archived (restoring must not make a revoked credential accepted).
    assert.equal((await post(`${base(p)}/${p.accessKey.id}/revoke`, { reason: 'CredentialProvidedInError' })).statusCode, 303);
    assert.equal((await post(`${base(p)}/${p.accessKey.id}/archive`, {})).statusCode, 303);
    assert.doesNotMatch((await get(`${base(p)}?archived=yes`)).body, new RegExp(`${p.accessKey.id}/restore`));
    assert.match((await post(`${base(p)}/${p.accessKey.id}/restore`, {})).headers.location!, /done=not-allowed/);
    assert.equal((await find(p.accessKey.id)).state, 'archived');
    // Another trust cannot archive this trust's credential.
    assert.equal((await post(`/trusts/${OTHER}/employer/staff-passports/${p.passport.id}/credentials/${p.identity.id}/archive`, {}, other)).statusCode, 404);
  });

  it('revokes all for a leaver: every accepted credential with LeavingOrganisation, once; one email and text; the passport deactivated; the pending one untouched', async () => {
    const p = await person();
    const offer = await pending(p);
    const url = `${base(p)}/revoke-all`;
    const confirm = await get(url);
    assert.equal(confirm.statusCode, 200);
    assert.match(confirm.body, /Yes, revoke all credentials/);
    assert.equal((await post(`/trusts/${OTHER}/employer/staff-passports/${p.passport.id}/credentials/revoke-all`, {}, other)).statusCode, 404);
    const [a, b] = await Promise.all([post(url, {}), post(url, {})]);
    assert.equal(a.statusCode, 303);
    assert.equal(b.statusCode, 303);
    for (const c of [p.identity, p.accessKey]) {
      const now = await find(c.id);
      assert.equal(now.state, 'revoked');
      assert.equal(now.stateReason, 'LeavingOrganisation');
      assert.ok((await statusLedger(db(), scope()).find(c.serialNumber!)).every((e) => e.state === 'revoked' && e.reason === 'LeavingOrganisation'));
    }
    assert.equal((await find(offer.id)).state, 'pending');
    assert.equal((await staffPassports(db(), scope()).findById(p.passport.id))?.status, 'deactivated');
    assert.equal((await messagesTo(p, 'credentials-revoked-email')).length, 1);
    assert.equal((await messagesTo(p, 'credentials-revoked-sms')).length, 1);
    assert.match((await messagesTo(p, 'credentials-revoked-email'))[0]!.body, /has revoked 2 credentials/);
    assert.equal((await listAudit(db(), session.organisation.id, { action: 'staff-passport.leaver-revoked', subject: p.passport.id })).length, 1);
    assert.deepEqual(await share(p, other.organisation), { state: 'failed', failure: 'credential_revoked' });
  });
});
