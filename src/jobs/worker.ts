// Runs claimed jobs with the handler registered for their queue and records the outcome:
// done; or, on error, last_error and a retry with exponential backoff until max_attempts,
// then 'failed'. A run never rejects: whatever happens is recorded or logged, and a run
// whose outcome cannot be recorded (database gone) is reclaimed once its lock expires.
import type { Database } from '../store/database.ts';
import type { Clock } from '../platform/clock.ts';
import type { Logger } from '../platform/logger.ts';
import { claimDueJobs, claimJob, type ClaimedJob } from './claim-jobs.ts';
import { markJobDone, markJobFailed } from './finish-job.ts';
import { retryDelayMs } from './retry-delay.ts';
import { checkQueueName } from './enqueue-job.ts';
import { FinalJobFailure, type JobHandler } from './types.ts';

export interface WorkerOptions {
  database: Database;
  clock: Clock;
  logger: Logger;
  workerId: string;
  lockMs: number;
  retryBaseMs: number;
  retryMaxMs: number;
}

export interface Worker {
  handle(queue: string, handler: JobHandler): void;
  /** Claims up to `limit` due jobs and starts running them; resolves once they are claimed, to their runs. */
  claimAndRun(limit: number): Promise<Array<Promise<void>>>;
  /** Claims one given job if it is due and free; resolves to its run, or undefined. */
  claimOne(id: string): Promise<{ run: Promise<void> } | undefined>;
  /** Tells running handlers to give up (their context.signal aborts). */
  abort(): void;
}

const maxErrorLength = 2000;

/** What is stored in last_error: for operators, in the database, never in logs. */
function describeError(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : `thrown: ${String(error)}`;
  return text.length > maxErrorLength ? `${text.slice(0, maxErrorLength)}…` : text;
}

/**
 * What is logged about an error: its class and code, never its message. Messages can carry
 * personal data (a unique violation's message quotes the duplicate email) and so can the
 * payload, which is never logged at all (STYLE.md rule 9).
 */
function errorFields(error: unknown): { errorName: string; errorCode?: string } {
  if (!(error instanceof Error)) return { errorName: typeof error };
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? { errorName: error.name, errorCode: code } : { errorName: error.name };
}

export function createWorker(options: WorkerOptions): Worker {
  const { database, clock, logger, workerId } = options;
  const handlers = new Map<string, JobHandler>();
  let aborter = new AbortController();

  async function fail(job: ClaimedJob, error: string, final: boolean): Promise<void> {
    const now = clock.now();
    const retryAt = new Date(now.getTime() + retryDelayMs(job.attempt, options.retryBaseMs, options.retryMaxMs));
    const outcome = await markJobFailed(database.db, { job, workerId }, { now, retryAt, error, final });
    const fields = { jobId: job.id, queue: job.queue, attempt: job.attempt, maxAttempts: job.maxAttempts };
    if (!outcome) logger.warn(fields, 'job failed after its lock was lost; outcome not recorded');
    else if (outcome.state === 'failed') logger.error(fields, 'job failed for good');
    else logger.warn({ ...fields, retryAt }, 'job failed; will retry');
  }

  async function run(job: ClaimedJob): Promise<void> {
    try {
      const handler = handlers.get(job.queue);
      if (!handler) {
        // Retrying cannot help until a release registers the handler, so the job ends here.
        await fail(job, `no handler is registered for queue ${JSON.stringify(job.queue)}`, true);
        return;
      }
      try {
        await handler(job.payload, {
          id: job.id,
          queue: job.queue,
          organisationId: job.organisationId,
          attempt: job.attempt,
          maxAttempts: job.maxAttempts,
          signal: aborter.signal,
          retryDelayMs: retryDelayMs(job.attempt, options.retryBaseMs, options.retryMaxMs),
        });
      } catch (error) {
        logger.warn({ jobId: job.id, queue: job.queue, ...errorFields(error) }, 'job handler threw');
        await fail(job, describeError(error), error instanceof FinalJobFailure);
        return;
      }
      if (!(await markJobDone(database.db, { job, workerId }, clock.now())))
        logger.warn({ jobId: job.id, queue: job.queue }, 'job finished after its lock was lost; outcome not recorded');
    } catch (error) {
      // Recording the outcome failed (database unavailable): the lock expires and the job is reclaimed.
      logger.error({ jobId: job.id, queue: job.queue, ...errorFields(error) }, 'could not record job outcome');
    }
  }

  return {
    handle(queue, handler) {
      checkQueueName(queue);
      if (typeof handler !== 'function') throw new TypeError(`handler for queue ${JSON.stringify(queue)} is not a function`);
      if (handlers.has(queue)) throw new TypeError(`queue ${JSON.stringify(queue)} already has a handler`);
      handlers.set(queue, handler);
    },

    async claimAndRun(limit) {
      if (aborter.signal.aborted) aborter = new AbortController();
      const claimed = await claimDueJobs(database.db, { now: clock.now(), limit, lockMs: options.lockMs, workerId });
      return claimed.map((job) => run(job));
    },

    async claimOne(id) {
      if (aborter.signal.aborted) aborter = new AbortController();
      const job = await claimJob(database.db, id, { now: clock.now(), lockMs: options.lockMs, workerId });
      return job ? { run: run(job) } : undefined;
    },

    abort() {
      aborter.abort();
    },
  };
}
