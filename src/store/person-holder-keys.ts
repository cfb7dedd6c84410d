// The holder keys (RFC 7638 thumbprints) a person's access key and identity credentials were
// bound to, by ANY organisation on this gateway (docs/architecture.md D23, D30). The gateway's
// issuing mode uses them so a credential an external system pushes for a DSP unique identifier
// is released only to that person's wallet, although the external organisation never issued
// them anything itself. Deliberately not organisation-scoped: the lookup is the gateway's own,
// keyed by the person, and returns only key thumbprints (no organisation's data).
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from './database.ts';
import { schema } from './database.ts';
import type { OrganisationScope } from './scope.ts';

const issued = schema.oid4vciIssuedCredentials;

export async function holderKeysOfPerson(db: Db, dspId: string, types: readonly string[]): Promise<string[]> {
  // `organisation_id in (…)` lets PostgreSQL probe the (organisation_id, dsp_id) index once per
  // organisation instead of scanning every issued credential.
  const rows = await db
    .selectDistinct({ thumbprint: issued.holderKeyThumbprint })
    .from(issued)
    .where(
      and(
        sql`${issued.organisationId} in (select ${schema.organisations.id} from ${schema.organisations})`,
        eq(issued.dspId, dspId),
        inArray(issued.credentialType, [...types]),
        sql`(${issued.notificationEvent} is null or ${issued.notificationEvent} <> 'credential_deleted')`,
      ),
    );
  return rows.map((r) => r.thumbprint);
}

/** When each of these credentials (by serial number) was issued by the organisation. */
export async function issuedAtOf(db: Db, scope: OrganisationScope, serialNumbers: readonly string[]): Promise<Map<string, Date>> {
  if (serialNumbers.length === 0) return new Map();
  const rows = await db
    .select({ serialNumber: issued.serialNumber, issuedAt: issued.issuedAt })
    .from(issued)
    .where(and(eq(issued.organisationId, scope.organisationId), inArray(issued.serialNumber, [...serialNumbers])));
  return new Map(rows.map((r) => [r.serialNumber, r.issuedAt]));
}
