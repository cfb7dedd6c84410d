// The notification foundation's public surface: import from here, not from its files.
export { createNotificationProvider, type GovukNotifyTemplateIds } from './create-provider.ts';
export { deliverQueue, zDeliverPayload, type DeliverJobContext, type DeliverJobHandler, type DeliverPayload, type NotifyJobQueue } from './deliver-job.ts';
export { createDeliverNotificationHandler, type DeliverNotificationOptions } from './deliver-notification.ts';
export { DeliveryFailed, InvalidRecipient, MissingPersonalisation, NotifyError, UnknownTemplate, notifyErrorCodes, type NotifyErrorCode } from './errors.ts';
export { extractLinks } from './extract-links.ts';
export { createGovukNotifyProvider, govukNotifyProductionUrl, type GovukNotifyProviderOptions } from './govuk-notify-provider.ts';
export { listOutbox, maxOutboxPageSize, type ListOutboxOptions, type OutboxMessage, type OutboxPage } from './list-outbox.ts';
export { createOutboxProvider } from './outbox-provider.ts';
export { parseEmailAddress, parseRecipient, parseUkMobile } from './parse-recipient.ts';
export { providerNames, type DeliveryReceipt, type EmailMessage, type NotificationProvider, type ProviderName, type SmsMessage } from './provider.ts';
export { placeholdersOf, renderTemplate, type RenderedMessage } from './render-template.ts';
export { createNotifier, type Notifier, type NotifierOptions, type SendRequest } from './send-notification.ts';
export { createSmtpProvider, type SmtpProviderOptions } from './smtp-provider.ts';
export { channels, findTemplate, templates, type Channel, type PersonalisationOf, type Template, type TemplateDefinition, type TemplateId } from './templates.ts';
