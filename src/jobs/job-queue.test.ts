import assert from 'node:assert/strict';
import { it } from 'node:test';
import { eq } from 'drizzle-orm';
import { describeEachDatabase } from '../../test/support/databases.ts';
import { schema, type Db } from '../store/database.ts';
import { fixedClock } from '../platform/clock.ts';
import { createLogger, type Logger } from '../platform/logger.ts';
import { createJobs } from './create-jobs.ts';
import { claimDueJobs, expiredLockError } from './claim-jobs.ts';
import { FinalJobFailure, type JobContext } from './types.ts';

const silent = createLogger('silent');
const t0 = new Date('2026-01-05T09:00:00Z');

function capturingLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  return { logger: createLogger('debug', { write: (line: string) => void lines.push(line) }), lines };
}

async function jobRow(db: Db, id: string) {
  const [row] = await db.select().from(schema.jobs).where(eq(schema.jobs.id, id));
  assert.ok(row, `job ${id} exists`);
  return row;
}

async function jobsIn(db: Db, queue: string) {
  return db.select().from(schema.jobs).where(eq(schema.jobs.queue, queue));
}

describeEachDatabase('job queue', (database) => {
  it('never runs a job enqueued in a transaction that rolled back', async () => {
    const jobs = createJobs({ database: database(), logger: silent, clock: fixedClock(t0) });
    let calls = 0;
    jobs.handle('rollback-q', async () => {
      calls += 1;
    });
    await assert.rejects(
      database().transaction(async (tx) => {
        await jobs.enqueue(tx, 'rollback-q', { n: 1 });
        throw new Error('the change that asked for the job failed');
      }),
      /failed/,
    );
    assert.deepEqual(await jobs.tick(), { fired: 0, ran: 0 });
    assert.equal(calls, 0);
    assert.equal((await jobsIn(database().db, 'rollback-q')).length, 0);
  });

  it('runs a job enqueued in a committed transaction exactly once, with its payload', async () => {
    const jobs = createJobs({ database: database(), logger: silent, clock: fixedClock(t0) });
    const seen: Array<{ payload: unknown; context: JobContext }> = [];
    jobs.handle('commit-q', async (payload, context) => {
      seen.push({ payload, context });
    });
    const id = await database().transaction((tx) => jobs.enqueue(tx, 'commit-q', { n: 1, nested: { a: [1, 2] } }));
    assert.ok(id);
    assert.equal((await jobs.tick()).ran, 1);
    assert.equal((await jobs.tick()).ran, 0);
    assert.equal(seen.length, 1);
    assert.deepEqual(seen[0]!.payload, { n: 1, nested: { a: [1, 2] } });
    assert.equal(seen[0]!.context.id, id);
    assert.equal(seen[0]!.context.attempt, 1);
    const row = await jobRow(database().db, id);
    assert.equal(row.state, 'done');
    assert.deepEqual(row.finishedAt, t0);
    assert.equal(row.lockedBy, null);
  });

  it('does not run a job before its runAt', async () => {
    const clock = fixedClock(t0);
    const jobs = createJobs({ database: database(), logger: silent, clock });
    let calls = 0;
    jobs.handle('later-q', async () => {
      calls += 1;
    });
    await jobs.enqueue(database().db, 'later-q', {}, { runAt: new Date(t0.getTime() + 60_000) });
    await jobs.tick();
    assert.equal(calls, 0);
    clock.advance(60_000);
    await jobs.tick();
    assert.equal(calls, 1);
  });

  it('retries a failing job with exponential backoff and ends it failed after maxAttempts', async () => {
    const clock = fixedClock(t0);
    const jobs = createJobs({ database: database(), logger: silent, clock, retryBaseMs: 1000 });
    const attempts: number[] = [];
    jobs.handle('flaky-q', async (_payload, context) => {
      attempts.push(context.attempt);
      throw new Error('upstream unavailable');
    });
    const id = (await jobs.enqueue(database().db, 'flaky-q', {}, { maxAttempts: 3 }))!;

    await jobs.tick();
    assert.deepEqual(attempts, [1]);
    let row = await jobRow(database().db, id);
    assert.equal(row.state, 'queued');
    assert.equal(row.lastError, 'Error: upstream unavailable');
    assert.deepEqual(row.runAt, new Date(t0.getTime() + 1000), 'first retry after the base delay');

    clock.advance(999);
    await jobs.tick();
    assert.deepEqual(attempts, [1], 'not retried before the delay has passed');
    clock.advance(1);
    await jobs.tick();
    assert.deepEqual(attempts, [1, 2]);
    row = await jobRow(database().db, id);
    assert.deepEqual(row.runAt, new Date(t0.getTime() + 1000 + 2000), 'second retry after twice the delay');

    clock.advance(1999);
    await jobs.tick();
    assert.deepEqual(attempts, [1, 2]);
    clock.advance(1);
    await jobs.tick();
    assert.deepEqual(attempts, [1, 2, 3]);
    row = await jobRow(database().db, id);
    assert.equal(row.state, 'failed');
    assert.equal(row.attempts, 3);
    const failedAt = clock.now();
    assert.deepEqual(row.finishedAt, failedAt);

    clock.advance(24 * 60 * 60_000);
    await jobs.tick();
    assert.deepEqual(attempts, [1, 2, 3], 'a failed job is not run again');

    const failures = await jobs.recentFailures();
    const failure = failures.find((f) => f.id === id);
    assert.deepEqual(failure, {
      id,
      queue: 'flaky-q',
      organisationId: null,
      attempts: 3,
      maxAttempts: 3,
      lastError: 'Error: upstream unavailable',
      failedAt,
    });
    const counts = (await jobs.counts()).filter((c) => c.queue === 'flaky-q');
    assert.deepEqual(counts, [{ queue: 'flaky-q', state: 'failed', count: 1, oldestRunAt: new Date(t0.getTime() + 3000) }]);
  });

  it('keeps at most one live job per singleton key, and allows a new one once it has finished', async () => {
    const jobs = createJobs({ database: database(), logger: silent, clock: fixedClock(t0) });
    let calls = 0;
    jobs.handle('single-q', async () => {
      calls += 1;
    });
    const first = await jobs.enqueue(database().db, 'single-q', {}, { singletonKey: 'publish-status-list' });
    const second = await jobs.enqueue(database().db, 'single-q', {}, { singletonKey: 'publish-status-list' });
    const otherKey = await jobs.enqueue(database().db, 'single-q', {}, { singletonKey: 'another' });
    assert.ok(first);
    assert.equal(second, undefined);
    assert.ok(otherKey);
    assert.equal((await jobsIn(database().db, 'single-q')).length, 2);
    await jobs.tick();
    assert.equal(calls, 2);
    const third = await jobs.enqueue(database().db, 'single-q', {}, { singletonKey: 'publish-status-list' });
    assert.ok(third && third !== first);
  });

  it('fails a job of a queue nobody handles, saying so', async () => {
    const jobs = createJobs({ database: database(), logger: silent, clock: fixedClock(t0) });
    const id = (await jobs.enqueue(database().db, 'nobody-handles-q', {}))!;
    await jobs.tick();
    const row = await jobRow(database().db, id);
    assert.equal(row.state, 'failed');
    assert.equal(row.attempts, 1);
    assert.equal(row.lastError, 'no handler is registered for queue "nobody-handles-q"');
  });

  it('runs again a job whose worker crashed, once its lock has expired', async () => {
    const clock = fixedClock(t0);
    const jobs = createJobs({ database: database(), logger: silent, clock });
    const attempts: number[] = [];
    jobs.handle('crash-q', async (_payload, context) => {
      attempts.push(context.attempt);
    });
    const id = (await jobs.enqueue(database().db, 'crash-q', {}))!;
    // Another replica claims the job, then dies before recording an outcome.
    const claimed = await claimDueJobs(database().db, { now: t0, limit: 10, lockMs: 60_000, workerId: 'crashed-replica' });
    assert.deepEqual(
      claimed.map((j) => j.id),
      [id],
    );

    clock.advance(59_999);
    await jobs.tick();
    assert.deepEqual(attempts, [], 'a live lock is respected');
    assert.equal((await jobRow(database().db, id)).lockedBy, 'crashed-replica');

    clock.advance(1);
    await jobs.tick();
    assert.deepEqual(attempts, [2], 'reclaimed after the lock expired, counting the crashed run');
    assert.equal((await jobRow(database().db, id)).state, 'done');
  });

  it('fails a crashed job that had no attempts left instead of running it again', async () => {
    const clock = fixedClock(t0);
    const jobs = createJobs({ database: database(), logger: silent, clock });
    let calls = 0;
    jobs.handle('crash-last-q', async () => {
      calls += 1;
    });
    const id = (await jobs.enqueue(database().db, 'crash-last-q', {}, { maxAttempts: 1 }))!;
    await claimDueJobs(database().db, { now: t0, limit: 10, lockMs: 1000, workerId: 'crashed-replica' });
    clock.advance(1000);
    await jobs.tick();
    assert.equal(calls, 0);
    const row = await jobRow(database().db, id);
    assert.equal(row.state, 'failed');
    assert.equal(row.lastError, expiredLockError);
  });

  it('does not record a stale outcome over a job another replica has reclaimed', async () => {
    const clock = fixedClock(t0);
    const jobs = createJobs({ database: database(), logger: silent, clock, lockMs: 1000 });
    const id = (await jobs.enqueue(database().db, 'slow-q', {}))!;
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    jobs.handle('slow-q', () => released);
    const run = jobs.tick();
    // Wait until the handler holds the claim, then let the lock expire and another replica reclaim it.
    while ((await jobRow(database().db, id)).state !== 'running') await new Promise((r) => setTimeout(r, 5));
    clock.advance(1000);
    const reclaimed = await claimDueJobs(database().db, { now: clock.now(), limit: 10, lockMs: 60_000, workerId: 'other-replica' });
    assert.equal(reclaimed.length, 1);
    release();
    await run;
    const row = await jobRow(database().db, id);
    assert.equal(row.state, 'running', 'the first run finishing late does not mark the reclaimed run done');
    assert.equal(row.lockedBy, 'other-replica');
    assert.equal(row.attempts, 2);
  });

  it('logs a failing job by id and queue, never its payload or error message', async () => {
    const { logger, lines } = capturingLogger();
    const jobs = createJobs({ database: database(), logger, clock: fixedClock(t0) });
    jobs.handle('private-q', async () => {
      throw new Error('no record for alice@example.org');
    });
    const id = (await jobs.enqueue(database().db, 'private-q', { email: 'alice@example.org', nhsNumber: '9434765919' }))!;
    await jobs.tick();
    const log = lines.join('\n');
    assert.match(log, new RegExp(id));
    assert.match(log, /private-q/);
    assert.doesNotMatch(log, /alice|9434765919/);
  });

  it('ends a job failed at once, without retrying, when its handler throws a FinalJobFailure', async () => {
    const jobs = createJobs({ database: database(), logger: silent, clock: fixedClock(t0) });
    let calls = 0;
    jobs.handle('final-q', async () => {
      calls += 1;
      throw new FinalJobFailure('ESR refused the request');
    });
    const id = (await jobs.enqueue(database().db, 'final-q', {}))!;
    await jobs.tick();
    const row = await jobRow(database().db, id);
    assert.equal(row.state, 'failed');
    assert.equal(row.attempts, 1);
    assert.equal(row.lastError, 'FinalJobFailure: ESR refused the request');
    assert.equal(calls, 1);
  });

  it('runNow runs one due job through the worker (outcome and back-off included), and only a due, free one', async () => {
    const clock = fixedClock(t0);
    const jobs = createJobs({ database: database(), logger: silent, clock });
    const contexts: JobContext[] = [];
    jobs.handle('now-q', async (_payload, context) => {
      contexts.push(context);
      throw new Error('try again later');
    });
    const id = (await jobs.enqueue(database().db, 'now-q', {}))!;
    const later = (await jobs.enqueue(database().db, 'now-q', {}, { runAt: new Date(t0.getTime() + 60_000) }))!;
    assert.equal(await jobs.runNow(id), true);
    assert.equal(contexts[0]?.retryDelayMs, 10_000, 'the handler knows the back-off before its next attempt');
    const row = await jobRow(database().db, id);
    assert.equal(row.state, 'queued');
    assert.equal(row.runAt.toISOString(), new Date(t0.getTime() + 10_000).toISOString());
    assert.equal(await jobs.runNow(id), false, 'not due again until its back-off has passed');
    assert.equal(await jobs.runNow(later), false, 'not due yet');
    assert.equal(contexts.length, 1);
  });

  it('stop() waits for running handlers to finish', async () => {
    const jobs = createJobs({ database: database(), logger: silent, clock: fixedClock(t0), pollIntervalMs: 10 });
    let startedRun!: () => void;
    const running = new Promise<void>((resolve) => (startedRun = resolve));
    let finished = false;
    jobs.handle('graceful-q', async () => {
      startedRun();
      await new Promise((r) => setTimeout(r, 50));
      finished = true;
    });
    const id = (await jobs.enqueue(database().db, 'graceful-q', {}))!;
    jobs.start();
    await running;
    await jobs.stop();
    assert.equal(finished, true);
    assert.equal((await jobRow(database().db, id)).state, 'done');
  });

  it('stop() gives up after its timeout and aborts the handlers still running', async () => {
    const jobs = createJobs({ database: database(), logger: silent, clock: fixedClock(t0), pollIntervalMs: 10, stopTimeoutMs: 30 });
    let signal: AbortSignal | undefined;
    let startedRun!: () => void;
    const running = new Promise<void>((resolve) => (startedRun = resolve));
    jobs.handle('stuck-q', async (_payload, context) => {
      signal = context.signal;
      startedRun();
      await new Promise((resolve) => context.signal.addEventListener('abort', resolve));
      throw new Error('aborted');
    });
    await jobs.enqueue(database().db, 'stuck-q', {});
    jobs.start();
    await running;
    const before = Date.now();
    await jobs.stop();
    assert.ok(Date.now() - before < 1000);
    assert.equal(signal?.aborted, true);
  });
});

it('refuses settings that could fire a schedule twice or make no sense', () => {
  const database = {} as never;
  assert.throws(() => createJobs({ database, logger: silent, catchUpMs: 60_000, retentionMs: 60_000 }), TypeError);
  assert.throws(() => createJobs({ database, logger: silent, concurrency: 0 }), TypeError);
  assert.throws(() => createJobs({ database, logger: silent, pollIntervalMs: 1.5 }), TypeError);
  const jobs = createJobs({ database, logger: silent });
  assert.throws(() => jobs.handle('bad queue name', async () => undefined), TypeError);
  jobs.handle('q', async () => undefined);
  assert.throws(() => jobs.handle('q', async () => undefined), TypeError);
});
