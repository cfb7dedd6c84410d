// The job foundation's public contract. Other parts enqueue work inside their own
// transaction (so a job exists exactly when the change that asked for it committed)
// and register handlers by queue name.
import type { Db } from '../store/database.ts';

export interface EnqueueOptions {
  organisationId?: string | null;
  /** When the job becomes due (default: now). */
  runAt?: Date;
  /** At most one queued or running job per (queue, singletonKey). */
  singletonKey?: string;
  /** How many times the handler may run before the job ends 'failed' (default 5). */
  maxAttempts?: number;
}

export interface JobContext {
  id: string;
  queue: string;
  organisationId: string | null;
  /** 1 on the first run, 2 on the first retry, … */
  attempt: number;
  maxAttempts: number;
  /** Aborted when the worker is stopping and its grace period has run out: finish or give up. */
  signal: AbortSignal;
  /** How long the queue waits before the next attempt if this one throws (exponential back-off, retry-delay.ts). */
  retryDelayMs: number;
}

/**
 * Thrown by a handler whose failure no retry can fix (a request the other side refuses, a
 * setting that is missing): the job ends `failed` at once instead of backing off and trying again.
 */
export class FinalJobFailure extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'FinalJobFailure';
  }
}

/**
 * Does the work of one job. `payload` is JSON read back from the database: parse it
 * (STYLE.md rule 10). Throwing schedules a retry with backoff (FinalJobFailure: no retry); the
 * thrown error's name and message are stored in `jobs.last_error` for operators, so keep
 * personal data out of it.
 */
export type JobHandler = (payload: unknown, context: JobContext) => Promise<void>;

export interface JobQueue {
  /** Adds a job using `db`, which may be an open transaction. Returns the job id, or undefined when a singleton already exists. */
  enqueue(db: Db, queue: string, payload: Record<string, unknown>, options?: EnqueueOptions): Promise<string | undefined>;
}

export type JobState = 'queued' | 'running' | 'done' | 'failed';

export interface ScheduleOptions {
  /** IANA time zone the cron pattern is read in (default Europe/London). */
  timezone?: string;
  organisationId?: string | null;
  maxAttempts?: number;
}

/** What one `tick()` did: schedule firings this instance won, and job runs it completed. */
export interface TickResult {
  fired: number;
  ran: number;
}

/** Jobs per queue and state, for the status page. */
export interface QueueStateCount {
  queue: string;
  state: JobState;
  count: number;
  /** The earliest run_at among them: for 'queued', how long the oldest has waited. */
  oldestRunAt: Date;
}

/** A job that ended 'failed'. The payload is left out on purpose: it may hold personal data. */
export interface FailedJob {
  id: string;
  queue: string;
  organisationId: string | null;
  attempts: number;
  maxAttempts: number;
  lastError: string | null;
  failedAt: Date | null;
}

/** The whole job foundation of one process (see create-jobs.ts). */
export interface Jobs extends JobQueue {
  /** Registers the handler of a queue. One handler per queue; a second is a TypeError. */
  handle(queue: string, handler: JobHandler): void;
  /**
   * Enqueues `payload` on `queue` at every fire time of `cron` (5 or 6 fields, read in
   * `options.timezone`), exactly once across all replicas that declare the same `name`.
   */
  schedule(name: string, cron: string, queue: string, payload?: Record<string, unknown>, options?: ScheduleOptions): void;
  /** Starts polling every pollIntervalMs. Timers are unref'd: they never keep the process alive. */
  start(): void;
  /** Stops polling and waits (up to stopTimeoutMs) for handlers that are running. */
  stop(): Promise<void>;
  /** For tests and one-shot commands: fires due schedules, then runs due jobs until none are due. */
  tick(): Promise<TickResult>;
  /**
   * Runs one queued job now if it is due and no worker holds it, through the same path as the
   * poller (handler, outcome, retry with back-off). Resolves when that attempt has ended; false
   * when it was not there to claim (not due, finished, or another worker has it).
   */
  runNow(jobId: string): Promise<boolean>;
  /** Deletes finished jobs and schedule runs older than the retention period. Returns rows deleted. */
  prune(): Promise<number>;
  counts(): Promise<QueueStateCount[]>;
  recentFailures(limit?: number): Promise<FailedJob[]>;
}
