// Cron schedules that fire exactly once across replicas and survive restarts.
//
// Every replica declares the same schedules and ticks on its own. A tick looks at each fire
// time in (checked up to, now] and, in one transaction, inserts (schedule, fire_at) into
// schedule_runs with ON CONFLICT DO NOTHING and enqueues the job only if that insert won.
// Exactly once across replicas: the schedule_runs primary key admits one row per firing,
// and the job commits with it or not at all. Surviving a restart: a fresh scheduler starts
// checking `catchUpMs` back, so a firing missed while no replica was running still happens
// (and one that already happened is a conflict, so it does not happen twice).
import { randomUUID } from 'node:crypto';
import { schema, type Database } from '../store/database.ts';
import type { Clock } from '../platform/clock.ts';
import type { Logger } from '../platform/logger.ts';
import { checkQueueName, enqueueJob } from './enqueue-job.ts';
import { defaultTimezone, fireTimesBetween, parseCron, type CronSchedule } from './fire-times.ts';
import type { ScheduleOptions } from './types.ts';

export interface SchedulerOptions {
  database: Database;
  clock: Clock;
  logger: Logger;
  /** How far back a freshly started scheduler looks for firings it missed. */
  catchUpMs: number;
  /** Bounds one tick's work for a very frequent pattern; the rest waits for the next tick. */
  maxFiresPerTick?: number;
}

interface Schedule {
  name: string;
  cron: CronSchedule;
  queue: string;
  payload: Record<string, unknown>;
  organisationId: string | null;
  maxAttempts: number | undefined;
  /** Fire times up to here have been handled (by us or another replica). */
  checkedUpTo: Date | undefined;
}

export interface Scheduler {
  schedule(name: string, cron: string, queue: string, payload?: Record<string, unknown>, options?: ScheduleOptions): void;
  /** Fires every due firing; returns how many this instance won. */
  tick(): Promise<number>;
}

export function createScheduler(options: SchedulerOptions): Scheduler {
  const { database, clock, logger, catchUpMs } = options;
  const maxFiresPerTick = options.maxFiresPerTick ?? 1000;
  const schedules = new Map<string, Schedule>();

  /** One firing, in one transaction: claim it in schedule_runs, then enqueue its job. */
  async function fire(schedule: Schedule, fireAt: Date): Promise<boolean> {
    return database.transaction(async (tx) => {
      const jobId = randomUUID();
      const won = await tx
        .insert(schema.scheduleRuns)
        .values({ schedule: schedule.name, fireAt, jobId, createdAt: clock.now() })
        .onConflictDoNothing()
        .returning({ jobId: schema.scheduleRuns.jobId });
      if (won.length === 0) return false;
      // run_at is the fire time, so the job is due at once and ordered by when it should have run.
      await enqueueJob(tx, clock, schedule.queue, schedule.payload, {
        id: jobId,
        runAt: fireAt,
        organisationId: schedule.organisationId,
        maxAttempts: schedule.maxAttempts,
      });
      return true;
    });
  }

  return {
    schedule(name, pattern, queue, payload = {}, scheduleOptions = {}) {
      if (!/^[a-z0-9][a-z0-9._:-]{0,99}$/i.test(name)) throw new TypeError(`invalid schedule name ${JSON.stringify(name)}`);
      if (schedules.has(name)) throw new TypeError(`schedule ${JSON.stringify(name)} is already declared`);
      checkQueueName(queue);
      schedules.set(name, {
        name,
        cron: parseCron(pattern, scheduleOptions.timezone ?? defaultTimezone),
        queue,
        payload,
        organisationId: scheduleOptions.organisationId ?? null,
        maxAttempts: scheduleOptions.maxAttempts,
        checkedUpTo: undefined,
      });
    },

    async tick() {
      const now = clock.now();
      let fired = 0;
      for (const schedule of schedules.values()) {
        const from = schedule.checkedUpTo ?? new Date(now.getTime() - catchUpMs);
        if (now.getTime() <= from.getTime()) continue;
        const times = fireTimesBetween(schedule.cron, from, now, maxFiresPerTick);
        for (const fireAt of times) {
          // Advance only after the firing is recorded: if the database fails, the next tick retries it.
          if (await fire(schedule, fireAt)) {
            fired += 1;
            logger.info({ schedule: schedule.name, queue: schedule.queue, fireAt }, 'schedule fired');
          }
          schedule.checkedUpTo = fireAt;
        }
        if (times.length < maxFiresPerTick) schedule.checkedUpTo = now;
      }
      return fired;
    },
  };
}
