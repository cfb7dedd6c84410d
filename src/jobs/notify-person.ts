// Tells a member of staff something on each channel they chose (DOMAIN.md S11), inside the
// caller's transaction (D16: a rolled-back change sends nothing). An address that no longer
// parses is skipped rather than failing the change: nothing was written for it.
import { channelsFor, type Reachable } from '../core/passport/staff-passport.ts';
import { InvalidRecipient, type Notifier, type PersonalisationOf } from '../integrations/notify/index.ts';
import type { Db } from '../store/database.ts';

type EmailTemplate = 'credentials-provided-email' | 'credential-request-reviewed-email' | 'invitation-reminder-email' | 'pending-credentials-reminder-email' | 'credentials-expired-email' | 'credentials-requested-email';
type SmsTemplate = 'credentials-provided-sms' | 'credential-request-reviewed-sms' | 'invitation-reminder-sms' | 'pending-credentials-reminder-sms' | 'credentials-expired-sms' | 'credentials-requested-sms';

/** Returns how many messages were recorded (0 when the person switched both channels off). */
export async function notifyPerson<E extends EmailTemplate, S extends SmsTemplate>(
  tx: Db,
  notifier: Notifier,
  organisationId: string,
  person: Reachable,
  message: { email: E; sms: S; personalisation: PersonalisationOf<E> & PersonalisationOf<S> },
): Promise<number> {
  let sent = 0;
  for (const { channel, to } of channelsFor(person)) {
    try {
      if (channel === 'email') await notifier.send(tx, { organisationId, channel, to, template: message.email, personalisation: message.personalisation });
      else await notifier.send(tx, { organisationId, channel, to, template: message.sms, personalisation: message.personalisation });
      sent += 1;
    } catch (error) {
      if (!(error instanceof InvalidRecipient)) throw error;
    }
  }
  return sent;
}

/** A list of titles for one line of a message: the first few, then how many more. */
export function titleList(titles: readonly string[], shown = 5): string {
  const unique = [...new Set(titles)];
  const head = unique.slice(0, shown).join(', ');
  return unique.length > shown ? `${head} and ${unique.length - shown} more` : head;
}

/** `1 credential`, `3 new credentials`: a count with its noun, for a message. */
export function counted(n: number, noun: string, adjective = ''): string {
  return `${n} ${adjective ? `${adjective} ` : ''}${noun}${n === 1 ? '' : 's'}`;
}

/** A day as people in England read it: `Monday 2 March 2026`. */
export function londonDate(at: Date): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(at).replace(',', '');
}
