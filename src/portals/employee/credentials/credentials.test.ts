// The person's credentials over HTTP (S4, S8, S10), on PGlite and PostgreSQL: the list's sections,
// a credential's details, another passport's and another trust's 404, accepting into the wallet
// (the holder library answering the wallet session over real HTTP), a wallet without the key
// refused, rejecting with each reason and the error summary, a double submit acting once,
// reissuing (the old serial revoked in the status ledger and refused when presented), and the
// revoked and withdrawn pages.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SAMPLE_SUBJECTS, type CredentialTypeId } from '../../../core/credentials/index.ts';
import { planProvision } from '../../../core/passport/plan-provision.ts';
import type { ProvidedCredential } from '../../../core/passport/provided-credential.ts';
import { createPresentationRequest } from '../../../gateway/oid4vp/index.ts';
import { listAudit } from '../../../store/audit-log.ts';
import { passportHistory } from '../../../store/passport-history.ts';
import { providedCredentials } from '../../../store/provided-credentials.ts';
import { scopeOf } from '../../../store/scope.ts';
import { statusLedger } from '../../../store/status-ledger.ts';
import { walletSessions } from '../../../store/wallet-sessions.ts';
import { describeEachDatabase } from '../../../../test/support/databases.ts';
import { addEmployeeWithWallet, newHolder, startEmployeePortal, type EmployeePortalServer, type EmployeeWithWallet } from '../../../../test/support/employee-wallet.ts';

type Answer = Awaited<ReturnType<EmployeePortalServer['app']['inject']>>;

/** A browser for inject(): a cookie jar that starts with the employee session. */
function browserOf(portal: EmployeePortalServer, person: EmployeeWithWallet) {
  const jar: Record<string, string> = { [person.session.name]: person.session.value };
  const cookie = () => Object.entries(jar).map(([k, v]) => `${k}=${v}`).join('; ');
  const remember = (res: Answer) => {
    for (const c of res.cookies) jar[c.name] = c.value;
    return res;
  };
  const get = async (url: string) => remember(await portal.app.inject({ method: 'GET', url, headers: { cookie: cookie(), accept: 'text/html' } }));
  /** Posts `form` as the page at `from` would (its CSRF token). */
  const post = async (url: string, form: Record<string, string>, from = url) => {
    const page = await get(from);
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
    assert.ok(token, `no form on ${from} (${page.statusCode})`);
    return postWith(url, form, token);
  };
  const postWith = async (url: string, form: Record<string, string>, token: string) =>
    remember(
      await portal.app.inject({
        method: 'POST',
        url,
        headers: { cookie: cookie(), 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ ...form, _csrf: token }).toString(),
      }),
    );
  const tokenOf = async (from: string) => /name="_csrf" value="([^"]+)"/.exec((await get(from)).body)![1]!;
  return { get, post, postWith, tokenOf };
}

const location = (res: Answer) => String(res.headers.location);
const walletLink = (html: string) => /<a href="([^"]+)" class="nhsuk-button"[^>]*id="open-wallet"/.exec(html)![1]!.replace(/&amp;/g, '&');
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&#39;/g, "'").replace(/&amp;/g, '&').replace(/\s+/g, ' ');
function errorSummary(html: string): string[] {
  const list = /<ul class="nhsuk-list nhsuk-error-summary__list">([\s\S]*?)<\/ul>/.exec(html)?.[1] ?? '';
  return [...list.matchAll(/<a href="(#[^"]+)"[^>]*>\s*([^<]*?)\s*<\/a>/g)].map((m) => `${m[1]} ${m[2]}`);
}

describeEachDatabase('employee credentials (S4, S8, S10)', (database) => {
  let portal: EmployeePortalServer;
  let ada: EmployeeWithWallet;
  let ben: EmployeeWithWallet;
  let cleo: EmployeeWithWallet;
  const base = (p: EmployeeWithWallet) => `/trusts/${p.organisation.odsCode}/employee/credentials`;

  /** Provides sample credentials of `types` to the person, pending (as ESR would). */
  async function provide(person: EmployeeWithWallet, types: CredentialTypeId[]): Promise<ProvidedCredential[]> {
    const scope = scopeOf(person.organisation.id);
    return database().transaction(async (tx) => {
      const store = providedCredentials(tx, scope);
      const now = new Date();
      const items = types.map((type) => {
        const { dspId: _dspId, ...subject } = SAMPLE_SUBJECTS[type];
        return { type, subject };
      });
      const plan = planProvision(items, await store.versionsOf(person.passport.id), now);
      const inserted = await store.provide(person.passport.id, plan.provide, { source: 'esr', actor: 'system:test', now });
      return Promise.all(inserted.map(async (i) => (await store.findById(i.id))!));
    });
  }
  const find = async (person: EmployeeWithWallet, id: string) => (await providedCredentials(database().db, scopeOf(person.organisation.id)).findById(id))!;
  const historyOf = async (person: EmployeeWithWallet) => passportHistory(database().db, scopeOf(person.organisation.id)).list(person.passport.id, { limit: 100 });

  /** The detail page's accept → the wallet-session page; returns the offer link and the session id. */
  async function startAccept(browser: ReturnType<typeof browserOf>, person: EmployeeWithWallet, id: string) {
    const started = await browser.post(`${base(person)}/${id}/accept`, {}, `${base(person)}/${id}`);
    assert.equal(started.statusCode, 303, started.body);
    assert.match(location(started), new RegExp(`^/orgs/${person.organisation.odsCode}/wallet-sessions/[0-9a-f-]+$`));
    const page = await browser.get(location(started));
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Add to your wallet/);
    return { offerUri: walletLink(page.body), sessionPath: location(started), sessionId: location(started).split('/').pop()! };
  }

  before(async () => {
    portal = await startEmployeePortal(database());
    ada = await addEmployeeWithWallet(portal, { ods: 'RZX', passport: { givenName: 'Ada' } });
    ben = await addEmployeeWithWallet(portal, { ods: 'RZX', passport: { givenName: 'Ben' } });
    cleo = await addEmployeeWithWallet(portal, { ods: 'RWL', passport: { givenName: 'Cleo' } });
  });
  after(() => portal.close());

  describe('list and details', () => {
    it('lists the credentials in sections, grouped as the portals group them, with the links to request and to add New Starter Information', async () => {
      const [assignment, registration] = await provide(ada, ['EmploymentAssignment', 'ProfessionalRegistration']);
      const browser = browserOf(portal, ada);
      const page = await browser.get(base(ada));
      assert.equal(page.statusCode, 200);
      const body = text(page.body);
      assert.match(body, /New credentials to review \(2\)/);
      assert.match(body, /In your wallet \(2\)/);
      assert.match(body, /You have no past credentials/);
      assert.match(body, /You have not rejected any credentials/);
      // Sections in order, groups within them (§5.1).
      const order = ['New credentials to review', 'Employment checks', 'Confirmation of assignment', 'In your wallet', 'Access', 'Identity and New Starter Information', 'Past credentials'];
      const at = order.map((s) => body.indexOf(s));
      assert.deepEqual([...at].sort((a, b) => a - b), at, `order: ${at.join(',')}`);
      assert.ok(at.every((i) => i >= 0));
      assert.match(page.body, new RegExp(`href="${base(ada)}/${assignment!.id}"[^>]*>\\s*Review and add`));
      assert.match(page.body, new RegExp(`href="${base(ada)}/${registration!.id}"`));
      assert.match(page.body, new RegExp(`href="${base(ada)}/${ada.identity.id}"[^>]*>\\s*View`));
      assert.match(page.body, new RegExp(`href="${base(ada)}/request"[^>]*>Request credentials`));
      assert.match(page.body, new RegExp(`href="${base(ada)}/new-starter-information"[^>]*>Add New Starter Information`));
    });

    it('shows a credential with the catalogue labels, who provided it and when, its expiry and the assurance block', async () => {
      const browser = browserOf(portal, ada);
      const page = await browser.get(`${base(ada)}/${ada.identity.id}`);
      assert.equal(page.statusCode, 200);
      const body = text(page.body);
      assert.match(body, /Identity and New Starter Information/);
      assert.match(body, /Status: In your wallet/);
      assert.match(body, /First name Ada/);
      assert.match(body, /Date of birth 12 April 1990/);
      assert.match(body, /Address 27 Mill Lane, Riverside, RV1 4QT/);
      assert.match(body, /Current address verified Yes/);
      assert.match(body, /Provided by Test Trust RZX/);
      assert.match(body, /Where it came from Entered by the HR team/);
      assert.match(body, /Expiry date Does not expire/);
      assert.match(body, /Origin Substantive NHS Employing Organisation/);
      assert.match(body, /Verification method Document Verification/);
      assert.match(page.body, /Reissue to wallet/);
      assert.doesNotMatch(page.body, /Accept credential and add it to my wallet/);

      const [pending] = (await providedCredentials(database().db, scopeOf(ada.organisation.id)).listForPassport(ada.passport.id)).filter((c) => c.credentialType === 'EmploymentAssignment');
      const review = text((await browser.get(`${base(ada)}/${pending!.id}`)).body);
      assert.match(review, /Status: New – waiting for you to review it/);
      assert.match(review, /Where it came from From the Electronic Staff Record \(ESR\)/);
      assert.match(review, /Accept credential and add it to my wallet/);
      assert.match(review, /Reject this credential/);
    });

    it('answers 404 for another passport’s credential, another trust’s credential, and an id that is not one; sends the signed-out to sign in', async () => {
      const browser = browserOf(portal, ada);
      for (const url of [`${base(ada)}/${ben.identity.id}`, `${base(ada)}/${cleo.identity.id}`, `${base(ada)}/not-an-id`, `${base(ada)}/${ben.identity.id}/reject`, `${base(ada)}/${ben.identity.id}/reissue`]) {
        assert.equal((await browser.get(url)).statusCode, 404, url);
      }
      // Another trust's URL with this trust's session: the 404 page too.
      assert.equal((await browser.get(`${base(cleo)}/${cleo.identity.id}`)).statusCode, 404);
      // A post for another person's credential changes nothing.
      const [bens] = await provide(ben, ['DBSCheck']);
      const [adas] = await provide(ada, ['TemporaryPlacement']);
      const token = await browser.tokenOf(`${base(ada)}/${adas!.id}`);
      assert.equal((await browser.postWith(`${base(ada)}/${bens!.id}/reject`, { reason: 'duplicate' }, token)).statusCode, 404);
      assert.equal((await browser.postWith(`${base(ada)}/${bens!.id}/accept`, {}, token)).statusCode, 404);
      assert.equal((await find(ben, bens!.id)).state, 'pending');
      const signedOut = await portal.app.inject({ url: base(ada) });
      assert.equal(signedOut.statusCode, 303);
      assert.equal(location(signedOut), '/trusts/RZX/employee/sign-in');
    });
  });

  describe('S4 accept', () => {
    it('accepts a credential into the wallet that holds the person’s key: holder-key offer, no code, accepted under the issued serial, history and audit once', async () => {
      const [assignment] = await provide(ada, ['RightToWork']);
      const browser = browserOf(portal, ada);
      const { offerUri, sessionPath, sessionId } = await startAccept(browser, ada, assignment!.id);
      let asked = false;
      const { received } = await ada.holder.receive(offerUri, {
        txCode: async () => {
          asked = true;
          return undefined;
        },
      });
      assert.equal(asked, false, 'holder-key binding asks for no transaction code (D23 b)');
      assert.equal(received.length, 1);
      assert.equal(received[0]!.type, 'RightToWork');
      const done = await browser.get(`${sessionPath}/continue`);
      assert.equal(done.statusCode, 303);
      assert.equal(location(done), `${base(ada)}/${assignment!.id}/added?walletSession=${sessionId}`);
      const handBack = await browser.get(location(done));
      assert.equal(handBack.statusCode, 303);
      assert.equal(location(handBack), `${base(ada)}/${assignment!.id}?done=added`);
      const page = await browser.get(location(handBack));
      assert.match(text(page.body), /Right to work has been added to your wallet/);
      assert.match(page.body, /nhsuk-notification-banner--success/);

      const accepted = await find(ada, assignment!.id);
      assert.equal(accepted.state, 'accepted');
      const outcome = (await walletSessions(database().db, scopeOf(ada.organisation.id)).get(sessionId, new Date()))!.outcome as { issued: { serialNumber: string }[] };
      assert.equal(accepted.serialNumber, outcome.issued[0]!.serialNumber);
      // A reload of the hand-back records nothing more.
      assert.equal((await browser.get(location(done))).statusCode, 303);
      const events = (await historyOf(ada)).filter((h) => h.credentialId === assignment!.id && h.event === 'credential.accepted');
      assert.equal(events.length, 1);
      const audit = await listAudit(database().db, ada.organisation.id, { action: 'credential.accepted', subject: assignment!.id });
      assert.equal(audit.length, 1);
      assert.equal(audit[0]!.actor, `staff:${ada.passport.id}`);
    });

    it('refuses a wallet without the person’s key (wrong_wallet): nothing is issued and the credential stays pending', async () => {
      const [dbs] = await provide(ada, ['DBSCheck']);
      const browser = browserOf(portal, ada);
      const { offerUri, sessionPath, sessionId } = await startAccept(browser, ada, dbs!.id);
      const stranger = newHolder();
      await assert.rejects(stranger.receive(offerUri));
      assert.equal((await stranger.list()).length, 0);
      const session = await walletSessions(database().db, scopeOf(ada.organisation.id)).get(sessionId, new Date());
      assert.equal(session?.state, 'failed');
      assert.equal(session?.failure, 'wrong_wallet');
      const failed = await browser.get(sessionPath);
      assert.match(failed.body, /Start again/);
      // Start again (no session) goes back to the credential; a forged hand-back adds nothing.
      const again = await browser.get(`${base(ada)}/${dbs!.id}/added`);
      assert.equal(location(again), `${base(ada)}/${dbs!.id}`);
      const forged = await browser.get(`${base(ada)}/${dbs!.id}/added?walletSession=${sessionId}`);
      assert.equal(location(forged), `${base(ada)}/${dbs!.id}?done=not-added`);
      assert.match(text((await browser.get(location(forged))).body), /Nothing was added to your wallet/);
      assert.equal((await find(ada, dbs!.id)).state, 'pending');
    });

    it('gives the outcome to the browser that started the session only', async () => {
      const [oh] = await provide(ada, ['OccupationalHealth']);
      const browser = browserOf(portal, ada);
      const { offerUri, sessionId } = await startAccept(browser, ada, oh!.id);
      await ada.holder.receive(offerUri);
      // The same person signed in elsewhere (another browser, without the dsp-browser cookie).
      const elsewhere = browserOf(portal, { ...ada, session: ada.session });
      const other = await elsewhere.get(`${base(ada)}/${oh!.id}/added?walletSession=${sessionId}`);
      assert.equal(location(other), `${base(ada)}/${oh!.id}?done=not-added`);
      assert.equal((await find(ada, oh!.id)).state, 'pending');
    });
    it('revokes the copy just issued when the credential was withdrawn while the wallet session ran', async () => {
      const [placement] = await provide(ada, ['CoreSkill']);
      const browser = browserOf(portal, ada);
      const { offerUri, sessionPath } = await startAccept(browser, ada, placement!.id);
      await providedCredentials(database().db, scopeOf(ada.organisation.id)).transition(placement!.id, 'withdraw', { now: new Date(), reason: 'Provided in error' });
      await ada.holder.receive(offerUri);
      const handBack = await browser.get(location(await browser.get(`${sessionPath}/continue`)));
      assert.equal(location(handBack), `${base(ada)}/${placement!.id}?done=not-added`);
      assert.match(text((await browser.get(location(handBack))).body), /that copy has been revoked/);
      const stored = await find(ada, placement!.id);
      assert.equal(stored.state, 'withdrawn');
      assert.equal(stored.serialNumber, null);
      const sessionId = sessionPath.split('/').pop()!;
      const outcome = (await walletSessions(database().db, scopeOf(ada.organisation.id)).get(sessionId, new Date()))!.outcome as { issued: { serialNumber: string }[] };
      const entries = await statusLedger(database().db, scopeOf(ada.organisation.id)).find(outcome.issued[0]!.serialNumber);
      assert.deepEqual(entries.map((e) => e.state), ['revoked']);
    });
  });

  describe('S4 reject', () => {
    it('asks for a reason, and for details when the reason is other (400, the error summary, what was typed kept)', async () => {
      const [c] = await provide(ben, ['EmploymentAssignment']);
      const browser = browserOf(portal, ben);
      const url = `${base(ben)}/${c!.id}/reject`;
      const form = await browser.get(url);
      assert.equal(form.statusCode, 200);
      assert.match(form.body, /Why are you rejecting this credential\?/);
      const none = await browser.post(url, {});
      assert.equal(none.statusCode, 400);
      assert.deepEqual(errorSummary(none.body), ['#reason Select why you are rejecting this credential']);
      assert.match(none.body, /<title>Error: /);
      const other = await browser.post(url, { reason: 'other', details: '   ' });
      assert.equal(other.statusCode, 400);
      assert.deepEqual(errorSummary(other.body), ['#details Enter why you are rejecting this credential']);
      assert.match(other.body, /<input[^>]*value="other"[^>]*checked/);
      const long = await browser.post(url, { reason: 'duplicate', details: 'x'.repeat(501) });
      assert.equal(long.statusCode, 400);
      assert.match(long.body, /x{501}/, 'the details typed are kept');
      assert.equal((await find(ben, c!.id)).state, 'pending');
    });

    it('rejects with each reason: declined with the reason, history with its code, audit, and the reason shown', async () => {
      const types: CredentialTypeId[] = ['RightToWork', 'DBSSupportingInformation', 'ProfessionalRegistration', 'OccupationalHealth'];
      const credentials = await provide(ben, types);
      const reasons = [
        { reason: 'duplicate', shown: 'It is a duplicate', stored: 'duplicate' },
        { reason: 'incorrect-information', details: 'My registration number is wrong', shown: 'The information is incorrect – My registration number is wrong', stored: 'incorrect-information: My registration number is wrong' },
        { reason: 'no-longer-wanted', shown: 'I no longer want it', stored: 'no-longer-wanted' },
        { reason: 'other', details: 'I left this role', shown: 'Other – I left this role', stored: 'other: I left this role' },
      ];
      const browser = browserOf(portal, ben);
      for (const [i, r] of reasons.entries()) {
        const c = credentials[i]!;
        const res = await browser.post(`${base(ben)}/${c.id}/reject`, { reason: r.reason, ...(r.details ? { details: r.details } : {}) });
        assert.equal(res.statusCode, 303, res.body);
        assert.equal(location(res), `${base(ben)}/${c.id}?done=rejected`);
        const page = text((await browser.get(location(res))).body);
        assert.match(page, /You have rejected .* Test Trust RZX can see why/);
        assert.ok(page.includes(`Reason: ${r.shown}`), page);
        const stored = await find(ben, c.id);
        assert.equal(stored.state, 'declined');
        assert.equal(stored.stateReason, r.stored);
        const [event] = (await historyOf(ben)).filter((h) => h.credentialId === c.id && h.event === 'credential.declined');
        assert.equal(event?.details.reason, r.reason);
        assert.equal(event?.actor, `staff:${ben.passport.id}`);
        assert.ok(!JSON.stringify(event?.details).includes('wrong') && !JSON.stringify(event?.details).includes('left'), 'no free text in history');
      }
      const list = text((await browser.get(base(ben))).body);
      assert.match(list, /Rejected by you \(4\)/);
      const audit = await listAudit(database().db, ben.organisation.id, { action: 'credential.declined' });
      assert.equal(audit.length, 4);
    });

    it('acts once on a double submit', async () => {
      const [c] = await provide(ben, ['TemporaryPlacement']);
      const browser = browserOf(portal, ben);
      const token = await browser.tokenOf(`${base(ben)}/${c!.id}/reject`);
      const answers = await Promise.all([0, 1].map(() => browser.postWith(`${base(ben)}/${c!.id}/reject`, { reason: 'duplicate' }, token)));
      assert.deepEqual(answers.map((a) => a.statusCode), [303, 303]);
      const again = await browser.postWith(`${base(ben)}/${c!.id}/reject`, { reason: 'no-longer-wanted' }, token);
      assert.equal(location(again), `${base(ben)}/${c!.id}?done=rejected`);
      assert.equal((await find(ben, c!.id)).stateReason, 'duplicate');
      assert.equal((await historyOf(ben)).filter((h) => h.credentialId === c!.id && h.event === 'credential.declined').length, 1);
      assert.equal((await listAudit(database().db, ben.organisation.id, { action: 'credential.declined', subject: c!.id })).length, 1);
    });
  });

  describe('S8 reissue', () => {
    it('reissues an accepted credential to the wallet: the old serial revoked (a presentation of the old copy fails), the new serial recorded, history', async () => {
      const browser = browserOf(portal, cleo);
      const id = cleo.identity.id;
      const before = await find(cleo, id);
      const confirm = await browser.get(`${base(cleo)}/${id}/reissue`);
      assert.equal(confirm.statusCode, 200);
      assert.match(text(confirm.body), /revoked as soon as the new one is added: you do not need to wait/);
      const started = await browser.post(`${base(cleo)}/${id}/reissue`, {});
      assert.equal(started.statusCode, 303);
      const sessionPage = await browser.get(location(started));
      const { received } = await cleo.holder.receive(walletLink(sessionPage.body));
      assert.equal(received[0]!.type, 'Identity');
      const handBack = await browser.get(location(await browser.get(`${location(started)}/continue`)));
      assert.equal(location(handBack), `${base(cleo)}/${id}?done=reissued`);
      assert.match(text((await browser.get(location(handBack))).body), /A new copy of Identity has been added to your wallet/);

      const after = await find(cleo, id);
      assert.equal(after.state, 'accepted');
      assert.notEqual(after.serialNumber, before.serialNumber);
      const ledger = statusLedger(database().db, scopeOf(cleo.organisation.id));
      assert.deepEqual((await ledger.find(before.serialNumber!)).map((e) => e.state), ['revoked']);
      assert.deepEqual((await ledger.find(after.serialNumber!)).map((e) => e.state), ['valid']);
      const [event] = (await historyOf(cleo)).filter((h) => h.event === 'credential.reissued');
      assert.equal(event?.details.previousSerialNumber, before.serialNumber);
      assert.equal(event?.details.serialNumber, after.serialNumber);
      // A reload changes nothing more.
      assert.equal(location(await browser.get(location(await browser.get(`${location(started)}/continue`)))), `${base(cleo)}/${id}?done=reissued`);
      assert.equal((await historyOf(cleo)).filter((h) => h.event === 'credential.reissued').length, 1);

      // Presenting the old copy fails verification; the new copy verifies.
      const identities = (await cleo.holder.list()).filter((r) => r.type === 'Identity');
      assert.equal(identities.length, 2);
      const [oldCopy, newCopy] = identities[0]!.id === received[0]!.id ? [identities[1]!, identities[0]!] : [identities[0]!, identities[1]!];
      const present = async (choice: string) => {
        const request = await database().transaction((tx) =>
          createPresentationRequest(tx, { keys: portal.app.services.keys, clock: portal.app.employeePortal.clock, publicUrl: portal.base }, {
            organisation: cleo.organisation,
            credentials: [{ id: 'identity', type: 'Identity', formats: ['dc+sd-jwt'] }],
            purpose: 'Test',
            walletSession: { purpose: 'test', browserBinding: 'b', returnTo: '/done', ttlSeconds: 300 },
          }),
        );
        await cleo.holder.present(await cleo.holder.resolvePresentationRequest(request.requestUri), { identity: choice }).catch(() => undefined);
        return walletSessions(database().db, scopeOf(cleo.organisation.id)).get(request.sessionId, new Date());
      };
      const refused = await present(oldCopy.id);
      assert.equal(refused?.state, 'failed', 'the revoked copy is refused');
      const accepted = await present(newCopy.id);
      assert.equal(accepted?.state, 'completed', JSON.stringify(accepted?.failure));
    });

    it('offers reissue only for a credential in the wallet', async () => {
      const [pending] = await provide(cleo, ['DBSCheck']);
      const browser = browserOf(portal, cleo);
      assert.equal(location(await browser.get(`${base(cleo)}/${pending!.id}/reissue`)), `${base(cleo)}/${pending!.id}`);
      const token = await browser.tokenOf(`${base(cleo)}/${pending!.id}`);
      assert.equal(location(await browser.postWith(`${base(cleo)}/${pending!.id}/reissue`, {}, token)), `${base(cleo)}/${pending!.id}`);
    });
  });

  describe('S10 revoked and withdrawn', () => {
    it('shows why a credential was revoked and how to delete it from the wallet; a withdrawn one can no longer be accepted', async () => {
      const scope = scopeOf(ben.organisation.id);
      const store = providedCredentials(database().db, scope);
      await store.transition(ben.accessKey.id, 'revoke', { now: new Date(), reason: 'LeavingOrganisation' });
      const [withdrawn] = await provide(ben, ['CoreSkill']);
      await store.transition(withdrawn!.id, 'withdraw', { now: new Date(), reason: 'Provided in error' });
      const browser = browserOf(portal, ben);
      const revoked = text((await browser.get(`${base(ben)}/${ben.accessKey.id}`)).body);
      assert.match(revoked, /This credential has been revoked/);
      assert.match(revoked, /Reason: You have left the organisation/);
      assert.match(revoked, /select the credential/);
      assert.match(revoked, /Select delete/);
      assert.match(revoked, /Confirm that you want to delete it/);
      assert.doesNotMatch(revoked, /Reissue to wallet/);
      const gone = text((await browser.get(`${base(ben)}/${withdrawn!.id}`)).body);
      assert.match(gone, /withdrawn by Test Trust RZX on .*You can no longer accept it/);
      assert.doesNotMatch(gone, /Accept credential and add it to my wallet/);
      const token = await browser.tokenOf(`${base(ben)}/${ben.identity.id}/reissue`);
      assert.equal(location(await browser.postWith(`${base(ben)}/${withdrawn!.id}/accept`, {}, token)), `${base(ben)}/${withdrawn!.id}`);
      const list = text((await browser.get(base(ben))).body);
      assert.match(list, /Past credentials \(2\)/);
    });
  });
});
