// Wallet sessions: one "scan the QR code" step each (docs/architecture.md D22). The protocol
// endpoints move a session along (pending → in_progress → completed | failed); the page that
// shows the QR code reads it; the caller reads the outcome once the browser that started it
// comes back. Every statement is scoped by the organisation. Expiry is decided at read and
// write time against the caller's clock, so no sweeper is needed for correctness.
import { createHash, randomUUID } from 'node:crypto';
import { and, eq, gt, inArray, isNotNull, type SQL } from 'drizzle-orm';
import type { Db } from './database.ts';
import { schema } from './database.ts';
import type { OrganisationScope } from './scope.ts';

export type WalletSessionKind = 'issuance' | 'presentation';
export type WalletSessionState = 'pending' | 'in_progress' | 'completed' | 'failed' | 'expired';

export interface WalletSession {
  id: string;
  organisationId: string;
  kind: WalletSessionKind;
  purpose: string;
  state: WalletSessionState;
  walletUri: string | null;
  browserBinding: string;
  returnTo: string;
  outcome: unknown;
  failure: string | null;
  createdAt: Date;
  updatedAt: Date;
  expiresAt: Date;
}

/** The stored form of the browser's secret: the secret itself never reaches the database. */
export function browserBindingOf(secret: string): string {
  return createHash('sha256').update(secret).digest('base64url');
}

const t = schema.walletSessions;
const live = ['pending', 'in_progress'] as const;

function withExpiry(row: typeof t.$inferSelect, now: Date): WalletSession {
  const expired = (row.state === 'pending' || row.state === 'in_progress') && row.expiresAt.getTime() <= now.getTime();
  return { ...row, state: expired ? 'expired' : row.state };
}

export function walletSessions(db: Db, scope: OrganisationScope) {
  const inScope = eq(t.organisationId, scope.organisationId);
  return {
    async create(input: { kind: WalletSessionKind; purpose: string; browserBinding: string; returnTo: string; ttlSeconds: number; now: Date; walletUri?: string; id?: string }): Promise<WalletSession> {
      if (!input.returnTo.startsWith('/') || input.returnTo.startsWith('//')) throw new TypeError('returnTo must be a path on this site');
      const [row] = await db
        .insert(t)
        .values({
          id: input.id ?? randomUUID(),
          organisationId: scope.organisationId,
          kind: input.kind,
          purpose: input.purpose,
          browserBinding: input.browserBinding,
          returnTo: input.returnTo,
          walletUri: input.walletUri ?? null,
          createdAt: input.now,
          updatedAt: input.now,
          expiresAt: new Date(input.now.getTime() + input.ttlSeconds * 1000),
        })
        .returning();
      return withExpiry(row!, input.now);
    },

    async get(id: string, now: Date): Promise<WalletSession | undefined> {
      const [row] = await db.select().from(t).where(and(inScope, eq(t.id, id)));
      return row ? withExpiry(row, now) : undefined;
    },

    async setWalletUri(id: string, walletUri: string, now: Date): Promise<boolean> {
      const rows = await db.update(t).set({ walletUri, updatedAt: now }).where(and(inScope, eq(t.id, id))).returning({ id: t.id });
      return rows.length === 1;
    },

    /** The wallet picked the offer or request up. Only a live, unexpired session moves. */
    async markInProgress(id: string, now: Date): Promise<boolean> {
      const rows = await this.markInProgressStatement(eq(t.id, id), now);
      return rows.length === 1;
    },

    /**
     * markInProgress as a statement of its own for the sessions `which` selects (e.g. `id in
     * (subquery)`), for a protocol endpoint to run inside a WITH together with its own step, in
     * one round trip.
     */
    markInProgressStatement(which: SQL, now: Date) {
      return db
        .update(t)
        .set({ state: 'in_progress', updatedAt: now })
        .where(and(inScope, which, eq(t.state, 'pending'), gt(t.expiresAt, now)))
        .returning({ id: t.id });
    },

    /** Ends a live, unexpired session with its outcome, exactly once: a second call changes nothing. */
    async complete(id: string, outcome: unknown, now: Date): Promise<boolean> {
      const rows = await db
        .update(t)
        .set({ state: 'completed', outcome: outcome as object, updatedAt: now })
        .where(and(inScope, eq(t.id, id), inArray(t.state, [...live]), gt(t.expiresAt, now)))
        .returning({ id: t.id });
      return rows.length === 1;
    },

    /**
     * Takes a completed session's outcome for the one caller that acts on it, exactly once: the
     * outcome is cleared and a second call (a double submit, the hand-back opened again from the
     * browser's history) gets undefined. For outcomes that must work once, such as signing in.
     */
    async takeOutcome(id: string): Promise<boolean> {
      const rows = await db
        .update(t)
        .set({ outcome: null })
        .where(and(inScope, eq(t.id, id), eq(t.state, 'completed'), isNotNull(t.outcome)))
        .returning({ id: t.id });
      return rows.length === 1;
    },

    /** Ends a live session as failed, with a code the page explains (e.g. `credential_missing`, `declined`). */
    async fail(id: string, failure: string, now: Date): Promise<boolean> {
      const rows = await db
        .update(t)
        .set({ state: 'failed', failure, updatedAt: now })
        .where(and(inScope, eq(t.id, id), inArray(t.state, [...live])))
        .returning({ id: t.id });
      return rows.length === 1;
    },
  };
}

export type WalletSessionStore = ReturnType<typeof walletSessions>;
