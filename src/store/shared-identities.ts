// The identity a person shared when signing up (DOMAIN.md S1.5, E5; D45), as HR's review reads it:
// `staff_passports.shared_identity` (written by the employee portal's sign-up) and
// `identity_route`. Not part of the StaffPassport type; scoped by the organisation (D11) like
// every repository, so another trust's passport id reads nothing and changes nothing.
//
//   const shared = sharedIdentities(db, scopeOf(orgId));
//   await shared.of(passportId);                  // { identity?, route } (identity undefined when none or unreadable)
//   await shared.set(passportId, value, route);   // tests and the demo world (the sign-up writes its own)
//   await shared.fallBackToFaceToFace(passportId); // E5.4 reject: cleared, route face-to-face
import { and, eq, sql } from 'drizzle-orm';
import { parseSharedIdentity, zSharedIdentity, type SharedIdentity } from '../core/passport/shared-identity.ts';
import { schema, type Db } from './database.ts';
import type { OrganisationScope } from './scope.ts';

const t = schema.staffPassports;

export interface SharedIdentityRecord {
  /** What was shared, or undefined when nothing was or the stored value does not parse. */
  identity: SharedIdentity | undefined;
  route: 'digital-identity' | 'face-to-face' | null;
}

export function sharedIdentities(db: Db, scope: OrganisationScope) {
  const byId = (id: string) => and(eq(t.organisationId, scope.organisationId), eq(t.id, id));
  return {
    /** Undefined when the passport is not this trust's. In a transaction, read it after locking the passport. */
    async of(passportId: string): Promise<SharedIdentityRecord | undefined> {
      const [row] = await db.select({ sharedIdentity: t.sharedIdentity, identityRoute: t.identityRoute }).from(t).where(byId(passportId));
      if (!row) return undefined;
      return { identity: parseSharedIdentity(row.sharedIdentity), route: row.identityRoute };
    },

    /** Stores a shared identity (validated) with the digital-identity route. */
    async set(passportId: string, identity: SharedIdentity): Promise<boolean> {
      const value = zSharedIdentity.parse(identity);
      const rows = await db.update(t).set({ sharedIdentity: value, identityRoute: 'digital-identity', updatedAt: sql`now()` }).where(byId(passportId)).returning({ id: t.id });
      return rows.length === 1;
    },

    /**
     * HR rejected the shared identity (E5.4): it is cleared — its photo, address and document
     * details are of no further use once HR decided not to rely on them (history and audit keep
     * which credential it was) — and the person's route becomes face to face.
     */
    async fallBackToFaceToFace(passportId: string): Promise<boolean> {
      const rows = await db.update(t).set({ sharedIdentity: null, identityRoute: 'face-to-face', updatedAt: sql`now()` }).where(byId(passportId)).returning({ id: t.id });
      return rows.length === 1;
    },
  };
}
