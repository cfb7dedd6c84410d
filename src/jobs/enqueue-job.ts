// Inserts one job row through whatever `db` the caller hands us, usually its own open
// transaction: the job then exists exactly when the change that asked for it commits.
import { randomUUID } from 'node:crypto';
import { schema, type Db } from '../store/database.ts';
import type { Clock } from '../platform/clock.ts';
import type { EnqueueOptions } from './types.ts';

export const defaultMaxAttempts = 5;

export interface JobRow extends EnqueueOptions {
  /** Set by the scheduler, which records the id in schedule_runs before the job exists. */
  id?: string;
}

/** Returns the new job's id, or undefined when a live job with the same singleton key exists. */
export async function enqueueJob(
  db: Db,
  clock: Clock,
  queue: string,
  payload: Record<string, unknown>,
  options: JobRow = {},
): Promise<string | undefined> {
  checkQueueName(queue);
  const maxAttempts = options.maxAttempts ?? defaultMaxAttempts;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) throw new TypeError(`maxAttempts must be a positive integer, not ${maxAttempts}`);
  if (options.singletonKey !== undefined && options.singletonKey === '') throw new TypeError('singletonKey must not be empty');
  const now = clock.now();
  const inserted = await db
    .insert(schema.jobs)
    .values({
      id: options.id ?? randomUUID(),
      queue,
      organisationId: options.organisationId ?? null,
      payload,
      state: 'queued',
      runAt: options.runAt ?? now,
      maxAttempts,
      singletonKey: options.singletonKey ?? null,
      // The injected clock, not SQL now(): one notion of time, which tests can move.
      createdAt: now,
    })
    // The only conflict an insert with a fresh uuid can meet is the partial unique index
    // jobs_singleton_key (queue, singleton_key) over queued and running jobs: a live
    // singleton already exists, which is an outcome, not an error (STYLE.md rule 8).
    .onConflictDoNothing()
    .returning({ id: schema.jobs.id });
  return inserted[0]?.id;
}

export function checkQueueName(queue: string): void {
  if (typeof queue !== 'string' || !/^[a-z0-9][a-z0-9._:-]{0,99}$/i.test(queue))
    throw new TypeError(`invalid queue name ${JSON.stringify(queue)}: letters, digits and . _ : - only`);
}
