// The demo world (src/cli/demo-world.ts) on PGlite and PostgreSQL: seeding twice adds nothing the
// second time, and Riverside's home page shows the sample credential request (seed 000, E8) to a
// demo user, whose review starts with Olivia Bennett's ESR assignment number prompt.
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { demoRequester, seedDemoWorld } from '../src/cli/demo-world.ts';
import { systemClock } from '../src/platform/clock.ts';
import { credentialRequests } from '../src/store/credential-requests.ts';
import { findOrganisationByOds } from '../src/store/organisations.ts';
import { scopeOf } from '../src/store/scope.ts';
import { staffPassports } from '../src/store/staff-passports.ts';
import { testApp } from './support/app.ts';
import { describeEachDatabase } from './support/databases.ts';
import { signInEmployer } from './support/employer-session.ts';

describeEachDatabase('demo world', (database) => {
  let app: Awaited<ReturnType<typeof testApp>>;

  before(async () => {
    app = await testApp(database());
    await seedDemoWorld(database(), systemClock, app.services.keys);
  });

  it('has one open credential request at Riverside, seeded once, shown on the home page with View', async () => {
    const second = await seedDemoWorld(database(), systemClock, app.services.keys);
    assert.deepEqual(second.added, []);
    const trust = (await findOrganisationByOds(database().db, 'RZX'))!;
    const scope = scopeOf(trust.id);
    const requests = credentialRequests(database().db, scope);
    assert.equal(await requests.countAwaitingReview(), 1);
    const [waiting] = await requests.awaitingReview();
    assert.equal(`${waiting!.givenName} ${waiting!.familyName}`, 'Olivia Bennett');
    const passport = (await staffPassports(database().db, scope).findByEmail(demoRequester.email))!;
    assert.equal(passport.esrLinkState, 'unlinked');
    assert.ok(passport.dspId);
    assert.deepEqual((await requests.openFor(passport.id))[0]!.items.map((i) => i.credentialType), demoRequester.types);

    const session = await signInEmployer(app, { ods: 'RZX', email: 'alex.admin@riverside.example' });
    const home = await app.inject({ url: '/trusts/RZX/employer', headers: { cookie: session.cookie } });
    assert.match(home.body, /1 staff member has requested credentials/);
    const review = await app.inject({ url: `/trusts/RZX/employer/credential-requests/${waiting!.requestId}/review`, headers: { cookie: session.cookie } });
    assert.match(review.body, /What is Olivia Grace Bennett(&#39;|')s ESR assignment number\?/);
  });
});
