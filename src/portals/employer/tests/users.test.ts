// E2 and the rules around every portal page, through HTTP: another trust's user gets 404 on every
// portal URL, a Portal Administrator gets 403 on user management, every form answers bad input
// with 400 and the NHS.UK error summary keeping what was typed, a double-submitted form acts once,
// a senior administrator's reset of a second factor is audited (docs/architecture.md D38).
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { describeEachDatabase } from '../../../../test/support/databases.ts';
import { testApp } from '../../../../test/support/app.ts';
import { InjectClient } from '../../../../test/support/inject-client.ts';
import { addEmployerUser, signInEmployer } from '../../../../test/support/employer-session.ts';
import { listOutbox } from '../../../integrations/notify/index.ts';
import { fixedClock } from '../../../platform/clock.ts';
import { listAudit } from '../../../store/audit-log.ts';
import { employerSecondFactors } from '../../../store/employer-second-factors.ts';
import { employerUsers } from '../../../store/employer-users.ts';
import { scopeOf } from '../../../store/scope.ts';
import { signInPolicy } from '../auth/policy.ts';
import { password, signIn, userWith } from './world.ts';

function signedIn(app: Parameters<typeof signInEmployer>[0], cookie: string): InjectClient {
  const client = new InjectClient(app);
  const [name, value] = cookie.split('=') as [string, string];
  client.jar.set(name, decodeURIComponent(value));
  return client;
}

describeEachDatabase('employer portal: users (E2) and access rules', (database) => {
  let app: Awaited<ReturnType<typeof testApp>>;
  const clock = fixedClock(new Date('2026-11-21T09:00:00Z'));
  before(async () => {
    app = await testApp(database(), {}, { clock });
  });
  after(() => app.close());

  it('answers 404 to a signed-in user of another trust on every portal URL, reads and form posts alike', async () => {
    const { user: target } = await addEmployerUser(app, { ods: 'USRB', role: 'administrator' });
    const { user: outsider } = await addEmployerUser(app, { ods: 'USRA', role: 'senior-administrator' });
    const client = signedIn(app, (await signInEmployer(app, { ods: 'USRA', userId: outsider.id })).cookie);
    await client.get('/trusts/USRA/employer');
    const gets = ['', '/users', '/users/add', `/users/${target.id}`];
    for (const path of gets) assert.equal((await client.get(`/trusts/USRB/employer${path}`)).status, 404, `GET ${path}`);
    const posts = ['/users/add', `/users/${target.id}/role`, `/users/${target.id}/status`, `/users/${target.id}/reset-second-factor`, `/users/${target.id}/set-up-link`, '/sign-out/everywhere'];
    for (const path of posts) assert.equal((await client.post(`/trusts/USRB/employer${path}`, { role: 'senior-administrator', status: 'disabled', displayName: 'X', email: 'x@usrb.example' })).status, 404, `POST ${path}`);
    // Nothing changed at USRB.
    const after = await employerUsers(app.employerPortal.database.db, scopeOf(target.organisationId)).list();
    assert.deepEqual(after.map((u) => [u.email, u.role, u.status]), [[target.email, 'administrator', 'active']]);
    // A user id of another trust, inside one's own trust's URL, is a 404 too.
    assert.equal((await client.get(`/trusts/USRA/employer/users/${target.id}`)).status, 404);
    assert.equal((await client.post(`/trusts/USRA/employer/users/${target.id}/status`, { status: 'disabled' })).status, 404);
  });

  it('shows a Portal Administrator the 403 page on every user management URL, and no Users link', async () => {
    const { user: admin } = await addEmployerUser(app, { ods: 'USRC', role: 'administrator' });
    const { user: other } = await addEmployerUser(app, { ods: 'USRC', role: 'administrator' });
    const client = signedIn(app, (await signInEmployer(app, { ods: 'USRC', userId: admin.id })).cookie);
    const home = await client.get('/trusts/USRC/employer');
    assert.equal(home.status, 200);
    assert.doesNotMatch(home.body, /href="\/trusts\/USRC\/employer\/users"/);
    for (const path of ['/users', '/users/add', `/users/${other.id}`]) {
      const page = await client.get(`/trusts/USRC/employer${path}`);
      assert.equal(page.status, 403, path);
      assert.match(page.body, /You cannot view this page/);
    }
    for (const path of ['/users/add', `/users/${other.id}/role`, `/users/${other.id}/status`, `/users/${other.id}/reset-second-factor`, `/users/${other.id}/set-up-link`]) {
      assert.equal((await client.post(`/trusts/USRC/employer${path}`, { role: 'senior-administrator', status: 'disabled', displayName: 'Eve', email: 'eve@usrc.example' })).status, 403, path);
    }
    assert.equal((await employerUsers(app.employerPortal.database.db, scopeOf(admin.organisationId)).findById(other.id))?.status, 'active');
    assert.equal((await employerUsers(app.employerPortal.database.db, scopeOf(admin.organisationId)).findByEmail('eve@usrc.example')), undefined);
  });

  it('answers every form’s bad input with 400, the error summary and what was typed', async () => {
    const senior = await userWith(app, 'USRD', 'senior-administrator', 'totp');
    const newcomer = await userWith(app, 'USRD', 'administrator', 'none');
    const anon = new InjectClient(app);
    const summary = /nhsuk-error-summary/;

    await anon.get('/trusts/USRD/employer/sign-in');
    let page = await anon.post('/trusts/USRD/employer/sign-in', { email: 'not-an-email', password: '' });
    assert.equal(page.status, 400);
    assert.match(page.body, summary);
    assert.match(page.body, /value="not-an-email"/);
    assert.match(page.body, /href="#password"/);

    // Enrolment forms, for a user without a second factor.
    const enrolling = new InjectClient(app);
    await enrolling.get('/trusts/USRD/employer/sign-in');
    const afterPassword = await enrolling.post('/trusts/USRD/employer/sign-in', { email: newcomer.email, password });
    assert.equal(afterPassword.location, '/trusts/USRD/employer/sign-in/set-up-second-factor');
    await enrolling.follow(afterPassword);
    page = await enrolling.post('/trusts/USRD/employer/sign-in/set-up-second-factor', {});
    assert.equal(page.status, 400);
    assert.match(page.body, /href="#method"/);
    await enrolling.get('/trusts/USRD/employer/sign-in/set-up-sms');
    page = await enrolling.post('/trusts/USRD/employer/sign-in/set-up-sms', { mobile: '01632 960000' });
    assert.equal(page.status, 400);
    assert.match(page.body, summary);
    assert.match(page.body, /value="01632 960000"/);
    await enrolling.get('/trusts/USRD/employer/sign-in/set-up-app');
    page = await enrolling.post('/trusts/USRD/employer/sign-in/set-up-app', { code: '12ab' });
    assert.equal(page.status, 400);
    assert.match(page.body, /value="12ab"/);
    assert.match(page.body, /Enter the code as 6 numbers/);

    // The code step.
    const coding = new InjectClient(app);
    await coding.get('/trusts/USRD/employer/sign-in');
    await coding.follow(await coding.post('/trusts/USRD/employer/sign-in', { email: senior.email, password }));
    page = await coding.post('/trusts/USRD/employer/sign-in/code', { code: 'abc' });
    assert.equal(page.status, 400);
    assert.match(page.body, /value="abc"/);

    // User management.
    const manager = await signIn(app, senior);
    await manager.get('/trusts/USRD/employer/users/add');
    page = await manager.post('/trusts/USRD/employer/users/add', { displayName: 'Robin Example', email: 'robin@', role: '' });
    assert.equal(page.status, 400);
    assert.match(page.body, summary);
    assert.match(page.body, /value="Robin Example"/);
    assert.match(page.body, /value="robin@"/);
    assert.match(page.body, /href="#role"/);
    await manager.get(`/trusts/USRD/employer/users/${newcomer.id}`);
    page = await manager.post(`/trusts/USRD/employer/users/${newcomer.id}/role`, { role: 'owner' });
    assert.equal(page.status, 400);
    assert.match(page.body, /href="#role"/);
    page = await manager.post(`/trusts/USRD/employer/users/${senior.id}/status`, { status: 'disabled' });
    assert.equal(page.status, 400, 'nobody disables themselves');

    // The set-up link's password form.
    await manager.get('/trusts/USRD/employer/users/add');
    await manager.post('/trusts/USRD/employer/users/add', { displayName: 'Kim Short', email: 'kim@usrd.example', role: 'administrator' });
    const link = await setUpLinkOf(app, 'kim@usrd.example');
    const invitee = new InjectClient(app);
    await invitee.get(link);
    page = await invitee.post('/trusts/USRD/employer/set-up', { token: new URL(link).searchParams.get('token')!, password: 'short', confirmPassword: 'short' });
    assert.equal(page.status, 400);
    assert.match(page.body, new RegExp(`at least ${signInPolicy.minPasswordLength} characters`));
    assert.doesNotMatch(page.body, /value="short"/, 'a password is never sent back');
  });

  it('acts once on a double-submitted form: adding a user, using a set-up link, resetting a second factor, disabling', async () => {
    const senior = await userWith(app, 'USRE', 'senior-administrator', 'totp');
    const manager = await signIn(app, senior);
    await manager.get('/trusts/USRE/employer/users/add');
    const form = { displayName: 'Sam Twice', email: 'sam.twice@usre.example', role: 'administrator' };
    const [first, second] = await Promise.all([manager.clone().post('/trusts/USRE/employer/users/add', form), manager.clone().post('/trusts/USRE/employer/users/add', form)]);
    assert.deepEqual([first.status, second.status].sort(), [303, 400]);
    const emails = (await listOutbox(app.employerPortal.database.db, { pageSize: 200 })).messages.filter((m) => m.recipient === 'sam.twice@usre.example');
    assert.equal(emails.length, 1);

    const link = await setUpLinkOf(app, 'sam.twice@usre.example');
    const token = new URL(link).searchParams.get('token')!;
    const invitee = new InjectClient(app);
    await invitee.get(link);
    const body = { token, password: 'a long enough password', confirmPassword: 'a long enough password' };
    const [a, b] = await Promise.all([invitee.clone().post('/trusts/USRE/employer/set-up', body), invitee.clone().post('/trusts/USRE/employer/set-up', body)]);
    assert.deepEqual([a.status, b.status].sort(), [303, 400]);
    assert.equal((await listAudit(app.employerPortal.database.db, senior.organisationId, { action: 'employer-user.password-set' })).length, 1);

    const victim = await userWith(app, 'USRE', 'administrator', 'totp');
    await manager.get(`/trusts/USRE/employer/users/${victim.id}`);
    const resets = await Promise.all([1, 2].map(() => manager.clone().post(`/trusts/USRE/employer/users/${victim.id}/reset-second-factor`)));
    assert.deepEqual(resets.map((r) => r.status), [303, 303]);
    const resetAudit = await listAudit(app.employerPortal.database.db, senior.organisationId, { action: 'employer-user.second-factor-reset' });
    assert.equal(resetAudit.length, 1, 'reset once, audited once');
    assert.equal(resetAudit[0]!.actor, `user:${senior.id}`);
    assert.equal(resetAudit[0]!.subject, victim.id);
    assert.equal(await employerSecondFactors(app.employerPortal.database.db, scopeOf(senior.organisationId)).find(victim.id), undefined);

    const disables = await Promise.all([1, 2].map(() => manager.clone().post(`/trusts/USRE/employer/users/${victim.id}/status`, { status: 'disabled' })));
    assert.deepEqual(disables.map((r) => r.status), [303, 303]);
    assert.equal((await listAudit(app.employerPortal.database.db, senior.organisationId, { action: 'employer-user.disabled' })).length, 1);
  });

  it('after a reset the user sets up a new second factor at their next sign-in; a disabled user is signed out and cannot sign in', async () => {
    const senior = await userWith(app, 'USRF', 'senior-administrator', 'totp');
    const victim = await userWith(app, 'USRF', 'administrator', 'totp');
    const victimBrowser = await signIn(app, victim);
    const manager = await signIn(app, senior);
    await manager.get(`/trusts/USRF/employer/users/${victim.id}`);
    await manager.post(`/trusts/USRF/employer/users/${victim.id}/reset-second-factor`);
    assert.equal((await victimBrowser.get('/trusts/USRF/employer')).location, '/trusts/USRF/employer/sign-in', 'signed out by the reset');
    const again = new InjectClient(app);
    await again.get('/trusts/USRF/employer/sign-in');
    assert.equal((await again.post('/trusts/USRF/employer/sign-in', { email: victim.email, password })).location, '/trusts/USRF/employer/sign-in/set-up-second-factor');

    clock.advance(31_000); // the next authenticator code
    const signedInVictim = await signIn(app, senior); // another browser of the senior, to check sessions are per user
    await manager.get(`/trusts/USRF/employer/users/${victim.id}`);
    await manager.post(`/trusts/USRF/employer/users/${victim.id}/status`, { status: 'disabled' });
    assert.equal((await again.get('/trusts/USRF/employer/sign-in/set-up-second-factor')).location, '/trusts/USRF/employer/sign-in');
    const refused = new InjectClient(app);
    await refused.get('/trusts/USRF/employer/sign-in');
    const answer = await refused.post('/trusts/USRF/employer/sign-in', { email: victim.email, password });
    assert.equal(answer.status, 400);
    assert.match(answer.body, /The email address or password is not correct/);
    assert.equal((await signedInVictim.get('/trusts/USRF/employer')).status, 200);
  });
});

async function setUpLinkOf(app: Awaited<ReturnType<typeof testApp>>, email: string): Promise<string> {
  const { messages } = await listOutbox(app.employerPortal.database.db, { pageSize: 200 });
  const message = messages.find((m) => m.recipient === email && m.template === 'employer-user-invitation');
  assert.ok(message, `a set-up email to ${email}`);
  const link = message.links.find((l) => l.includes('/employer/set-up?token='));
  assert.ok(link);
  return link.replace('http://localhost:3000', 'http://localhost');
}
