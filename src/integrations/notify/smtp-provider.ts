// Email through any SMTP relay (nodemailer). Messages go out as text/plain only: there is no
// HTML part, so nothing a person typed can become markup in a mail client. SMTP has no SMS,
// so an SMS given to this adapter fails permanently rather than vanishing.
import nodemailer from 'nodemailer';
import { DeliveryFailed } from './errors.ts';
import type { NotificationProvider } from './provider.ts';

export interface SmtpProviderOptions {
  /** smtp:// or smtps:// URL with optional user:pass@ and query options (nodemailer's connection URL). */
  readonly smtpUrl: string;
  /** The From address of every message. */
  readonly fromAddress: string;
}

/** The parts of a nodemailer error we keep: its code and the SMTP reply code, never its text (it may quote the address). */
function failureOf(error: unknown): DeliveryFailed {
  const e = (typeof error === 'object' && error !== null ? error : {}) as { code?: unknown; responseCode?: unknown; permanent?: unknown };
  const code = typeof e.code === 'string' && /^E[A-Z]+$/.test(e.code) ? e.code : 'error';
  const reply = typeof e.responseCode === 'number' ? e.responseCode : undefined;
  // RFC 5321 §4.2.1: 5yz replies are permanent negative completions, 4yz transient. nodemailer 10
  // works this out per reply as `permanent`; an envelope refused without a reply is permanent too.
  const permanent = typeof e.permanent === 'boolean' ? e.permanent : reply !== undefined ? reply >= 500 : code === 'EENVELOPE';
  return new DeliveryFailed('smtp', `SMTP ${code}${reply === undefined ? '' : ` (reply ${reply})`}`, permanent);
}

export function createSmtpProvider(options: SmtpProviderOptions): NotificationProvider {
  if (!/^smtps?:\/\//.test(options.smtpUrl)) throw new TypeError('smtpUrl must be an smtp:// or smtps:// URL');
  const transport = nodemailer.createTransport(options.smtpUrl);

  return {
    name: 'smtp',
    async sendEmail(message) {
      try {
        const info = await transport.sendMail({
          from: options.fromAddress,
          to: message.to,
          subject: message.subject,
          text: message.body,
          // Our id travels with the message so a bounce can be traced back to its row.
          headers: { 'X-DSP-Notification-Id': message.notificationId },
        });
        return { reference: String(info.messageId) };
      } catch (error) {
        throw failureOf(error);
      }
    },
    async sendSms() {
      throw new DeliveryFailed('smtp', 'SMTP cannot send SMS: configure govuk-notify for text messages', true);
    },
    async close() {
      transport.close();
    },
  };
}
