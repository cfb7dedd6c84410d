// Recipients are parsed before anything is recorded: an email address for email, a UK mobile
// number for SMS, normalised to E.164 (+447…) so one person has one spelling in the outbox and
// at the provider. Errors never repeat the value (it is personal data).
import { z } from 'zod';
import { InvalidRecipient } from './errors.ts';
import type { Channel } from './templates.ts';

// RFC 5321 §4.5.3.1.3: a path is at most 256 octets including the angle brackets.
const zEmailAddress = z.email().max(254);

export function parseEmailAddress(input: string): string {
  const parsed = zEmailAddress.safeParse(input.trim());
  if (!parsed.success) throw new InvalidRecipient('email');
  return parsed.data;
}

/**
 * A UK mobile number: +447xxxxxxxxx (E.164), 07xxxxxxxxx, or +44 (0)7xxxxxxxxx, with spaces,
 * hyphens, dots and brackets allowed between digits (Ofcom: UK mobile numbers are 07 + 9 digits).
 */
export function parseUkMobile(input: string): string {
  const compact = input.trim().replace(/[\s\-.()]/g, '');
  const national = /^(?:\+44|0044)0?(7\d{9})$/.exec(compact) ?? /^0(7\d{9})$/.exec(compact);
  if (!national) throw new InvalidRecipient('sms');
  return `+44${national[1]}`;
}

export function parseRecipient(channel: Channel, input: string): string {
  return channel === 'email' ? parseEmailAddress(input) : parseUkMobile(input);
}
