// The contract every employer portal page relies on (auth/employer-context.ts), through HTTP.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { describeEachDatabase } from '../../../../test/support/databases.ts';
import { testApp } from '../../../../test/support/app.ts';
import { addEmployerUser, signInEmployer } from '../../../../test/support/employer-session.ts';

describeEachDatabase('employer portal: employerContext', (database) => {
  let app: Awaited<ReturnType<typeof testApp>>;
  before(async () => {
    app = await testApp(database());
  });
  after(() => app.close());

  it('sends a visitor who is not signed in to the sign-in page of the trust in the URL, with a safe return path', async () => {
    await addEmployerUser(app, { ods: 'CTXA', role: 'administrator' });
    const home = await app.inject({ url: '/trusts/CTXA/employer' });
    assert.equal(home.statusCode, 303);
    assert.equal(home.headers.location, '/trusts/CTXA/employer/sign-in');
    const deeper = await app.inject({ url: '/trusts/ctxa/employer?tab=2' });
    assert.equal(deeper.statusCode, 303);
    assert.equal(deeper.headers.location, `/trusts/CTXA/employer/sign-in?returnTo=${encodeURIComponent('/trusts/CTXA/employer?tab=2')}`);
  });

  it('answers 404 for a trust that does not exist, and for a signed-in user of another trust', async () => {
    assert.equal((await app.inject({ url: '/trusts/NOPE1/employer' })).statusCode, 404);
    const { user } = await addEmployerUser(app, { ods: 'CTXB', role: 'senior-administrator' });
    await addEmployerUser(app, { ods: 'CTXC', role: 'senior-administrator' });
    const session = await signInEmployer(app, { ods: 'CTXB', userId: user.id });
    const own = await app.inject({ url: '/trusts/CTXB/employer', headers: { cookie: session.cookie } });
    assert.equal(own.statusCode, 200);
    assert.match(own.body, /Test Trust CTXB/);
    const other = await app.inject({ url: '/trusts/CTXC/employer', headers: { cookie: session.cookie } });
    assert.equal(other.statusCode, 404);
    assert.doesNotMatch(other.body, /Test Trust CTXC/);
  });
});
