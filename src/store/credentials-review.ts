// The end of a passport's credentials review (DOMAIN.md E9.3, E9.4): HR completed the credentials
// required (every checklist item ticked) or bypassed them, and the passport became Active and
// "Reviewed". Scoped by the organisation (D11). The change is one conditional UPDATE on the
// passport still waiting (`credentials-pending`, never reviewed), so a double submit or two HR
// users at once change it once, and the caller writes history and audit only when it did.
import { and, eq, isNull, sql } from 'drizzle-orm';
import { schema, type Db } from './database.ts';
import type { OrganisationScope } from './scope.ts';

const t = schema.staffPassports;

export type CredentialsReviewOutcome = 'completed' | 'bypassed';

export interface CredentialsReview {
  reviewedAt: Date;
  outcome: CredentialsReviewOutcome;
  /** An actor identifier (`user:<id>`, D37). */
  reviewedBy: string;
}

export function credentialsReview(db: Db, scope: OrganisationScope) {
  const inScope = eq(t.organisationId, scope.organisationId);
  return {
    /** The passport's review, once completed or bypassed; undefined before (or for another trust's id). */
    async of(passportId: string): Promise<CredentialsReview | undefined> {
      const [row] = await db
        .select({ reviewedAt: t.credentialsReviewedAt, outcome: t.credentialsReviewOutcome, reviewedBy: t.credentialsReviewedBy })
        .from(t)
        .where(and(inScope, eq(t.id, passportId)));
      if (!row?.reviewedAt || !row.outcome) return undefined;
      return { reviewedAt: row.reviewedAt, outcome: row.outcome, reviewedBy: row.reviewedBy ?? 'unknown' };
    },

    /**
     * Moves a passport waiting for its credentials (`credentials-pending`, not yet reviewed) to
     * `active`, recording how and by whom; false when it was not waiting (already done, or moved).
     */
    async markReviewed(passportId: string, outcome: CredentialsReviewOutcome, actor: string, now: Date): Promise<boolean> {
      const rows = await db
        .update(t)
        .set({ status: 'active', credentialsReviewedAt: now, credentialsReviewOutcome: outcome, credentialsReviewedBy: actor, updatedAt: sql`now()` })
        .where(and(inScope, eq(t.id, passportId), eq(t.status, 'credentials-pending'), isNull(t.credentialsReviewedAt)))
        .returning({ id: t.id });
      return rows.length === 1;
    },
  };
}
