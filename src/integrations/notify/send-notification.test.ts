import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { it } from 'node:test';
import { and, eq, sql } from 'drizzle-orm';
import { describeEachDatabase } from '../../../test/support/databases.ts';
import { schema, type Db } from '../../store/database.ts';
import { deliverQueue, type NotifyJobQueue } from './deliver-job.ts';
import { InvalidRecipient, MissingPersonalisation, UnknownTemplate } from './errors.ts';
import { listOutbox } from './list-outbox.ts';
import { createNotifier } from './send-notification.ts';
import type { PersonalisationOf } from './templates.ts';

/** Stands in for src/jobs' queue: writes the job row on the db it is given, as the real one does. */
function recordingQueue() {
  const calls: { db: Db; queue: string; payload: Record<string, unknown>; organisationId: string | null | undefined }[] = [];
  const queue: NotifyJobQueue = {
    async enqueue(db, name, payload, options) {
      calls.push({ db, queue: name, payload, organisationId: options?.organisationId });
      const id = randomUUID();
      await db.insert(schema.jobs).values({ id, queue: name, payload, organisationId: options?.organisationId ?? null, runAt: sql`now()` });
      return id;
    },
  };
  return { queue, calls };
}

async function newOrganisation(db: Db): Promise<string> {
  const id = randomUUID();
  await db.insert(schema.organisations).values({ id, odsCode: `T${id.slice(0, 6)}`, name: 'Test Trust', kind: 'trust' });
  return id;
}

const invitation = (link: string): PersonalisationOf<'employer-user-invitation'> => ({
  name: 'Ada Lovelace',
  organisation_name: 'Test Trust',
  link,
  expires_at: '1 March 2026',
});

class Rollback extends Error {}

describeEachDatabase('sending notifications', (database) => {
  it('records an outbox message as sent, readable newest first with the links of its body', async () => {
    const db = database().db;
    const organisationId = await newOrganisation(db);
    const notifier = createNotifier({ provider: 'outbox' });

    const first = await notifier.send(db, { organisationId, to: 'ada@nhs.net', template: 'employer-user-invitation', personalisation: invitation('https://dsp.test/set-password?token=1') });
    const second = await notifier.send(db, { organisationId, channel: 'sms', to: '07700 900123', template: 'sms-verification-code', personalisation: { code: '123456', expires_in_minutes: '10' } });

    const page = await listOutbox(db, { organisationId });
    assert.deepEqual(page.messages.map((m) => m.id), [second, first]);
    const [sms, email] = page.messages;
    assert.equal(email!.status, 'sent');
    assert.equal(email!.provider, 'outbox');
    assert.ok(email!.sentAt instanceof Date);
    assert.equal(email!.recipient, 'ada@nhs.net');
    assert.equal(email!.subject, 'Set up your Digital Staff Passport account for Test Trust');
    assert.deepEqual(email!.links, ['https://dsp.test/set-password?token=1']);
    assert.equal(sms!.recipient, '+447700900123');
    assert.equal(sms!.subject, null);
    assert.match(sms!.body, /^123456 is your Digital Staff Passport verification code/);
    assert.deepEqual(sms!.links, []);
  });

  it('enqueues no job for the outbox', async () => {
    const db = database().db;
    const { queue, calls } = recordingQueue();
    await createNotifier({ provider: 'outbox', jobs: queue }).send(db, { organisationId: null, to: 'ops@nhs.net', template: 'test-message', personalisation: { organisation_name: 'Ops' } });
    assert.equal(calls.length, 0);
  });

  it('reads one organisation, service-wide messages, or all, a page at a time', async () => {
    const db = database().db;
    const [a, b] = [await newOrganisation(db), await newOrganisation(db)];
    const notifier = createNotifier({ provider: 'outbox' });
    const send = (organisationId: string | null, n: number) =>
      notifier.send(db, { organisationId, to: `user${n}@nhs.net`, template: 'test-message', personalisation: { organisation_name: `Org ${n}` } });
    const ids = [await send(a, 1), await send(b, 2), await send(a, 3), await send(null, 4), await send(a, 5)];

    const firstPage = await listOutbox(db, { organisationId: a, pageSize: 2 });
    assert.deepEqual(firstPage.messages.map((m) => m.id), [ids[4], ids[2]]);
    assert.equal(firstPage.hasMore, true);
    const secondPage = await listOutbox(db, { organisationId: a, pageSize: 2, page: 2 });
    assert.deepEqual(secondPage.messages.map((m) => m.id), [ids[0]]);
    assert.equal(secondPage.hasMore, false);

    assert.ok((await listOutbox(db, { organisationId: b })).messages.every((m) => m.organisationId === b));
    const serviceWide = await listOutbox(db, { organisationId: null });
    assert.ok(serviceWide.messages.some((m) => m.id === ids[3]));
    assert.ok(serviceWide.messages.every((m) => m.organisationId === null));
    const all = await listOutbox(db, { pageSize: 200 });
    for (const id of ids) assert.ok(all.messages.some((m) => m.id === id));
    await assert.rejects(listOutbox(db, { pageSize: 201 }), TypeError);
  });

  it('records a message for a real provider as pending and enqueues its delivery in the same transaction', async () => {
    const organisationId = await newOrganisation(database().db);
    const { queue, calls } = recordingQueue();
    const notifier = createNotifier({ provider: 'govuk-notify', jobs: queue });

    let usedTx: Db | undefined;
    const id = await database().transaction(async (tx) => {
      usedTx = tx;
      return notifier.send(tx, { organisationId, to: 'ada@nhs.net', template: 'email-verification-code', personalisation: { code: '654321', expires_in_minutes: '15' } });
    });

    assert.equal(calls.length, 1);
    assert.equal(calls[0]!.db, usedTx);
    assert.equal(calls[0]!.queue, deliverQueue);
    assert.deepEqual(calls[0]!.payload, { notificationId: id });
    assert.equal(calls[0]!.organisationId, organisationId);
    const [row] = await database().db.select().from(schema.notifications).where(eq(schema.notifications.id, id));
    assert.equal(row!.status, 'pending');
    assert.equal(row!.provider, 'govuk-notify');
    assert.equal(row!.sentAt, null);
    const jobs = await database().db.select().from(schema.jobs).where(eq(schema.jobs.queue, deliverQueue));
    assert.ok(jobs.some((j) => (j.payload as { notificationId?: string }).notificationId === id));
  });

  it('leaves no row and no job when the transaction that sent the message rolls back', async () => {
    const { queue, calls } = recordingQueue();
    const notifier = createNotifier({ provider: 'smtp', jobs: queue });
    let id: string | undefined;

    await assert.rejects(
      database().transaction(async (tx) => {
        id = await notifier.send(tx, { organisationId: null, to: 'ada@nhs.net', template: 'employer-user-invitation', personalisation: invitation('https://dsp.test/x') });
        throw new Rollback();
      }),
      Rollback,
    );

    assert.ok(id);
    assert.equal(calls.length, 1, 'delivery was enqueued inside the transaction');
    const db = database().db;
    assert.deepEqual(await db.select().from(schema.notifications).where(eq(schema.notifications.id, id)), []);
    const jobs = await db.select().from(schema.jobs).where(and(eq(schema.jobs.queue, deliverQueue), sql`${schema.jobs.payload}->>'notificationId' = ${id}`));
    assert.deepEqual(jobs, []);
  });

  it('refuses a recipient that is not an email address or mobile number, recording nothing', async () => {
    const db = database().db;
    const organisationId = await newOrganisation(db);
    const { queue, calls } = recordingQueue();
    const notifier = createNotifier({ provider: 'smtp', jobs: queue });

    await assert.rejects(notifier.send(db, { organisationId, to: 'not an address', template: 'test-message', personalisation: { organisation_name: 'x' } }), InvalidRecipient);
    await assert.rejects(
      notifier.send(db, { organisationId, to: 'ada@nhs.net', template: 'sms-verification-code', personalisation: { code: '1', expires_in_minutes: '1' } }),
      InvalidRecipient,
    );
    assert.equal(calls.length, 0);
    assert.deepEqual((await listOutbox(db, { organisationId })).messages, []);
  });

  it('refuses missing personalisation and unknown templates, recording nothing', async () => {
    const db = database().db;
    const organisationId = await newOrganisation(db);
    const notifier = createNotifier({ provider: 'outbox' });
    const untyped = notifier as unknown as { send(db: Db, request: Record<string, unknown>): Promise<string> };

    await assert.rejects(untyped.send(db, { organisationId, to: 'ada@nhs.net', template: 'test-message', personalisation: {} }), MissingPersonalisation);
    await assert.rejects(untyped.send(db, { organisationId, to: 'ada@nhs.net', template: 'no-such-template', personalisation: {} }), UnknownTemplate);
    await assert.rejects(
      notifier.send(db, { organisationId, channel: 'sms', to: 'ada@nhs.net', template: 'test-message', personalisation: { organisation_name: 'x' } }),
      TypeError,
    );
    assert.deepEqual((await listOutbox(db, { organisationId })).messages, []);
  });

  it('will not start a real provider without a job queue', () => {
    assert.throws(() => createNotifier({ provider: 'govuk-notify' }), TypeError);
  });
});
