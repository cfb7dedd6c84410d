// Chooses the delivery adapter from the parsed configuration, for the composition root.
// Misconfiguration is a TypeError here, at start-up, not on the first message.
import type { Config } from '../../platform/config.ts';
import { createGovukNotifyProvider } from './govuk-notify-provider.ts';
import { createOutboxProvider } from './outbox-provider.ts';
import type { NotificationProvider } from './provider.ts';
import { createSmtpProvider } from './smtp-provider.ts';

export interface GovukNotifyTemplateIds {
  /** Notify template with subject ((subject)) and body ((body)). */
  readonly emailTemplateId: string;
  /** Notify template with body ((body)). */
  readonly smsTemplateId: string;
  readonly emailReplyToId?: string | undefined;
}

export function createNotificationProvider(notify: Config['notify'], govukNotify?: GovukNotifyTemplateIds): NotificationProvider {
  switch (notify.provider) {
    case 'outbox':
      return createOutboxProvider();
    case 'smtp':
      if (!notify.smtpUrl) throw new TypeError('notify.smtpUrl is required when notify.provider is smtp');
      return createSmtpProvider({ smtpUrl: notify.smtpUrl, fromAddress: notify.fromAddress });
    case 'govuk-notify':
      if (!notify.notifyApiKey) throw new TypeError('notify.notifyApiKey is required when notify.provider is govuk-notify');
      if (!govukNotify) throw new TypeError('GOV.UK Notify needs the ids of its generic email and SMS templates');
      return createGovukNotifyProvider({ apiKey: notify.notifyApiKey, baseUrl: notify.notifyBaseUrl, ...govukNotify });
  }
}
