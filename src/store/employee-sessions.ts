// Employee portal sessions of one organisation (D45): a browser's sign-up journey (S1), its
// access-key collection (S2), or its signed-in session (S3), each for one passport. Only the
// SHA-256 of a session's token is stored, and of its one live 6-digit code. Every statement is
// scoped by the organisation.
import { randomUUID } from 'node:crypto';
import { and, eq, gt, isNotNull, lt, lte, or, sql } from 'drizzle-orm';
import type { Db } from './database.ts';
import { schema } from './database.ts';
import type { OrganisationScope } from './scope.ts';

export type EmployeeSessionStage = 'sign-up' | 'collect-key' | 'signed-in';
export type CodeChannel = 'email' | 'sms';

export interface EmployeeSession {
  id: string;
  organisationId: string;
  passportId: string;
  stage: EmployeeSessionStage;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
  /** The steps' progress; each journey parses its own part (STYLE.md rule 10). No secrets. */
  journey: Record<string, unknown>;
  /** The live code, if any: where it went and how it stands (never the code). */
  code: { channel: CodeChannel; target: string; expiresAt: Date; attempts: number; sentAt: Date } | null;
  codesSent: number;
}

const t = schema.employeeSessions;
const columns = {
  id: t.id,
  organisationId: t.organisationId,
  passportId: t.passportId,
  stage: t.stage,
  createdAt: t.createdAt,
  lastSeenAt: t.lastSeenAt,
  expiresAt: t.expiresAt,
  journey: t.journey,
  codeChannel: t.codeChannel,
  codeTarget: t.codeTarget,
  codeExpiresAt: t.codeExpiresAt,
  codeAttempts: t.codeAttempts,
  codeSentAt: t.codeSentAt,
  codesSent: t.codesSent,
};
type Row = { [K in keyof typeof columns]: (typeof columns)[K]['_']['data'] | null };

function toSession(row: Row): EmployeeSession {
  return {
    id: row.id!,
    organisationId: row.organisationId!,
    passportId: row.passportId!,
    stage: row.stage!,
    createdAt: row.createdAt!,
    lastSeenAt: row.lastSeenAt!,
    expiresAt: row.expiresAt!,
    journey: (row.journey ?? {}) as Record<string, unknown>,
    code:
      row.codeChannel && row.codeTarget && row.codeExpiresAt && row.codeSentAt
        ? { channel: row.codeChannel, target: row.codeTarget, expiresAt: row.codeExpiresAt, attempts: row.codeAttempts ?? 0, sentAt: row.codeSentAt }
        : null,
    codesSent: row.codesSent ?? 0,
  };
}

/** What checking a typed code found. `wrong` counts an attempt; at the limit the code dies (`too-many`). */
export type CodeCheck = { outcome: 'right'; target: string } | { outcome: 'wrong'; attemptsLeft: number } | { outcome: 'too-many' | 'expired' | 'none' };

export function employeeSessions(db: Db, scope: OrganisationScope) {
  const inScope = eq(t.organisationId, scope.organisationId);
  return {
    async create(input: { passportId: string; tokenHash: string; stage: EmployeeSessionStage; now: Date; expiresAt: Date; journey?: Record<string, unknown> }): Promise<EmployeeSession> {
      const [row] = await db
        .insert(t)
        .values({
          id: randomUUID(),
          organisationId: scope.organisationId,
          passportId: input.passportId,
          tokenHash: input.tokenHash,
          stage: input.stage,
          createdAt: input.now,
          lastSeenAt: input.now,
          expiresAt: input.expiresAt,
          journey: input.journey ?? {},
        })
        .returning(columns);
      return toSession(row!);
    },

    /**
     * The live session of a token, touched: one conditional UPDATE that checks idle and absolute
     * expiry and records the activity. Undefined when unknown or expired.
     */
    async touch(tokenHash: string, now: Date, idleMs: number): Promise<EmployeeSession | undefined> {
      const [row] = await db
        .update(t)
        .set({ lastSeenAt: now })
        .where(and(inScope, eq(t.tokenHash, tokenHash), gt(t.lastSeenAt, new Date(now.getTime() - idleMs)), gt(t.expiresAt, now)))
        .returning(columns);
      return row ? toSession(row) : undefined;
    },

    /** Merges `patch` into the journey's progress (top-level keys), in one statement. */
    async updateJourney(id: string, patch: Record<string, unknown>): Promise<EmployeeSession | undefined> {
      const [row] = await db
        .update(t)
        .set({ journey: sql`${t.journey} || ${JSON.stringify(patch)}::jsonb` })
        .where(and(inScope, eq(t.id, id)))
        .returning(columns);
      return row ? toSession(row) : undefined;
    },

    /**
     * Stores a new code for `target` (replacing any live one, attempts reset), only when the last
     * was sent at least `resendMs` ago and fewer than `maxSends` went out in this session. False
     * when refused (the caller says "wait" or "too many codes").
     */
    async setCode(id: string, code: { channel: CodeChannel; target: string; hash: string; now: Date; expiresAt: Date; resendMs: number; maxSends: number }): Promise<boolean> {
      const rows = await db
        .update(t)
        .set({ codeChannel: code.channel, codeTarget: code.target, codeHash: code.hash, codeExpiresAt: code.expiresAt, codeSentAt: code.now, codeAttempts: 0, codesSent: sql`${t.codesSent} + 1` })
        .where(
          and(
            inScope,
            eq(t.id, id),
            lt(t.codesSent, code.maxSends),
            or(sql`${t.codeSentAt} is null`, lte(t.codeSentAt, new Date(code.now.getTime() - code.resendMs))),
          ),
        )
        .returning({ id: t.id });
      return rows.length === 1;
    },

    /**
     * Checks a typed code against the live one of `channel`, atomically: the right code is used
     * once (cleared); a wrong one counts an attempt, and the `maxAttempts`-th wrong one clears the
     * code. Compared by digest (the caller hashes with the session id), so equal strings only.
     */
    async checkCode(id: string, channel: CodeChannel, hash: string, now: Date, maxAttempts: number): Promise<CodeCheck> {
      const cleared = { codeChannel: null, codeTarget: null, codeHash: null, codeExpiresAt: null, codeSentAt: null } as const;
      const live = and(inScope, eq(t.id, id), eq(t.codeChannel, channel), isNotNull(t.codeHash));
      const [row] = await db.select({ target: t.codeTarget, expiresAt: t.codeExpiresAt, attempts: t.codeAttempts }).from(t).where(live);
      if (!row?.target) return { outcome: 'none' };
      // The right code, unexpired, under the limit: used once (the conditional UPDATE is the guard
      // against two posts of it; the target must still be the one read).
      const [right] = await db
        .update(t)
        .set({ ...cleared, codeAttempts: 0 })
        .where(and(live, eq(t.codeHash, hash), eq(t.codeTarget, row.target), gt(t.codeExpiresAt, now), lt(t.codeAttempts, maxAttempts)))
        .returning({ id: t.id });
      if (right) return { outcome: 'right', target: row.target };
      if (!row.expiresAt || row.expiresAt <= now) return { outcome: 'expired' };
      const [counted] = await db
        .update(t)
        .set({ codeAttempts: sql`${t.codeAttempts} + 1` })
        .where(and(live, lt(t.codeAttempts, maxAttempts)))
        .returning({ attempts: t.codeAttempts });
      if (!counted || counted.attempts >= maxAttempts) {
        await db.update(t).set(cleared).where(live);
        return { outcome: 'too-many' };
      }
      return { outcome: 'wrong', attemptsLeft: maxAttempts - counted.attempts };
    },

    /**
     * Moves a session to another stage under a new token (session fixation defence), only from the
     * stage expected; clears any code.
     */
    async advance(id: string, change: { fromStage: EmployeeSessionStage; toStage: EmployeeSessionStage; tokenHash: string; now: Date; expiresAt: Date; journey?: Record<string, unknown> }): Promise<EmployeeSession | undefined> {
      const [row] = await db
        .update(t)
        .set({
          stage: change.toStage,
          tokenHash: change.tokenHash,
          lastSeenAt: change.now,
          expiresAt: change.expiresAt,
          journey: change.journey ?? {},
          codeChannel: null,
          codeTarget: null,
          codeHash: null,
          codeExpiresAt: null,
          codeSentAt: null,
          codeAttempts: 0,
          codesSent: 0,
        })
        .where(and(inScope, eq(t.id, id), eq(t.stage, change.fromStage)))
        .returning(columns);
      return row ? toSession(row) : undefined;
    },

    async end(id: string): Promise<boolean> {
      const rows = await db.delete(t).where(and(inScope, eq(t.id, id))).returning({ id: t.id });
      return rows.length === 1;
    },

    /** Ends every session of a passport (its access key replaced or revoked, the passport deleted). */
    async endAllOf(passportId: string): Promise<number> {
      const rows = await db.delete(t).where(and(inScope, eq(t.passportId, passportId))).returning({ id: t.id });
      return rows.length;
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
