// When the service reminds people, and when it stops (DOMAIN.md §9 #11, E4.4, E16). Pure: the
// reminder jobs pass `now` and what was sent before.
//
// Invitations not acted on: the link is valid for 28 days; reminders go daily for the first 7
// days after sending, then weekly, and at most 10 times, never after the link expired. Pending
// credentials: a weekly reminder to a person who has credentials waiting for their review for a
// week or more, at most 4 in a row — the count starts again whenever something new is provided
// (that is news, and they were told of it then).
//
// The jobs run once a day at a fixed local time, so consecutive runs are 23 to 25 hours apart
// (the clock changes) and a little late sometimes: every interval is measured with two hours'
// leeway, otherwise a daily reminder would slip to every other day.

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;

export const INVITATION_VALIDITY_DAYS = 28;
export const INVITATION_DAILY_REMINDER_DAYS = 7;
export const MAX_INVITATION_REMINDERS = 10;
export const PENDING_REMINDER_INTERVAL_DAYS = 7;
export const MAX_PENDING_REMINDERS = 4;
export const REMINDER_LEEWAY_MS = 2 * HOUR_MS;

/** When an invitation sent at `sentAt` stops working. */
export function invitationExpiresAt(sentAt: Date): Date {
  return new Date(sentAt.getTime() + INVITATION_VALIDITY_DAYS * DAY_MS);
}

export interface InvitationReminderState {
  sentAt: Date;
  expiresAt: Date;
  remindersSent: number;
  lastRemindedAt: Date | null;
}

export type ReminderDecision = { due: true } | { due: false; reason: 'expired' | 'limit_reached' | 'too_soon' };

export function invitationReminderDue(invitation: InvitationReminderState, now: Date): ReminderDecision {
  if (now.getTime() >= invitation.expiresAt.getTime()) return { due: false, reason: 'expired' };
  if (invitation.remindersSent >= MAX_INVITATION_REMINDERS) return { due: false, reason: 'limit_reached' };
  const age = now.getTime() - invitation.sentAt.getTime();
  const interval = age <= INVITATION_DAILY_REMINDER_DAYS * DAY_MS + REMINDER_LEEWAY_MS ? DAY_MS : 7 * DAY_MS;
  const lastContact = invitation.lastRemindedAt ?? invitation.sentAt;
  if (now.getTime() - lastContact.getTime() < interval - REMINDER_LEEWAY_MS) return { due: false, reason: 'too_soon' };
  return { due: true };
}

export interface PendingReminderState {
  /** When the oldest credential still pending was provided. */
  oldestPendingAt: Date;
  /** When something was last provided to the passport (the count restarts from there). */
  lastProvidedAt: Date;
  remindersSent: number;
  lastRemindedAt: Date | null;
}

export function pendingReminderDue(state: PendingReminderState, now: Date): ReminderDecision {
  if (state.remindersSent >= MAX_PENDING_REMINDERS) return { due: false, reason: 'limit_reached' };
  const week = PENDING_REMINDER_INTERVAL_DAYS * DAY_MS - REMINDER_LEEWAY_MS;
  if (now.getTime() - state.oldestPendingAt.getTime() < week) return { due: false, reason: 'too_soon' };
  const lastContact = Math.max(state.lastProvidedAt.getTime(), state.lastRemindedAt?.getTime() ?? 0);
  if (now.getTime() - lastContact < week) return { due: false, reason: 'too_soon' };
  return { due: true };
}
