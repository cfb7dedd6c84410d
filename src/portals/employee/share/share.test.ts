// S6 sharing credentials over HTTP, on PGlite and PostgreSQL, the person's wallet being the holder
// library answering the QR page over real HTTP: choosing none (400, the error summary), the
// summary's question, sharing two credentials (kept for HR's review with history and audit, the
// confirmation naming the trust), the hand-back opened twice or from another browser or by
// another person storing nothing more, a wallet without a chosen credential (NoMatchingCredential;
// back, untick, share the rest), a QR code answered by ANOTHER person's wallet (wrong_wallet,
// nothing stored), another trust's session refused, and "Go to a different organisation" (search,
// both answers, other kinds and this trust never offered).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { listAudit } from '../../../store/audit-log.ts';
import { addOrganisation } from '../../../store/organisations.ts';
import { passportHistory } from '../../../store/passport-history.ts';
import { scopeOf } from '../../../store/scope.ts';
import { sharedCredentials } from '../../../store/shared-credentials.ts';
import { walletSessions } from '../../../store/wallet-sessions.ts';
import { describeEachDatabase } from '../../../../test/support/databases.ts';
import { signInEmployee } from '../../../../test/support/employee-session.ts';
import { addToWallet } from '../../../../test/support/employee-share.ts';
import { addEmployeeWithWallet, startEmployeePortal, type EmployeePortalServer, type EmployeeWithWallet } from '../../../../test/support/employee-wallet.ts';

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
  /** Posts `form` as the page at `from` would (its CSRF token); a repeated key is an array. */
  const post = async (url: string, form: Record<string, string | string[]>, from = url) => {
    const page = await get(from);
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
    assert.ok(token, `no form on ${from} (${page.statusCode})`);
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries(form)) for (const one of Array.isArray(v) ? v : [v]) body.append(k, one);
    body.append('_csrf', token);
    return remember(await portal.app.inject({ method: 'POST', url, headers: { cookie: cookie(), 'content-type': 'application/x-www-form-urlencoded' }, payload: body.toString() }));
  };
  return { get, post };
}

const location = (res: Answer) => String(res.headers.location);
const walletLink = (html: string) => /<a href="([^"]+)" class="nhsuk-button"[^>]*id="open-wallet"/.exec(html)![1]!.replace(/&amp;/g, '&');
/** The QR code's link (cross-device): the button's link without `flow=same-device`. */
function qrLink(html: string): string {
  const url = new URL(walletLink(html));
  url.searchParams.set('request_uri', url.searchParams.get('request_uri')!.replace(/[?&]flow=same-device$/, ''));
  return url.toString();
}
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&#39;/g, "'").replace(/&amp;/g, '&').replace(/\s+/g, ' ');
function errorSummary(html: string): string[] {
  const list = /<ul class="nhsuk-list nhsuk-error-summary__list">([\s\S]*?)<\/ul>/.exec(html)?.[1] ?? '';
  return [...list.matchAll(/<a href="(#[^"]+)"[^>]*>\s*([^<]*?)\s*<\/a>/g)].map((m) => `${m[1]} ${m[2]}`);
}
const checkedTypes = (html: string) => [...html.matchAll(/<input[^>]*name="types"[^>]*>/g)].map((m) => m[0]).filter((i) => / checked/.test(i)).map((i) => /value="([^"]+)"/.exec(i)![1]).sort();

describeEachDatabase('employee sharing credentials (S6)', (database) => {
  let portal: EmployeePortalServer;
  let ada: EmployeeWithWallet;
  let ben: EmployeeWithWallet;
  let cleo: EmployeeWithWallet;
  const share = (p: EmployeeWithWallet, path = '') => `/trusts/${p.organisation.odsCode}/employee/credentials/share${path}`;
  const scopeOfPerson = (p: EmployeeWithWallet) => scopeOf(p.organisation.id);
  const sharedOf = (p: EmployeeWithWallet) => sharedCredentials(database().db, scopeOfPerson(p)).list(p.passport.id);
  const historyOf = async (p: EmployeeWithWallet) => (await passportHistory(database().db, scopeOfPerson(p)).list(p.passport.id, { limit: 100 })).filter((h) => h.event === 'credentials.shared');

  /** Choose `types` → summary → "Yes, connect to my wallet" → the QR page; its link and session. */
  async function startShare(browser: ReturnType<typeof browserOf>, person: EmployeeWithWallet, types: string[]) {
    const chosen = await browser.post(share(person), { types });
    assert.equal(chosen.statusCode, 303, chosen.body);
    assert.equal(location(chosen), share(person, '/check'));
    const started = await browser.post(share(person, '/check'), { connect: 'yes' });
    assert.equal(started.statusCode, 303, started.body);
    assert.match(location(started), new RegExp(`^/orgs/${person.organisation.odsCode}/wallet-sessions/[0-9a-f-]+$`));
    const page = await browser.get(location(started));
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Share from your wallet/);
    return { requestUri: qrLink(page.body), sessionPath: location(started), sessionId: location(started).split('/').pop()! };
  }

  before(async () => {
    portal = await startEmployeePortal(database());
    ada = await addEmployeeWithWallet(portal, { ods: 'RZX', passport: { givenName: 'Ada' } });
    ben = await addEmployeeWithWallet(portal, { ods: 'RZX', passport: { givenName: 'Ben' } });
    cleo = await addEmployeeWithWallet(portal, { ods: 'RWL', passport: { givenName: 'Cleo' } });
    await addOrganisation(database().db, { odsCode: 'IDP01', name: 'Test Trust Identity Provider', kind: 'idsp' });
    await addToWallet(portal, ada, 'RightToWork');
  });
  after(() => portal.close());

  describe('choosing and the summary', () => {
    it('the credentials page links to sharing at its foot; the choose page lists every credential but the access key, grouped', async () => {
      const browser = browserOf(portal, ada);
      const list = await browser.get('/trusts/RZX/employee/credentials');
      assert.match(list.body, new RegExp(`href="${share(ada)}"[^>]*>Share credentials<`));
      assert.match(list.body, new RegExp(`href="${share(ada, '/organisation')}"[^>]*>Go to a different organisation<`));
      assert.ok(list.body.indexOf('Share credentials<') > list.body.indexOf('Rejected by you'), 'at the foot of the page');
      const page = await browser.get(share(ada));
      assert.equal(page.statusCode, 200);
      const values = [...page.body.matchAll(/name="types"[^>]*value="([^"]+)"/g)].map((m) => m[1]);
      assert.equal(values.length, 11);
      assert.ok(!values.includes('AccessKey'));
      const body = text(page.body);
      const order = ['Identity and New Starter Information', 'Employment checks', 'Confirmation of assignment', 'Core skills training information', 'Health information'];
      const at = order.map((s) => body.indexOf(s));
      assert.ok(at.every((i) => i >= 0));
      assert.deepEqual([...at].sort((a, b) => a - b), at);
      assert.match(page.body, /id="types"/, 'the error summary’s target exists');
    });

    it('choosing none, or a type not offered, answers 400 with the error summary and keeps the ticks', async () => {
      const browser = browserOf(portal, ada);
      const none = await browser.post(share(ada), {});
      assert.equal(none.statusCode, 400);
      assert.deepEqual(errorSummary(none.body), ['#types Select the credentials you want to share']);
      const forged = await browser.post(share(ada), { types: ['Identity', 'AccessKey'] });
      assert.equal(forged.statusCode, 400);
      assert.deepEqual(checkedTypes(forged.body), ['Identity']);
    });

    it('the summary lists the choice; unanswered is 400; "No, go back and change" returns to the ticks', async () => {
      const browser = browserOf(portal, ada);
      await browser.post(share(ada), { types: ['RightToWork', 'Identity'] });
      const summary = await browser.get(share(ada, '/check'));
      assert.equal(summary.statusCode, 200);
      assert.match(text(summary.body), /Credentials Identity Right to work/);
      assert.match(summary.body, /Yes, connect to my wallet/);
      const unanswered = await browser.post(share(ada, '/check'), {});
      assert.equal(unanswered.statusCode, 400);
      assert.deepEqual(errorSummary(unanswered.body), ['#connect Select yes to connect to your wallet, or no to go back and change the credentials']);
      const no = await browser.post(share(ada, '/check'), { connect: 'no' });
      assert.equal(location(no), share(ada));
      assert.deepEqual(checkedTypes((await browser.get(share(ada))).body), ['Identity', 'RightToWork']);
      // Nothing was asked of a wallet.
      assert.equal((await sharedOf(ada)).length, 0);
    });

    it('the summary without a choice goes back to choosing; another trust’s session gets the 404 page', async () => {
      const fresh = browserOf(portal, ben);
      assert.equal(location(await fresh.get(share(ben, '/check'))), share(ben));
      const elsewhere = browserOf(portal, cleo);
      assert.equal((await elsewhere.get(share(ada))).statusCode, 404);
      assert.equal((await elsewhere.get(share(ada, '/organisation'))).statusCode, 404);
      const signedOut = await portal.app.inject({ url: share(ada) });
      assert.equal(location(signedOut), '/trusts/RZX/employee/sign-in');
    });
  });

  describe('sharing through the wallet', () => {
    it('shares two credentials: kept for HR’s review, history and audit once, the confirmation naming the trust; the hand-back again stores nothing more', async () => {
      const browser = browserOf(portal, ada);
      const { requestUri, sessionPath, sessionId } = await startShare(browser, ada, ['Identity', 'RightToWork']);
      const request = await ada.holder.resolvePresentationRequest(requestUri);
      await ada.holder.present(request);
      const cont = await browser.get(`${sessionPath}/continue`);
      assert.equal(location(cont), `${share(ada, '/shared')}?walletSession=${sessionId}`);
      const handBack = await browser.get(location(cont));
      assert.equal(handBack.statusCode, 303);
      assert.equal(location(handBack), share(ada, '/done'));
      const done = await browser.get(share(ada, '/done'));
      assert.equal(done.statusCode, 200);
      assert.match(text(done.body), /You have shared these credentials with Test Trust RZX/);
      assert.match(text(done.body), /What you shared Identity Right to work/);

      const stored = await sharedOf(ada);
      assert.deepEqual(stored.map((s) => s.type).sort(), ['Identity', 'RightToWork']);
      assert.ok(stored.every((s) => s.state === 'to-review' && s.shareId === sessionId && s.compact.length > 0 && s.issuerName === 'Test Trust RZX'));
      assert.equal(stored.find((s) => s.type === 'Identity')!.serialNumber, ada.identity.serialNumber);
      const history = await historyOf(ada);
      assert.equal(history.length, 1);
      assert.deepEqual(history[0]!.details, { types: 'Identity,RightToWork', count: 2 });
      const audit = await listAudit(database().db, ada.organisation.id, { action: 'credentials.shared', subject: ada.passport.id });
      assert.equal(audit.length, 1);
      assert.equal(audit[0]!.details.count, 2);

      // Opened again (history, reload): the confirmation, nothing stored twice.
      const again = await browser.get(location(cont));
      assert.equal(location(again), share(ada, '/done'));
      assert.equal((await sharedOf(ada)).length, 2);
      assert.equal((await historyOf(ada)).length, 1);
      // Another browser, or another person signed in here, with the same link: nothing.
      const otherBrowser = browserOf(portal, { ...ada, session: await signInEmployee(portal.app, { ods: 'RZX', passportId: ada.passport.id }) });
      assert.equal(location(await otherBrowser.get(location(cont))), share(ada));
      const benBrowser = browserOf(portal, ben);
      assert.equal(location(await benBrowser.get(location(cont))), share(ben));
      assert.equal((await sharedOf(ada)).length, 2);
      assert.equal((await sharedOf(ben)).length, 0);
      // The ticks were cleared by the share.
      assert.deepEqual(checkedTypes((await browser.get(share(ada))).body), []);
    });

    it('a wallet without a chosen credential cannot answer (NoMatchingCredential); back, untick it, share the rest', async () => {
      const browser = browserOf(portal, ben);
      const first = await startShare(browser, ben, ['Identity', 'DBSCheck']);
      const request = await ben.holder.resolvePresentationRequest(first.requestUri);
      assert.equal(request.canBeSatisfied, false);
      // The holder library's NoMatchingCredential (src/wallet/errors.ts; portals may not import the wallet).
      await assert.rejects(ben.holder.present(request), { name: 'NoMatchingCredential', code: 'no_matching_credential', wanted: ['DBSCheck'] });
      assert.equal((await sharedOf(ben)).length, 0);

      // Back on the choose page: the ticks are still there; untick the missing one.
      const back = await browser.get(share(ben));
      assert.deepEqual(checkedTypes(back.body), ['DBSCheck', 'Identity']);
      const second = await startShare(browser, ben, ['Identity']);
      await ben.holder.present(await ben.holder.resolvePresentationRequest(second.requestUri));
      const cont = await browser.get(`${second.sessionPath}/continue`);
      assert.equal(location(await browser.get(location(cont))), share(ben, '/done'));
      assert.deepEqual((await sharedOf(ben)).map((s) => s.type), ['Identity']);
      // The first QR code's hand-back ("Start again" has no session) leads back to choosing.
      assert.equal(location(await browser.get(share(ben, '/shared'))), share(ben));
      assert.equal(location(await browser.get(`${share(ben, '/shared')}?walletSession=${first.sessionId}`)), share(ben));
    });

    it('a QR code answered by ANOTHER person’s wallet fails wrong_wallet and stores nothing', async () => {
      const browser = browserOf(portal, ada);
      const before = (await sharedOf(ada)).length;
      const { requestUri, sessionPath, sessionId } = await startShare(browser, ada, ['Identity']);
      // Ben's wallet holds an Identity too (about Ben): it can answer the query, the gateway refuses it.
      await ben.holder.present(await ben.holder.resolvePresentationRequest(requestUri)).catch(() => undefined);
      const session = await walletSessions(database().db, scopeOfPerson(ada)).get(sessionId, new Date());
      assert.equal(session!.state, 'failed');
      assert.equal(session!.failure, 'wrong_wallet');
      const page = await browser.get(sessionPath);
      assert.match(text(page.body), /The credentials shared are not yours/);
      assert.equal(location(await browser.get(`${share(ada, '/shared')}?walletSession=${sessionId}`)), share(ada));
      assert.equal((await sharedOf(ada)).length, before);
      assert.equal((await sharedOf(ben)).length, 1);
    });
  });

  describe('Go to a different organisation', () => {
    it('finds other trusts by name (never this one, never another kind), 400s for a blank name or no choice', async () => {
      const browser = browserOf(portal, ada);
      const start = await browser.get(share(ada, '/organisation'));
      assert.equal(start.statusCode, 200);
      assert.match(start.body, /Type the name of the trust/);
      const blank = await browser.get(`${share(ada, '/organisation')}?name=%20`);
      assert.equal(blank.statusCode, 400);
      assert.deepEqual(errorSummary(blank.body), ['#name Enter the name of the trust']);
      const found = await browser.get(`${share(ada, '/organisation')}?name=test%20trust`);
      assert.equal(found.statusCode, 200);
      const offered = [...found.body.matchAll(/name="organisation"[^>]*value="([^"]+)"/g)].map((m) => m[1]);
      assert.deepEqual(offered, ['RWL']);
      const none = await browser.get(`${share(ada, '/organisation')}?name=Nowhere`);
      assert.match(text(none.body), /No NHS trusts match ‘Nowhere’/);
      const unchosen = await browser.post(share(ada, '/organisation'), { name: 'test trust' }, `${share(ada, '/organisation')}?name=test%20trust`);
      assert.equal(unchosen.statusCode, 400);
      assert.deepEqual(errorSummary(unchosen.body), ['#organisation Select the trust you want to share credentials with']);
      for (const forged of ['RZX', 'IDP01', 'NOPE1']) {
        const res = await browser.post(share(ada, '/organisation'), { name: 'test trust', organisation: forged }, `${share(ada, '/organisation')}?name=test%20trust`);
        assert.equal(res.statusCode, 400, forged);
      }
      for (const forged of ['RZX', 'IDP01', 'NOPE1']) assert.equal((await browser.get(share(ada, `/organisation/${forged}`))).statusCode, 404, forged);
    });

    it('asks whether the person has access: No explains the access key; Yes goes to that trust’s sign-in', async () => {
      const browser = browserOf(portal, ada);
      const chosen = await browser.post(share(ada, '/organisation'), { name: 'test trust', organisation: 'RWL' }, `${share(ada, '/organisation')}?name=test%20trust`);
      assert.equal(location(chosen), share(ada, '/organisation/RWL'));
      const question = await browser.get(location(chosen));
      assert.match(text(question.body), /Do you already have access to the Digital Staff Passport for Test Trust RWL\?/);
      const unanswered = await browser.post(location(chosen), {});
      assert.equal(unanswered.statusCode, 400);
      assert.deepEqual(errorSummary(unanswered.body), ['#access Select yes if you already have access to the Digital Staff Passport for this organisation']);
      const no = await browser.post(location(chosen), { access: 'no' });
      assert.equal(location(no), share(ada, '/organisation/RWL/no-access'));
      const explained = await browser.get(location(no));
      assert.equal(explained.statusCode, 200);
      assert.match(text(explained.body), /You need an access key for Test Trust RWL first/);
      assert.match(text(explained.body), /Contact the HR or recruitment team at Test Trust RWL/);
      const yes = await browser.post(location(chosen), { access: 'yes' });
      assert.equal(location(yes), '/trusts/RWL/employee/sign-in');
      assert.equal((await browser.get('/trusts/RWL/employee/sign-in')).statusCode, 200);
    });
  });
});
