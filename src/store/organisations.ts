// The organisation registry. This table is the tenant list itself, so its queries are not
// scoped by an organisation; everything that belongs to an organisation lives in tables that
// carry organisation_id and are reached through an OrganisationScope (./scope.ts).
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { and, asc, eq, ne, sql } from 'drizzle-orm';
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

/**
 * How long the protocol endpoints may reuse an organisation row read by ODS code. Rows are never
 * deleted, and their id, ODS code and DID never change, so tenant scoping cannot go wrong; what
 * can be stale for up to this long on one replica is a renamed organisation's display name (issuer
 * metadata, a request object's client_name) or a changed kind (what it may issue).
 */
export const ORGANISATION_CACHE_MS = 30_000;

// Per database (tests open many), by upper-cased ODS code. Only organisations that exist are
// kept, so a newly added one is seen at once and the map holds at most one entry per organisation.
const organisationCache = new WeakMap<Db, Map<string, { organisation: Organisation; until: number }>>();

/**
 * findOrganisationByOds for the wallet-facing protocol endpoints, which look the organisation of
 * their path up on every request: a hit is reused for ORGANISATION_CACHE_MS (monotonic time).
 */
export async function findOrganisationByOdsCached(db: Db, odsCode: string): Promise<Organisation | undefined> {
  const key = odsCode.toUpperCase();
  let cache = organisationCache.get(db);
  if (!cache) {
    cache = new Map();
    organisationCache.set(db, cache);
  }
  const now = performance.now();
  const hit = cache.get(key);
  if (hit && hit.until > now) return hit.organisation;
  const organisation = await findOrganisationByOds(db, odsCode);
  if (organisation) cache.set(key, { organisation: Object.freeze(organisation), until: now + ORGANISATION_CACHE_MS });
  else cache.delete(key);
  return organisation;
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

/**
 * Changes an organisation's display name (E3 "Organisation details"); the ODS code, DID and id
 * never change. Returns the organisation as it is now when the name changed, undefined when it
 * already had this name or does not exist — so a form posted twice renames (and is audited) once.
 * The caller forgets the cached row after commit (`forgetCachedOrganisation`); other replicas
 * show the new name within ORGANISATION_CACHE_MS.
 */
export async function renameOrganisation(db: Db, id: string, name: string): Promise<Organisation | undefined> {
  const [row] = await db
    .update(schema.organisations)
    .set({ name })
    .where(and(eq(schema.organisations.id, id), ne(schema.organisations.name, name)))
    .returning();
  return row;
}

/** Drops this process's cached row of an organisation (after a rename committed). */
export function forgetCachedOrganisation(db: Db, odsCode: string): void {
  organisationCache.get(db)?.delete(odsCode.toUpperCase());
}
