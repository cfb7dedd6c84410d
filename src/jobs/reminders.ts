// Reminder jobs (DOMAIN.md E4.4, E16, §9 #11), each daily at 10:00 Europe/London with the
// cadence and limits of src/core/passport/reminders.ts:
// - invitation reminders: invitations not acted on (daily for a week, then weekly, until the
//   link expires at 28 days; at most 10); expired invitations are closed;
// - pending-credential reminders: a weekly reminder to each person with credentials waiting for
//   their review (at most 4 since something was last provided).
// Each reminder is one transaction: the count moves by a conditional update on the value read,
// the message and the history entry go with it, so a re-run, or two runs at once, remind once.
import { employeePortalUrl } from '../core/passport/portal-links.ts';
import { invitationReminderDue, pendingReminderDue, REMINDER_LEEWAY_MS } from '../core/passport/reminders.ts';
import { invitations } from '../store/invitations.ts';
import { passportHistory } from '../store/passport-history.ts';
import { providedCredentials } from '../store/provided-credentials.ts';
import { staffPassports } from '../store/staff-passports.ts';
import { counted, londonDate, notifyPerson } from './notify-person.ts';
import type { TrustJobDefinition } from './trust-jobs.ts';

const PAGE = 500;
const DAY_MS = 24 * 60 * 60 * 1000;

export const invitationReminders: TrustJobDefinition = {
  name: 'invitation-reminders',
  cron: '0 10 * * *',
  description: 'Reminds people who have not acted on their invitation (daily for 7 days, then weekly, until it expires at 28 days)',
  maxAttempts: 5,
  async run({ deps, organisation, scope, actor, summary, signal }) {
    const { database, clock, notifier } = deps;
    summary.reminded = 0;
    summary.notified = 0;
    summary.expiredInvitations = await database.transaction(async (tx) => {
      const now = clock.now();
      const closed = await invitations(tx, scope).expireDue(now);
      await passportHistory(tx, scope).record(closed.map((c) => ({ passportId: c.passportId, event: 'invitation.expired' as const, actor, at: now, details: { invitation: c.id } })));
      return closed.length;
    });
    let after: string | undefined;
    for (;;) {
      if (signal.aborted) throw new Error('stopped');
      const now = clock.now();
      const page = await invitations(database.db, scope).toRemind(now, DAY_MS - REMINDER_LEEWAY_MS, { ...(after ? { after } : {}), limit: PAGE });
      for (const invitation of page) {
        if (!invitationReminderDue(invitation, now).due) continue;
        await database.transaction(async (tx) => {
          if (!(await invitations(tx, scope).recordReminder(invitation.id, invitation.remindersSent, now))) return;
          summary.reminded! += 1;
          summary.notified! += await notifyPerson(tx, notifier, organisation.id, invitation, {
            email: 'invitation-reminder-email',
            sms: 'invitation-reminder-sms',
            personalisation: { name: invitation.givenName, organisation_name: organisation.name, sent_on: londonDate(invitation.sentAt), expires_on: londonDate(invitation.expiresAt) },
          });
          await passportHistory(tx, scope).record([
            { passportId: invitation.passportId, event: 'invitation.reminded', actor, at: now, details: { invitation: invitation.id, reminder: invitation.remindersSent + 1 } },
          ]);
        });
      }
      if (page.length < PAGE) return;
      after = page[page.length - 1]!.id;
    }
  },
};

export const pendingCredentialReminders: TrustJobDefinition = {
  name: 'pending-credential-reminders',
  cron: '0 10 * * *',
  description: 'Reminds people with credentials waiting for their review for a week or more (weekly, at most 4 times)',
  maxAttempts: 5,
  async run({ deps, organisation, scope, actor, summary, signal }) {
    const { database, clock, notifier, publicUrl } = deps;
    summary.reminded = 0;
    summary.notified = 0;
    let after: string | undefined;
    for (;;) {
      if (signal.aborted) throw new Error('stopped');
      const now = clock.now();
      const page = await providedCredentials(database.db, scope).pendingByPassport({ ...(after ? { after } : {}), limit: PAGE });
      for (const passport of page) {
        if (!pendingReminderDue(passport, now).due) continue;
        await database.transaction(async (tx) => {
          if (!(await staffPassports(tx, scope).recordPendingReminder(passport.passportId, now, passport.lastRemindedAt))) return;
          summary.reminded! += 1;
          summary.notified! += await notifyPerson(tx, notifier, organisation.id, passport, {
            email: 'pending-credentials-reminder-email',
            sms: 'pending-credentials-reminder-sms',
            personalisation: {
              name: passport.givenName,
              organisation_name: organisation.name,
              credentials: counted(passport.pending, 'credential'),
              link: employeePortalUrl(publicUrl, organisation.odsCode),
            },
          });
          await passportHistory(tx, scope).record([
            { passportId: passport.passportId, event: 'reminder.pending-credentials', actor, at: now, details: { pending: passport.pending, reminder: passport.remindersSent + 1 } },
          ]);
        });
      }
      if (page.length < PAGE) return;
      after = page[page.length - 1]!.passportId;
    }
  },
};
