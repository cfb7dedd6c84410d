// S2 over HTTP on PGlite and PostgreSQL: the email's link → instructions → a security code by SMS
// → the offer's wallet-session page, answered by the holder library over real HTTP with the
// tx_code from the outbox → the hand-back accepts the access key and identity → sign in. And each
// way it must not go on: a wrong, expired or used-up code, a resend too soon, a link replayed after
// collection, superseded or of another trust, a double-submitted code (one offer), isolation.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, it } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { listOutbox } from '../../../integrations/notify/index.ts';
import { fixedClock } from '../../../platform/clock.ts';
import { accessKeyLinks } from '../../../store/access-key-links.ts';
import { listAudit } from '../../../store/audit-log.ts';
import { schema } from '../../../store/database.ts';
import { providedCredentials } from '../../../store/provided-credentials.ts';
import { scopeOf } from '../../../store/scope.ts';
import { describeEachDatabase } from '../../../../test/support/databases.ts';
import { confirmedPerson, holderOn, sameDeviceLink, serialOf } from '../../../../test/support/employee-access-key.ts';
import { lastSmsCode, startEmployeePortal, type EmployeePortalServer } from '../../../../test/support/employee-wallet.ts';
import { InjectClient, type Page } from '../../../../test/support/inject-client.ts';
import { employeePolicy } from '../auth/policy.ts';

const errorText = (html: string) => /<span class="nhsuk-error-message"[^>]*>\s*<span class="nhsuk-u-visually-hidden">Error:\s*<\/span>\s*([^<]*)/.exec(html)?.[1]?.trim();


describeEachDatabase('employee portal: collecting the access key (S2)', (database) => {
  let portal: EmployeePortalServer;
  const clock = fixedClock(new Date());

  before(async () => {
    portal = await startEmployeePortal(database(), { clock });
  });
  after(() => portal?.close());

  const db = () => portal.database.db;
  const newHolder = () => holderOn(clock);

  const confirmed = (ods: string, options: { noMobile?: boolean } = {}) => confirmedPerson(portal, { ods, ...(options.noMobile ? { passport: { mobile: undefined } } : {}) });

  const smsTo = async (mobile: string) => (await listOutbox(db(), { pageSize: 200 })).messages.filter((m) => m.channel === 'sms' && m.recipient === mobile);
  const issuanceSessions = async (organisationId: string) =>
    db().select().from(schema.walletSessions).where(and(eq(schema.walletSessions.organisationId, organisationId), eq(schema.walletSessions.kind, 'issuance')));

  /** From the link to the enter-code page with a code texted. */
  async function toEnterCode(link: string): Promise<InjectClient> {
    const client = new InjectClient(portal.app);
    const opened = await client.get(link);
    assert.equal(opened.status, 303, opened.body);
    assert.match(opened.location!, /\/employee\/access-key$/);
    const instructions = await client.follow(opened);
    assert.equal(instructions.status, 200);
    assert.match(instructions.body, /Collect your access key/);
    const intro = await client.get(`${opened.location!}/security-code`);
    assert.equal(intro.status, 200);
    assert.match(intro.body, /A 6-digit security code will be sent to your phone/);
    const sent = await client.post(`${opened.location!}/security-code`);
    assert.equal(sent.status, 303);
    assert.match(sent.location!, /\/security-code\/enter$/);
    const enter = await client.follow(sent);
    assert.equal(enter.status, 200);
    assert.match(enter.body, /Enter your security code/);
    return client;
  }

  const enterPath = (ods: string) => `/trusts/${ods}/employee/access-key/security-code/enter`;

  it('collects the access key from the emailed link: code, QR page answered by the wallet, hand-back, then sign in', async () => {
    const { organisation, passport, link } = await confirmed('SAK01');
    const client = await toEnterCode(link);
    const code = await lastSmsCode(portal.database, passport.mobile!);
    const entered = await client.post(enterPath('SAK01'), { code: `${code.slice(0, 3)} ${code.slice(3)}` });
    assert.equal(entered.status, 303, entered.body);
    assert.match(entered.location!, /^\/orgs\/SAK01\/wallet-sessions\/[0-9a-f-]+$/);
    const qrPage = await client.follow(entered);
    assert.equal(qrPage.status, 200);
    assert.match(qrPage.body, /Add to your wallet/);
    assert.match(qrPage.body, /class="dsp-qr"/);

    // The wallet asks for the tx_code, texted to the same mobile after the security code.
    const txCode = await lastSmsCode(portal.database, passport.mobile!);
    assert.notEqual(txCode, code);
    const holder = newHolder();
    let asked = false;
    const received = await holder.receive(sameDeviceLink(qrPage.body), { txCode: async () => ((asked = true), txCode) });
    assert.ok(asked, 'session binding asks for the tx_code (D23 a)');
    assert.deepEqual(received.received.map((r) => r.type).sort(), ['AccessKey', 'Identity']);

    const handBack = await client.get(`${entered.location!}/continue`);
    assert.equal(handBack.status, 303);
    assert.match(handBack.location!, /^\/trusts\/SAK01\/employee\/access-key\/added\?walletSession=/);
    const added = await client.follow(handBack);
    assert.equal(added.status, 303, added.body);
    assert.equal(added.location, '/trusts/SAK01/employee/sign-in?collected=1');
    const signIn = await client.follow(added);
    assert.match(signIn.body, /You can now sign in/);

    const scope = scopeOf(organisation.id);
    const held = await providedCredentials(db(), scope).listForPassport(passport.id);
    assert.deepEqual(held.map((c) => [c.credentialType, c.state]).sort(), [['AccessKey', 'accepted'], ['Identity', 'accepted']]);
    const serials = new Set(received.received.map(serialOf));
    assert.ok(held.every((c) => c.serialNumber && serials.has(c.serialNumber)), 'accepted under the serial numbers issued');
    const audit = await listAudit(db(), organisation.id, { action: 'passport.access-key-collected' });
    assert.ok(audit.some((e) => e.actor === `staff:${passport.id}` && e.subject === passport.id), JSON.stringify(audit));

    // The journey is over: its pages say so, and the link now leads to sign-in.
    const again = await client.get('/trusts/SAK01/employee/access-key');
    assert.match(again.body, /This page has timed out/);
    const replayed = await new InjectClient(portal.app).get(link);
    assert.equal(replayed.status, 303);
    assert.equal(replayed.location, '/trusts/SAK01/employee/sign-in?alreadyCollected=1');
    const viaSignIn = await new InjectClient(portal.app).get(`/trusts/SAK01/employee/sign-in?key=${link.split('/').pop()!}`);
    assert.equal(viaSignIn.status, 200);
    assert.match(viaSignIn.body, /You have already collected your access key/);
  });

  it('a wrong code is a 400 that keeps what was typed and counts down; no offer is made', async () => {
    const { organisation, passport, link } = await confirmed('SAK02');
    const client = await toEnterCode(link);
    const wrongCode = (await lastSmsCode(portal.database, passport.mobile!)) === '000000' ? '111111' : '000000';
    const wrong = await client.post(enterPath('SAK02'), { code: wrongCode });
    assert.equal(wrong.status, 400);
    assert.match(wrong.body, /nhsuk-error-summary/);
    assert.equal(errorText(wrong.body), `The code is not right. You have ${employeePolicy.maxCodeAttempts - 1} tries left`);
    assert.match(wrong.body, new RegExp(`value="${wrongCode}"`));
    const empty = await client.post(enterPath('SAK02'), { code: '12a' });
    assert.equal(empty.status, 400);
    assert.equal(errorText(empty.body), 'The code must be 6 digits');
    assert.match(empty.body, /value="12a"/);
    assert.equal((await issuanceSessions(organisation.id)).length, 0);
  });

  it('an expired code is refused; a new one can be sent and works', async () => {
    const { organisation, passport, link } = await confirmed('SAK03');
    const client = await toEnterCode(link);
    const code = await lastSmsCode(portal.database, passport.mobile!);
    clock.advance(employeePolicy.codeMs + 1000);
    const late = await client.post(enterPath('SAK03'), { code });
    assert.equal(late.status, 400);
    assert.equal(errorText(late.body), 'The code has expired. Send a new code');
    assert.equal((await issuanceSessions(organisation.id)).length, 0);
    const resent = await client.post('/trusts/SAK03/employee/access-key/security-code/resend');
    assert.equal(resent.location, '/trusts/SAK03/employee/access-key/security-code/enter?resent=yes');
    assert.match((await client.follow(resent)).body, /We have sent you a new code/);
    const fresh = await lastSmsCode(portal.database, passport.mobile!);
    const entered = await client.post(enterPath('SAK03'), { code: fresh });
    assert.equal(entered.status, 303);
    assert.match(entered.location!, /\/wallet-sessions\//);
  });

  it('after too many wrong codes even the right one is refused until a new code is sent', async () => {
    const { organisation, passport, link } = await confirmed('SAK04');
    const client = await toEnterCode(link);
    const code = await lastSmsCode(portal.database, passport.mobile!);
    const wrongCode = code === '999999' ? '888888' : '999999';
    for (let i = 1; i < employeePolicy.maxCodeAttempts; i += 1) assert.equal((await client.post(enterPath('SAK04'), { code: wrongCode })).status, 400);
    const last = await client.post(enterPath('SAK04'), { code: wrongCode });
    assert.equal(errorText(last.body), 'You entered a wrong code too many times. Send a new code');
    const right = await client.post(enterPath('SAK04'), { code });
    assert.equal(right.status, 400);
    assert.equal(errorText(right.body), 'Send a code first');
    assert.equal((await issuanceSessions(organisation.id)).length, 0);
  });

  it('a resend within 30 seconds sends nothing and says to wait; the first Continue posted twice sends one code', async () => {
    const { passport, link } = await confirmed('SAK05');
    const client = await toEnterCode(link);
    const twice = await client.post('/trusts/SAK05/employee/access-key/security-code');
    assert.equal(twice.location, '/trusts/SAK05/employee/access-key/security-code/enter');
    const resent = await client.post('/trusts/SAK05/employee/access-key/security-code/resend');
    assert.equal(resent.location, '/trusts/SAK05/employee/access-key/security-code/enter?resent=wait');
    assert.match((await client.follow(resent)).body, /Wait 30 seconds before asking for another code/);
    assert.equal((await smsTo(passport.mobile!)).filter((m) => m.template === 'sms-verification-code').length, 1);
  });

  it('a double-submitted right code makes one offer and both posts go to its QR page', async () => {
    const { organisation, passport, link } = await confirmed('SAK06');
    const client = await toEnterCode(link);
    const code = await lastSmsCode(portal.database, passport.mobile!);
    const [a, b] = await Promise.all([client.clone().post(enterPath('SAK06'), { code }), client.clone().post(enterPath('SAK06'), { code })]);
    assert.equal(a.status, 303, a.body);
    assert.equal(b.status, 303, b.body);
    assert.equal(a.location, b.location);
    assert.equal((await issuanceSessions(organisation.id)).length, 1);
    // One security code and one tx_code texted.
    assert.equal((await smsTo(passport.mobile!)).filter((m) => m.template === 'sms-verification-code').length, 2);
  });

  it('a superseded link, an unknown token and another trust’s token each get a clear page and no session', async () => {
    const first = await confirmed('SAK07');
    const other = await confirmed('SAK08');
    // HR sends a new access key (E13): the older link stops working.
    await accessKeyLinks(db(), scopeOf(first.organisation.id)).issue(first.passport.id, { now: clock.now(), ttlMs: employeePolicy.accessKeyLinkMs });
    const token = other.link.split('/').pop()!;
    for (const path of [first.link, '/trusts/SAK07/employee/access-key/not-a-real-token-not-a-real-token', `/trusts/SAK07/employee/access-key/${token}`]) {
      const client = new InjectClient(portal.app);
      const page = await client.get(path);
      assert.equal(page.status, 400, path);
      assert.match(page.body, /This link cannot be used/);
      assert.match(page.body, /ask HR at Test Trust SAK07 to send you a new access key/);
      assert.ok(![...client.jar.keys()].some((k) => k.endsWith('dsp-employee')), `no session for ${path}`);
    }
  });

  it('the sign-in-only email: /sign-in?key= goes to the access-key page while the key is not collected', async () => {
    const { link } = await confirmed('SAK09');
    const token = link.split('/').pop()!;
    const client = new InjectClient(portal.app);
    const viaSignIn = await client.get(`/trusts/SAK09/employee/sign-in?key=${token}`);
    assert.equal(viaSignIn.status, 303);
    assert.equal(viaSignIn.location, link);
    const plain = await client.get('/trusts/SAK09/employee/sign-in?key=unknown-token-unknown-token');
    assert.equal(plain.status, 200);
    assert.match(plain.body, /Sign in with your access key/);
  });

  it('a collect-key session is for its trust only and is not a sign-in', async () => {
    const { link } = await confirmed('SAK10');
    await confirmed('SAK11');
    const client = await toEnterCode(link);
    const elsewhere = await client.get('/trusts/SAK11/employee/access-key');
    assert.equal(elsewhere.status, 200);
    assert.match(elsewhere.body, /This page has timed out/);
    const home = await client.get('/trusts/SAK10/employee');
    assert.equal(home.status, 303);
    assert.equal(home.location, '/trusts/SAK10/employee/sign-in');
    const hanBackElsewhere = await client.get(`/trusts/SAK11/employee/access-key/added?walletSession=${randomUUID()}`);
    assert.match(hanBackElsewhere.body, /This page has timed out/);
  });

  it('a passport with nothing to collect, or no mobile, is told so', async () => {
    const { organisation, passport, link } = await confirmed('SAK12');
    const scope = scopeOf(organisation.id);
    for (const c of await providedCredentials(db(), scope).listForPassport(passport.id)) await providedCredentials(db(), scope).transition(c.id, 'withdraw', { now: clock.now(), reason: 'test' });
    const page: Page = await new InjectClient(portal.app).get(link);
    assert.equal(page.status, 200);
    assert.match(page.body, /There is no access key for you to collect/);

    const noMobile = await confirmed('SAK13', { noMobile: true });
    const client = new InjectClient(portal.app);
    assert.equal((await client.get(noMobile.link)).status, 303);
    const intro = await client.get('/trusts/SAK13/employee/access-key/security-code');
    assert.match(intro.body, /We do not have your mobile phone number/);
  });
});
