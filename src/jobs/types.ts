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
  maxAttempts?: number;
}

export interface JobContext {
  id: string;
  queue: string;
  organisationId: string | null;
  attempt: number;
}

export type JobHandler = (payload: unknown, context: JobContext) => Promise<void>;

export interface JobQueue {
  /** Adds a job using `db`, which may be an open transaction. Returns the job id, or undefined when a singleton already exists. */
  enqueue(db: Db, queue: string, payload: Record<string, unknown>, options?: EnqueueOptions): Promise<string | undefined>;
}
