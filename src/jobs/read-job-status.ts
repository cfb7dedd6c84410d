// The operators' view of the queue (for the status page): how many jobs sit in each queue
// and state, and which failed recently. Payloads are never read here: they may hold
// personal data, and an operator needs the id, queue and error to act.
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import { schema, type Db } from '../store/database.ts';
import type { FailedJob, JobState, QueueStateCount } from './types.ts';

const { jobs } = schema;

export async function countJobsByQueueAndState(db: Db): Promise<QueueStateCount[]> {
  const rows = await db
    .select({
      queue: jobs.queue,
      state: jobs.state,
      count: sql<number>`count(*)::int`,
      oldestRunAt: sql<Date | string>`min(${jobs.runAt})`,
    })
    .from(jobs)
    .groupBy(jobs.queue, jobs.state)
    .orderBy(asc(jobs.queue), asc(jobs.state));
  return rows.map((r) => ({
    queue: r.queue,
    state: r.state as JobState,
    count: Number(r.count),
    // An aggregate is not mapped by the column type: the drivers hand it back as text.
    oldestRunAt: new Date(r.oldestRunAt),
  }));
}

export async function listRecentFailures(db: Db, options: { limit?: number; queue?: string } = {}): Promise<FailedJob[]> {
  const limit = options.limit ?? 20;
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new TypeError(`limit must be an integer in 1..1000, not ${limit}`);
  return db
    .select({
      id: jobs.id,
      queue: jobs.queue,
      organisationId: jobs.organisationId,
      attempts: jobs.attempts,
      maxAttempts: jobs.maxAttempts,
      lastError: jobs.lastError,
      failedAt: jobs.finishedAt,
    })
    .from(jobs)
    .where(options.queue === undefined ? eq(jobs.state, 'failed') : and(eq(jobs.state, 'failed'), eq(jobs.queue, options.queue)))
    .orderBy(sql`${jobs.finishedAt} desc nulls last`, desc(jobs.id))
    .limit(limit);
}
