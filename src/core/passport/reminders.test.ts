import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  MAX_INVITATION_REMINDERS,
  MAX_PENDING_REMINDERS,
  invitationExpiresAt,
  invitationReminderDue,
  pendingReminderDue,
  type InvitationReminderState,
  type PendingReminderState,
} from './reminders.ts';

const DAY = 24 * 60 * 60 * 1000;

const londonHour = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: '2-digit', hourCycle: 'h23' });

/** The reminder jobs' firings, 10:00 Europe/London each day, after `from` and up to `to`. */
function dailyRuns(from: Date, to: Date): Date[] {
  const runs: Date[] = [];
  for (let day = new Date(from.toISOString().slice(0, 10)); day <= to; day = new Date(day.getTime() + DAY)) {
    const guess = new Date(day.getTime() + 10 * 60 * 60 * 1000);
    const run = new Date(guess.getTime() - (Number(londonHour.format(guess)) - 10) * 60 * 60 * 1000);
    if (run > from && run <= to) runs.push(run);
  }
  return runs;
}

describe('invitation reminders (DOMAIN.md §9 #11)', () => {
  it('remind daily for the first 7 days, then weekly, and stop when the link expires at 28 days, across the clock change', () => {
    // Sent on a Friday afternoon two days before the clocks go forward.
    const sentAt = new Date('2026-03-27T15:30:00Z');
    const invitation: InvitationReminderState = { sentAt, expiresAt: invitationExpiresAt(sentAt), remindersSent: 0, lastRemindedAt: null };
    const reminded: string[] = [];
    for (const run of dailyRuns(sentAt, new Date(sentAt.getTime() + 40 * DAY))) {
      if (!invitationReminderDue(invitation, run).due) continue;
      invitation.remindersSent += 1;
      invitation.lastRemindedAt = run;
      reminded.push(run.toISOString().slice(0, 10));
    }
    assert.deepEqual(reminded, [
      // Daily for the first week: 18.5 hours on is not yet a day, so the first is on Sunday,
      // the morning the clocks went forward (10:00 BST, 09:00Z, 23 hours after Saturday's run).
      '2026-03-29', '2026-03-30', '2026-03-31', '2026-04-01', '2026-04-02', '2026-04-03',
      // Then weekly, until the link expires on 24 April at 15:30.
      '2026-04-10', '2026-04-17', '2026-04-24',
    ]);
    assert.ok(reminded.length <= MAX_INVITATION_REMINDERS);
  });

  it('never reminds after expiry, beyond the limit, or twice in one day', () => {
    const sentAt = new Date('2026-01-05T09:00:00Z');
    const base: InvitationReminderState = { sentAt, expiresAt: invitationExpiresAt(sentAt), remindersSent: 0, lastRemindedAt: null };
    assert.deepEqual(invitationReminderDue(base, new Date(sentAt.getTime() + 28 * DAY)), { due: false, reason: 'expired' });
    assert.deepEqual(invitationReminderDue({ ...base, remindersSent: MAX_INVITATION_REMINDERS }, new Date(sentAt.getTime() + 20 * DAY)), { due: false, reason: 'limit_reached' });
    const remindedAt = new Date(sentAt.getTime() + 2 * DAY);
    assert.deepEqual(invitationReminderDue({ ...base, remindersSent: 2, lastRemindedAt: remindedAt }, new Date(remindedAt.getTime() + 60_000)), { due: false, reason: 'too_soon' });
  });
});

describe('pending credential reminders (DOMAIN.md E16)', () => {
  const providedAt = new Date('2026-02-02T11:00:00Z');
  const base: PendingReminderState = { oldestPendingAt: providedAt, lastProvidedAt: providedAt, remindersSent: 0, lastRemindedAt: null };

  it('remind weekly, a week after the credentials were provided, at most 4 times', () => {
    const state = { ...base };
    const reminded: string[] = [];
    for (const run of dailyRuns(providedAt, new Date(providedAt.getTime() + 60 * DAY))) {
      if (!pendingReminderDue(state, run).due) continue;
      state.remindersSent += 1;
      state.lastRemindedAt = run;
      reminded.push(run.toISOString().slice(0, 10));
    }
    assert.deepEqual(reminded, ['2026-02-09', '2026-02-16', '2026-02-23', '2026-03-02']);
    assert.equal(reminded.length, MAX_PENDING_REMINDERS);
  });

  it('wait a week after something new is provided (the person was told then)', () => {
    const newer = new Date(providedAt.getTime() + 20 * DAY);
    const state: PendingReminderState = { ...base, lastProvidedAt: newer, remindersSent: 0, lastRemindedAt: null };
    assert.equal(pendingReminderDue(state, new Date(newer.getTime() + 3 * DAY)).due, false);
    assert.equal(pendingReminderDue(state, new Date(newer.getTime() + 7 * DAY)).due, true);
  });
});
