// A trust's "credentials required" checklists (src/core/passport/credentials-required.ts, DOMAIN.md
// E3, E9.2; docs/architecture.md D41). Scoped by the organisation (D11): every statement carries
// `organisation_id`, so another trust's checklist id finds and changes nothing.
//
//   const checklists = credentialsRequiredChecklists(db, scopeOf(orgId));   // db: connection or transaction
//   await checklists.list();                      // every checklist of the trust, by criteria
//   await checklists.applicableTo(passport);      // the one that applies (most specific wins), or undefined
//   await checklists.add(input, 'user:<id>');     // { outcome: 'added' | 'exists', checklist }
//   await checklists.update(id, input, actor);    // { outcome: 'updated' | 'unchanged' | 'not-found' | 'duplicate', … }
//   await checklists.remove(id);                  // the removed checklist, or undefined
//
// Changes are idempotent by content, so a form posted twice changes (and should be audited) once:
// `add` of criteria that exist answers `exists`; `update` to what is stored answers `unchanged`;
// a second `remove` answers undefined.
import { randomUUID } from 'node:crypto';
import { and, asc, eq, ne, sql } from 'drizzle-orm';
import { z } from 'zod';
import {
  CHECKLIST_CREDENTIAL_TYPES,
  EMPLOYMENT_TYPES,
  STAFF_GROUPS,
  applicableChecklist,
  normaliseJobRole,
  orderCredentialTypes,
  type ChecklistCriteria,
  type ChecklistInput,
  type CredentialsRequiredChecklist,
  type RoleOf,
} from '../core/passport/credentials-required.ts';
import { schema, type Db } from './database.ts';
import type { OrganisationScope } from './scope.ts';

export type { ChecklistInput, CredentialsRequiredChecklist } from '../core/passport/credentials-required.ts';

const t = schema.credentialsRequiredChecklists;

// Read back from the database: parsed, not trusted (STYLE.md rule 10).
const zRow = z.object({
  id: z.string(),
  organisationId: z.string(),
  staffGroup: z.enum(STAFF_GROUPS),
  jobRole: z.string().nullable(),
  employmentType: z.enum(EMPLOYMENT_TYPES).nullable(),
  credentialTypes: z.array(z.enum(CHECKLIST_CREDENTIAL_TYPES as [string, ...string[]])).transform(orderCredentialTypes),
  createdAt: z.date(),
  updatedAt: z.date(),
  updatedBy: z.string(),
});
const toChecklist = (row: unknown): CredentialsRequiredChecklist => zRow.parse(row);

export type AddChecklistResult = { outcome: 'added'; checklist: CredentialsRequiredChecklist } | { outcome: 'exists'; checklist: CredentialsRequiredChecklist };
export type UpdateChecklistResult =
  | { outcome: 'updated'; checklist: CredentialsRequiredChecklist; before: CredentialsRequiredChecklist }
  | { outcome: 'unchanged'; checklist: CredentialsRequiredChecklist }
  | { outcome: 'not-found' }
  /** Another checklist of the trust already has these criteria. */
  | { outcome: 'duplicate'; existing: CredentialsRequiredChecklist };

function clean(input: ChecklistInput): ChecklistInput {
  const credentialTypes = orderCredentialTypes(input.credentialTypes);
  if (credentialTypes.length === 0) throw new TypeError('a checklist needs at least one credential type');
  return { ...input, jobRole: input.jobRole === null ? null : normaliseJobRole(input.jobRole) || null, credentialTypes };
}

export function credentialsRequiredChecklists(db: Db, scope: OrganisationScope) {
  const orgId = scope.organisationId;
  const inScope = eq(t.organisationId, orgId);
  const byCriteria = (c: ChecklistCriteria) =>
    and(
      inScope,
      eq(t.staffGroup, c.staffGroup),
      sql`lower(coalesce(${t.jobRole}, '')) = ${(c.jobRole ?? '').toLowerCase()}`,
      sql`coalesce(${t.employmentType}, '') = ${c.employmentType ?? ''}`,
    );

  const repo = {
    /** Every checklist of the trust: by staff group, then the broader before the narrower. */
    async list(): Promise<CredentialsRequiredChecklist[]> {
      const rows = await db
        .select()
        .from(t)
        .where(inScope)
        .orderBy(asc(t.staffGroup), sql`${t.jobRole} is not null`, sql`lower(coalesce(${t.jobRole}, ''))`, sql`coalesce(${t.employmentType}, '')`);
      return rows.map(toChecklist);
    },

    async findById(id: string): Promise<CredentialsRequiredChecklist | undefined> {
      if (!z.uuid().safeParse(id).success) return undefined;
      const [row] = await db.select().from(t).where(and(inScope, eq(t.id, id)));
      return row ? toChecklist(row) : undefined;
    },

    async findByCriteria(criteria: ChecklistCriteria): Promise<CredentialsRequiredChecklist | undefined> {
      const [row] = await db.select().from(t).where(byCriteria(criteria));
      return row ? toChecklist(row) : undefined;
    },

    /** The checklist that applies to someone in this role (a passport): most specific wins. */
    async applicableTo(role: RoleOf): Promise<CredentialsRequiredChecklist | undefined> {
      if (role.staffGroup === null) return undefined;
      const rows = await db
        .select()
        .from(t)
        .where(and(inScope, eq(t.staffGroup, role.staffGroup)));
      return applicableChecklist(rows.map(toChecklist), role);
    },

    /** Adds a checklist; `exists` (nothing written) when the trust has one with these criteria. */
    async add(input: ChecklistInput, actor: string): Promise<AddChecklistResult> {
      const value = clean(input);
      const [row] = await db
        .insert(t)
        .values({ id: randomUUID(), organisationId: orgId, ...value, updatedBy: actor })
        .onConflictDoNothing()
        .returning();
      if (row) return { outcome: 'added', checklist: toChecklist(row) };
      const existing = await repo.findByCriteria(value);
      if (!existing) throw new Error('checklist insert conflicted but no checklist has its criteria');
      return { outcome: 'exists', checklist: existing };
    },

    /** Changes a checklist's criteria and types; only writes when something differs. */
    async update(id: string, input: ChecklistInput, actor: string): Promise<UpdateChecklistResult> {
      const value = clean(input);
      const before = await repo.findById(id);
      if (!before) return { outcome: 'not-found' };
      const [clash] = await db
        .select()
        .from(t)
        .where(and(byCriteria(value), ne(t.id, before.id)));
      if (clash) return { outcome: 'duplicate', existing: toChecklist(clash) };
      const typesLiteral = sql`array[${sql.join(
        value.credentialTypes.map((v) => sql`${v}`),
        sql`, `,
      )}]::text[]`;
      const [row] = await db
        .update(t)
        .set({ ...value, updatedBy: actor, updatedAt: sql`now()` })
        .where(
          and(
            inScope,
            eq(t.id, before.id),
            sql`not (${t.staffGroup} = ${value.staffGroup} and ${t.jobRole} is not distinct from ${value.jobRole}
                 and ${t.employmentType} is not distinct from ${value.employmentType} and ${t.credentialTypes} = ${typesLiteral})`,
          ),
        )
        .returning();
      if (row) return { outcome: 'updated', checklist: toChecklist(row), before };
      const now = await repo.findById(before.id);
      return now ? { outcome: 'unchanged', checklist: now } : { outcome: 'not-found' };
    },

    /** Removes a checklist; undefined when the trust has no such checklist (any more). */
    async remove(id: string): Promise<CredentialsRequiredChecklist | undefined> {
      if (!z.uuid().safeParse(id).success) return undefined;
      const [row] = await db
        .delete(t)
        .where(and(inScope, eq(t.id, id)))
        .returning();
      return row ? toChecklist(row) : undefined;
    },
  };
  return repo;
}
