// The serial numbers of every credential one organisation issued to one person (DOMAIN.md S12:
// deleting the passport revokes what is still in the wallet). Two records name them, scoped by
// the organisation (D11):
// - provided_credentials.serial_number: the credentials the person accepted into the wallet from
//   this passport (and any accepted version since archived or expired: still in the wallet);
// - oid4vci_issued_credentials by the person's DSP identifier: every credential the gateway
//   issued for them, including one the wallet took but whose acceptance the portal never
//   recorded (the browser left before the wallet session finished).
import { and, eq, isNotNull } from 'drizzle-orm';
import { schema, type Db } from './database.ts';
import type { OrganisationScope } from './scope.ts';

const provided = schema.providedCredentials;
const issued = schema.oid4vciIssuedCredentials;

export async function issuedSerialNumbersOf(db: Db, scope: OrganisationScope, person: { passportId: string; dspId: string | null }): Promise<string[]> {
  const fromPassport = await db
    .select({ serialNumber: provided.serialNumber })
    .from(provided)
    .where(and(eq(provided.organisationId, scope.organisationId), eq(provided.passportId, person.passportId), isNotNull(provided.serialNumber)));
  const fromGateway = person.dspId
    ? await db
        .select({ serialNumber: issued.serialNumber })
        .from(issued)
        .where(and(eq(issued.organisationId, scope.organisationId), eq(issued.dspId, person.dspId)))
    : [];
  const serials = new Set<string>();
  for (const row of [...fromPassport, ...fromGateway]) if (row.serialNumber) serials.add(row.serialNumber.toLowerCase());
  return [...serials].sort();
}
