// The local outbox: the zero-setup default. The notifications table is the outbox, read at
// /dev/outbox, so "delivering" is recording. The Notifier writes outbox messages as sent at
// once; this adapter exists for jobs queued under another provider that are delivered after
// the configuration was switched to the outbox.
import type { NotificationProvider } from './provider.ts';

export function createOutboxProvider(): NotificationProvider {
  return {
    name: 'outbox',
    sendEmail: async (message) => ({ reference: `outbox:${message.notificationId}` }),
    sendSms: async (message) => ({ reference: `outbox:${message.notificationId}` }),
    close: async () => undefined,
  };
}
