import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { describeEachDatabase } from '../../../../test/support/databases.ts';
import { csrfFrom, testApp } from '../../../../test/support/app.ts';

describeEachDatabase('/dev/outbox', (database) => {
  let app: Awaited<ReturnType<typeof testApp>>;
  before(async () => {
    app = await testApp(database());
  });
  after(() => app.close());

  it('shows sent messages newest first, with their links clickable and their text escaped', async () => {
    await database().transaction(async (tx) => {
      await app.services.notifier.send(tx, { organisationId: null, to: 'first@example.nhs.uk', template: 'test-message', personalisation: { organisation_name: '<b>Older</b>' } });
    });
    await database().transaction(async (tx) => {
      await app.services.notifier.send(tx, {
        organisationId: null, to: 'new.admin@example.nhs.uk', template: 'employer-user-invitation',
        personalisation: { name: 'New Admin', organisation_name: 'Riverside', link: 'http://localhost:3000/trusts/RZX/employer/set-password/abc123', expires_at: '1 December 2026' },
      });
    });
    const res = await app.inject({ method: 'GET', url: '/dev/outbox' });
    assert.equal(res.statusCode, 200);
    assert.ok(res.body.indexOf('new.admin@example.nhs.uk') < res.body.indexOf('first@example.nhs.uk'), 'newest first');
    assert.match(res.body, /<a href="http:\/\/localhost:3000\/trusts\/RZX\/employer\/set-password\/abc123"/);
    assert.ok(!res.body.includes('<b>Older</b>') && res.body.includes('&lt;b&gt;Older&lt;/b&gt;'), 'message text is escaped');
  });

  it('sends a test message from its form, and answers a bad address with an error summary that keeps what was typed', async () => {
    const page = await app.inject({ method: 'GET', url: '/dev/outbox' });
    const { token, cookie } = csrfFrom(page);
    const form = { 'content-type': 'application/x-www-form-urlencoded', cookie };

    const bad = await app.inject({ method: 'POST', url: '/dev/outbox/test-message', headers: form, payload: `to=not-an-address&_csrf=${encodeURIComponent(token)}` });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /There is a problem/);
    assert.match(bad.body, /href="#to"/);
    assert.match(bad.body, /value="not-an-address"/);

    const noToken = await app.inject({ method: 'POST', url: '/dev/outbox/test-message', headers: form, payload: 'to=ops%40example.nhs.uk' });
    assert.equal(noToken.statusCode, 403);

    const ok = await app.inject({ method: 'POST', url: '/dev/outbox/test-message', headers: form, payload: `to=ops%40example.nhs.uk&_csrf=${encodeURIComponent(token)}` });
    assert.equal(ok.statusCode, 303);
    const after = await app.inject({ method: 'GET', url: ok.headers.location as string });
    assert.match(after.body, /Test message sent/);
    assert.match(after.body, /Email to ops@example.nhs.uk/);
  });

  it('does not exist in production, and neither do the ESR simulator and the example portal', async () => {
    const prod = await testApp(database(), { NODE_ENV: 'production', DATABASE_URL: 'postgres://unused@127.0.0.1/unused', DSP_PUBLIC_URL: 'https://dsp.example.nhs.uk' });
    try {
      const res = await prod.inject({ method: 'GET', url: '/dev/outbox', headers: { accept: 'text/html' } });
      assert.equal(res.statusCode, 404);
      // Nor are the other development stand-ins: the ESR simulator and the example training portal.
      for (const url of ['/esr-sim/organisations/RZX/changes', '/demo/training']) {
        const other = await prod.inject({ method: 'GET', url, headers: { accept: 'text/html' } });
        assert.equal(other.statusCode, 404, url);
      }
    } finally {
      await prod.close();
    }
  });
});
