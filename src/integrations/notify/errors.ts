// The notification errors, one class per stable code (STYLE.md rule 6). Their messages never
// carry a recipient, a body, a code or any other personal data: callers and the job queue may
// log them or store them (`notifications.last_error`, `jobs.last_error`).
import type { Channel } from './templates.ts';

export const notifyErrorCodes = ['unknown_template', 'missing_personalisation', 'invalid_recipient', 'delivery_failed'] as const;
export type NotifyErrorCode = (typeof notifyErrorCodes)[number];

export abstract class NotifyError extends Error {
  abstract readonly code: NotifyErrorCode;
}

/** A template id that is not in the catalogue (templates.ts). */
export class UnknownTemplate extends NotifyError {
  readonly code = 'unknown_template';
  constructor(readonly templateId: string) {
    super(`no notification template '${templateId}'`);
    this.name = 'UnknownTemplate';
  }
}

/** Personalisation lacks a value for a ((placeholder)) of the template. Names only, never values. */
export class MissingPersonalisation extends NotifyError {
  readonly code = 'missing_personalisation';
  constructor(
    readonly templateId: string,
    readonly placeholders: readonly string[],
  ) {
    super(`template '${templateId}' needs personalisation for: ${placeholders.join(', ')}`);
    this.name = 'MissingPersonalisation';
  }
}

/** The recipient is not an email address (email) or a UK mobile number (SMS). The value is not repeated. */
export class InvalidRecipient extends NotifyError {
  readonly code = 'invalid_recipient';
  constructor(readonly channel: Channel) {
    super(channel === 'email' ? 'recipient is not a valid email address' : 'recipient is not a UK mobile number');
    this.name = 'InvalidRecipient';
  }
}

/**
 * A provider did not accept a message. `detail` is built by the adapter from status codes and
 * error names only (never the provider's free text, which may quote the recipient). `permanent`
 * says whether trying again can help (a rejected recipient) or not (an outage, a rate limit).
 */
export class DeliveryFailed extends NotifyError {
  readonly code = 'delivery_failed';
  constructor(
    readonly provider: string,
    readonly detail: string,
    readonly permanent: boolean,
  ) {
    super(`${provider}: ${detail}`);
    this.name = 'DeliveryFailed';
  }
}
