// Storage behind oidc-provider's adapter interface (src/gateway/oidc/adapter.ts): one row per
// model instance (Session, Interaction, Grant, AuthorizationCode, PushedAuthorizationRequest,
// AccessToken, ReplayDetection, …). These rows belong to the gateway itself, not to one
// organisation (a session or grant spans the gateway), so they are not organisation-scoped; the
// organisation a flow acts for is decided from the client (oidc_clients.organisation_id).
//
// Expiry is judged against the injected clock, so tests can move time; `consume` is one
// conditional UPDATE, so a code or request_uri is consumed at most once across replicas.
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from './database.ts';
import { schema } from './database.ts';

const { oidcPayloads } = schema;

export interface StoredPayload {
  payload: Record<string, unknown>;
  consumedAt: Date | null;
}

export function oidcPayloadStore(db: Db, model: string) {
  const live = (now: Date) => sql`(${oidcPayloads.expiresAt} is null or ${oidcPayloads.expiresAt} > ${now})`;
  return {
    async upsert(id: string, payload: Record<string, unknown>, expiresAt: Date | null): Promise<void> {
      const row = {
        model,
        id,
        payload,
        grantId: typeof payload.grantId === 'string' ? payload.grantId : null,
        userCode: typeof payload.userCode === 'string' ? payload.userCode : null,
        uid: typeof payload.uid === 'string' ? payload.uid : null,
        expiresAt,
      };
      await db
        .insert(oidcPayloads)
        .values(row)
        .onConflictDoUpdate({ target: [oidcPayloads.model, oidcPayloads.id], set: { payload, grantId: row.grantId, userCode: row.userCode, uid: row.uid, expiresAt } });
    },

    async find(id: string, now: Date): Promise<StoredPayload | undefined> {
      const [row] = await db
        .select({ payload: oidcPayloads.payload, consumedAt: oidcPayloads.consumedAt })
        .from(oidcPayloads)
        .where(and(eq(oidcPayloads.model, model), eq(oidcPayloads.id, id), live(now)));
      return row ? { payload: row.payload as Record<string, unknown>, consumedAt: row.consumedAt } : undefined;
    },

    async findBy(column: 'uid' | 'userCode', value: string, now: Date): Promise<StoredPayload | undefined> {
      const col = column === 'uid' ? oidcPayloads.uid : oidcPayloads.userCode;
      const [row] = await db
        .select({ payload: oidcPayloads.payload, consumedAt: oidcPayloads.consumedAt })
        .from(oidcPayloads)
        .where(and(eq(oidcPayloads.model, model), eq(col, value), live(now)));
      return row ? { payload: row.payload as Record<string, unknown>, consumedAt: row.consumedAt } : undefined;
    },

    /** Marks the row consumed; false when it was already consumed (or is gone). */
    async consume(id: string, now: Date): Promise<boolean> {
      const rows = await db
        .update(oidcPayloads)
        .set({ consumedAt: now })
        .where(and(eq(oidcPayloads.model, model), eq(oidcPayloads.id, id), isNull(oidcPayloads.consumedAt)))
        .returning({ id: oidcPayloads.id });
      return rows.length === 1;
    },

    async destroy(id: string): Promise<void> {
      await db.delete(oidcPayloads).where(and(eq(oidcPayloads.model, model), eq(oidcPayloads.id, id)));
    },

    /**
     * Records a one-off marker (e.g. "this request_uri was opened"), true only for the first
     * caller: an insert that conflicts inserts nothing.
     */
    async claim(id: string, expiresAt: Date): Promise<boolean> {
      const rows = await db.insert(oidcPayloads).values({ model, id, payload: {}, expiresAt }).onConflictDoNothing().returning({ id: oidcPayloads.id });
      return rows.length === 1;
    },
  };
}

/** Every token and code of a grant goes when the grant is revoked (oidc-provider revokeByGrantId). */
export async function revokeOidcGrant(db: Db, grantId: string): Promise<void> {
  await db.delete(oidcPayloads).where(eq(oidcPayloads.grantId, grantId));
}

/** Housekeeping: rows past their expiry. */
export async function pruneOidcPayloads(db: Db, now: Date): Promise<number> {
  const rows = await db.delete(oidcPayloads).where(sql`${oidcPayloads.expiresAt} < ${now}`).returning({ id: oidcPayloads.id });
  return rows.length;
}
