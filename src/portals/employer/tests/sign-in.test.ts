// E1 through HTTP: password then second factor, lockout, no enumeration, session expiry,
// sign-out, session ids renewed at each step (docs/architecture.md D38).
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { describeEachDatabase } from '../../../../test/support/databases.ts';
import { testApp } from '../../../../test/support/app.ts';
import { InjectClient } from '../../../../test/support/inject-client.ts';
import { fixedClock } from '../../../platform/clock.ts';
import { listAudit } from '../../../store/audit-log.ts';
import { employerUsers } from '../../../store/employer-users.ts';
import { scopeOf } from '../../../store/scope.ts';
import { signInPolicy } from '../auth/policy.ts';
import { lastSmsCode, password, sessionCookieOf, signIn, stable, totpNow, userWith } from './world.ts';

const MINUTE = 60_000;

describeEachDatabase('employer portal: signing in (E1)', (database) => {
  let app: Awaited<ReturnType<typeof testApp>>;
  const clock = fixedClock(new Date('2026-11-21T09:00:00Z'));
  before(async () => {
    app = await testApp(database(), {}, { clock });
  });
  after(() => app.close());

  it('signs in with a password and an authenticator code, with a new session id after the password and after the code', async () => {
    const user = await userWith(app, 'SIGNA', 'administrator', 'totp');
    const client = new InjectClient(app);
    client.jar.set('dsp-employer', 'planted-by-an-attacker');
    await client.get(`/trusts/SIGNA/employer/sign-in`);
    const afterPassword = await client.post('/trusts/SIGNA/employer/sign-in', { email: user.email.toUpperCase(), password });
    assert.equal(afterPassword.location, '/trusts/SIGNA/employer/sign-in/code');
    const halfway = sessionCookieOf(client);
    assert.ok(halfway && halfway !== 'planted-by-an-attacker');
    // Half signed in is not signed in.
    assert.equal((await client.get('/trusts/SIGNA/employer')).location, '/trusts/SIGNA/employer/sign-in/code');
    const codePage = await client.get('/trusts/SIGNA/employer/sign-in/code');
    assert.match(codePage.body, /authenticator app/);
    const done = await client.post('/trusts/SIGNA/employer/sign-in/code', { code: await totpNow(app, user.seed!) });
    assert.equal(done.location, '/trusts/SIGNA/employer');
    assert.notEqual(sessionCookieOf(client), halfway, 'a new session id after the second factor');
    const home = await client.get('/trusts/SIGNA/employer');
    assert.equal(home.status, 200);
    assert.match(home.body, /Sign out/);
    // The half-way cookie no longer works.
    const stale = new InjectClient(app);
    stale.jar.set('dsp-employer', halfway);
    assert.equal((await stale.get('/trusts/SIGNA/employer')).location, '/trusts/SIGNA/employer/sign-in');
    const audit = await listAudit(app.employerPortal.database.db, user.organisationId, { action: 'employer-user.signed-in' });
    assert.equal(audit.length, 1);
  });

  it('ends the half-signed-in session when the same browser signs in again, and a session of this trust is never carried into the new one', async () => {
    const user = await userWith(app, 'SIGNA', 'administrator', 'totp');
    const client = new InjectClient(app);
    await client.get('/trusts/SIGNA/employer/sign-in');
    await client.post('/trusts/SIGNA/employer/sign-in', { email: user.email, password });
    const first = sessionCookieOf(client)!;
    await client.get('/trusts/SIGNA/employer/sign-in');
    const again = await client.post('/trusts/SIGNA/employer/sign-in', { email: user.email, password });
    assert.equal(again.location, '/trusts/SIGNA/employer/sign-in/code');
    assert.notEqual(sessionCookieOf(client), first);
    const old = new InjectClient(app);
    old.jar.set('dsp-employer', first);
    assert.equal((await old.get('/trusts/SIGNA/employer/sign-in/code')).location, '/trusts/SIGNA/employer/sign-in', 'the first session was ended');
  });

  it('refuses an authenticator code used once already (replay)', async () => {
    const user = await userWith(app, 'SIGNA', 'administrator', 'totp');
    const first = await signIn(app, user);
    assert.equal((await first.get('/trusts/SIGNA/employer')).status, 200);
    const second = new InjectClient(app);
    await second.get('/trusts/SIGNA/employer/sign-in');
    await second.follow(await second.post('/trusts/SIGNA/employer/sign-in', { email: user.email, password }));
    const replay = await second.post('/trusts/SIGNA/employer/sign-in/code', { code: await totpNow(app, user.seed!) });
    assert.equal(replay.status, 400);
    assert.match(replay.body, /The code is not correct/);
  });

  it('signs in with a text message code that works once and expires after 10 minutes', async () => {
    const user = await userWith(app, 'SIGNA', 'administrator', 'sms');
    const client = await signIn(app, user);
    assert.equal((await client.get('/trusts/SIGNA/employer')).status, 200);

    const late = new InjectClient(app);
    await late.get('/trusts/SIGNA/employer/sign-in');
    await late.follow(await late.post('/trusts/SIGNA/employer/sign-in', { email: user.email, password }));
    const code = await lastSmsCode(app, user.mobile!);
    clock.advance(signInPolicy.smsCodeMs + 1000);
    const expired = await late.post('/trusts/SIGNA/employer/sign-in/code', { code });
    assert.equal(expired.status, 400);
    assert.match(expired.body, /not correct or has expired/);
    const resent = await late.post('/trusts/SIGNA/employer/sign-in/code/resend');
    assert.equal(resent.location, '/trusts/SIGNA/employer/sign-in/code?resent=yes');
    const fresh = await lastSmsCode(app, user.mobile!);
    assert.equal((await late.post('/trusts/SIGNA/employer/sign-in/code', { code: fresh })).location, '/trusts/SIGNA/employer');
  });

  it('answers an unknown email exactly as a wrong password, and a disabled user the same', async () => {
    const user = await userWith(app, 'SIGNB', 'administrator', 'totp', 'known@signb.example');
    const client = new InjectClient(app);
    await client.get('/trusts/SIGNB/employer/sign-in');
    const wrong = await client.post('/trusts/SIGNB/employer/sign-in', { email: 'known@signb.example', password: 'not the password' });
    const unknown = await client.post('/trusts/SIGNB/employer/sign-in', { email: 'nobody@signb.example', password: 'not the password' });
    assert.equal(wrong.status, 400);
    assert.equal(unknown.status, 400);
    assert.equal(stable(wrong).replace('known@signb.example', 'EMAIL'), stable(unknown).replace('nobody@signb.example', 'EMAIL'));
    assert.match(wrong.body, /The email address or password is not correct/);
    // A disabled user, with the right password, is answered the same way.
    await employerUsers(app.employerPortal.database.db, scopeOf(user.organisationId)).setStatus(user.id, 'disabled');
    const disabled = await client.post('/trusts/SIGNB/employer/sign-in', { email: 'known@signb.example', password });
    assert.equal(disabled.status, 400);
    assert.equal(stable(disabled).replace('known@signb.example', 'EMAIL'), stable(unknown).replace('nobody@signb.example', 'EMAIL'));
  });

  it(`locks the account for ${signInPolicy.lockMs / MINUTE} minutes after ${signInPolicy.maxFailures} wrong passwords — an unknown email too — and the right password then fails until it ends`, async () => {
    const user = await userWith(app, 'SIGNC', 'administrator', 'totp');
    const client = new InjectClient(app);
    await client.get('/trusts/SIGNC/employer/sign-in');
    for (const email of [user.email, 'ghost@signc.example']) {
      for (let i = 1; i < signInPolicy.maxFailures; i++) {
        const answer = await client.post('/trusts/SIGNC/employer/sign-in', { email, password: `wrong ${i}` });
        assert.match(answer.body, /The email address or password is not correct/, `attempt ${i}`);
      }
      const last = await client.post('/trusts/SIGNC/employer/sign-in', { email, password: 'wrong again' });
      assert.match(last.body, /You have entered incorrect details too many times. Wait 15 minutes/);
    }
    const locked = await client.post('/trusts/SIGNC/employer/sign-in', { email: user.email, password });
    assert.equal(locked.status, 400);
    assert.match(locked.body, /too many times/);
    clock.advance(signInPolicy.lockMs - 1000);
    assert.match((await client.post('/trusts/SIGNC/employer/sign-in', { email: user.email, password })).body, /too many times/);
    clock.advance(2000);
    await signIn(app, user);
  });

  it(`locks the account after ${signInPolicy.maxFailures} wrong codes and ends the half-signed-in session`, async () => {
    const user = await userWith(app, 'SIGND', 'administrator', 'totp');
    const client = new InjectClient(app);
    await client.get('/trusts/SIGND/employer/sign-in');
    await client.follow(await client.post('/trusts/SIGND/employer/sign-in', { email: user.email, password }));
    for (let i = 1; i < signInPolicy.maxFailures; i++) {
      assert.equal((await client.post('/trusts/SIGND/employer/sign-in/code', { code: '000000' })).status, 400);
    }
    const last = await client.post('/trusts/SIGND/employer/sign-in/code', { code: '000000' });
    assert.equal(last.location, '/trusts/SIGND/employer/sign-in?locked=1');
    assert.equal((await client.get('/trusts/SIGND/employer/sign-in/code')).location, '/trusts/SIGND/employer/sign-in');
    const again = await client.post('/trusts/SIGND/employer/sign-in', { email: user.email, password });
    assert.match(again.body, /too many times/);
    clock.advance(signInPolicy.lockMs + 1000);
    await signIn(app, user);
  });

  it('ends a session after 30 minutes without activity, and 12 hours after sign-in however active', async () => {
    const user = await userWith(app, 'SIGNE', 'administrator', 'totp');
    const idle = await signIn(app, user);
    clock.advance(signInPolicy.idleMs - MINUTE);
    assert.equal((await idle.get('/trusts/SIGNE/employer')).status, 200, 'still active just before the idle limit');
    clock.advance(signInPolicy.idleMs + 1000);
    assert.equal((await idle.get('/trusts/SIGNE/employer')).location, '/trusts/SIGNE/employer/sign-in');

    clock.advance(60_000);
    const busy = await signIn(app, user);
    for (let elapsed = 0; elapsed + 20 * MINUTE < signInPolicy.absoluteMs; elapsed += 20 * MINUTE) {
      clock.advance(20 * MINUTE);
      assert.equal((await busy.get('/trusts/SIGNE/employer')).status, 200);
    }
    clock.advance(20 * MINUTE);
    assert.equal((await busy.get('/trusts/SIGNE/employer')).location, '/trusts/SIGNE/employer/sign-in');
  });

  it('signs out this browser, and signs out every browser of the user', async () => {
    const user = await userWith(app, 'SIGNF', 'administrator', 'totp');
    const one = await signIn(app, user);
    clock.advance(31_000);
    const two = await signIn(app, user);
    clock.advance(31_000);
    const three = await signIn(app, user);
    const out = await one.post('/trusts/SIGNF/employer/sign-out');
    assert.equal(out.location, '/trusts/SIGNF/employer/sign-in?signedOut=1');
    assert.equal((await one.get('/trusts/SIGNF/employer')).location, '/trusts/SIGNF/employer/sign-in');
    assert.equal((await two.get('/trusts/SIGNF/employer')).status, 200);
    await two.get('/trusts/SIGNF/employer');
    const everywhere = await two.post('/trusts/SIGNF/employer/sign-out/everywhere');
    assert.equal(everywhere.location, '/trusts/SIGNF/employer/sign-in?signedOut=everywhere');
    assert.equal((await three.get('/trusts/SIGNF/employer')).location, '/trusts/SIGNF/employer/sign-in');
    assert.equal((await two.get('/trusts/SIGNF/employer')).location, '/trusts/SIGNF/employer/sign-in');
    assert.equal((await listAudit(app.employerPortal.database.db, user.organisationId, { action: 'employer-user.signed-out-everywhere' })).length, 1);
  });

  it('keeps only a return path inside this trust’s portal', async () => {
    const user = await userWith(app, 'SIGNG', 'administrator', 'totp');
    const client = new InjectClient(app);
    const page = await client.get('/trusts/SIGNG/employer/sign-in?returnTo=//evil.example/x');
    assert.doesNotMatch(page.body, /evil/);
    const inside = await client.get('/trusts/SIGNG/employer/sign-in?returnTo=/trusts/SIGNG/employer/users');
    assert.match(inside.body, /name="returnTo" value="\/trusts\/SIGNG\/employer\/users"/);
    const afterPassword = await client.post('/trusts/SIGNG/employer/sign-in', { email: user.email, password, returnTo: '/trusts/SIGNG/employer/users' });
    await client.follow(afterPassword);
    const done = await client.post('/trusts/SIGNG/employer/sign-in/code', { code: await totpNow(app, user.seed!), returnTo: 'https://evil.example/' });
    assert.equal(done.location, '/trusts/SIGNG/employer');
  });

  it(`refuses more than ${signInPolicy.postsPerMinute} sign-in posts a minute from one address with the “Too many attempts” page (429)`, async () => {
    // Last in this suite: it spends the address's allowance for the minute.
    await userWith(app, 'SIGNH', 'administrator', 'totp');
    const client = new InjectClient(app);
    await client.get('/trusts/SIGNH/employer/sign-in');
    let answer = await client.post('/trusts/SIGNH/employer/sign-in', {});
    for (let i = 0; i < signInPolicy.postsPerMinute && answer.status !== 429; i++) answer = await client.post('/trusts/SIGNH/employer/sign-in', {});
    assert.equal(answer.status, 429);
    assert.match(answer.body, /Too many attempts/);
  });
});
