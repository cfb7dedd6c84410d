// Claims due jobs for one worker. Many replicas poll the same table; the claim is one
// UPDATE over a sub-select taken FOR UPDATE SKIP LOCKED, so two workers never claim the
// same row, and neither waits for the other (PostgreSQL 15 and PGlite alike).
import { sql } from 'drizzle-orm';
import { rowsOf, type Db } from '../store/database.ts';

export interface ClaimedJob {
  id: string;
  queue: string;
  organisationId: string | null;
  payload: unknown;
  /** Counting this run. */
  attempt: number;
  maxAttempts: number;
}

export interface ClaimOptions {
  /** From the injected clock, passed as a parameter (never SQL now()) so tests can move time. */
  now: Date;
  limit: number;
  /**
   * How long the claim holds; past it the job counts as abandoned by a crashed replica.
   * Replicas compare locks against their own clocks, so keep it far above their skew (NTP).
   */
  lockMs: number;
  workerId: string;
}

export const expiredLockError = 'lock expired during the last attempt (the worker stopped or crashed)';

export async function claimDueJobs(db: Db, options: ClaimOptions): Promise<ClaimedJob[]> {
  const now = options.now.toISOString();
  const lockedUntil = new Date(options.now.getTime() + options.lockMs).toISOString();
  // A running job whose lock has expired was abandoned mid-run. If that was its last allowed
  // attempt it ends here: running it again would exceed max_attempts, and a job that keeps
  // crashing its worker must not crash replica after replica.
  await db.execute(sql`
    update jobs
       set state = 'failed', finished_at = ${now}::timestamptz, locked_until = null, locked_by = null,
           last_error = ${expiredLockError}
     where state = 'running' and locked_until <= ${now}::timestamptz and attempts >= max_attempts`);
  const rows = await rowsOf<{
    id: string;
    queue: string;
    organisation_id: string | null;
    payload: unknown;
    attempts: number;
    max_attempts: number;
  }>(
    db,
    sql`
    update jobs
       set state = 'running', attempts = attempts + 1,
           locked_until = ${lockedUntil}::timestamptz, locked_by = ${options.workerId}
     where id in (
           select id from jobs
            where (state = 'queued' and run_at <= ${now}::timestamptz)
               or (state = 'running' and locked_until <= ${now}::timestamptz and attempts < max_attempts)
            order by run_at, id
            limit ${options.limit}
              for update skip locked)
    returning id, queue, organisation_id, payload, attempts, max_attempts`,
  );
  return rows.map((r) => ({
      id: r.id,
      queue: r.queue,
      organisationId: r.organisation_id,
      payload: r.payload,
      attempt: Number(r.attempts),
      maxAttempts: Number(r.max_attempts),
  }));
}

/**
 * Claims one given job if it is due and nobody holds it (`dsp jobs run`: run it now, through the
 * same path as the poller). Undefined when it is not queued and due, or another worker has it.
 */
export async function claimJob(db: Db, id: string, options: Omit<ClaimOptions, 'limit'>): Promise<ClaimedJob | undefined> {
  const now = options.now.toISOString();
  const lockedUntil = new Date(options.now.getTime() + options.lockMs).toISOString();
  const rows = await rowsOf<{ id: string; queue: string; organisation_id: string | null; payload: unknown; attempts: number; max_attempts: number }>(
    db,
    sql`
    update jobs
       set state = 'running', attempts = attempts + 1,
           locked_until = ${lockedUntil}::timestamptz, locked_by = ${options.workerId}
     where id in (
           select id from jobs
            where id = ${id} and state = 'queued' and run_at <= ${now}::timestamptz
              for update skip locked)
    returning id, queue, organisation_id, payload, attempts, max_attempts`,
  );
  const r = rows[0];
  return r
    ? { id: r.id, queue: r.queue, organisationId: r.organisation_id, payload: r.payload, attempt: Number(r.attempts), maxAttempts: Number(r.max_attempts) }
    : undefined;
}
