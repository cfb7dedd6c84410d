// What the employee portal's access-key pages (S2 collect, S3 sign in; D45) read beyond the shared
// stores, scoped by the organisation: a journey session's progress read under the caller's lock,
// and the issuance record of a serial number (which credential of which person this trust issued
// under it, in which offer).
import { and, eq } from 'drizzle-orm';
import { schema, type Db } from './database.ts';
import type { OrganisationScope } from './scope.ts';

const sessions = schema.employeeSessions;
const issued = schema.oid4vciIssuedCredentials;

export interface IssuedRecord {
  serialNumber: string;
  offerId: string;
  credentialType: string;
  dspId: string;
  issuedAt: Date;
}

export function employeeAccessKeys(db: Db, scope: OrganisationScope) {
  const org = scope.organisationId;
  return {
    /** A session's journey progress (for a caller that holds a lock deciding on it). */
    async journeyOf(sessionId: string): Promise<Record<string, unknown> | undefined> {
      const [row] = await db.select({ journey: sessions.journey }).from(sessions).where(and(eq(sessions.organisationId, org), eq(sessions.id, sessionId)));
      return row ? ((row.journey ?? {}) as Record<string, unknown>) : undefined;
    },

    /** This trust's issuance record of a serial number, if it issued one under it. */
    async issued(serialNumber: string): Promise<IssuedRecord | undefined> {
      const [row] = await db
        .select({ serialNumber: issued.serialNumber, offerId: issued.offerId, credentialType: issued.credentialType, dspId: issued.dspId, issuedAt: issued.issuedAt })
        .from(issued)
        .where(and(eq(issued.organisationId, org), eq(issued.serialNumber, serialNumber)));
      return row;
    },

    /** Everything this trust issued in one offer (the access key and identity collected together). */
    async issuedInOffer(offerId: string): Promise<IssuedRecord[]> {
      return db
        .select({ serialNumber: issued.serialNumber, offerId: issued.offerId, credentialType: issued.credentialType, dspId: issued.dspId, issuedAt: issued.issuedAt })
        .from(issued)
        .where(and(eq(issued.organisationId, org), eq(issued.offerId, offerId)));
    },
  };
}
