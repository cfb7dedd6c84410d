// Employer portal sessions of one organisation (D38). Only the SHA-256 of a session's token is
// stored. Every statement is scoped by the organisation.
import { randomUUID } from 'node:crypto';
import { and, eq, gt, isNotNull, lte, or, sql } from 'drizzle-orm';
import type { Db } from './database.ts';
import { schema } from './database.ts';
import type { OrganisationScope } from './scope.ts';

export type EmployerSessionStage = 'second-factor' | 'enrolment' | 'signed-in';

export interface EmployerSession {
  id: string;
  organisationId: string;
  userId: string;
  stage: EmployerSessionStage;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
  smsCodeSentAt: Date | null;
}

const t = schema.employerSessions;
const columns = {
  id: t.id,
  organisationId: t.organisationId,
  userId: t.userId,
  stage: t.stage,
  createdAt: t.createdAt,
  lastSeenAt: t.lastSeenAt,
  expiresAt: t.expiresAt,
  smsCodeSentAt: t.smsCodeSentAt,
};

export function employerSessions(db: Db, scope: OrganisationScope) {
  const inScope = eq(t.organisationId, scope.organisationId);
  return {
    async create(input: { userId: string; tokenHash: string; stage: EmployerSessionStage; now: Date; expiresAt: Date }): Promise<EmployerSession> {
      const [row] = await db
        .insert(t)
        .values({ id: randomUUID(), organisationId: scope.organisationId, userId: input.userId, tokenHash: input.tokenHash, stage: input.stage, createdAt: input.now, lastSeenAt: input.now, expiresAt: input.expiresAt })
        .returning(columns);
      return row!;
    },

    /**
     * The live session of a token, touched: one conditional UPDATE that both checks idle and
     * absolute expiry and records the activity. Undefined when unknown or expired.
     */
    async touch(tokenHash: string, now: Date, idleMs: number): Promise<EmployerSession | undefined> {
      const [row] = await db
        .update(t)
        .set({ lastSeenAt: now })
        .where(and(inScope, eq(t.tokenHash, tokenHash), gt(t.lastSeenAt, new Date(now.getTime() - idleMs)), gt(t.expiresAt, now)))
        .returning(columns);
      return row;
    },

    /**
     * Moves a session to its next stage under a new token (session fixation defence): only when the
     * old token is still the session's and it is at the stage expected. Clears any SMS code.
     */
    async advance(id: string, change: { fromStage: EmployerSessionStage; toStage: EmployerSessionStage; tokenHash: string; now: Date; expiresAt: Date }): Promise<EmployerSession | undefined> {
      const [row] = await db
        .update(t)
        .set({ stage: change.toStage, tokenHash: change.tokenHash, lastSeenAt: change.now, expiresAt: change.expiresAt, smsCodeHash: null, smsCodeExpiresAt: null, smsCodeSentAt: null })
        .where(and(inScope, eq(t.id, id), eq(t.stage, change.fromStage)))
        .returning(columns);
      return row;
    },

    async setSmsCode(id: string, code: { hash: string; now: Date; expiresAt: Date }): Promise<boolean> {
      const rows = await db
        .update(t)
        .set({ smsCodeHash: code.hash, smsCodeSentAt: code.now, smsCodeExpiresAt: code.expiresAt })
        .where(and(inScope, eq(t.id, id)))
        .returning({ id: t.id });
      return rows.length === 1;
    },

    /** Uses the session's SMS code once: true only for the current, unexpired code. */
    async consumeSmsCode(id: string, hash: string, now: Date): Promise<boolean> {
      const rows = await db
        .update(t)
        .set({ smsCodeHash: null, smsCodeExpiresAt: null })
        .where(and(inScope, eq(t.id, id), eq(t.smsCodeHash, hash), isNotNull(t.smsCodeExpiresAt), gt(t.smsCodeExpiresAt, now)))
        .returning({ id: t.id });
      return rows.length === 1;
    },

    /** Ends the session of a token, whatever its stage or age (a new sign-in in the same browser). */
    async endByToken(tokenHash: string): Promise<boolean> {
      const rows = await db.delete(t).where(and(inScope, eq(t.tokenHash, tokenHash))).returning({ id: t.id });
      return rows.length === 1;
    },

    async end(id: string): Promise<boolean> {
      const rows = await db.delete(t).where(and(inScope, eq(t.id, id))).returning({ id: t.id });
      return rows.length === 1;
    },

    /** Sign out everywhere (and what disabling a user or resetting their second factor does). */
    async endAllOf(userId: string): Promise<number> {
      const rows = await db.delete(t).where(and(inScope, eq(t.userId, userId))).returning({ id: t.id });
      return rows.length;
    },

    async countLive(userId: string, now: Date, idleMs: number): Promise<number> {
      const [row] = await db
        .select({ n: sql<number>`count(*)::int` })
        .from(t)
        .where(and(inScope, eq(t.userId, userId), gt(t.lastSeenAt, new Date(now.getTime() - idleMs)), gt(t.expiresAt, now)));
      return row?.n ?? 0;
    },

    /** Deletes this organisation's sessions that can no longer be used. */
    async pruneExpired(now: Date, idleMs: number): Promise<number> {
      const rows = await db
        .delete(t)
        .where(and(inScope, or(lte(t.expiresAt, now), lte(t.lastSeenAt, new Date(now.getTime() - idleMs)))))
        .returning({ id: t.id });
      return rows.length;
    },
  };
}
