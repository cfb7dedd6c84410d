// Email and SMS through GOV.UK Notify (notifications-node-client). We render messages ourselves
// (templates.ts) and send them through two generic templates set up once in the Notify service:
//
//   email template: subject "((subject))", body "((body))"
//   SMS template:   body "((body))"
//
// Our notification id goes as Notify's `reference`, so Notify's delivery receipts and our rows
// can be matched. https://docs.notifications.service.gov.uk/node.html#send-an-email
import { NotifyClient } from 'notifications-node-client';
import { z } from 'zod';
import { DeliveryFailed } from './errors.ts';
import type { NotificationProvider } from './provider.ts';

export const govukNotifyProductionUrl = 'https://api.notifications.service.gov.uk';

export interface GovukNotifyProviderOptions {
  /** `{key name}-{service id}-{secret}`: both ids are UUIDs; the secret signs each request's JWT. */
  readonly apiKey: string;
  /** Default: the production API. Tests point it at a local mock. */
  readonly baseUrl?: string | undefined;
  /** The generic email template: subject ((subject)), body ((body)). */
  readonly emailTemplateId: string;
  /** The generic SMS template: body ((body)). */
  readonly smsTemplateId: string;
  /** A reply-to address set up in the Notify service; default: the service's default. */
  readonly emailReplyToId?: string | undefined;
}

const uuid = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const zApiKey = z.string().regex(new RegExp(`^.+-${uuid}-${uuid}$`, 'i'));

/** Notify's answer to a send (201): only its id is ours to keep. */
const zSendResponse = z.looseObject({ id: z.string().min(1) });

/** An axios error as the client rethrows it: an HTTP status and Notify's error names, or a network code. */
const zClientError = z.looseObject({
  code: z.string().optional(),
  response: z
    .looseObject({
      status: z.number().int(),
      data: z.looseObject({ errors: z.array(z.looseObject({ error: z.string() })).optional() }).optional().catch(undefined),
    })
    .optional(),
});

/**
 * Keeps the HTTP status and Notify's error names (e.g. BadRequestError, RateLimitError), never
 * its messages (they may quote the recipient) nor the axios error (it holds the request, with the
 * Authorization header and the personalisation).
 */
function failureOf(error: unknown): DeliveryFailed {
  const parsed = zClientError.safeParse(error);
  const response = parsed.success ? parsed.data.response : undefined;
  if (!response) {
    const code = parsed.success && parsed.data.code && /^[A-Z_]+$/.test(parsed.data.code) ? parsed.data.code : 'request failed';
    return new DeliveryFailed('govuk-notify', `no response from GOV.UK Notify (${code})`, false);
  }
  const names = [...new Set((response.data?.errors ?? []).map((e) => e.error).filter((n) => /^[A-Za-z]+$/.test(n)))];
  // Notify answers 400 for a request it will never accept (bad recipient, trial-mode recipient,
  // missing personalisation); 403 (bad key), 429 (rate or daily limit) and 5xx may pass.
  // https://docs.notifications.service.gov.uk/node.html#send-an-email-error-codes
  return new DeliveryFailed('govuk-notify', `HTTP ${response.status}${names.length ? ` ${names.join(', ')}` : ''}`, response.status === 400);
}

export function createGovukNotifyProvider(options: GovukNotifyProviderOptions): NotificationProvider {
  // Checked at boot, and the key is not repeated in the error.
  if (!zApiKey.safeParse(options.apiKey).success) throw new TypeError('GOV.UK Notify API key must look like {name}-{service id}-{secret}');
  if (!options.emailTemplateId || !options.smsTemplateId) throw new TypeError('GOV.UK Notify needs an email and an SMS template id');
  const client = new NotifyClient(options.baseUrl ?? govukNotifyProductionUrl, options.apiKey);

  async function send(request: () => Promise<{ data: unknown }>) {
    let data: unknown;
    try {
      ({ data } = await request());
    } catch (error) {
      throw failureOf(error);
    }
    const parsed = zSendResponse.safeParse(data);
    // Accepted but unreadable: Notify has the message, so trying again would send it twice.
    return { reference: parsed.success ? parsed.data.id : 'unknown' };
  }

  return {
    name: 'govuk-notify',
    sendEmail: (message) =>
      send(() =>
        client.sendEmail(options.emailTemplateId, message.to, {
          personalisation: { subject: message.subject, body: message.body },
          reference: message.notificationId,
          ...(options.emailReplyToId ? { emailReplyToId: options.emailReplyToId } : {}),
        }),
      ),
    sendSms: (message) =>
      send(() =>
        client.sendSms(options.smsTemplateId, message.to, {
          personalisation: { body: message.body },
          reference: message.notificationId,
        }),
      ),
    close: async () => undefined,
  };
}
