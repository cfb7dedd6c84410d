import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { describeEachDatabase, engines, freshDatabase, freshPostgresUrl } from '../../test/support/databases.ts';
import { openDatabase, schema, type Database, type Db } from '../store/database.ts';
import { fixedClock } from '../platform/clock.ts';
import { createLogger } from '../platform/logger.ts';
import { createJobs } from './create-jobs.ts';
import { fireTimesBetween, parseCron } from './fire-times.ts';

const silent = createLogger('silent');

async function runAtsIn(db: Db, queue: string): Promise<string[]> {
  const rows = await db.select({ runAt: schema.jobs.runAt }).from(schema.jobs).where(eq(schema.jobs.queue, queue));
  return rows.map((r) => r.runAt.toISOString()).sort();
}

describe('cron fire times', () => {
  it('reads 11:00 in Europe/London by default: 11:00Z in winter, 10:00Z in summer, across both clock changes', () => {
    const elevenLondon = parseCron('0 11 * * *');
    assert.deepEqual(
      fireTimesBetween(elevenLondon, new Date('2026-03-27T12:00:00Z'), new Date('2026-03-30T12:00:00Z'), 10).map((d) => d.toISOString()),
      ['2026-03-28T11:00:00.000Z', '2026-03-29T10:00:00.000Z', '2026-03-30T10:00:00.000Z'],
    );
    assert.deepEqual(
      fireTimesBetween(elevenLondon, new Date('2026-10-23T12:00:00Z'), new Date('2026-10-26T12:00:00Z'), 10).map((d) => d.toISOString()),
      ['2026-10-24T10:00:00.000Z', '2026-10-25T11:00:00.000Z', '2026-10-26T11:00:00.000Z'],
    );
  });

  it('includes a fire time equal to the end of the window and excludes one equal to its start', () => {
    const everyMinute = parseCron('* * * * *', 'UTC');
    assert.deepEqual(
      fireTimesBetween(everyMinute, new Date('2026-01-01T00:00:00Z'), new Date('2026-01-01T00:02:00Z'), 10).map((d) => d.toISOString()),
      ['2026-01-01T00:01:00.000Z', '2026-01-01T00:02:00.000Z'],
    );
  });

  it('refuses a bad pattern or time zone at declaration', () => {
    assert.throws(() => parseCron('every day at eleven'), TypeError);
    assert.throws(() => parseCron('0 11 * * *', 'Europe/Atlantis'), TypeError);
  });
});

describeEachDatabase('scheduler', (database) => {
  it('fires the 11:00 Europe/London schedule at 11:00 local time on both sides of the change to BST', async () => {
    const clock = fixedClock(new Date('2026-03-28T10:59:59Z'));
    const jobs = createJobs({ database: database(), logger: silent, clock });
    jobs.schedule('auto-provide-bst', '0 11 * * *', 'auto-provide-bst-q', { kind: 'auto-provide' });
    assert.equal((await jobs.tick()).fired, 0, 'nothing at 10:59:59 GMT');
    clock.set(new Date('2026-03-28T11:00:00Z'));
    assert.equal((await jobs.tick()).fired, 1, '11:00 GMT is 11:00Z');
    clock.set(new Date('2026-03-30T09:59:59Z'));
    assert.equal((await jobs.tick()).fired, 1, 'only Sunday 29 March (10:00Z) between');
    clock.set(new Date('2026-03-30T10:00:00Z'));
    assert.equal((await jobs.tick()).fired, 1, '11:00 BST is 10:00Z');
    clock.set(new Date('2026-03-30T11:00:00Z'));
    assert.equal((await jobs.tick()).fired, 0, 'not again at 11:00Z');
    assert.deepEqual(await runAtsIn(database().db, 'auto-provide-bst-q'), [
      '2026-03-28T11:00:00.000Z',
      '2026-03-29T10:00:00.000Z',
      '2026-03-30T10:00:00.000Z',
    ]);
  });

  it('fires at start a firing missed within the catch-up window, but none older', async () => {
    const clock = fixedClock(new Date('2026-01-05T11:09:59Z'));
    const jobs = createJobs({ database: database(), logger: silent, clock, catchUpMs: 10 * 60_000 });
    jobs.schedule('catch-up', '0 11 * * *', 'catch-up-q');
    jobs.schedule('too-old', '59 10 * * *', 'too-old-q');
    const calls: string[] = [];
    jobs.handle('catch-up-q', async (_p, context) => void calls.push(context.id));
    jobs.handle('too-old-q', async (_p, context) => void calls.push(context.id));
    assert.deepEqual(await jobs.tick(), { fired: 1, ran: 1 });
    assert.deepEqual(await runAtsIn(database().db, 'catch-up-q'), ['2026-01-05T11:00:00.000Z']);
    assert.deepEqual(await runAtsIn(database().db, 'too-old-q'), []);
  });

  it('passes the declared payload to the scheduled job', async () => {
    const clock = fixedClock(new Date('2026-01-05T11:00:01Z'));
    const jobs = createJobs({ database: database(), logger: silent, clock });
    jobs.schedule('weekly-summary', '0 11 * * 1', 'weekly-summary-q', { report: 'weekly' }, { timezone: 'Europe/London' });
    const seen: unknown[] = [];
    jobs.handle('weekly-summary-q', async (payload) => void seen.push(payload));
    await jobs.tick();
    assert.deepEqual(seen, [{ report: 'weekly' }]);
  });

  it('refuses to declare the same schedule name twice', () => {
    const jobs = createJobs({ database: database(), logger: silent });
    jobs.schedule('dup', '0 11 * * *', 'dup-q');
    assert.throws(() => jobs.schedule('dup', '0 12 * * *', 'dup-q'), TypeError);
  });
});

/**
 * Two replicas, each with its own scheduler and worker, both ticking at once just past ten
 * per-minute firings. Each firing must produce exactly one job and one handler call.
 */
async function twoReplicasFireOnce(first: Database, second: Database): Promise<void> {
  const clock = fixedClock(new Date('2026-01-05T11:00:05Z'));
  const calls: string[] = [];
  const replicas = [first, second].map((database, i) => {
    const jobs = createJobs({ database, logger: silent, clock, workerId: `replica-${i}`, catchUpMs: 10 * 60_000 });
    jobs.schedule('every-minute', '* * * * *', 'replicated-q', {}, { timezone: 'Europe/London' });
    jobs.handle('replicated-q', async (_payload, context) => void calls.push(context.id));
    return jobs;
  });
  const results = await Promise.all(replicas.map((jobs) => jobs.tick()));
  // Ticks again, as the next poll would: still nothing more.
  const again = await Promise.all(replicas.map((jobs) => jobs.tick()));

  const expected = Array.from({ length: 10 }, (_, i) => new Date(Date.parse('2026-01-05T10:51:00Z') + i * 60_000).toISOString());
  assert.deepEqual(await runAtsIn(first.db, 'replicated-q'), expected, 'one job per firing');
  assert.equal(results[0]!.fired + results[1]!.fired, 10, 'each firing won by exactly one replica');
  assert.equal(again[0]!.fired + again[1]!.fired, 0);
  assert.equal(calls.length, 10, 'one handler call per firing');
  assert.equal(new Set(calls).size, 10);
  const runs = await first.db.select().from(schema.scheduleRuns).where(eq(schema.scheduleRuns.schedule, 'every-minute'));
  assert.equal(runs.length, 10);
}

describe('a schedule shared by two replicas', () => {
  for (const engine of engines()) {
    if (engine === 'pglite') {
      it('fires once per firing with two schedulers on one PGlite database [pglite]', async () => {
        const database = await freshDatabase('pglite');
        try {
          await twoReplicasFireOnce(database, database);
        } finally {
          await database.close();
        }
      });
    } else {
      it('fires once per firing with two schedulers on two connections to one PostgreSQL database [postgres]', async () => {
        const { url, drop } = await freshPostgresUrl();
        const first = await openDatabase({ databaseUrl: url, poolSize: 4 });
        const second = await openDatabase({ databaseUrl: url, poolSize: 4 });
        try {
          await first.migrate();
          await twoReplicasFireOnce(first, second);
        } finally {
          await first.close();
          await second.close();
          await drop();
        }
      });
    }
  }
});
