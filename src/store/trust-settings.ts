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

    /**
     * Switches auto-provide on or off; true when that changed the setting (so a form posted twice,
     * or two administrators doing the same, change and audit it once). Off is the default, so
     * switching off a trust that never had the setting changes nothing.
     */
    async setAutoProvide(on: boolean, actor: string): Promise<boolean> {
      const rows = on
        ? await db
            .insert(settings)
            .values({ organisationId: orgId, autoProvide: true, updatedBy: actor })
            .onConflictDoUpdate({ target: settings.organisationId, set: { autoProvide: true, updatedBy: actor, updatedAt: sql`now()` }, setWhere: eq(settings.autoProvide, false) })
            .returning({ id: settings.organisationId })
        : await db
            .update(settings)
            .set({ autoProvide: false, updatedBy: actor, updatedAt: sql`now()` })
            .where(and(eq(settings.organisationId, orgId), eq(settings.autoProvide, true)))
            .returning({ id: settings.organisationId });
      return rows.length === 1;
    },

    async mailboxes(): Promise<TeamMailbox[]> {
      const rows = await db
        .select({ team: mailboxes.team, email: mailboxes.email, weeklySummary: mailboxes.weeklySummary })
        .from(mailboxes)
        .where(eq(mailboxes.organisationId, orgId))
        .orderBy(asc(mailboxes.team));
      return rows;
    },

    /**
     * Sets a team's mailbox and whether it gets the weekly summary (E3 "Notification settings");
     * true when that added or changed it (false: it already was so).
     */
    async setMailbox(team: Team, email: string, weeklySummary: boolean): Promise<boolean> {
      if (!TEAMS.includes(team)) throw new TypeError(`unknown team ${JSON.stringify(team)}`);
      const address = zMailboxEmail.parse(email);
      const rows = await db
        .insert(mailboxes)
        .values({ organisationId: orgId, team, email: address, weeklySummary })
        .onConflictDoUpdate({
          target: [mailboxes.organisationId, mailboxes.team],
          set: { email: address, weeklySummary, updatedAt: sql`now()` },
          setWhere: sql`(${mailboxes.email}, ${mailboxes.weeklySummary}) is distinct from (excluded.email, excluded.weekly_summary)`,
        })
        .returning({ team: mailboxes.team });
      return rows.length === 1;
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
