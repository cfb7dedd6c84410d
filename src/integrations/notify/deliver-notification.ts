// The 'notify.deliver' job handler: hands one recorded message to the provider and records
// the outcome on its row.
//
// - A message already sent is not sent again (a job retried after the provider accepted it).
// - A transient failure (outage, rate limit) marks the row failed and rethrows, so the queue
//   tries again later; a permanent one (the provider refuses the recipient) marks it failed and
//   returns, since trying again cannot help.
// - last_error and log lines carry ids, status codes and error names: never the recipient, the
//   body or a code.
//
// The handler uses the db it was created with, outside any transaction: the provider call may be
// slow, and it must not hold locks (on PGlite, one session, it would block everything else).
import { and, eq, ne, sql } from 'drizzle-orm';
import type { Logger } from '../../platform/logger.ts';
import { schema, type Db } from '../../store/database.ts';
import { zDeliverPayload, type DeliverJobContext, type DeliverJobHandler } from './deliver-job.ts';
import { DeliveryFailed } from './errors.ts';
import type { DeliveryReceipt, NotificationProvider } from './provider.ts';

export interface DeliverNotificationOptions {
  readonly db: Db;
  readonly provider: NotificationProvider;
  readonly logger?: Logger | undefined;
}

type NotificationRow = typeof schema.notifications.$inferSelect;

export function createDeliverNotificationHandler(options: DeliverNotificationOptions): DeliverJobHandler {
  const { db, provider, logger } = options;

  function parsePayload(payload: unknown) {
    const parsed = zDeliverPayload.safeParse(payload);
    if (!parsed.success) throw new TypeError('notify.deliver payload must be {notificationId: uuid}');
    return parsed.data;
  }

  async function loadNotification(id: string): Promise<NotificationRow | undefined> {
    const [row] = await db.select().from(schema.notifications).where(eq(schema.notifications.id, id));
    return row;
  }

  function handOver(row: NotificationRow): Promise<DeliveryReceipt> {
    return row.channel === 'email'
      ? provider.sendEmail({ notificationId: row.id, to: row.recipient, subject: row.subject ?? '', body: row.body })
      : provider.sendSms({ notificationId: row.id, to: row.recipient, body: row.body });
  }

  async function recordSent(row: NotificationRow, receipt: DeliveryReceipt) {
    await db
      .update(schema.notifications)
      .set({ status: 'sent', provider: provider.name, providerReference: receipt.reference, lastError: null, sentAt: sql`now()` })
      .where(eq(schema.notifications.id, row.id));
  }

  async function recordFailed(row: NotificationRow, failure: DeliveryFailed) {
    await db
      .update(schema.notifications)
      .set({ status: 'failed', provider: provider.name, lastError: failure.message })
      .where(and(eq(schema.notifications.id, row.id), ne(schema.notifications.status, 'sent')));
  }

  return async function deliverNotification(payload: unknown, context: DeliverJobContext): Promise<void> {
    const { notificationId } = parsePayload(payload);
    const row = await loadNotification(notificationId);
    const facts = { notificationId, jobId: context.id, attempt: context.attempt, provider: provider.name };
    if (!row) {
      // Its organisation was deleted (rows cascade) after the job was queued.
      logger?.warn(facts, 'notification to deliver no longer exists');
      return;
    }
    if (row.status === 'sent') return;

    let receipt: DeliveryReceipt;
    try {
      receipt = await handOver(row);
    } catch (error) {
      // Adapters throw DeliveryFailed; anything else is a bug whose message we cannot vouch for.
      const failure = error instanceof DeliveryFailed ? error : new DeliveryFailed(provider.name, `unexpected ${error instanceof Error ? error.name : 'error'}`, false);
      await recordFailed(row, failure);
      logger?.warn({ ...facts, template: row.template, channel: row.channel, error: failure.message, permanent: failure.permanent }, 'notification not delivered');
      if (failure.permanent) return;
      throw failure;
    }
    await recordSent(row, receipt);
    logger?.info({ ...facts, template: row.template, channel: row.channel }, 'notification delivered');
  };
}
