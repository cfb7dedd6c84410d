// Keeps the queue tables from growing without bound: finished jobs and old schedule runs
// are deleted after a retention period. A schedule run must outlive the scheduler's
// catch-up window, or a restarting replica would fire that firing a second time;
// create-jobs.ts refuses a retention that is not longer.
import { sql } from 'drizzle-orm';
import { rowsOf, type Db } from '../store/database.ts';

/** Deletes done/failed jobs finished, and schedule runs fired, before `before`. Returns rows deleted. */
export async function pruneJobs(db: Db, before: Date): Promise<number> {
  const cutoff = before.toISOString();
  const [row] = await rowsOf<{ jobs: number; runs: number }>(
    db,
    sql`
    with finished as (
           delete from jobs where state in ('done', 'failed') and finished_at < ${cutoff}::timestamptz returning 1),
         fired as (
           delete from schedule_runs where fire_at < ${cutoff}::timestamptz returning 1)
    select (select count(*) from finished)::int as jobs, (select count(*) from fired)::int as runs`,
  );
  return Number(row?.jobs ?? 0) + Number(row?.runs ?? 0);
}
