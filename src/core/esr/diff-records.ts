// What changed between two versions of a person's ESR records, as change-feed drafts. The
// simulator's mutations and the CSV extract adapter (a new extract against the previous one)
// both derive their change feed from it, so the feed always agrees with the records.
import {
  competenceLabel,
  isTerminated,
  type EsrChangeDraft,
  type EsrCompetence,
  type EsrPersonRecords,
  type EsrProfessionalRegistration,
} from './records.ts';

/** Structural equality of JSON-like values, ignoring key order and `undefined` members. */
export function sameRecord(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => sameRecord(v, b[i]));
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(ao), ...Object.keys(bo)].filter((k) => ao[k] !== undefined || bo[k] !== undefined));
  for (const k of keys) if (!sameRecord(ao[k], bo[k])) return false;
  return true;
}

/** A competence is one per framework, name and level; a renewal replaces it. */
export function competenceKey(c: Pick<EsrCompetence, 'competencyFramework' | 'competencyName' | 'subjectLevel'>): string {
  return `${c.competencyFramework}|${c.competencyName}|${c.subjectLevel}`;
}

function registrationKey(r: Pick<EsrProfessionalRegistration, 'professionalBody' | 'registrationNumber'>): string {
  return `${r.professionalBody}|${r.registrationNumber}`;
}

/**
 * The changes that turn `before` into `after` (either may be absent: a new starter, a removal).
 * Order: person, assignments, competences, occupational health, registrations.
 */
export function diffPersonRecords(before: EsrPersonRecords | undefined, after: EsrPersonRecords | undefined): EsrChangeDraft[] {
  if (!before && !after) return [];
  if (!before) {
    const first = after!.assignments[0]!;
    return [{ kind: 'new-starter', personId: after!.person.personId, assignmentNumber: first.assignmentNumber }];
  }
  if (!after) return [{ kind: 'removed', personId: before.person.personId }];

  const personId = after.person.personId;
  const changes: EsrChangeDraft[] = [];
  const b = before.person;
  const a = after.person;
  if (b.firstName !== a.firstName || b.middleNames !== a.middleNames || b.lastName !== a.lastName) changes.push({ kind: 'name-change', personId });
  if (b.dateOfBirth !== a.dateOfBirth) changes.push({ kind: 'personal-details', personId });

  const beforeAssignments = new Map(before.assignments.map((x) => [x.assignmentNumber, x]));
  for (const assignment of after.assignments) {
    const old = beforeAssignments.get(assignment.assignmentNumber);
    if (old && sameRecord(old, assignment)) continue;
    const kind = isTerminated(assignment) && (!old || !isTerminated(old)) ? 'leaver' : 'assignment';
    changes.push({ kind, personId, assignmentNumber: assignment.assignmentNumber });
  }
  const afterNumbers = new Set(after.assignments.map((x) => x.assignmentNumber));
  for (const old of before.assignments)
    if (!afterNumbers.has(old.assignmentNumber)) changes.push({ kind: 'assignment', personId, assignmentNumber: old.assignmentNumber });

  const beforeCompetences = new Map(before.competences.map((c) => [competenceKey(c), c]));
  for (const c of after.competences) {
    const old = beforeCompetences.get(competenceKey(c));
    if (!old || !sameRecord(old, c)) changes.push({ kind: 'competence', personId, item: competenceLabel(c) });
  }
  const afterCompetences = new Set(after.competences.map(competenceKey));
  for (const old of before.competences)
    if (!afterCompetences.has(competenceKey(old))) changes.push({ kind: 'competence', personId, item: competenceLabel(old) });

  if (!sameRecord(before.occupationalHealth, after.occupationalHealth)) changes.push({ kind: 'occupational-health', personId });

  const beforeRegistrations = new Map(before.registrations.map((r) => [registrationKey(r), r]));
  for (const r of after.registrations) {
    const old = beforeRegistrations.get(registrationKey(r));
    if (!old || !sameRecord(old, r)) changes.push({ kind: 'professional-registration', personId, item: r.professionalBody });
  }
  const afterRegistrations = new Set(after.registrations.map(registrationKey));
  for (const old of before.registrations)
    if (!afterRegistrations.has(registrationKey(old))) changes.push({ kind: 'professional-registration', personId, item: old.professionalBody });

  return changes;
}
