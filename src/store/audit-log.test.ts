import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { it } from 'node:test';
import { sql, type SQL } from 'drizzle-orm';
import { describeEachDatabase } from '../../test/support/databases.ts';
import { fixedClock } from '../platform/clock.ts';
import { GENESIS_HASH } from '../core/audit/audit-chain.ts';
import { appendAudit, flushAuditInbox, listAudit, verifyAllAuditChains, verifyAuditChain, type AuditInput } from './audit-log.ts';
import { rowsOf, type Database } from './database.ts';

const clock = fixedClock(new Date('2025-04-01T09:00:00.123Z'));

function entry(organisationId: string | null, n: number, extra: Partial<AuditInput> = {}): AuditInput {
  return {
    organisationId,
    actor: 'user:00000000-0000-4000-8000-0000000000aa',
    action: 'credential.issued',
    subject: `serial:${n}`,
    correlationId: `corr-${n}`,
    details: { n, type: 'Identity', nested: { b: 2, a: [1, 'x', null] } },
    ...extra,
  };
}

/** Appends `count` entries, each in a transaction of its own, and chains them (as the flusher would). */
async function appendMany(database: Database, organisationId: string | null, count: number): Promise<void> {
  for (let n = 1; n <= count; n += 1) {
    clock.advance(1);
    await database.transaction((tx) => appendAudit(tx, entry(organisationId, n), clock));
  }
  await flushAuditInbox(database.db);
}

async function countRows(database: Database, table: 'audit_log' | 'audit_inbox', chain: string): Promise<number> {
  const [row] = await rowsOf<{ n: number }>(database.db, sql`select count(*)::int as n from ${sql.identifier(table)} where chain = ${chain}`);
  return row!.n;
}

/**
 * What an attacker with table-owner rights does: switch the append-only trigger off, change
 * the rows, switch it back on, all in one transaction so no honest append slips in between.
 */
async function tamper(database: Database, statement: SQL): Promise<void> {
  await database.transaction(async (tx) => {
    await tx.execute(sql`alter table audit_log disable trigger audit_log_append_only`);
    await tx.execute(statement);
    await tx.execute(sql`alter table audit_log enable trigger audit_log_append_only`);
  });
}

/** The PostgreSQL error code behind a (possibly wrapped) driver error. */
function pgCode(error: unknown): string | undefined {
  for (let e: unknown = error; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}

describeEachDatabase('audit log', (database) => {
  it('chains appended entries from the genesis hash, and an untouched chain verifies', async () => {
    const org = randomUUID();
    await appendMany(database(), org, 30);
    const result = await verifyAuditChain(database().db, org);
    assert.deepEqual(result.findings, []);
    assert.equal(result.ok, true);
    assert.equal(result.entries, 30);

    const [first] = await listAudit(database().db, org, { beforeSeq: 2 });
    assert.equal(first!.seq, 1);
    assert.equal(first!.prevHash, GENESIS_HASH);
    assert.deepEqual(first!.details, { n: 1, type: 'Identity', nested: { b: 2, a: [1, 'x', null] } });
  });

  it('gives concurrent appends to one chain consecutive sequence numbers with no gap or fork', async () => {
    const org = randomUUID();
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => database().transaction((tx) => appendAudit(tx, entry(org, i + 1), clock))),
    );
    const seqs = (await listAudit(database().db, org, { limit: 1000 })).map((e) => e.seq).sort((a, b) => a - b);
    assert.deepEqual(seqs, Array.from({ length: 20 }, (_, i) => i + 1));
    const result = await verifyAuditChain(database().db, org);
    assert.equal(result.ok, true, JSON.stringify(result.findings));
    assert.equal(result.entries, 20);
  });

  it('appends without a caller transaction too', async () => {
    const org = randomUUID();
    await Promise.all(Array.from({ length: 5 }, (_, i) => appendAudit(database().db, entry(org, i + 1), clock)));
    const result = await verifyAuditChain(database().db, org);
    assert.equal(result.ok, true, JSON.stringify(result.findings));
    assert.equal(result.entries, 5);
  });

  it('chains an organisation given in upper case under its stored lower-case id', async () => {
    const org = randomUUID();
    await appendAudit(database().db, entry(org.toUpperCase(), 1), clock);
    await appendAudit(database().db, entry(org, 2), clock);
    const result = await verifyAuditChain(database().db, org.toUpperCase());
    assert.equal(result.ok, true, JSON.stringify(result.findings));
    assert.equal(result.entries, 2);
    assert.deepEqual((await listAudit(database().db, org)).map((e) => e.chain), [org, org]);
    await assert.rejects(appendAudit(database().db, entry('not-a-uuid', 1), clock), TypeError);
  });

  it('rolls the entry back with the caller transaction that fails', async () => {
    const org = randomUUID();
    await assert.rejects(
      database().transaction(async (tx) => {
        await appendAudit(tx, entry(org, 1), clock);
        throw new Error('business change failed');
      }),
      /business change failed/,
    );
    assert.equal((await listAudit(database().db, org)).length, 0);
    await appendAudit(database().db, entry(org, 2), clock);
    const result = await verifyAuditChain(database().db, org);
    assert.equal(result.ok, true, JSON.stringify(result.findings));
    assert.equal(result.entries, 1);
  });

  it('records an append in the inbox, unchained, until a flush chains it; reading and verifying flush first', async () => {
    const org = randomUUID();
    await database().transaction((tx) => appendAudit(tx, entry(org, 1), clock));
    assert.equal(await countRows(database(), 'audit_inbox', org), 1);
    assert.equal(await countRows(database(), 'audit_log', org), 0);
    const [listed] = await listAudit(database().db, org);
    assert.equal(listed?.seq, 1);
    assert.equal(await countRows(database(), 'audit_inbox', org), 0);
    await database().transaction((tx) => appendAudit(tx, entry(org, 2), clock));
    const result = await verifyAuditChain(database().db, org);
    assert.equal(result.ok, true, JSON.stringify(result.findings));
    assert.equal(result.entries, 2);
    assert.equal(await flushAuditInbox(database().db), 0);
  });

  it('refuses UPDATE, DELETE and TRUNCATE of entries still in the inbox', async () => {
    const org = randomUUID();
    await appendAudit(database().db, entry(org, 1), clock);
    await assert.rejects(rowsOf(database().db, sql`update audit_inbox set actor = 'someone-else' where chain = ${org}`), (e: unknown) => pgCode(e) === '42501');
    await assert.rejects(rowsOf(database().db, sql`delete from audit_inbox where chain = ${org}`), (e: unknown) => pgCode(e) === '42501');
    await assert.rejects(rowsOf(database().db, sql`truncate audit_inbox`), (e: unknown) => pgCode(e) === '42501');
    const result = await verifyAuditChain(database().db, org);
    assert.equal(result.ok, true, JSON.stringify(result.findings));
    assert.equal(result.entries, 1);
  });

  it('chains every entry exactly once when flushes run concurrently with appends', async () => {
    const org = randomUUID();
    await Promise.all([
      ...Array.from({ length: 30 }, (_, i) => database().transaction((tx) => appendAudit(tx, entry(org, i + 1), clock))),
      ...Array.from({ length: 5 }, () => flushAuditInbox(database().db, org)),
    ]);
    await Promise.all(Array.from({ length: 3 }, () => flushAuditInbox(database().db)));
    const seqs = (await listAudit(database().db, org, { limit: 1000 })).map((e) => e.seq).sort((a, b) => a - b);
    assert.deepEqual(seqs, Array.from({ length: 30 }, (_, i) => i + 1));
    const subjects = new Set((await listAudit(database().db, org, { limit: 1000 })).map((e) => e.subject));
    assert.equal(subjects.size, 30);
    assert.equal((await verifyAuditChain(database().db, org)).ok, true);
  });

  it('refuses UPDATE, DELETE and TRUNCATE of audit entries in the database itself', async () => {
    const org = randomUUID();
    await appendMany(database(), org, 2);
    await assert.rejects(
      rowsOf(database().db, sql`update audit_log set actor = 'someone-else' where chain = ${org}`),
      (e: unknown) => pgCode(e) === '42501',
    );
    await assert.rejects(rowsOf(database().db, sql`delete from audit_log where chain = ${org}`), (e: unknown) => pgCode(e) === '42501');
    await assert.rejects(rowsOf(database().db, sql`truncate audit_log`), (e: unknown) => pgCode(e) === '42501');
    assert.equal((await verifyAuditChain(database().db, org)).ok, true);
  });

  it('detects an entry whose content was changed behind the trigger', async () => {
    const org = randomUUID();
    await appendMany(database(), org, 6);
    await tamper(database(), sql`update audit_log set details = '{"n": 3, "type": "RightToWork"}'::jsonb where chain = ${org} and seq = 3`);
    const result = await verifyAuditChain(database().db, org);
    assert.equal(result.ok, false);
    assert.deepEqual(result.findings, [{ kind: 'edited', chain: org, seq: 3 }]);
  });

  it('detects a changed entry whose hash was recomputed, through the link from the next entry', async () => {
    const org = randomUUID();
    await appendMany(database(), org, 4);
    // Without the canonical form an attacker cannot match the hash; a plausible fake still breaks the link.
    await tamper(database(), sql`update audit_log set actor = 'user:attacker', hash = md5('x') || md5('y') where chain = ${org} and seq = 2`);
    const result = await verifyAuditChain(database().db, org);
    assert.deepEqual(result.findings, [
      { kind: 'edited', chain: org, seq: 2 },
      { kind: 'broken-link', chain: org, seq: 3, at: 'entry' },
    ]);
  });

  it('detects a deleted entry in the middle of a chain', async () => {
    const org = randomUUID();
    await appendMany(database(), org, 5);
    await tamper(database(), sql`delete from audit_log where chain = ${org} and seq = 3`);
    const result = await verifyAuditChain(database().db, org);
    assert.equal(result.ok, false);
    assert.equal(result.entries, 4);
    assert.deepEqual(result.findings, [{ kind: 'deleted', chain: org, fromSeq: 3, toSeq: 3 }]);
  });

  it('detects deleted newest entries through the chain head', async () => {
    const org = randomUUID();
    await appendMany(database(), org, 5);
    await tamper(database(), sql`delete from audit_log where chain = ${org} and seq >= 4`);
    const result = await verifyAuditChain(database().db, org);
    assert.equal(result.ok, false);
    assert.deepEqual(result.findings, [{ kind: 'deleted', chain: org, fromSeq: 4, toSeq: 5 }]);
  });

  it('detects a whole chain deleted, through its head', async () => {
    const org = randomUUID();
    await appendMany(database(), org, 2);
    await tamper(database(), sql`delete from audit_log where chain = ${org}`);
    const result = await verifyAuditChain(database().db, org);
    assert.deepEqual(result.findings, [{ kind: 'deleted', chain: org, fromSeq: 1, toSeq: 2 }]);
  });

  it('detects an entry inserted around the head lock', async () => {
    const org = randomUUID();
    await appendMany(database(), org, 2);
    const [last] = await listAudit(database().db, org, { limit: 1 });
    await rowsOf(
      database().db,
      sql`insert into audit_log (chain, seq, organisation_id, actor, action, subject, correlation_id, at, details, prev_hash, hash)
          values (${org}, 3, ${org}, 'user:attacker', 'credential.revoked', 'serial:1', 'c', now(), '{}'::jsonb, ${last!.hash}, ${GENESIS_HASH})`,
    );
    const result = await verifyAuditChain(database().db, org);
    assert.deepEqual(result.findings, [
      { kind: 'edited', chain: org, seq: 3 },
      { kind: 'broken-link', chain: org, seq: 2, at: 'head' },
    ]);
  });

  it("keeps organisations' chains independent: tampering with one does not flag another", async () => {
    const orgA = randomUUID();
    const orgB = randomUUID();
    for (let n = 1; n <= 4; n += 1) {
      await appendAudit(database().db, entry(orgA, n), clock);
      await appendAudit(database().db, entry(orgB, n), clock);
    }
    const a = await listAudit(database().db, orgA);
    const b = await listAudit(database().db, orgB);
    assert.deepEqual(a.map((e) => e.seq), [4, 3, 2, 1]);
    assert.deepEqual(b.map((e) => e.seq), [4, 3, 2, 1]);
    assert.ok(a.every((e) => e.organisationId === orgA && e.chain === orgA));

    await tamper(database(), sql`delete from audit_log where chain = ${orgA} and seq = 2`);
    assert.equal((await verifyAuditChain(database().db, orgA)).ok, false);
    assert.equal((await verifyAuditChain(database().db, orgB)).ok, true);

    const all = await verifyAllAuditChains(database().db);
    const failing = all.filter((r) => !r.ok).map((r) => r.chain);
    assert.ok(failing.includes(orgA));
    assert.ok(!failing.includes(orgB));
  });

  it('keeps platform events on their own chain, invisible to organisations', async () => {
    const org = randomUUID();
    await appendAudit(database().db, entry(null, 1, { action: 'organisation.created', subject: `organisation:${org}` }), clock);
    await appendAudit(database().db, entry(org, 1), clock);
    const platform = await listAudit(database().db, null, { action: 'organisation.created', subject: `organisation:${org}` });
    assert.equal(platform.length, 1);
    assert.equal(platform[0]!.chain, 'platform');
    assert.equal(platform[0]!.organisationId, null);
    assert.ok((await listAudit(database().db, org)).every((e) => e.action !== 'organisation.created'));
    assert.equal((await verifyAuditChain(database().db, null)).ok, true);
  });

  it('filters an organisation’s entries by action, actor, subject, correlation id and time, newest first', async () => {
    const org = randomUUID();
    const t0 = new Date('2025-05-01T00:00:00.000Z');
    const local = fixedClock(t0);
    for (let n = 1; n <= 6; n += 1) {
      local.advance(60_000);
      await appendAudit(database().db, entry(org, n, { action: n % 2 ? 'credential.issued' : 'credential.revoked' }), local);
    }
    const revoked = await listAudit(database().db, org, { action: 'credential.revoked' });
    assert.deepEqual(revoked.map((e) => e.subject), ['serial:6', 'serial:4', 'serial:2']);
    assert.deepEqual((await listAudit(database().db, org, { correlationId: 'corr-5' })).map((e) => e.seq), [5]);
    assert.deepEqual((await listAudit(database().db, org, { subject: 'serial:1', actor: entry(org, 1).actor })).map((e) => e.seq), [1]);
    const window = await listAudit(database().db, org, { from: new Date(t0.getTime() + 2 * 60_000), to: new Date(t0.getTime() + 4 * 60_000) });
    assert.deepEqual(window.map((e) => e.seq), [3, 2]);
    assert.deepEqual((await listAudit(database().db, org, { limit: 2, beforeSeq: 5 })).map((e) => e.seq), [4, 3]);
  });
});
