// The contract every employee portal page relies on (auth/employee-context.ts), through HTTP.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { describeEachDatabase } from '../../../../test/support/databases.ts';
import { testApp } from '../../../../test/support/app.ts';
import { addStaffPassportAt, signInEmployee } from '../../../../test/support/employee-session.ts';
import { fixedClock } from '../../../platform/clock.ts';
import { employeePolicy } from './policy.ts';

describeEachDatabase('employee portal: employeeContext', (database) => {
  let app: Awaited<ReturnType<typeof testApp>>;
  const clock = fixedClock(new Date());
  before(async () => {
    app = await testApp(database(), {}, { clock });
  });
  after(() => app.close());

  it('sends a visitor who is not signed in to the sign-in page; 404 for a trust that does not exist', async () => {
    await addStaffPassportAt(app, { ods: 'ECTXA' });
    const home = await app.inject({ url: '/trusts/ECTXA/employee' });
    assert.equal(home.statusCode, 303);
    assert.equal(home.headers.location, '/trusts/ECTXA/employee/sign-in');
    assert.equal((await app.inject({ url: '/trusts/NOPE2/employee' })).statusCode, 404);
  });

  it('shows the signed-in person their own trust; another trust answers 404 and reveals nothing', async () => {
    const { passport } = await addStaffPassportAt(app, { ods: 'ECTXB', passport: { givenName: 'Grace', familyName: 'Hopper' } });
    await addStaffPassportAt(app, { ods: 'ECTXC' });
    const session = await signInEmployee(app, { ods: 'ECTXB', passportId: passport.id });
    const own = await app.inject({ url: '/trusts/ECTXB/employee', headers: { cookie: session.cookie } });
    assert.equal(own.statusCode, 200);
    assert.match(own.body, /Grace Hopper/);
    assert.match(own.body, /Test Trust ECTXB/);
    const other = await app.inject({ url: '/trusts/ECTXC/employee', headers: { cookie: session.cookie } });
    assert.equal(other.statusCode, 404);
    assert.doesNotMatch(other.body, /Test Trust ECTXC/);
  });

  it('a journey session (sign-up) is not signed in, and a signed-in page sends it to sign in', async () => {
    const { passport } = await addStaffPassportAt(app, { ods: 'ECTXD' });
    const journey = await signInEmployee(app, { ods: 'ECTXD', passportId: passport.id, stage: 'sign-up' });
    const home = await app.inject({ url: '/trusts/ECTXD/employee', headers: { cookie: journey.cookie } });
    assert.equal(home.statusCode, 303);
    assert.equal(home.headers.location, '/trusts/ECTXD/employee/sign-in');
  });

  it('ends the session after the idle time, and on sign-out', async () => {
    const { passport } = await addStaffPassportAt(app, { ods: 'ECTXE' });
    const session = await signInEmployee(app, { ods: 'ECTXE', passportId: passport.id });
    assert.equal((await app.inject({ url: '/trusts/ECTXE/employee', headers: { cookie: session.cookie } })).statusCode, 200);
    clock.advance(employeePolicy.idleMs + 1000);
    assert.equal((await app.inject({ url: '/trusts/ECTXE/employee', headers: { cookie: session.cookie } })).statusCode, 303);
    const again = await signInEmployee(app, { ods: 'ECTXE', passportId: passport.id });
    const out = await app.inject({ method: 'POST', url: '/trusts/ECTXE/employee/sign-out', headers: { cookie: again.cookie } });
    assert.equal(out.statusCode, 303);
    assert.equal(out.headers.location, '/trusts/ECTXE/employee/sign-in?signedOut=1');
    assert.equal((await app.inject({ url: '/trusts/ECTXE/employee', headers: { cookie: again.cookie } })).statusCode, 303);
  });
});
