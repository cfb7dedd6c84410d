// OpenID4VCI issuance state (docs/architecture.md D23): offers with their pre-authorized codes,
// access tokens, c_nonces, DPoP jtis and the credentials issued. Every statement is scoped by the
// organisation (D11). Secrets arrive here already hashed (SHA-256): a database read does not
// yield a usable code, token or nonce. Everything single-use is consumed by one conditional
// statement, so two replicas racing on the same code or nonce cannot both win.
import { and, eq, gt, inArray, isNull, lt, lte, or, sql } from 'drizzle-orm';
import type { Db } from './database.ts';
import { schema } from './database.ts';
import type { OrganisationScope } from './scope.ts';
import { walletSessions } from './wallet-sessions.ts';

const offers = schema.oid4vciOffers;
const tokens = schema.oid4vciAccessTokens;
const nonces = schema.oid4vciNonces;
const jtis = schema.oid4vciDpopJtis;
const issued = schema.oid4vciIssuedCredentials;

export type OfferRow = typeof offers.$inferSelect;
export type AccessTokenRow = typeof tokens.$inferSelect;
export type IssuedCredentialRow = typeof issued.$inferSelect;
export type NotificationEvent = NonNullable<IssuedCredentialRow['notificationEvent']>;

export type RedeemOutcome =
  | { outcome: 'redeemed'; offer: OfferRow }
  | { outcome: 'invalid_code' }
  | { outcome: 'tx_code_missing' }
  | { outcome: 'tx_code_unexpected' }
  | { outcome: 'wrong_tx_code'; attemptsLeft: number; offer: OfferRow }
  | { outcome: 'attempts_exhausted'; offer: OfferRow };

export function oid4vciIssuance(db: Db, scope: OrganisationScope) {
  const org = scope.organisationId;
  return {
    async createOffer(input: Omit<typeof offers.$inferInsert, 'organisationId'>): Promise<OfferRow> {
      const [row] = await db.insert(offers).values({ ...input, organisationId: org }).returning();
      return row!;
    },

    /** The live offer whose pre-authorized code has this hash. */
    async findLiveOfferByCodeHash(codeHash: string, now: Date): Promise<OfferRow | undefined> {
      const [row] = await db
        .select()
        .from(offers)
        .where(and(eq(offers.organisationId, org), eq(offers.preAuthorizedCodeHash, codeHash), gt(offers.expiresAt, now)));
      return row;
    },

    /**
     * The wallet fetches the offer: the live offer whose pre-authorized code has this hash, with its
     * first fetch recorded and its wallet session moved to in progress, in one statement (one
     * round trip) — the same steps as findLiveOfferByCodeHash, markOfferFetched and the session's
     * markInProgress.
     */
    async fetchLiveOffer(codeHash: string, now: Date): Promise<OfferRow | undefined> {
      const live = db.$with('live').as(
        db.select().from(offers).where(and(eq(offers.organisationId, org), eq(offers.preAuthorizedCodeHash, codeHash), gt(offers.expiresAt, now))),
      );
      const fetched = db.$with('fetched').as(
        db
          .update(offers)
          .set({ fetchedAt: now })
          .where(and(eq(offers.organisationId, org), inArray(offers.id, db.select({ id: live.id }).from(live)), isNull(offers.fetchedAt)))
          .returning({ id: offers.id }),
      );
      const session = db.$with('session').as(
        walletSessions(db, scope).markInProgressStatement(inArray(schema.walletSessions.id, db.select({ id: live.walletSessionId }).from(live)), now),
      );
      const [row] = await db.with(live, fetched, session).select().from(live);
      return row;
    },

    /**
     * Redeems a pre-authorized code once (OpenID4VCI 1.0 §6.1): one UPDATE that succeeds only for
     * an unconsumed, unexpired code whose transaction code matches and whose attempts are not used
     * up. When it does not, the row says why; a wrong transaction code counts an attempt.
     */
    async redeemCode(input: {
      codeHash: string;
      txCodeHash: string | undefined;
      now: Date;
      maxTxCodeAttempts: number;
      /** The access token to issue for a redeemed code, inserted by the same statement (one round trip). */
      accessToken?: { tokenHash: string; dpopJkt: string | null; expiresAt: Date };
    }): Promise<RedeemOutcome> {
      const { codeHash, txCodeHash, now, maxTxCodeAttempts, accessToken } = input;
      const usable = and(eq(offers.organisationId, org), eq(offers.preAuthorizedCodeHash, codeHash), isNull(offers.codeConsumedAt), gt(offers.expiresAt, now));
      const redeem = db
        .update(offers)
        .set({ codeConsumedAt: now })
        .where(
          and(
            usable,
            lt(offers.txCodeAttempts, maxTxCodeAttempts),
            txCodeHash === undefined ? isNull(offers.txCodeHash) : eq(offers.txCodeHash, txCodeHash),
          ),
        )
        .returning();
      let redeemed: OfferRow | undefined;
      if (accessToken) {
        const done = db.$with('redeemed').as(redeem);
        const token = db.$with('token').as(
          db
            .insert(tokens)
            .select(
              db
                .select({
                  tokenHash: sql`${accessToken.tokenHash}`.as('token_hash'),
                  organisationId: sql`${org}::uuid`.as('organisation_id'),
                  offerId: done.id,
                  dpopJkt: sql`${accessToken.dpopJkt}`.as('dpop_jkt'),
                  createdAt: sql`${now.toISOString()}::timestamptz`.as('created_at'),
                  expiresAt: sql`${accessToken.expiresAt.toISOString()}::timestamptz`.as('expires_at'),
                })
                .from(done),
            )
            .returning({ h: tokens.tokenHash }),
        );
        [redeemed] = await db.with(done, token).select().from(done);
      } else {
        [redeemed] = await redeem;
      }
      if (redeemed) return { outcome: 'redeemed', offer: redeemed };

      const [row] = await db.select().from(offers).where(usable);
      if (!row) return { outcome: 'invalid_code' };
      if (row.txCodeHash === null) return txCodeHash === undefined ? { outcome: 'invalid_code' } : { outcome: 'tx_code_unexpected' };
      if (txCodeHash === undefined) return { outcome: 'tx_code_missing' };
      // A wrong transaction code: count it, atomically, and kill the code on the last attempt.
      const [counted] = await db
        .update(offers)
        .set({
          txCodeAttempts: sql`${offers.txCodeAttempts} + 1`,
          codeConsumedAt: sql`case when ${offers.txCodeAttempts} + 1 >= ${maxTxCodeAttempts} then ${now.toISOString()}::timestamptz else null end`,
        })
        .where(and(usable, lt(offers.txCodeAttempts, maxTxCodeAttempts)))
        .returning();
      if (!counted || counted.txCodeAttempts >= maxTxCodeAttempts) return { outcome: 'attempts_exhausted', offer: counted ?? row };
      return { outcome: 'wrong_tx_code', attemptsLeft: maxTxCodeAttempts - counted.txCodeAttempts, offer: counted };
    },

    /**
     * Binds the offer to the holder key of its first credential; later credentials of the same
     * offer must use the same key. False when the offer is already bound to another key.
     */
    async bindHolderKey(offerId: string, thumbprint: string): Promise<boolean> {
      const rows = await db
        .update(offers)
        .set({ boundThumbprint: thumbprint })
        .where(and(eq(offers.organisationId, org), eq(offers.id, offerId), or(isNull(offers.boundThumbprint), eq(offers.boundThumbprint, thumbprint))))
        .returning({ id: offers.id });
      return rows.length === 1;
    },

    async createAccessToken(input: { tokenHash: string; offerId: string; dpopJkt: string | null; now: Date; expiresAt: Date }): Promise<void> {
      await db.insert(tokens).values({ tokenHash: input.tokenHash, organisationId: org, offerId: input.offerId, dpopJkt: input.dpopJkt, createdAt: input.now, expiresAt: input.expiresAt });
    },

    /** A live access token with its offer (null when the offer is gone), in one statement. */
    async findAccessTokenWithOffer(tokenHash: string, now: Date): Promise<{ token: AccessTokenRow; offer: OfferRow | null } | undefined> {
      const [row] = await db
        .select({ token: tokens, offer: offers })
        .from(tokens)
        .leftJoin(offers, and(eq(offers.organisationId, org), eq(offers.id, tokens.offerId)))
        .where(and(eq(tokens.organisationId, org), eq(tokens.tokenHash, tokenHash), gt(tokens.expiresAt, now)));
      return row;
    },

    /**
     * A live access token with the credential a notification_id names among those issued under
     * the token's offer (null when there is none), in one statement.
     */
    async findAccessTokenWithIssued(tokenHash: string, notificationId: string, now: Date): Promise<{ token: AccessTokenRow; issued: IssuedCredentialRow | null } | undefined> {
      const [row] = await db
        .select({ token: tokens, issued })
        .from(tokens)
        .leftJoin(issued, and(eq(issued.organisationId, org), eq(issued.offerId, tokens.offerId), eq(issued.notificationId, notificationId)))
        .where(and(eq(tokens.organisationId, org), eq(tokens.tokenHash, tokenHash), gt(tokens.expiresAt, now)));
      return row;
    },

    async createNonce(nonceHash: string, now: Date, expiresAt: Date): Promise<void> {
      await db.insert(nonces).values({ nonceHash, organisationId: org, createdAt: now, expiresAt });
    },

    /** Consumes a c_nonce: deleting the row is the single use (a replay finds nothing). */
    async consumeNonce(nonceHash: string, now: Date): Promise<boolean> {
      const rows = await db
        .delete(nonces)
        .where(and(eq(nonces.organisationId, org), eq(nonces.nonceHash, nonceHash), gt(nonces.expiresAt, now)))
        .returning({ h: nonces.nonceHash });
      return rows.length === 1;
    },

    /** Records a DPoP proof's jti; false when it was seen before (RFC 9449 §11.1). */
    async recordDpopJti(jtiHash: string, expiresAt: Date): Promise<boolean> {
      const rows = await db.insert(jtis).values({ organisationId: org, jtiHash, expiresAt }).onConflictDoNothing().returning({ h: jtis.jtiHash });
      return rows.length === 1;
    },

    async recordIssued(input: Omit<typeof issued.$inferInsert, 'organisationId' | 'notificationEvent' | 'notifiedAt' | 'notificationDescription'>): Promise<IssuedCredentialRow> {
      const [row] = await db.insert(issued).values({ ...input, organisationId: org }).returning();
      return row!;
    },

    async issuedForOffer(offerId: string): Promise<IssuedCredentialRow[]> {
      return db.select().from(issued).where(and(eq(issued.organisationId, org), eq(issued.offerId, offerId))).orderBy(issued.issuedAt);
    },

    /** The holder keys (RFC 7638 thumbprints) this organisation's credentials for a person were bound to. */
    async holderKeysOf(dspId: string, types: readonly string[]): Promise<string[]> {
      const rows = await db
        .selectDistinct({ t: issued.holderKeyThumbprint })
        .from(issued)
        .where(and(eq(issued.organisationId, org), eq(issued.dspId, dspId), inArray(issued.credentialType, [...types])));
      return rows.map((r) => r.t);
    },

    /** Records the wallet's notification; repeating the same event changes nothing (idempotent). */
    async recordNotification(serialNumber: string, event: NotificationEvent, description: string | null, now: Date): Promise<boolean> {
      const rows = await db
        .update(issued)
        .set({ notificationEvent: event, notificationDescription: description, notifiedAt: now })
        .where(and(eq(issued.organisationId, org), eq(issued.serialNumber, serialNumber), sql`${issued.notificationEvent} is distinct from ${event}`))
        .returning({ s: issued.serialNumber });
      return rows.length === 1;
    },
  };
}

/** Removes expired nonces, DPoP jtis and access tokens of every organisation (a housekeeping job). */
export async function pruneExpiredOid4vciState(db: Db, now: Date): Promise<void> {
  await db.delete(nonces).where(lte(nonces.expiresAt, now));
  await db.delete(jtis).where(lte(jtis.expiresAt, now));
  await db.delete(tokens).where(lte(tokens.expiresAt, now));
}
