import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { it } from 'node:test';
import { sql } from 'drizzle-orm';
import { describeEachDatabase } from '../../test/support/databases.ts';
import { seededRandomInt } from '../core/credentials/status/testing.ts';
import { fixedClock } from '../platform/clock.ts';
import { listAudit } from './audit-log.ts';
import { rowsOf, type Database, type Db } from './database.ts';
import { addOrganisation } from './organisations.ts';
import { scopeOf } from './scope.ts';
import { statusLedger, type StatusChange } from './status-ledger.ts';

const clock = fixedClock(new Date('2026-11-21T10:00:00Z'));
const SIZE = 131_072;

async function organisation(database: Database): Promise<string> {
  const ods = `S${randomBytes(3).toString('hex').toUpperCase()}`;
  return (await addOrganisation(database.db, { odsCode: ods, name: `Status Trust ${ods}`, kind: 'trust' })).organisation.id;
}

function change(serialNumber: string, reason: StatusChange['reason'] = 'LeavingOrganisation'): StatusChange {
  return { serialNumber, reason, actor: 'user:test', correlationId: randomUUID() };
}

/** Fills `count` more entries of a list directly (as if that many credentials had been issued). */
async function fill(db: Db, organisationId: string, listId: string, count: number, except: number[] = []) {
  await db.execute(sql`
    insert into status_entries (organisation_id, list_id, idx, serial_number, format)
    select ${organisationId}, ${listId}, s, gen_random_uuid(), 'jwt_vc_json'
    from generate_series(0, ${SIZE - 1}) s
    where s <> all(${`{${except.join(',')}}`}::int[])
      and not exists (select 1 from status_entries e where e.list_id = ${listId} and e.idx = s)
    limit ${count}`);
  await db.execute(sql`update status_lists set used = (select count(*) from status_entries where list_id = ${listId}) where id = ${listId}`);
}

describeEachDatabase('status ledger', (database) => {
  it('gives distinct, in-range indexes in random rather than issuance order', async () => {
    const org = await organisation(database());
    const ledger = statusLedger(database().db, scopeOf(org), { random: seededRandomInt(2026) });
    const indexes: number[] = [];
    for (let i = 0; i < 50; i++) indexes.push((await ledger.allocate({ serialNumber: randomUUID(), format: 'jwt_vc_json' })).index);
    assert.equal(new Set(indexes).size, 50, 'distinct');
    assert.ok(indexes.every((i) => Number.isInteger(i) && i >= 0 && i < SIZE), 'within the list');
    assert.notDeepEqual(indexes, [...indexes].sort((a, b) => a - b), 'not monotonic');
    const [list] = await ledger.lists();
    assert.equal(list?.used, 50);
    assert.equal(list?.size, SIZE);
  });

  it('draws from node:crypto when no random source is given', async () => {
    const org = await organisation(database());
    const ledger = statusLedger(database().db, scopeOf(org));
    const indexes: number[] = [];
    for (let i = 0; i < 50; i++) indexes.push((await ledger.allocate({ serialNumber: randomUUID(), format: 'dc+sd-jwt' })).index);
    assert.equal(new Set(indexes).size, 50);
    assert.notDeepEqual(indexes, [...indexes].sort((a, b) => a - b));
  });

  it('allocates once per (serial number, format), a bitstring list entry for jwt_vc_json and a token list entry for dc+sd-jwt', async () => {
    const org = await organisation(database());
    const ledger = statusLedger(database().db, scopeOf(org), { random: seededRandomInt(1) });
    const serial = randomUUID();
    const vc = await ledger.allocate({ serialNumber: serial, format: 'jwt_vc_json' });
    const sd = await ledger.allocate({ serialNumber: serial, format: 'dc+sd-jwt' });
    assert.equal(vc.kind, 'bitstring');
    assert.equal(sd.kind, 'token');
    assert.notEqual(vc.listId, sd.listId);
    assert.deepEqual(await ledger.allocate({ serialNumber: serial.toUpperCase(), format: 'jwt_vc_json' }), vc);
    assert.deepEqual((await ledger.find(serial)).map((e) => [e.format, e.listId, e.index, e.state]), [
      ['dc+sd-jwt', sd.listId, sd.index, 'valid'],
      ['jwt_vc_json', vc.listId, vc.index, 'valid'],
    ]);
    assert.equal((await ledger.lists()).find((l) => l.id === vc.listId)?.used, 1);
  });

  it('gives concurrent issuances distinct indexes, and one credential allocated twice at once one entry', async () => {
    const org = await organisation(database());
    const allocate = (serialNumber: string) =>
      database().transaction((tx) => statusLedger(tx, scopeOf(org)).allocate({ serialNumber, format: 'dc+sd-jwt' }));
    const serials = Array.from({ length: 20 }, () => randomUUID());
    const results = await Promise.all([...serials.map(allocate), allocate(serials[0]!)]);
    assert.equal(new Set(results.slice(0, 20).map((r) => r.index)).size, 20);
    assert.deepEqual(results[20], results[0]);
    const ledger = statusLedger(database().db, scopeOf(org));
    assert.equal((await ledger.getList(results[0]!.listId))?.used, 20);
  });

  it('allocates inside the caller’s transaction: a rolled-back issuance leaves no entry and no used slot', async () => {
    const org = await organisation(database());
    const serial = randomUUID();
    const first = await statusLedger(database().db, scopeOf(org)).allocate({ serialNumber: randomUUID(), format: 'jwt_vc_json' });
    await assert.rejects(
      database().transaction(async (tx) => {
        await statusLedger(tx, scopeOf(org)).allocate({ serialNumber: serial, format: 'jwt_vc_json' });
        throw new Error('issuance failed');
      }),
      /issuance failed/,
    );
    const ledger = statusLedger(database().db, scopeOf(org));
    assert.deepEqual(await ledger.find(serial), []);
    assert.equal((await ledger.getList(first.listId))?.used, 1);
  });

  it('starts a new list once more than 90% of the current one is used', async () => {
    const { db } = database();
    const org = await organisation(database());
    const ledger = statusLedger(db, scopeOf(org), { random: seededRandomInt(3) });
    const first = await ledger.allocate({ serialNumber: randomUUID(), format: 'jwt_vc_json' });
    // 117,964 of 131,072 used is exactly 90%: the list still takes one more.
    await fill(db, org, first.listId, 117_964 - 1, [first.index]);
    const last = await ledger.allocate({ serialNumber: randomUUID(), format: 'jwt_vc_json' });
    assert.equal(last.listId, first.listId);
    const closed = await ledger.getList(first.listId);
    assert.deepEqual([closed?.used, closed?.state], [117_965, 'full']);
    const next = await ledger.allocate({ serialNumber: randomUUID(), format: 'jwt_vc_json' });
    assert.notEqual(next.listId, first.listId);
    assert.equal((await ledger.getList(next.listId))?.state, 'open');
  });

  it('finds the last free index of a list by drawing among the free ones when random draws keep missing', async () => {
    const { db } = database();
    const org = await organisation(database());
    const seed = await statusLedger(db, scopeOf(org), { fillLimit: 1 }).allocate({ serialNumber: randomUUID(), format: 'jwt_vc_json' });
    const free = seed.index === 4711 ? 4712 : 4711;
    await fill(db, org, seed.listId, SIZE, [free]);
    // A source that always draws index 0 (taken): only the fallback can find the free index.
    const ledger = statusLedger(db, scopeOf(org), { fillLimit: 1, random: () => 0 });
    const last = await ledger.allocate({ serialNumber: randomUUID(), format: 'jwt_vc_json' });
    assert.deepEqual([last.listId, last.index], [seed.listId, free]);
    assert.equal((await ledger.getList(seed.listId))?.state, 'full');
  });

  it('revokes for good: revoking again changes nothing, and a revoked credential can be neither suspended nor unsuspended', async () => {
    const org = await organisation(database());
    const ledger = statusLedger(database().db, scopeOf(org));
    const serial = randomUUID();
    await ledger.allocate({ serialNumber: serial, format: 'jwt_vc_json' });
    const revoked = await ledger.revoke(change(serial, 'TrainingExpiry'), clock);
    assert.equal(revoked.outcome, 'changed');
    assert.equal(revoked.outcome === 'changed' && revoked.state, 'revoked');
    assert.deepEqual(await ledger.revoke(change(serial), clock), { outcome: 'already_revoked' });
    assert.deepEqual(await ledger.suspend(change(serial), clock), { outcome: 'revoked' });
    assert.deepEqual(await ledger.unsuspend(change(serial), clock), { outcome: 'revoked' });
    const [entry] = await ledger.find(serial);
    assert.deepEqual([entry?.state, entry?.reason, entry?.changedAt?.toISOString()], ['revoked', 'TrainingExpiry', clock.now().toISOString()]);
  });

  it('suspends and unsuspends, each once, and a suspended credential can still be revoked', async () => {
    const org = await organisation(database());
    const ledger = statusLedger(database().db, scopeOf(org));
    const serial = randomUUID();
    await ledger.allocate({ serialNumber: serial, format: 'dc+sd-jwt' });
    assert.equal((await ledger.suspend(change(serial, 'Other'), clock)).outcome, 'changed');
    assert.deepEqual(await ledger.suspend(change(serial), clock), { outcome: 'already_suspended' });
    assert.equal((await ledger.find(serial))[0]?.state, 'suspended');
    assert.equal((await ledger.unsuspend(change(serial, 'Other'), clock)).outcome, 'changed');
    assert.deepEqual(await ledger.unsuspend(change(serial), clock), { outcome: 'not_suspended' });
    assert.equal((await ledger.find(serial))[0]?.state, 'valid');
    await ledger.suspend(change(serial), clock);
    const [entry] = await ledger.find(serial);
    assert.deepEqual(await ledger.changedIndexes(entry!.listId), { revoked: [], suspended: [entry!.index] });
    assert.equal((await ledger.revoke(change(serial), clock)).outcome, 'changed');
    assert.equal((await ledger.find(serial))[0]?.state, 'revoked');
    assert.deepEqual(await ledger.changedIndexes(entry!.listId), { revoked: [entry!.index], suspended: [] });
  });

  it('changes every format of a serial number together, marks their lists changed and records one audit entry per change', async () => {
    const { db } = database();
    const org = await organisation(database());
    const ledger = statusLedger(db, scopeOf(org));
    const serial = randomUUID();
    const vc = await ledger.allocate({ serialNumber: serial, format: 'jwt_vc_json' });
    const sd = await ledger.allocate({ serialNumber: serial, format: 'dc+sd-jwt' });
    const before = [(await ledger.getList(vc.listId))!.revision, (await ledger.getList(sd.listId))!.revision];
    const c = change(serial, 'CredentialProvidedInError');
    const result = await ledger.revoke(c, clock);
    assert.equal(result.outcome === 'changed' && result.entries.length, 2);
    assert.deepEqual((await ledger.find(serial)).map((e) => e.state), ['revoked', 'revoked']);
    assert.deepEqual([(await ledger.getList(vc.listId))!.revision, (await ledger.getList(sd.listId))!.revision], before.map((r) => r + 1));
    await ledger.revoke(change(serial), clock);
    const audit = await listAudit(db, org, { subject: serial });
    assert.equal(audit.length, 1, 'an idempotent repeat is not a change');
    assert.deepEqual(
      [audit[0]?.action, audit[0]?.actor, audit[0]?.correlationId, audit[0]?.details],
      ['credential.revoked', 'user:test', c.correlationId, { reason: 'CredentialProvidedInError', from: 'valid', to: 'revoked', formats: ['dc+sd-jwt', 'jwt_vc_json'] }],
    );
  });

  it('starts a new format’s entry of an already revoked credential as revoked', async () => {
    const org = await organisation(database());
    const ledger = statusLedger(database().db, scopeOf(org));
    const serial = randomUUID();
    await ledger.allocate({ serialNumber: serial, format: 'jwt_vc_json' });
    await ledger.revoke(change(serial, 'TrainingExpiry'), clock);
    const late = await ledger.allocate({ serialNumber: serial, format: 'dc+sd-jwt' });
    assert.deepEqual((await ledger.find(serial)).map((e) => [e.format, e.state, e.reason]), [
      ['dc+sd-jwt', 'revoked', 'TrainingExpiry'],
      ['jwt_vc_json', 'revoked', 'TrainingExpiry'],
    ]);
    assert.deepEqual((await ledger.changedIndexes(late.listId)).revoked, [late.index]);
    assert.equal((await ledger.getList(late.listId))?.revision, 1, 'its list is marked changed');
  });

  it('answers not_found for a serial number it never allocated, and refuses an unknown reason', async () => {
    const org = await organisation(database());
    const ledger = statusLedger(database().db, scopeOf(org));
    assert.deepEqual(await ledger.revoke(change(randomUUID()), clock), { outcome: 'not_found' });
    assert.deepEqual(await ledger.revoke(change('not-a-uuid'), clock), { outcome: 'not_found' });
    const serial = randomUUID();
    await ledger.allocate({ serialNumber: serial, format: 'jwt_vc_json' });
    await assert.rejects(ledger.revoke({ ...change(serial), reason: 'Whim' as StatusChange['reason'] }, clock), TypeError);
  });

  it("an organisation can neither see nor revoke, suspend or unsuspend another organisation's credential", async () => {
    const { db } = database();
    const a = await organisation(database());
    const b = await organisation(database());
    const ledgerA = statusLedger(db, scopeOf(a));
    const ledgerB = statusLedger(db, scopeOf(b));
    const serial = randomUUID();
    const entry = await ledgerA.allocate({ serialNumber: serial, format: 'jwt_vc_json' });
    await ledgerA.suspend(change(serial), clock);

    assert.deepEqual(await ledgerB.find(serial), []);
    assert.deepEqual(await ledgerB.revoke(change(serial), clock), { outcome: 'not_found' });
    assert.deepEqual(await ledgerB.suspend(change(serial), clock), { outcome: 'not_found' });
    assert.deepEqual(await ledgerB.unsuspend(change(serial), clock), { outcome: 'not_found' });
    assert.equal(await ledgerB.getList(entry.listId), undefined);
    assert.deepEqual(await ledgerB.changedIndexes(entry.listId), { revoked: [], suspended: [] });
    assert.deepEqual(await ledgerB.lists(), []);
    assert.deepEqual(await listAudit(db, b, { subject: serial }), []);

    // A's entry is untouched; B's own allocation of the same serial is B's alone.
    assert.equal((await ledgerA.find(serial))[0]?.state, 'suspended');
    const own = await ledgerB.allocate({ serialNumber: serial, format: 'jwt_vc_json' });
    assert.notEqual(own.listId, entry.listId);
    assert.equal((await ledgerA.find(serial)).length, 1);
  });

  it('refuses, at construction, lists shorter than 131,072 entries', () => {
    assert.throws(() => statusLedger(database().db, scopeOf(randomUUID()), { listSize: 1024 }), TypeError);
  });

  it('keeps an entry inside its own organisation’s list (the database refuses a cross-organisation entry)', async () => {
    const { db } = database();
    const a = await organisation(database());
    const b = await organisation(database());
    const entry = await statusLedger(db, scopeOf(a)).allocate({ serialNumber: randomUUID(), format: 'jwt_vc_json' });
    await assert.rejects(
      db.execute(sql`insert into status_entries (organisation_id, list_id, idx, serial_number, format) values (${b}, ${entry.listId}, 1, ${randomUUID()}, 'jwt_vc_json')`),
    );
    const [row] = await rowsOf<{ n: number }>(db, sql`select count(*)::int as n from status_entries where organisation_id = ${b}`);
    assert.equal(row?.n, 0);
  });
});
