// Failed sign-in attempts and lockout (D38), per organisation and account key (SHA-256 of the
// lower-cased email typed, known or not, so a lockout reveals nothing about which emails exist).
// Every statement is scoped by the organisation.
import { and, eq, gt, sql } from 'drizzle-orm';
import type { Db } from './database.ts';
import { schema } from './database.ts';
import type { OrganisationScope } from './scope.ts';

const t = schema.employerSignInLocks;

export interface LockPolicy {
  /** Failures (of one kind) that lock the account. */
  maxFailures: number;
  lockMs: number;
}

export function employerSignInLocks(db: Db, scope: OrganisationScope) {
  const inScope = eq(t.organisationId, scope.organisationId);
  return {
    /** When the account is locked now, until when; otherwise undefined. */
    async lockedUntil(accountKey: string, now: Date): Promise<Date | undefined> {
      const [row] = await db.select({ lockedUntil: t.lockedUntil }).from(t).where(and(inScope, eq(t.accountKey, accountKey), gt(t.lockedUntil, now)));
      return row?.lockedUntil ?? undefined;
    },

    /**
     * Counts a failure (a wrong password or a wrong code) and locks the account once the count
     * reaches the policy's maximum. A lock that has run out starts both counts again. Returns
     * when the account is now locked until, if it is.
     */
    async recordFailure(accountKey: string, kind: 'password' | 'code', now: Date, policy: LockPolicy): Promise<Date | undefined> {
      const expired = sql`(${t.lockedUntil} is not null and ${t.lockedUntil} <= ${now})`;
      const column = kind === 'password' ? t.passwordFailures : t.codeFailures;
      const other = kind === 'password' ? t.codeFailures : t.passwordFailures;
      const [row] = await db
        .insert(t)
        .values({ organisationId: scope.organisationId, accountKey, passwordFailures: kind === 'password' ? 1 : 0, codeFailures: kind === 'code' ? 1 : 0, updatedAt: now })
        .onConflictDoUpdate({
          target: [t.organisationId, t.accountKey],
          set: {
            [kind === 'password' ? 'passwordFailures' : 'codeFailures']: sql`case when ${expired} then 1 else ${column} + 1 end`,
            [kind === 'password' ? 'codeFailures' : 'passwordFailures']: sql`case when ${expired} then 0 else ${other} end`,
            lockedUntil: sql`case when ${expired} then null else ${t.lockedUntil} end`,
            updatedAt: now,
          },
        })
        .returning({ passwordFailures: t.passwordFailures, codeFailures: t.codeFailures, lockedUntil: t.lockedUntil });
      const failures = kind === 'password' ? row!.passwordFailures : row!.codeFailures;
      if (row!.lockedUntil && row!.lockedUntil > now) return row!.lockedUntil;
      if (failures < policy.maxFailures) return undefined;
      const until = new Date(now.getTime() + policy.lockMs);
      await db.update(t).set({ lockedUntil: until, updatedAt: now }).where(and(inScope, eq(t.accountKey, accountKey)));
      return until;
    },

    /** A right password clears the password count; a right code clears both. */
    async recordSuccess(accountKey: string, kind: 'password' | 'code', now: Date): Promise<void> {
      await db
        .update(t)
        .set(kind === 'password' ? { passwordFailures: 0, updatedAt: now } : { passwordFailures: 0, codeFailures: 0, updatedAt: now })
        .where(and(inScope, eq(t.accountKey, accountKey)));
    },

    async failures(accountKey: string): Promise<{ password: number; code: number }> {
      const [row] = await db.select({ password: t.passwordFailures, code: t.codeFailures }).from(t).where(and(inScope, eq(t.accountKey, accountKey)));
      return row ?? { password: 0, code: 0 };
    },
  };
}
