// Manual reminders to staff with pending credentials (DOMAIN.md E16), beside the automatic weekly
// ones (src/jobs/reminders.ts), with the same messages ('pending-credentials-reminder-*'), on the
// person's channels (email and SMS unless they switched one off, S11).
// Rules: one passport per transaction, its row locked; a passport reminded (by hand or by the job)
// less than a minute ago is not reminded again, so a double submit acts once. A manual reminder
// moves `pending_reminded_at` (the job then waits a week from it) but not the job's count: HR's
// reminders do not use up the automatic ones (at most 4).
import { and, eq, isNull, lt, or, sql } from 'drizzle-orm';
import type { Organisation } from '../../../core/passport/organisation.ts';
import { employeePortalUrl } from '../../../core/passport/portal-links.ts';
import type { Notifier } from '../../../integrations/notify/index.ts';
import { counted, notifyPerson } from '../../../jobs/notify-person.ts';
import type { Clock } from '../../../platform/clock.ts';
import { appendAudit } from '../../../store/audit-log.ts';
import { schema, type Db } from '../../../store/database.ts';
import { passportHistory } from '../../../store/passport-history.ts';
import type { OrganisationScope } from '../../../store/scope.ts';
import { staffPassports } from '../../../store/staff-passports.ts';

export const MANUAL_REMINDER_GAP_MS = 60_000;

export interface ReminderDeps {
  notifier: Notifier;
  publicUrl: string;
  clock: Clock;
}

export interface ReminderContext {
  organisation: Pick<Organisation, 'id' | 'odsCode' | 'name'>;
  scope: OrganisationScope;
  actor: string;
  correlationId: string;
}

export type RemindOutcome = { outcome: 'reminded'; messages: number } | { outcome: 'not-found' | 'none-pending' | 'just-reminded' };

const c = schema.providedCredentials;
const p = schema.staffPassports;

/** How many credentials wait for the person's review. */
export async function pendingCount(db: Db, scope: OrganisationScope, passportId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(c)
    .where(and(eq(c.organisationId, scope.organisationId), eq(c.passportId, passportId), eq(c.state, 'pending')));
  return Number(row?.n ?? 0);
}

/** Reminds one person, in the caller's transaction. */
export async function remindPending(tx: Db, deps: ReminderDeps, ctx: ReminderContext, passportId: string, bulk = false): Promise<RemindOutcome> {
  const passport = await staffPassports(tx, ctx.scope).lock(passportId);
  if (!passport) return { outcome: 'not-found' };
  const pending = await pendingCount(tx, ctx.scope, passport.id);
  if (pending === 0) return { outcome: 'none-pending' };
  const now = deps.clock.now();
  const moved = await tx
    .update(p)
    .set({ pendingRemindedAt: now })
    .where(
      and(
        eq(p.organisationId, ctx.scope.organisationId),
        eq(p.id, passport.id),
        or(isNull(p.pendingRemindedAt), lt(p.pendingRemindedAt, new Date(now.getTime() - MANUAL_REMINDER_GAP_MS))),
      ),
    )
    .returning({ id: p.id });
  if (moved.length === 0) return { outcome: 'just-reminded' };
  const messages = await notifyPerson(tx, deps.notifier, ctx.organisation.id, passport, {
    email: 'pending-credentials-reminder-email',
    sms: 'pending-credentials-reminder-sms',
    personalisation: { name: passport.givenName, organisation_name: ctx.organisation.name, credentials: counted(pending, 'credential'), link: employeePortalUrl(deps.publicUrl, ctx.organisation.odsCode) },
  });
  await passportHistory(tx, ctx.scope).record([{ passportId: passport.id, event: 'reminder.pending-credentials', actor: ctx.actor, at: now, details: { pending, manual: true, messages } }]);
  await appendAudit(
    tx,
    { organisationId: ctx.organisation.id, actor: ctx.actor, action: 'passport.pending-reminder-sent', subject: passport.id, correlationId: ctx.correlationId, details: { pending, messages, bulk } },
    deps.clock,
  );
  return { outcome: 'reminded', messages };
}

/** The passports of the trust with pending credentials (ids only), keyset-paged. */
export async function passportsWithPending(db: Db, scope: OrganisationScope, options: { after?: string; limit: number }): Promise<string[]> {
  const rows = await db
    .selectDistinct({ id: c.passportId })
    .from(c)
    .where(and(eq(c.organisationId, scope.organisationId), eq(c.state, 'pending'), options.after ? sql`${c.passportId} > ${options.after}` : undefined))
    .orderBy(c.passportId)
    .limit(options.limit);
  return rows.map((r) => r.id);
}

export async function countPassportsWithPending(db: Db, scope: OrganisationScope): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(distinct ${c.passportId})::int` })
    .from(c)
    .where(and(eq(c.organisationId, scope.organisationId), eq(c.state, 'pending')));
  return Number(row?.n ?? 0);
}
