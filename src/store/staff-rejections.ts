// Credentials staff rejected (provided_credentials in state `declined`, DOMAIN.md E11) and HR's
// mark that each was dealt with (`resolved_at`, `resolved_by`), scoped by the organisation (D11).
// Resolving and unresolving are conditional updates (`where resolved_at is [not] null`), so a
// double submit, or two HR users at once, change it once.
import { and, asc, desc, eq, isNotNull, isNull, sql } from 'drizzle-orm';
import { schema, type Db } from './database.ts';
import type { OrganisationScope } from './scope.ts';

const t = schema.providedCredentials;
const p = schema.staffPassports;

export interface StaffRejection {
  id: string;
  passportId: string;
  givenName: string;
  familyName: string;
  credentialType: string;
  title: string;
  stateReason: string | null;
  rejectedAt: Date;
  resolvedAt: Date | null;
  resolvedBy: string | null;
}

export function staffRejections(db: Db, scope: OrganisationScope) {
  const inScope = and(eq(t.organisationId, scope.organisationId), eq(t.state, 'declined'));
  return {
    /** Every rejection of the trust's staff, the unresolved first, newest first within each. */
    async list(options: { limit: number }): Promise<StaffRejection[]> {
      return db
        .select({
          id: t.id,
          passportId: t.passportId,
          givenName: p.givenName,
          familyName: p.familyName,
          credentialType: t.credentialType,
          title: t.title,
          stateReason: t.stateReason,
          rejectedAt: t.stateChangedAt,
          resolvedAt: t.resolvedAt,
          resolvedBy: t.resolvedBy,
        })
        .from(t)
        .innerJoin(p, and(eq(p.organisationId, t.organisationId), eq(p.id, t.passportId)))
        .where(inScope)
        .orderBy(sql`${t.resolvedAt} is not null`, desc(t.stateChangedAt), asc(t.title))
        .limit(options.limit);
    },

    /** How many are still to be resolved (the "Action needed" link). */
    async countUnresolved(): Promise<number> {
      const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(t).where(and(inScope, isNull(t.resolvedAt)));
      return Number(row?.n ?? 0);
    },

    async find(id: string): Promise<{ id: string; passportId: string; title: string; credentialType: string; resolvedAt: Date | null } | undefined> {
      const [row] = await db.select({ id: t.id, passportId: t.passportId, title: t.title, credentialType: t.credentialType, resolvedAt: t.resolvedAt }).from(t).where(and(inScope, eq(t.id, id)));
      return row;
    },

    /** Marks it resolved; undefined when it was already (or is not a rejection of this trust). */
    async resolve(id: string, change: { actor: string; now: Date }): Promise<{ passportId: string; title: string; credentialType: string } | undefined> {
      const [row] = await db
        .update(t)
        .set({ resolvedAt: change.now, resolvedBy: change.actor })
        .where(and(inScope, eq(t.id, id), isNull(t.resolvedAt)))
        .returning({ passportId: t.passportId, title: t.title, credentialType: t.credentialType });
      return row;
    },

    /** Clears the mark; undefined when it was not resolved. */
    async unresolve(id: string): Promise<{ passportId: string; title: string; credentialType: string } | undefined> {
      const [row] = await db
        .update(t)
        .set({ resolvedAt: null, resolvedBy: null })
        .where(and(inScope, eq(t.id, id), isNotNull(t.resolvedAt)))
        .returning({ passportId: t.passportId, title: t.title, credentialType: t.credentialType });
      return row;
    },
  };
}
