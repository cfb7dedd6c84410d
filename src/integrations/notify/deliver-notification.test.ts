import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { it } from 'node:test';
import { eq, sql } from 'drizzle-orm';
import { describeEachDatabase } from '../../../test/support/databases.ts';
import { createLogger } from '../../platform/logger.ts';
import { schema, type Db } from '../../store/database.ts';
import type { NotifyJobQueue } from './deliver-job.ts';
import { createDeliverNotificationHandler } from './deliver-notification.ts';
import { DeliveryFailed } from './errors.ts';
import type { DeliveryReceipt, EmailMessage, NotificationProvider, SmsMessage } from './provider.ts';
import { createNotifier } from './send-notification.ts';

const queue: NotifyJobQueue = {
  async enqueue(db, name, payload) {
    const id = randomUUID();
    await db.insert(schema.jobs).values({ id, queue: name, payload, runAt: sql`now()` });
    return id;
  },
};

/** A provider whose answer each test decides; it remembers what it was handed. */
function fakeProvider(answer: () => Promise<DeliveryReceipt>) {
  const handed: (EmailMessage | SmsMessage)[] = [];
  const provider: NotificationProvider = {
    name: 'govuk-notify',
    sendEmail: async (m) => (handed.push(m), answer()),
    sendSms: async (m) => (handed.push(m), answer()),
    close: async () => undefined,
  };
  return { provider, handed };
}

function captureLogs() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { logger: createLogger('info', stream), lines };
}

const notifier = createNotifier({ provider: 'govuk-notify', jobs: queue });
const job = (attempt = 1) => ({ id: randomUUID(), attempt });

async function pendingCode(db: Db, channel: 'email' | 'sms' = 'email'): Promise<string> {
  return channel === 'email'
    ? notifier.send(db, { organisationId: null, to: 'ada@nhs.net', template: 'email-verification-code', personalisation: { code: '918273', expires_in_minutes: '10' } })
    : notifier.send(db, { organisationId: null, to: '07700900123', template: 'sms-verification-code', personalisation: { code: '918273', expires_in_minutes: '10' } });
}

async function rowOf(db: Db, id: string) {
  const [row] = await db.select().from(schema.notifications).where(eq(schema.notifications.id, id));
  return row!;
}

describeEachDatabase('delivering a notification (notify.deliver job)', (database) => {
  it('hands the recorded email to the provider and marks it sent with the provider reference', async () => {
    const db = database().db;
    const id = await pendingCode(db);
    const { provider, handed } = fakeProvider(async () => ({ reference: 'notify-ref-1' }));

    await createDeliverNotificationHandler({ db, provider })({ notificationId: id }, job());

    assert.equal(handed.length, 1);
    const message = handed[0] as EmailMessage;
    assert.equal(message.notificationId, id);
    assert.equal(message.to, 'ada@nhs.net');
    assert.equal(message.subject, 'Your Digital Staff Passport verification code');
    assert.match(message.body, /^Your verification code is 918273\n/);
    const row = await rowOf(db, id);
    assert.equal(row.status, 'sent');
    assert.equal(row.providerReference, 'notify-ref-1');
    assert.ok(row.sentAt instanceof Date);
  });

  it('hands an SMS over as a text message to the E.164 number', async () => {
    const db = database().db;
    const id = await pendingCode(db, 'sms');
    const { provider, handed } = fakeProvider(async () => ({ reference: 'r' }));
    await createDeliverNotificationHandler({ db, provider })({ notificationId: id }, job());
    assert.deepEqual(Object.keys(handed[0]!).sort(), ['body', 'notificationId', 'to']);
    assert.equal(handed[0]!.to, '+447700900123');
  });

  it('does not send a message again once it is sent', async () => {
    const db = database().db;
    const id = await pendingCode(db);
    const { provider, handed } = fakeProvider(async () => ({ reference: 'r' }));
    const deliver = createDeliverNotificationHandler({ db, provider });
    await deliver({ notificationId: id }, job(1));
    await deliver({ notificationId: id }, job(2));
    assert.equal(handed.length, 1);
  });

  it('marks a transient failure failed and rethrows it, then a later attempt marks the message sent', async () => {
    const db = database().db;
    const id = await pendingCode(db);
    let down = true;
    const { provider } = fakeProvider(async () => {
      if (down) throw new DeliveryFailed('govuk-notify', 'HTTP 503', false);
      return { reference: 'after-outage' };
    });
    const deliver = createDeliverNotificationHandler({ db, provider });

    await assert.rejects(deliver({ notificationId: id }, job(1)), DeliveryFailed);
    let row = await rowOf(db, id);
    assert.equal(row.status, 'failed');
    assert.equal(row.lastError, 'govuk-notify: HTTP 503');

    down = false;
    await deliver({ notificationId: id }, job(2));
    row = await rowOf(db, id);
    assert.equal(row.status, 'sent');
    assert.equal(row.lastError, null);
    assert.equal(row.providerReference, 'after-outage');
  });

  it('marks a permanent failure failed and returns, since retrying cannot help', async () => {
    const db = database().db;
    const id = await pendingCode(db);
    const { provider } = fakeProvider(async () => {
      throw new DeliveryFailed('govuk-notify', 'HTTP 400 BadRequestError', true);
    });
    await createDeliverNotificationHandler({ db, provider })({ notificationId: id }, job());
    const row = await rowOf(db, id);
    assert.equal(row.status, 'failed');
    assert.equal(row.lastError, 'govuk-notify: HTTP 400 BadRequestError');
  });

  it('records and logs an unexpected error without its text, the recipient, the body or the code', async () => {
    const db = database().db;
    const id = await pendingCode(db);
    const { provider } = fakeProvider(async () => {
      throw new Error('could not deliver 918273 to ada@nhs.net');
    });
    const { logger, lines } = captureLogs();

    await assert.rejects(createDeliverNotificationHandler({ db, provider, logger })({ notificationId: id }, job()), (e: unknown) => {
      assert.ok(e instanceof DeliveryFailed);
      assert.doesNotMatch(e.message, /918273|ada@nhs\.net/);
      return true;
    });
    const row = await rowOf(db, id);
    assert.equal(row.lastError, 'govuk-notify: unexpected Error');
    assert.ok(lines.length > 0);
    for (const line of lines) {
      assert.doesNotMatch(line, /918273|ada@nhs\.net|verification code/);
      assert.match(line, new RegExp(id));
    }
  });

  it('logs a delivery by ids only', async () => {
    const db = database().db;
    const id = await pendingCode(db, 'sms');
    const { provider } = fakeProvider(async () => ({ reference: 'r' }));
    const { logger, lines } = captureLogs();
    await createDeliverNotificationHandler({ db, provider, logger })({ notificationId: id }, job());
    assert.equal(lines.length, 1);
    assert.doesNotMatch(lines[0]!, /918273|7700900123|verification code/);
    assert.equal(JSON.parse(lines[0]!).notificationId, id);
  });

  it('refuses a payload that is not {notificationId: uuid}, and ignores a message that no longer exists', async () => {
    const { provider, handed } = fakeProvider(async () => ({ reference: 'r' }));
    const deliver = createDeliverNotificationHandler({ db: database().db, provider });
    await assert.rejects(deliver({ id: 'x' }, job()), TypeError);
    await deliver({ notificationId: randomUUID() }, job());
    assert.equal(handed.length, 0);
  });
});
