// The emailed set-up links of new employer portal users (D38): only the token's SHA-256 is stored,
// a link is used once, expires, and a new one closes the live one. Scoped by the organisation.
import { randomUUID } from 'node:crypto';
import { and, eq, gt, isNull } from 'drizzle-orm';
import type { Db } from './database.ts';
import { schema } from './database.ts';
import type { OrganisationScope } from './scope.ts';

const t = schema.employerUserSetupLinks;

export function employerUserSetupLinks(db: Db, scope: OrganisationScope) {
  const inScope = eq(t.organisationId, scope.organisationId);
  return {
    /** A new live link for the user, closing any earlier one. */
    async issue(userId: string, link: { tokenHash: string; actor: string; now: Date; expiresAt: Date }): Promise<string> {
      await db.update(t).set({ closedAt: link.now }).where(and(inScope, eq(t.userId, userId), isNull(t.closedAt)));
      const id = randomUUID();
      await db.insert(t).values({ id, organisationId: scope.organisationId, userId, tokenHash: link.tokenHash, createdAt: link.now, createdBy: link.actor, expiresAt: link.expiresAt });
      return id;
    },

    /** The user of a live, unexpired link (without using it). */
    async findLive(tokenHash: string, now: Date): Promise<{ userId: string; expiresAt: Date } | undefined> {
      const [row] = await db.select({ userId: t.userId, expiresAt: t.expiresAt }).from(t).where(and(inScope, eq(t.tokenHash, tokenHash), isNull(t.closedAt), gt(t.expiresAt, now)));
      return row;
    },

    /** Uses a link once: one conditional UPDATE, so two submissions of one link succeed once. */
    async consume(tokenHash: string, now: Date): Promise<{ userId: string } | undefined> {
      const [row] = await db
        .update(t)
        .set({ closedAt: now })
        .where(and(inScope, eq(t.tokenHash, tokenHash), isNull(t.closedAt), gt(t.expiresAt, now)))
        .returning({ userId: t.userId });
      return row;
    },

    async liveFor(userId: string, now: Date): Promise<{ expiresAt: Date } | undefined> {
      const [row] = await db.select({ expiresAt: t.expiresAt }).from(t).where(and(inScope, eq(t.userId, userId), isNull(t.closedAt), gt(t.expiresAt, now)));
      return row;
    },
  };
}
