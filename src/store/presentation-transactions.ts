// OpenID4VP presentation transactions (schema.presentationTransactions), scoped by organisation.
// Every single-use step is one conditional UPDATE … RETURNING (STYLE.md rule 11), so of two
// concurrent wallets (or a replayed response) exactly one wins:
//   fetch the Request Object  created   → requested   (the request_uri is single-use; its
//                                                      wallet session → in progress)
//   answer it                 requested → responded   (a response is accepted once)
//   use the response code     digest set → cleared    (same-device redirect, single-use)
// Expiry is checked in the same statements against the caller's clock.
import { createHash } from 'node:crypto';
import { and, eq, gt, inArray, isNotNull } from 'drizzle-orm';
import type { Db } from './database.ts';
import { schema } from './database.ts';
import type { OrganisationScope } from './scope.ts';
import { walletSessions } from './wallet-sessions.ts';

const t = schema.presentationTransactions;
export type PresentationTransaction = typeof t.$inferSelect;
export type PresentationFlow = 'cross_device' | 'same_device';

export function digestOf(secret: string): string {
  return createHash('sha256').update(secret).digest('base64url');
}

export function presentationTransactions(db: Db, scope: OrganisationScope) {
  const inScope = eq(t.organisationId, scope.organisationId);
  return {
    async create(input: Omit<typeof t.$inferInsert, 'organisationId' | 'status'>): Promise<PresentationTransaction> {
      const [row] = await db.insert(t).values({ ...input, organisationId: scope.organisationId }).returning();
      return row!;
    },

    /**
     * The wallet fetches the Request Object: once, while live. Its wallet session moves to in
     * progress in the same statement (one round trip).
     */
    async markRequested(id: string, flow: PresentationFlow, now: Date): Promise<PresentationTransaction | undefined> {
      const requested = db.$with('requested').as(
        db
          .update(t)
          .set({ status: 'requested', flow, requestedAt: now })
          .where(and(inScope, eq(t.id, id), eq(t.status, 'created'), gt(t.expiresAt, now)))
          .returning(),
      );
      const session = db.$with('session').as(
        walletSessions(db, scope).markInProgressStatement(inArray(schema.walletSessions.id, db.select({ id: requested.walletSessionId }).from(requested)), now),
      );
      const [row] = await db.with(requested, session).select().from(requested);
      return row;
    },

    /** For decrypting a direct_post.jwt response before its state is known (read only). */
    async findByEncryptionKid(kid: string): Promise<PresentationTransaction | undefined> {
      const [row] = await db.select().from(t).where(and(inScope, eq(t.encryptionKid, kid)));
      return row;
    },

    /** Accepts the one response to a fetched, live request, matched by its state. */
    async consume(state: string, now: Date): Promise<PresentationTransaction | undefined> {
      const [row] = await db
        .update(t)
        .set({ status: 'responded', respondedAt: now })
        .where(and(inScope, eq(t.state, state), eq(t.status, 'requested'), gt(t.expiresAt, now)))
        .returning();
      return row;
    },

    async findByState(state: string): Promise<PresentationTransaction | undefined> {
      const [row] = await db.select().from(t).where(and(inScope, eq(t.state, state)));
      return row;
    },

    async setResponseCode(id: string, code: string, expiresAt: Date): Promise<void> {
      await db.update(t).set({ responseCodeDigest: digestOf(code), responseCodeExpiresAt: expiresAt }).where(and(inScope, eq(t.id, id)));
    },

    /** Uses the response code of a session's transaction: true once, for the right code, before it expires. */
    async consumeResponseCode(walletSessionId: string, code: string, now: Date): Promise<boolean> {
      const rows = await db
        .update(t)
        .set({ responseCodeDigest: null, responseCodeExpiresAt: null })
        .where(
          and(inScope, eq(t.walletSessionId, walletSessionId), isNotNull(t.responseCodeDigest), eq(t.responseCodeDigest, digestOf(code)), gt(t.responseCodeExpiresAt, now)),
        )
        .returning({ id: t.id });
      return rows.length === 1;
    },

    async findBySession(walletSessionId: string): Promise<PresentationTransaction | undefined> {
      const [row] = await db.select().from(t).where(and(inScope, eq(t.walletSessionId, walletSessionId)));
      return row;
    },
  };
}
