// Links to collect an access key (DOMAIN.md S2; D45), scoped by the organisation. Only the SHA-256
// of a link's token is stored. A passport has at most one live link: issuing one supersedes the
// rest (HR's confirmation, E5.6, and a new access key, E13, each send a fresh link).
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { and, eq, gt, isNull } from 'drizzle-orm';
import { schema, type Db } from './database.ts';
import type { OrganisationScope } from './scope.ts';

const t = schema.accessKeyLinks;

export interface AccessKeyLink {
  id: string;
  passportId: string;
  createdAt: Date;
  expiresAt: Date;
  collectedAt: Date | null;
}

const columns = { id: t.id, passportId: t.passportId, createdAt: t.createdAt, expiresAt: t.expiresAt, collectedAt: t.collectedAt };

/** The stored digest of a link token (the same digest the sessions use). */
export const accessKeyLinkDigest = (token: string): string => createHash('sha256').update(`access-key-link:${token}`).digest('base64url');

export function accessKeyLinks(db: Db, scope: OrganisationScope) {
  const inScope = eq(t.organisationId, scope.organisationId);
  return {
    /** A new link for the passport (earlier live links superseded); returns the token to send. Never log it. */
    async issue(passportId: string, input: { now: Date; ttlMs: number }): Promise<{ token: string; link: AccessKeyLink }> {
      await db.update(t).set({ supersededAt: input.now }).where(and(inScope, eq(t.passportId, passportId), isNull(t.supersededAt)));
      const token = randomBytes(32).toString('base64url');
      const [row] = await db
        .insert(t)
        .values({ id: randomUUID(), organisationId: scope.organisationId, passportId, tokenHash: accessKeyLinkDigest(token), createdAt: input.now, expiresAt: new Date(input.now.getTime() + input.ttlMs) })
        .returning(columns);
      return { token, link: row! };
    },

    /** The live (unexpired, not superseded) link of a token, collected or not. */
    async findLive(token: string, now: Date): Promise<AccessKeyLink | undefined> {
      const [row] = await db
        .select(columns)
        .from(t)
        .where(and(inScope, eq(t.tokenHash, accessKeyLinkDigest(token)), isNull(t.supersededAt), gt(t.expiresAt, now)));
      return row;
    },

    /** Records that the passport's live link was used to collect the key. */
    async markCollected(passportId: string, now: Date): Promise<boolean> {
      const rows = await db
        .update(t)
        .set({ collectedAt: now })
        .where(and(inScope, eq(t.passportId, passportId), isNull(t.supersededAt), isNull(t.collectedAt)))
        .returning({ id: t.id });
      return rows.length > 0;
    },
  };
}
