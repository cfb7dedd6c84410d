// The job foundation of one process: a persistent queue in PostgreSQL (or PGlite), cron
// schedules, and a worker, behind one object. Every replica creates one; they coordinate
// only through the database (jobs rows claimed with SKIP LOCKED, schedule_runs primary key),
// so any number may run. We do not use pg-boss: jobs must be enqueued in the caller's own
// transaction, through the one driver we already have, with an injectable clock for tests.
import os from 'node:os';
import { randomUUID } from 'node:crypto';
import type { Database } from '../store/database.ts';
import { systemClock, type Clock } from '../platform/clock.ts';
import type { Logger } from '../platform/logger.ts';
import { enqueueJob } from './enqueue-job.ts';
import { createScheduler } from './scheduler.ts';
import { createWorker } from './worker.ts';
import { pruneJobs } from './prune-jobs.ts';
import { countJobsByQueueAndState, listRecentFailures } from './read-job-status.ts';
import type { Jobs } from './types.ts';

export interface JobsOptions {
  database: Database;
  logger: Logger;
  clock?: Clock;
  /** Recorded in jobs.locked_by; unique per process by default. */
  workerId?: string;
  pollIntervalMs?: number;
  /** Handlers running at once in this process. */
  concurrency?: number;
  /** How long a claim holds. A handler must finish within it, or another replica runs the job again. */
  lockMs?: number;
  /** First retry delay; it doubles with every attempt up to retryMaxMs. */
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** How far back a starting scheduler looks for firings missed while nothing ran. */
  catchUpMs?: number;
  /** How long stop() waits for running handlers. */
  stopTimeoutMs?: number;
  /** Finished jobs and schedule runs older than this are pruned (hourly while started). */
  retentionMs?: number;
}

/** One documented defaults object (STYLE.md: configuration). */
export const jobsDefaults = {
  pollIntervalMs: 1000,
  concurrency: 4,
  lockMs: 5 * 60_000,
  retryBaseMs: 10_000,
  retryMaxMs: 60 * 60_000,
  catchUpMs: 10 * 60_000,
  stopTimeoutMs: 10_000,
  retentionMs: 30 * 24 * 60 * 60_000,
} as const;

const pruneEveryMs = 60 * 60_000;

function positiveInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) throw new TypeError(`jobs option ${name} must be a positive integer, not ${value}`);
  return value;
}

export function createJobs(options: JobsOptions): Jobs {
  const clock = options.clock ?? systemClock;
  const { database, logger } = options;
  const settings = { ...jobsDefaults };
  for (const key of Object.keys(jobsDefaults) as Array<keyof typeof jobsDefaults>) {
    const given = options[key];
    if (given !== undefined) settings[key] = positiveInteger(key, given) as never;
  }
  if (settings.retentionMs <= settings.catchUpMs)
    throw new TypeError('jobs option retentionMs must be longer than catchUpMs, or a restart could fire a schedule twice');
  if (settings.retryMaxMs < settings.retryBaseMs) throw new TypeError('jobs option retryMaxMs must be at least retryBaseMs');
  const workerId = options.workerId ?? `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;

  const scheduler = createScheduler({ database, clock, logger, catchUpMs: settings.catchUpMs });
  const worker = createWorker({
    database,
    clock,
    logger,
    workerId,
    lockMs: settings.lockMs,
    retryBaseMs: settings.retryBaseMs,
    retryMaxMs: settings.retryMaxMs,
  });

  const inFlight = new Set<Promise<void>>();
  let started = false;
  let timer: NodeJS.Timeout | undefined;
  let pass: Promise<void> | undefined;
  let again = false;
  let lastPrunedAt: number | undefined;

  function track(runs: Array<Promise<void>>, onSettled?: () => void): void {
    for (const run of runs) {
      inFlight.add(run);
      void run.then(() => {
        inFlight.delete(run);
        onSettled?.();
      });
    }
  }

  async function prune(): Promise<number> {
    return pruneJobs(database.db, new Date(clock.now().getTime() - settings.retentionMs));
  }

  /** One poll: fire due schedules, then fill the free handler slots with due jobs. */
  async function pollOnce(): Promise<void> {
    await scheduler.tick();
    while (started) {
      const free = settings.concurrency - inFlight.size;
      if (free <= 0) break;
      const runs = await worker.claimAndRun(free);
      // A finished run frees a slot: poll again at once rather than waiting for the timer.
      track(runs, wake);
      if (runs.length < free) break;
    }
    const now = clock.now().getTime();
    if (lastPrunedAt === undefined || now - lastPrunedAt >= pruneEveryMs) {
      lastPrunedAt = now;
      const deleted = await prune();
      if (deleted > 0) logger.info({ deleted }, 'pruned finished jobs and schedule runs');
    }
  }

  /** Runs a poll now, unless one is running: then it runs again right after (ticks never overlap). */
  function wake(): void {
    if (!started) return;
    if (pass) {
      again = true;
      return;
    }
    clearTimeout(timer);
    pass = (async () => {
      do {
        again = false;
        try {
          await pollOnce();
        } catch (error) {
          // The database may be restarting: log (class only, never the message) and poll again later.
          logger.error({ errorName: error instanceof Error ? error.name : typeof error }, 'job poll failed');
        }
      } while (again && started);
      pass = undefined;
      if (started) timer = setTimeout(wake, settings.pollIntervalMs).unref();
    })();
  }

  return {
    enqueue: (db, queue, payload, enqueueOptions) => enqueueJob(db, clock, queue, payload, enqueueOptions),
    handle: (queue, handler) => worker.handle(queue, handler),
    schedule: (name, cron, queue, payload, scheduleOptions) => scheduler.schedule(name, cron, queue, payload, scheduleOptions),

    start() {
      if (started) return;
      started = true;
      logger.info({ workerId, pollIntervalMs: settings.pollIntervalMs, concurrency: settings.concurrency }, 'jobs started');
      wake();
    },

    async stop() {
      if (!started) return;
      started = false;
      clearTimeout(timer);
      await pass;
      if (inFlight.size === 0) return;
      let timeout: NodeJS.Timeout | undefined;
      const finished = await Promise.race([
        Promise.allSettled([...inFlight]).then(() => true),
        new Promise<false>((resolve) => {
          timeout = setTimeout(() => resolve(false), settings.stopTimeoutMs).unref();
        }),
      ]);
      clearTimeout(timeout);
      if (!finished) {
        // Their claims stay 'running' until the lock expires; then another replica runs them again.
        logger.warn({ running: inFlight.size }, 'jobs stopped with handlers still running');
        worker.abort();
      }
    },

    async tick() {
      const fired = await scheduler.tick();
      let ran = 0;
      for (;;) {
        const runs = await worker.claimAndRun(settings.concurrency);
        if (runs.length === 0) break;
        track(runs);
        await Promise.all(runs);
        ran += runs.length;
      }
      return { fired, ran };
    },

    async runNow(jobId) {
      const claimed = await worker.claimOne(jobId);
      if (!claimed) return false;
      track([claimed.run]);
      await claimed.run;
      return true;
    },
    prune,
    counts: () => countJobsByQueueAndState(database.db),
    recentFailures: (limit) => listRecentFailures(database.db, limit === undefined ? {} : { limit }),
  };
}
