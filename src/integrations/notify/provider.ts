// The port every delivery adapter implements. Messages arrive rendered and their recipients
// parsed; an adapter only hands them over. It answers with the provider's reference for the
// message, or throws DeliveryFailed (errors.ts) with a detail that carries no personal data.

export const providerNames = ['outbox', 'smtp', 'govuk-notify'] as const;
export type ProviderName = (typeof providerNames)[number];

export interface EmailMessage {
  /** Our id (notifications.id): adapters pass it on as the provider's client reference. */
  readonly notificationId: string;
  readonly to: string;
  readonly subject: string;
  /** Plain text. */
  readonly body: string;
}

export interface SmsMessage {
  readonly notificationId: string;
  /** E.164, e.g. +447700900123. */
  readonly to: string;
  readonly body: string;
}

export interface DeliveryReceipt {
  /** The provider's id for the message (SMTP Message-ID, Notify notification id). */
  readonly reference: string;
}

export interface NotificationProvider {
  readonly name: ProviderName;
  sendEmail(message: EmailMessage): Promise<DeliveryReceipt>;
  sendSms(message: SmsMessage): Promise<DeliveryReceipt>;
  /** Releases connections (SMTP); a no-op where there are none. */
  close(): Promise<void>;
}
