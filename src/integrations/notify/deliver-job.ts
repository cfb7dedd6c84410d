// The 'notify.deliver' job: its queue name, its payload, and the slice of the job queue's
// contract (src/jobs/types.ts) this module uses. The slice is declared here, structurally,
// because integrations may not import from jobs (eslint.config.js layers): the real JobQueue and
// JobHandler are assignable to these types.
import { z } from 'zod';
import type { Db } from '../../store/database.ts';

export const deliverQueue = 'notify.deliver';

export const zDeliverPayload = z.object({ notificationId: z.uuid() });
export type DeliverPayload = z.infer<typeof zDeliverPayload>;

/** What the Notifier needs of src/jobs' JobQueue: enqueue on the caller's db or transaction. */
export interface NotifyJobQueue {
  enqueue(db: Db, queue: string, payload: Record<string, unknown>, options?: { organisationId?: string | null }): Promise<string | undefined>;
}

/** What the deliver handler reads of src/jobs' JobContext. */
export interface DeliverJobContext {
  readonly id: string;
  readonly attempt: number;
}

export type DeliverJobHandler = (payload: unknown, context: DeliverJobContext) => Promise<void>;
