// A trust's System Management settings (DOMAIN.md E3): auto-provide on or off, and the team
// mailboxes that get a weekly summary. Scoped by the organisation (docs/architecture.md D11),
// except `trustsWithAutoProvide`, which reads across trusts the way the organisation registry
// does: the scheduled fan-out needs to know whom to run for, and learns ids only.
import { and, asc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { TEAMS, type Team } from '../core/passport/teams.ts';
import { schema, type Db } from './database.ts';
import type { OrganisationScope } from './scope.ts';

const settings = schema.trustSettings;
const mailboxes = schema.teamMailboxes;

export interface TrustSettings {
  autoProvide: boolean;
  updatedAt: Date | null;
  updatedBy: string | null;
}

export interface TeamMailbox {
  team: Team;
  email: string;
  weeklySummary: boolean;
}

const zMailboxEmail = z.string().trim().toLowerCase().pipe(z.email());

export function trustSettings(db: Db, scope: OrganisationScope) {
  const orgId = scope.organisationId;
  return {
    /** The settings, with defaults (auto-provide off) for a trust that never changed them. */
    async get(): Promise<TrustSettings> {
      const [row] = await db.select().from(settings).where(eq(settings.organisationId, orgId));
      return row ? { autoProvide: row.autoProvide, updatedAt: row.updatedAt, updatedBy: row.updatedBy } : { autoProvide: false, updatedAt: null, updatedBy: null };
    },

    async setAutoProvide(on: boolean, actor: string): Promise<void> {
      await db
        .insert(settings)
        .values({ organisationId: orgId, autoProvide: on, updatedBy: actor })
        .onConflictDoUpdate({ target: settings.organisationId, set: { autoProvide: on, updatedBy: actor, updatedAt: sql`now()` } });
    },

    async mailboxes(): Promise<TeamMailbox[]> {
      const rows = await db
        .select({ team: mailboxes.team, email: mailboxes.email, weeklySummary: mailboxes.weeklySummary })
        .from(mailboxes)
        .where(eq(mailboxes.organisationId, orgId))
        .orderBy(asc(mailboxes.team));
      return rows;
    },

    /** Sets a team's mailbox and whether it gets the weekly summary (E3 "Notification settings"). */
    async setMailbox(team: Team, email: string, weeklySummary: boolean): Promise<void> {
      if (!TEAMS.includes(team)) throw new TypeError(`unknown team ${JSON.stringify(team)}`);
      const address = zMailboxEmail.parse(email);
      await db
        .insert(mailboxes)
        .values({ organisationId: orgId, team, email: address, weeklySummary })
        .onConflictDoUpdate({ target: [mailboxes.organisationId, mailboxes.team], set: { email: address, weeklySummary, updatedAt: sql`now()` } });
    },

    async removeMailbox(team: Team): Promise<boolean> {
      const rows = await db
        .delete(mailboxes)
        .where(and(eq(mailboxes.organisationId, orgId), eq(mailboxes.team, team)))
        .returning({ team: mailboxes.team });
      return rows.length === 1;
    },
  };
}

/** Ids of the trusts with auto-provide on (the 11:00 fan-out's list). */
export async function trustsWithAutoProvide(db: Db): Promise<string[]> {
  const rows = await db
    .select({ id: schema.organisations.id })
    .from(settings)
    .innerJoin(schema.organisations, eq(schema.organisations.id, settings.organisationId))
    .where(and(eq(settings.autoProvide, true), eq(schema.organisations.kind, 'trust')))
    .orderBy(asc(schema.organisations.odsCode));
  return rows.map((r) => r.id);
}
