import assert from 'node:assert/strict';
import { it } from 'node:test';
import { sql } from 'drizzle-orm';
import { describeEachDatabase } from '../../test/support/databases.ts';
import { rowsOf, schema } from './database.ts';

describeEachDatabase('database', (database) => {
  it('runs the migrations: every table exists', async () => {
    const rows = await rowsOf<{ table_name: string }>(
      database().db,
      sql`select table_name from information_schema.tables where table_schema = 'public' order by table_name`,
    );
    const names = rows.map((r) => r.table_name);
    for (const t of ['organisations', 'employer_users', 'audit_log', 'audit_heads', 'managed_keys', 'jobs', 'schedule_runs', 'notifications'])
      assert.ok(names.includes(t), `missing table ${t}`);
  });

  it('rolls back every write of a transaction that throws', async () => {
    const id = '00000000-0000-4000-8000-000000000001';
    await assert.rejects(
      database().transaction(async (tx) => {
        await tx.insert(schema.organisations).values({ id, odsCode: 'TX1', name: 'Rolled Back', kind: 'trust' });
        throw new Error('boom');
      }),
      /boom/,
    );
    const rows = await database().db.select().from(schema.organisations);
    assert.equal(rows.filter((r) => r.id === id).length, 0);
  });

  it('answers ping', async () => {
    await database().ping();
  });
});
