// Records how a claimed run ended. Every update is guarded by the claim (worker and attempt):
// if our lock expired and another replica reclaimed the job, this run's outcome is stale
// and must not overwrite the newer run's state.
import { sql } from 'drizzle-orm';
import { rowsOf, type Db } from '../store/database.ts';
import type { ClaimedJob } from './claim-jobs.ts';

export interface RunIdentity {
  job: ClaimedJob;
  workerId: string;
}

/** Marks the run done. Returns false when the claim had been lost. */
export async function markJobDone(db: Db, { job, workerId }: RunIdentity, now: Date): Promise<boolean> {
  const rows = await rowsOf<{ id: string }>(
    db,
    sql`
    update jobs
       set state = 'done', finished_at = ${now.toISOString()}::timestamptz, locked_until = null, locked_by = null
     where id = ${job.id} and state = 'running' and locked_by = ${workerId} and attempts = ${job.attempt}
    returning id`,
  );
  return rows.length === 1;
}

export interface FailureOutcome {
  /** 'queued' when it will be retried at `retryAt`, 'failed' when it has run out of attempts. */
  state: 'queued' | 'failed';
}

/**
 * Records a failed run: back to 'queued' at `retryAt`, or 'failed' for good when the
 * attempts are used up or `final` (nothing would change on a retry, e.g. no handler).
 * Returns undefined when the claim had been lost.
 */
export async function markJobFailed(
  db: Db,
  { job, workerId }: RunIdentity,
  failure: { now: Date; retryAt: Date; error: string; final?: boolean },
): Promise<FailureOutcome | undefined> {
  const final = failure.final === true || job.attempt >= job.maxAttempts;
  const now = failure.now.toISOString();
  const rows = await rowsOf<{ state: 'queued' | 'failed' }>(
    db,
    final
      ? sql`
    update jobs
       set state = 'failed', finished_at = ${now}::timestamptz, locked_until = null, locked_by = null,
           last_error = ${failure.error}
     where id = ${job.id} and state = 'running' and locked_by = ${workerId} and attempts = ${job.attempt}
    returning state`
      : sql`
    update jobs
       set state = 'queued', run_at = ${failure.retryAt.toISOString()}::timestamptz, locked_until = null, locked_by = null,
           last_error = ${failure.error}
     where id = ${job.id} and state = 'running' and locked_by = ${workerId} and attempts = ${job.attempt}
    returning state`,
  );
  return rows[0] ? { state: rows[0].state } : undefined;
}
