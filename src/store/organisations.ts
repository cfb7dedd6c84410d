// The organisation registry. This table is the tenant list itself, so its queries are not
// scoped by an organisation; everything that belongs to an organisation lives in tables that
// carry organisation_id and are reached through an OrganisationScope (./scope.ts).
import { randomUUID } from 'node:crypto';
import { asc, eq, sql } from 'drizzle-orm';
import type { Organisation, OrganisationInput } from '../core/passport/organisation.ts';
import type { Db } from './database.ts';
import { schema } from './database.ts';

export type AddOrganisationResult = { outcome: 'added'; organisation: Organisation } | { outcome: 'exists'; organisation: Organisation };

export async function addOrganisation(db: Db, input: OrganisationInput): Promise<AddOrganisationResult> {
  const existing = await findOrganisationByOds(db, input.odsCode);
  if (existing) return { outcome: 'exists', organisation: existing };
  const [row] = await db
    .insert(schema.organisations)
    .values({ id: randomUUID(), odsCode: input.odsCode, name: input.name, kind: input.kind })
    .onConflictDoNothing()
    .returning();
  if (!row) {
    // Lost a race with another replica adding the same ODS code.
    const raced = await findOrganisationByOds(db, input.odsCode);
    return { outcome: 'exists', organisation: raced! };
  }
  return { outcome: 'added', organisation: row };
}

export async function findOrganisationByOds(db: Db, odsCode: string): Promise<Organisation | undefined> {
  const [row] = await db
    .select()
    .from(schema.organisations)
    .where(sql`upper(${schema.organisations.odsCode}) = ${odsCode.toUpperCase()}`);
  return row;
}

export async function findOrganisationById(db: Db, id: string): Promise<Organisation | undefined> {
  const [row] = await db.select().from(schema.organisations).where(eq(schema.organisations.id, id));
  return row;
}

export async function listOrganisations(db: Db): Promise<Organisation[]> {
  return db.select().from(schema.organisations).orderBy(asc(schema.organisations.kind), asc(schema.organisations.name));
}

export async function countOrganisations(db: Db): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(schema.organisations);
  return row?.n ?? 0;
}
