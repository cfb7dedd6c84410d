// Employer portal users' second factors (D38), one per user. Every statement is scoped by the
// organisation. The TOTP seed arrives sealed (key-management port, `totp-seed:<user id>`).
import { and, eq, isNull, or, lt, sql } from 'drizzle-orm';
import type { Db } from './database.ts';
import { schema } from './database.ts';
import type { OrganisationScope } from './scope.ts';

export type SecondFactorKind = 'totp' | 'sms';

export interface SecondFactor {
  userId: string;
  kind: SecondFactorKind;
  totpSeedSealed: string | null;
  mobile: string | null;
  confirmedAt: Date | null;
  lastTotpStep: number | null;
}

const t = schema.employerSecondFactors;
const columns = { userId: t.userId, kind: t.kind, totpSeedSealed: t.totpSeedSealed, mobile: t.mobile, confirmedAt: t.confirmedAt, lastTotpStep: t.lastTotpStep };

export function employerSecondFactors(db: Db, scope: OrganisationScope) {
  const inScope = eq(t.organisationId, scope.organisationId);
  return {
    async find(userId: string): Promise<SecondFactor | undefined> {
      const [row] = await db.select(columns).from(t).where(and(inScope, eq(t.userId, userId)));
      return row;
    },

    /** The second factor of each of these users, for the users list. */
    async ofUsers(): Promise<Map<string, SecondFactor>> {
      const rows = await db.select(columns).from(t).where(inScope);
      return new Map(rows.map((r) => [r.userId, r]));
    },

    /**
     * Starts (or restarts) enrolment: replaces an unconfirmed factor, never a confirmed one.
     * False when the user already has a confirmed second factor.
     */
    async beginEnrolment(userId: string, factor: { kind: 'totp'; totpSeedSealed: string } | { kind: 'sms'; mobile: string }, now: Date): Promise<boolean> {
      const values = { kind: factor.kind, totpSeedSealed: factor.kind === 'totp' ? factor.totpSeedSealed : null, mobile: factor.kind === 'sms' ? factor.mobile : null, lastTotpStep: null, createdAt: now };
      const rows = await db
        .insert(t)
        .values({ organisationId: scope.organisationId, userId, ...values })
        .onConflictDoUpdate({ target: [t.organisationId, t.userId], set: values, setWhere: isNull(t.confirmedAt) })
        .returning({ userId: t.userId });
      return rows.length === 1;
    },

    async confirm(userId: string, now: Date, totpStep?: number): Promise<boolean> {
      const rows = await db
        .update(t)
        .set({ confirmedAt: now, ...(totpStep !== undefined ? { lastTotpStep: totpStep } : {}) })
        .where(and(inScope, eq(t.userId, userId), isNull(t.confirmedAt)))
        .returning({ userId: t.userId });
      return rows.length === 1;
    },

    /** Records a TOTP time step as used: false when it (or a later one) was used already (replay). */
    async useTotpStep(userId: string, step: number): Promise<boolean> {
      const rows = await db
        .update(t)
        .set({ lastTotpStep: step })
        .where(and(inScope, eq(t.userId, userId), or(isNull(t.lastTotpStep), lt(t.lastTotpStep, step))))
        .returning({ userId: t.userId });
      return rows.length === 1;
    },

    /** A senior administrator's reset: the user enrols again at their next sign-in. */
    async remove(userId: string): Promise<boolean> {
      const rows = await db.delete(t).where(and(inScope, eq(t.userId, userId))).returning({ userId: t.userId });
      return rows.length === 1;
    },

    async countConfirmed(): Promise<number> {
      const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(t).where(and(inScope, sql`${t.confirmedAt} is not null`));
      return row?.n ?? 0;
    },
  };
}
