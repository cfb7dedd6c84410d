// Invitations to join a trust's passport service (DOMAIN.md E4, S1), scoped by the organisation
// (docs/architecture.md D11). Only a hash of the link's token is stored. A passport has at most
// one live invitation (a unique index over state `sent`): a resend supersedes the live one first
// (DOMAIN.md §9 #11: a resend issues a new token and invalidates the old). Reminders are
// recorded by a conditional update on the count the reminder job read, so two replicas cannot
// both count (and send) the same reminder.
import { randomUUID } from 'node:crypto';
import { and, asc, desc, eq, gt, lte, sql } from 'drizzle-orm';
import { invitationExpiresAt } from '../core/passport/reminders.ts';
import { schema, type Db } from './database.ts';
import type { OrganisationScope } from './scope.ts';

const t = schema.invitations;
const p = schema.staffPassports;

export type InvitationState = (typeof t.state.enumValues)[number];

export interface Invitation {
  id: string;
  passportId: string;
  state: InvitationState;
  sentAt: Date;
  sentBy: string;
  expiresAt: Date;
  remindersSent: number;
  lastRemindedAt: Date | null;
  closedAt: Date | null;
}

/** A live invitation with what a reminder needs of its passport. */
export interface InvitationToRemind extends Invitation {
  givenName: string;
  email: string | null;
  mobile: string | null;
  notifyByEmail: boolean;
  notifyBySms: boolean;
}

const columns = {
  id: t.id,
  passportId: t.passportId,
  state: t.state,
  sentAt: t.sentAt,
  sentBy: t.sentBy,
  expiresAt: t.expiresAt,
  remindersSent: t.remindersSent,
  lastRemindedAt: t.lastRemindedAt,
  closedAt: t.closedAt,
};

export function invitations(db: Db, scope: OrganisationScope) {
  const inScope = eq(t.organisationId, scope.organisationId);
  return {
    /** Sends (or resends) an invitation: the live one, if any, is superseded in the same call. */
    async send(passportId: string, invite: { tokenHash: string; actor: string; now: Date }): Promise<Invitation> {
      await db
        .update(t)
        .set({ state: 'superseded', closedAt: invite.now })
        .where(and(inScope, eq(t.passportId, passportId), eq(t.state, 'sent')));
      const [row] = await db
        .insert(t)
        .values({
          id: randomUUID(),
          organisationId: scope.organisationId,
          passportId,
          state: 'sent',
          tokenHash: invite.tokenHash,
          sentAt: invite.now,
          sentBy: invite.actor,
          expiresAt: invitationExpiresAt(invite.now),
        })
        .returning(columns);
      return row!;
    },

    async findLive(passportId: string): Promise<Invitation | undefined> {
      const [row] = await db.select(columns).from(t).where(and(inScope, eq(t.passportId, passportId), eq(t.state, 'sent')));
      return row;
    },

    /** The passport's most recent invitation, whatever its state. */
    async latestFor(passportId: string): Promise<Invitation | undefined> {
      const [row] = await db.select(columns).from(t).where(and(inScope, eq(t.passportId, passportId))).orderBy(desc(t.sentAt), desc(t.id)).limit(1);
      return row;
    },

    async findByTokenHash(tokenHash: string): Promise<Invitation | undefined> {
      const [row] = await db.select(columns).from(t).where(and(inScope, eq(t.tokenHash, tokenHash)));
      return row;
    },

    /** The person acted on it (S1). Only a live, unexpired invitation can be accepted. */
    async accept(id: string, now: Date): Promise<boolean> {
      const rows = await db
        .update(t)
        .set({ state: 'accepted', closedAt: now })
        .where(and(inScope, eq(t.id, id), eq(t.state, 'sent'), sql`${t.expiresAt} > ${now.toISOString()}::timestamptz`))
        .returning({ id: t.id });
      return rows.length === 1;
    },

    /**
     * Live invitations whose last contact is at least `quietFor` ago: the reminder job applies the
     * rules to these. Keyset-paged by id.
     */
    async toRemind(now: Date, quietForMs: number, page: { after?: string; limit: number }): Promise<InvitationToRemind[]> {
      const before = new Date(now.getTime() - quietForMs).toISOString();
      return db
        .select({ ...columns, givenName: p.givenName, email: p.email, mobile: p.mobile, notifyByEmail: p.notifyByEmail, notifyBySms: p.notifyBySms })
        .from(t)
        .innerJoin(p, and(eq(p.organisationId, t.organisationId), eq(p.id, t.passportId)))
        .where(
          and(
            inScope,
            eq(t.state, 'sent'),
            sql`${t.expiresAt} > ${now.toISOString()}::timestamptz`,
            sql`coalesce(${t.lastRemindedAt}, ${t.sentAt}) <= ${before}::timestamptz`,
            page.after === undefined ? undefined : gt(t.id, page.after),
          ),
        )
        .orderBy(asc(t.id))
        .limit(page.limit);
    },

    /** Counts one reminder, if the count is still what the caller read (so it is counted once). */
    async recordReminder(id: string, readCount: number, now: Date): Promise<boolean> {
      const rows = await db
        .update(t)
        .set({ remindersSent: readCount + 1, lastRemindedAt: now })
        .where(and(inScope, eq(t.id, id), eq(t.state, 'sent'), eq(t.remindersSent, readCount)))
        .returning({ id: t.id });
      return rows.length === 1;
    },

    /** Closes live invitations past their expiry; returns their passports. */
    async expireDue(now: Date): Promise<Array<{ id: string; passportId: string }>> {
      return db
        .update(t)
        .set({ state: 'expired', closedAt: now })
        .where(and(inScope, eq(t.state, 'sent'), lte(t.expiresAt, now)))
        .returning({ id: t.id, passportId: t.passportId });
    },

    async countLive(now: Date): Promise<number> {
      const [row] = await db
        .select({ n: sql<number>`count(*)::int` })
        .from(t)
        .where(and(inScope, eq(t.state, 'sent'), sql`${t.expiresAt} > ${now.toISOString()}::timestamptz`));
      return Number(row?.n ?? 0);
    },
  };
}
