import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Config } from '../../platform/config.ts';
import { createNotificationProvider } from './create-provider.ts';

const notify = (overrides: Partial<Config['notify']>): Config['notify'] => ({ provider: 'outbox', fromAddress: 'no-reply@dsp.test', ...overrides });
const apiKey = 'dsp_test-26785a09-ab16-4eb0-8407-a37497a57506-3d844edf-8d35-48ac-975b-e847b4f122b0';
const ids = { emailTemplateId: 'f33517ff-2a88-4f6e-b855-c550268ce08a', smsTemplateId: '0b0e0b0a-7c3b-4b38-8ef1-4b2a4c0f6f11' };

describe('choosing the notification provider from configuration', () => {
  it('uses the adapter the configuration names', async () => {
    for (const [settings, name] of [
      [notify({}), 'outbox'],
      [notify({ provider: 'smtp', smtpUrl: 'smtp://127.0.0.1:2525' }), 'smtp'],
      [notify({ provider: 'govuk-notify', notifyApiKey: apiKey }), 'govuk-notify'],
    ] as const) {
      const provider = createNotificationProvider(settings, ids);
      assert.equal(provider.name, name);
      await provider.close();
    }
  });

  it('refuses at start-up a provider whose settings are missing', () => {
    assert.throws(() => createNotificationProvider(notify({ provider: 'smtp' })), TypeError);
    assert.throws(() => createNotificationProvider(notify({ provider: 'govuk-notify' }), ids), TypeError);
    assert.throws(() => createNotificationProvider(notify({ provider: 'govuk-notify', notifyApiKey: apiKey })), TypeError);
    assert.throws(() => createNotificationProvider(notify({ provider: 'govuk-notify', notifyApiKey: apiKey }), { emailTemplateId: '', smsTemplateId: 'x' }), TypeError);
  });
});
