// The notification port. `send` renders a template, records the message in `notifications`
// and, for a real provider, enqueues its delivery, all on the db it is given: called inside a
// transaction, a rolled-back change sends nothing, and a committed one is delivered even if the
// provider is down at the time (the job retries). Recording is the outbox: every message has a
// row, whatever the provider.
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { schema, type Db } from '../../store/database.ts';
import { deliverQueue, type DeliverPayload, type NotifyJobQueue } from './deliver-job.ts';
import { UnknownTemplate } from './errors.ts';
import { parseRecipient } from './parse-recipient.ts';
import type { ProviderName } from './provider.ts';
import { renderTemplate } from './render-template.ts';
import { findTemplate, type Channel, type PersonalisationOf, type TemplateId } from './templates.ts';

export interface SendRequest<T extends TemplateId = TemplateId> {
  /** The organisation the message is sent for; null for service-wide messages. */
  readonly organisationId: string | null;
  /** When given, must be the template's channel (a guard against sending a code to the wrong kind of address). */
  readonly channel?: Channel;
  /** An email address or a UK mobile number, as typed; parsed and normalised here. */
  readonly to: string;
  readonly template: T;
  readonly personalisation: PersonalisationOf<T>;
}

export interface Notifier {
  /**
   * Records the message and, for a real provider, enqueues its delivery on `db` (pass the open
   * transaction). Returns the notification id. Throws InvalidRecipient or MissingPersonalisation
   * (nothing recorded), or UnknownTemplate.
   */
  send<T extends TemplateId>(db: Db, request: SendRequest<T>): Promise<string>;
}

export interface NotifierOptions {
  /** The configured provider (config.notify.provider). */
  readonly provider: ProviderName;
  /** Required unless the provider is the outbox. */
  readonly jobs?: NotifyJobQueue | undefined;
  /** Default: crypto.randomUUID. */
  readonly newId?: () => string;
}

export function createNotifier(options: NotifierOptions): Notifier {
  const { provider, jobs } = options;
  const newId = options.newId ?? randomUUID;
  if (provider !== 'outbox' && !jobs) throw new TypeError(`notify provider '${provider}' needs a job queue to deliver through`);

  return {
    async send(db, request) {
      // 1. Find the template; it decides the channel.
      const template = findTemplate(request.template);
      if (!template) throw new UnknownTemplate(request.template);
      if (request.channel !== undefined && request.channel !== template.channel)
        throw new TypeError(`template '${template.id}' is ${template.channel}, not ${request.channel}`);

      // 2. Parse the recipient, 3. render: both fail before anything is written.
      const recipient = parseRecipient(template.channel, request.to);
      const message = renderTemplate(template, request.personalisation);

      // 4. Record. The outbox has nothing to hand over: its message is sent once recorded.
      //    clock_timestamp(), not now(): several messages of one transaction still sort in order.
      const id = newId();
      const local = provider === 'outbox';
      await db.insert(schema.notifications).values({
        id,
        organisationId: request.organisationId,
        channel: message.channel,
        recipient,
        template: template.id,
        subject: message.subject ?? null,
        body: message.body,
        provider,
        status: local ? 'sent' : 'pending',
        createdAt: sql`clock_timestamp()`,
        sentAt: local ? sql`clock_timestamp()` : null,
      });

      // 5. Enqueue delivery in the same transaction.
      if (!local) {
        const payload: DeliverPayload = { notificationId: id };
        await jobs!.enqueue(db, deliverQueue, payload, { organisationId: request.organisationId });
      }
      return id;
    },
  };
}
