import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { describeEachDatabase } from '../../test/support/databases.ts';
import { addOrganisation } from './organisations.ts';
import { scopeOf } from './scope.ts';
import { browserBindingOf, walletSessions } from './wallet-sessions.ts';

const t0 = new Date('2026-11-21T10:00:00Z');
const later = (s: number) => new Date(t0.getTime() + s * 1000);

describeEachDatabase('wallet sessions', (database) => {
  let a: string;
  let b: string;
  before(async () => {
    a = (await addOrganisation(database().db, { odsCode: 'WSA', name: 'Wallet Session A', kind: 'trust' })).organisation.id;
    b = (await addOrganisation(database().db, { odsCode: 'WSB', name: 'Wallet Session B', kind: 'trust' })).organisation.id;
  });
  const create = (org: string) =>
    walletSessions(database().db, scopeOf(org)).create({ kind: 'presentation', purpose: 'test', browserBinding: browserBindingOf('secret'), returnTo: '/next', ttlSeconds: 120, now: t0 });

  it('moves pending → in progress → completed once, keeping the first outcome', async () => {
    const store = walletSessions(database().db, scopeOf(a));
    const s = await create(a);
    assert.equal(s.state, 'pending');
    assert.equal(await store.markInProgress(s.id, later(5)), true);
    assert.equal(await store.complete(s.id, { ok: 1 }, later(10)), true);
    assert.equal(await store.complete(s.id, { ok: 2 }, later(11)), false);
    assert.equal(await store.fail(s.id, 'declined', later(12)), false);
    const read = await store.get(s.id, later(12));
    assert.equal(read?.state, 'completed');
    assert.deepEqual(read?.outcome, { ok: 1 });
  });

  it('expires: an expired session reads as expired and can no longer complete', async () => {
    const store = walletSessions(database().db, scopeOf(a));
    const s = await create(a);
    assert.equal((await store.get(s.id, later(121)))?.state, 'expired');
    assert.equal(await store.markInProgress(s.id, later(121)), false);
    assert.equal(await store.complete(s.id, {}, later(121)), false);
  });

  it("is invisible to, and cannot be moved by, another organisation", async () => {
    const s = await create(a);
    const other = walletSessions(database().db, scopeOf(b));
    assert.equal(await other.get(s.id, later(1)), undefined);
    assert.equal(await other.complete(s.id, {}, later(1)), false);
    assert.equal((await walletSessions(database().db, scopeOf(a)).get(s.id, later(1)))?.state, 'pending');
  });

  it('refuses a return address off this site', async () => {
    await assert.rejects(
      walletSessions(database().db, scopeOf(a)).create({ kind: 'issuance', purpose: 'x', browserBinding: 'b', returnTo: '//evil.example/', ttlSeconds: 60, now: t0 }),
      TypeError,
    );
  });
});
