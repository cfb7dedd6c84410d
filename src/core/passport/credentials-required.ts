// "Credentials required" checklists (DOMAIN.md E3, E9.2, §9 #25; docs/architecture.md D41): a
// Senior Portal Administrator sets, per staff group — optionally narrowed to a job role and/or an
// employment type — which credential types the trust requires; E9's review shows a passport's
// progress against the one checklist that applies to it. Pure.
//
// Which checklist applies: the MOST SPECIFIC one that matches, not the union of all that match.
// E9.2 speaks of *a* checklist "pre-set per staff group/job role and employment type" with one
// "x credentials out of y" progress, and only "most specific wins" lets a trust ask *less* of a
// narrower group (e.g. students) than of its staff group as a whole. A checklist matches when
// its staff group equals the passport's and each of its job role and employment type is either
// "any" (null) or equal to the passport's (job roles ignoring case and spacing). Specificity:
// job role and employment type both > job role only > employment type only > staff group only —
// a job role is the narrower description (there are only two employment types). The criteria are
// unique per trust (the store refuses duplicates), so there is never a tie.
import { z } from 'zod';
import { CREDENTIAL_GROUPS, CREDENTIAL_TYPES, getCredentialType, isCredentialTypeId, type CredentialGroup, type CredentialTypeId } from '../credentials/catalogue.ts';
import { STAFF_GROUPS } from '../credentials/catalogue/employment-assignment.ts';
import { EMPLOYMENT_TYPES } from './staff-passport.ts';

export { STAFF_GROUPS, EMPLOYMENT_TYPES };
export type StaffGroup = (typeof STAFF_GROUPS)[number];
export type EmploymentType = (typeof EMPLOYMENT_TYPES)[number];

/**
 * The types a checklist may require: everything a person can hold about themselves except the
 * portal access key (it is the key to the employee portal, not evidence) and the digital identity
 * (it is one route to the trust's own NHS Identity credential, which is what a checklist asks for).
 */
export const CHECKLIST_CREDENTIAL_TYPES: readonly CredentialTypeId[] = CREDENTIAL_TYPES.map((t) => t.id).filter((id) => id !== 'AccessKey' && id !== 'DigitalIdentity');

export interface ChecklistCriteria {
  staffGroup: StaffGroup;
  /** null: any job role. */
  jobRole: string | null;
  /** null: any employment type. */
  employmentType: EmploymentType | null;
}

export interface CredentialsRequiredChecklist extends ChecklistCriteria {
  id: string;
  organisationId: string;
  /** In the catalogue's order, no duplicates, at least one. */
  credentialTypes: CredentialTypeId[];
  createdAt: Date;
  updatedAt: Date;
  updatedBy: string;
}

/** What the passport says about the person's role (StaffPassport's fields; null when not set). */
export interface RoleOf {
  staffGroup: string | null;
  jobRole: string | null;
  employmentType: string | null;
}

/** Job roles are typed by people: trimmed, inner spacing collapsed; compared ignoring case. */
export function normaliseJobRole(value: string): string {
  return value.trim().replace(/\s+/g, ' ');
}

function sameJobRole(a: string, b: string): boolean {
  return normaliseJobRole(a).toLowerCase() === normaliseJobRole(b).toLowerCase();
}

/** Whether `checklist` applies to someone in this role (ignoring more specific checklists). */
export function checklistMatches(checklist: ChecklistCriteria, role: RoleOf): boolean {
  if (role.staffGroup === null || checklist.staffGroup !== role.staffGroup) return false;
  if (checklist.jobRole !== null && (role.jobRole === null || !sameJobRole(checklist.jobRole, role.jobRole))) return false;
  if (checklist.employmentType !== null && checklist.employmentType !== role.employmentType) return false;
  return true;
}

/** 3: job role and employment type, 2: job role, 1: employment type, 0: staff group only. */
export function specificityOf(checklist: ChecklistCriteria): number {
  return (checklist.jobRole !== null ? 2 : 0) + (checklist.employmentType !== null ? 1 : 0);
}

/** The checklist that applies to a passport: the most specific that matches, or undefined. */
export function applicableChecklist<C extends ChecklistCriteria>(checklists: readonly C[], role: RoleOf): C | undefined {
  let best: C | undefined;
  for (const c of checklists) {
    if (!checklistMatches(c, role)) continue;
    if (!best || specificityOf(c) > specificityOf(best)) best = c;
  }
  return best;
}

/** Whether two criteria name the same checklist (the store's uniqueness rule). */
export function sameCriteria(a: ChecklistCriteria, b: ChecklistCriteria): boolean {
  return (
    a.staffGroup === b.staffGroup &&
    a.employmentType === b.employmentType &&
    (a.jobRole === null ? b.jobRole === null : b.jobRole !== null && sameJobRole(a.jobRole, b.jobRole))
  );
}

/** Types in the catalogue's order without duplicates (how a checklist keeps them). */
export function orderCredentialTypes(types: Iterable<string>): CredentialTypeId[] {
  const wanted = new Set(types);
  return CHECKLIST_CREDENTIAL_TYPES.filter((id) => wanted.has(id));
}

/** "x credentials out of y completed" (E9.2): which required types the person holds. */
export function checklistProgress(checklist: Pick<CredentialsRequiredChecklist, 'credentialTypes'>, held: Iterable<string>): { completed: CredentialTypeId[]; outstanding: CredentialTypeId[]; total: number } {
  const have = new Set(held);
  const completed = checklist.credentialTypes.filter((t) => have.has(t));
  const outstanding = checklist.credentialTypes.filter((t) => !have.has(t));
  return { completed, outstanding, total: checklist.credentialTypes.length };
}

/** A short name for the criteria: "Medical and Dental, Foundation doctor, Temporary mover". */
export function describeCriteria(criteria: ChecklistCriteria): string {
  return [criteria.staffGroup, criteria.jobRole ?? 'any job role', criteria.employmentType ?? 'any employment type'].join(', ');
}

/** The checklist types grouped as the catalogue groups them (for checkboxes and summaries). */
export function checklistTypesByGroup(): Array<{ group: CredentialGroup; types: Array<{ id: CredentialTypeId; name: string }> }> {
  return CREDENTIAL_GROUPS.map((group) => ({
    group,
    types: CHECKLIST_CREDENTIAL_TYPES.filter((id) => getCredentialType(id).display.group === group).map((id) => ({ id, name: getCredentialType(id).display.name })),
  })).filter((g) => g.types.length > 0);
}

const zOptionalText = (max: number, message: string) =>
  z
    .string()
    .optional()
    .transform((v) => (v === undefined ? '' : normaliseJobRole(v)))
    .refine((v) => v.length <= max, message)
    .transform((v) => (v === '' ? null : v));

/**
 * The add / change form (and the store's input). `credentialTypes` arrives from checkboxes as one
 * value or several; forms.ts joins several with commas. Messages are for the person.
 */
export const zChecklistInput = z.object({
  staffGroup: z.enum(STAFF_GROUPS, { error: 'Select a staff group' }),
  jobRole: zOptionalText(100, 'Job role must be 100 characters or fewer'),
  employmentType: z
    .union([z.literal(''), z.enum(EMPLOYMENT_TYPES)], { error: 'Select an employment type, or any employment type' })
    .optional()
    .transform((v) => (v ? v : null)),
  credentialTypes: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : v.split(',')).map((s) => s.trim()).filter((s) => s !== ''))
    .refine((v) => v.every((id) => isCredentialTypeId(id) && CHECKLIST_CREDENTIAL_TYPES.includes(id)), 'Select credential types from the list')
    .transform((v) => orderCredentialTypes(v))
    .refine((v) => v.length > 0, 'Select at least one credential the trust requires'),
});
export type ChecklistInput = z.output<typeof zChecklistInput>;
