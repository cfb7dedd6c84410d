import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';
import { eq, sql } from 'drizzle-orm';
import { jwtVerify } from 'jose';
import { describeEachDatabase } from '../../../test/support/databases.ts';
import { schema } from '../../store/database.ts';
import type { NotifyJobQueue } from './deliver-job.ts';
import { createDeliverNotificationHandler } from './deliver-notification.ts';
import { DeliveryFailed } from './errors.ts';
import { createGovukNotifyProvider } from './govuk-notify-provider.ts';
import { createNotifier } from './send-notification.ts';

// Fixed test key: {name}-{service id}-{secret}. Notify signs each request with the secret
// (HS256) and sends the service id as `iss` (GOV.UK Notify API docs, "Authorisation header").
const serviceId = '26785a09-ab16-4eb0-8407-a37497a57506';
const secret = '3d844edf-8d35-48ac-975b-e847b4f122b0';
const apiKey = `dsp_test-${serviceId}-${secret}`;
const emailTemplateId = 'f33517ff-2a88-4f6e-b855-c550268ce08a';
const smsTemplateId = '0b0e0b0a-7c3b-4b38-8ef1-4b2a4c0f6f11';

interface Recorded {
  method: string;
  path: string;
  body: Record<string, unknown>;
  jwt: { verified: true; iss: unknown; iat: unknown } | { verified: false };
}

/** A local stand-in for the GOV.UK Notify API: checks the bearer JWT, records the request, answers as told. */
const requests: Recorded[] = [];
let answer: { status: number; body: unknown } | undefined;
const mock = http.createServer(async (req, res) => {
  let text = '';
  for await (const chunk of req) text += chunk;
  const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';
  let jwt: Recorded['jwt'] = { verified: false };
  try {
    const { payload } = await jwtVerify(token, new TextEncoder().encode(secret), { algorithms: ['HS256'] });
    jwt = { verified: true, iss: payload.iss, iat: payload.iat };
  } catch {
    // stays unverified
  }
  const body = JSON.parse(text || '{}') as Record<string, unknown>;
  requests.push({ method: req.method ?? '', path: req.url ?? '', body, jwt });
  const reply = !jwt.verified
    ? { status: 403, body: { status_code: 403, errors: [{ error: 'AuthError', message: 'Invalid token: signature, api token not found' }] } }
    : (answer ?? { status: 201, body: { id: 'b5b2b9a4-1c6e-4f8e-9d3c-2f4a6b8c0d1e', reference: body.reference, uri: 'x', template: { id: body.template_id, version: 1, uri: 'y' }, content: {} } });
  res.writeHead(reply.status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(reply.body));
});
let baseUrl: string;

before(async () => {
  await new Promise<void>((resolve) => mock.listen(0, '127.0.0.1', () => resolve()));
  baseUrl = `http://127.0.0.1:${(mock.address() as AddressInfo).port}`;
});
after(async () => {
  mock.closeAllConnections();
  await new Promise<void>((resolve) => mock.close(() => resolve()));
});
beforeEach(() => {
  requests.length = 0;
  answer = undefined;
});

const provider = () => createGovukNotifyProvider({ apiKey, baseUrl, emailTemplateId, smsTemplateId });

describe('GOV.UK Notify adapter', () => {
  it('posts an email to /v2/notifications/email through the generic template, signed with the key secret', async () => {
    const receipt = await provider().sendEmail({ notificationId: 'c1f0a8f2-0d6e-4f7c-9a57-2f7f0f6b6a01', to: 'ada@nhs.net', subject: 'Hello', body: 'Line one\nhttps://dsp.test/x' });

    assert.equal(requests.length, 1);
    const [request] = requests;
    assert.equal(request!.method, 'POST');
    assert.equal(request!.path, '/v2/notifications/email');
    assert.deepEqual(request!.body, {
      template_id: emailTemplateId,
      email_address: 'ada@nhs.net',
      personalisation: { subject: 'Hello', body: 'Line one\nhttps://dsp.test/x' },
      reference: 'c1f0a8f2-0d6e-4f7c-9a57-2f7f0f6b6a01',
    });
    assert.ok(request!.jwt.verified, 'the bearer JWT verifies with the secret half of the key');
    assert.equal(request!.jwt.iss, serviceId);
    assert.ok(typeof request!.jwt.iat === 'number' && Math.abs(request!.jwt.iat - Date.now() / 1000) < 30, 'iat within 30 s, as Notify requires');
    assert.equal(receipt.reference, 'b5b2b9a4-1c6e-4f8e-9d3c-2f4a6b8c0d1e');
  });

  it('posts an SMS to /v2/notifications/sms with the phone number and the body', async () => {
    await provider().sendSms({ notificationId: 'c1f0a8f2-0d6e-4f7c-9a57-2f7f0f6b6a02', to: '+447700900123', body: '123456 is your code' });
    const [request] = requests;
    assert.equal(request!.path, '/v2/notifications/sms');
    assert.deepEqual(request!.body, {
      template_id: smsTemplateId,
      phone_number: '+447700900123',
      personalisation: { body: '123456 is your code' },
      reference: 'c1f0a8f2-0d6e-4f7c-9a57-2f7f0f6b6a02',
    });
    assert.ok(request!.jwt.verified);
  });

  it('is refused by Notify when signed with another secret (the mock really checks the JWT)', async () => {
    const wrong = createGovukNotifyProvider({ apiKey: `dsp_test-${serviceId}-${randomUUID()}`, baseUrl, emailTemplateId, smsTemplateId });
    await assert.rejects(wrong.sendSms({ notificationId: 'n', to: '+447700900123', body: 'b' }), (e: unknown) => e instanceof DeliveryFailed && e.message === 'govuk-notify: HTTP 403 AuthError' && !e.permanent);
  });

  it('fails permanently on a 400, keeping Notify error names but not its messages', async () => {
    answer = { status: 400, body: { status_code: 400, errors: [{ error: 'BadRequestError', message: 'Can’t send to this recipient: +447700900123' }] } };
    await assert.rejects(provider().sendSms({ notificationId: 'n', to: '+447700900123', body: 'b' }), (e: unknown) => {
      assert.ok(e instanceof DeliveryFailed);
      assert.equal(e.message, 'govuk-notify: HTTP 400 BadRequestError');
      assert.equal(e.permanent, true);
      return true;
    });
  });

  it('fails transiently when Notify cannot be reached', async () => {
    const unreachable = createGovukNotifyProvider({ apiKey, baseUrl: 'http://127.0.0.1:1', emailTemplateId, smsTemplateId });
    await assert.rejects(unreachable.sendEmail({ notificationId: 'n', to: 'a@nhs.net', subject: 's', body: 'b' }), (e: unknown) => e instanceof DeliveryFailed && !e.permanent);
  });

  it('refuses at start-up a key not of the form {name}-{service id}-{secret}, without repeating it', () => {
    assert.throws(
      () => createGovukNotifyProvider({ apiKey: 'not-a-notify-key-1234567890', baseUrl, emailTemplateId, smsTemplateId }),
      (e: unknown) => e instanceof TypeError && !e.message.includes('1234567890'),
    );
  });
});

const queue: NotifyJobQueue = {
  async enqueue(db, name, payload) {
    const id = randomUUID();
    await db.insert(schema.jobs).values({ id, queue: name, payload, runAt: sql`now()` });
    return id;
  },
};

describeEachDatabase('delivering through GOV.UK Notify', (database) => {
  it('marks the message failed and throws, so the queue retries, when Notify answers 500', async () => {
    const db = database().db;
    const id = await createNotifier({ provider: 'govuk-notify', jobs: queue }).send(db, {
      organisationId: null,
      to: '07700 900123',
      template: 'sms-verification-code',
      personalisation: { code: '246810', expires_in_minutes: '10' },
    });
    answer = { status: 500, body: { status_code: 500, errors: [{ error: 'Exception', message: 'Internal server error' }] } };
    const deliver = createDeliverNotificationHandler({ db, provider: provider() });

    await assert.rejects(deliver({ notificationId: id }, { id: randomUUID(), attempt: 1 }), (e: unknown) => e instanceof DeliveryFailed && !e.permanent);
    assert.equal(requests.length, 1);
    assert.equal(requests[0]!.body.phone_number, '+447700900123');
    let [row] = await db.select().from(schema.notifications).where(eq(schema.notifications.id, id));
    assert.equal(row!.status, 'failed');
    assert.equal(row!.lastError, 'govuk-notify: HTTP 500 Exception');

    answer = undefined;
    await deliver({ notificationId: id }, { id: randomUUID(), attempt: 2 });
    [row] = await db.select().from(schema.notifications).where(eq(schema.notifications.id, id));
    assert.equal(row!.status, 'sent');
    assert.equal(row!.providerReference, 'b5b2b9a4-1c6e-4f8e-9d3c-2f4a6b8c0d1e');
  });
});
