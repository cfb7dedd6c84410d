// Reads ESR extract files (CSV, one file per kind of record, docs/esr.md "Extract files") into
// the port's domain shapes (src/core/esr/records.ts). ESR's real extract layouts are not public,
// so the columns are ours and documented; a trust maps its own report onto them, or a new column
// table here maps a real layout.
//
// Steps: parse each file (./parse-csv.ts) → match the header row to the known columns (case,
// spaces and punctuation ignored; unknown columns ignored, as extracts carry many) → turn each row
// into a record, normalising dates (YYYY-MM-DD or DD/MM/YYYY) and names of regulators → check it
// with the core's schema → gather each person's rows into their records. A bad row is reported
// with its file, line and the column at fault, and left out; problems never repeat a value (the
// files hold personal data).
import { z } from 'zod';
import { CSTF_COMPETENCIES } from '../../core/credentials/catalogue.ts';
import {
  STAFF_GROUPS,
  zEsrAssignment,
  zEsrCompetence,
  zEsrOccupationalHealth,
  zEsrOrgCode,
  zEsrPerson,
  zEsrPersonId,
  zEsrPersonRecords,
  zEsrProfessionalRegistration,
  type EsrAssignment,
  type EsrCompetence,
  type EsrOccupationalHealth,
  type EsrPerson,
  type EsrPersonRecords,
  type EsrProfessionalRegistration,
} from '../../core/esr/index.ts';
import { parseCsv } from './parse-csv.ts';

export const extractFileKinds = ['people', 'assignments', 'competences', 'occupationalHealth', 'registrations'] as const;
export type ExtractFileKind = (typeof extractFileKinds)[number];

/** The text of each file; people and assignments are required, the rest optional. */
export interface EsrExtractFiles {
  people: string;
  assignments: string;
  competences?: string;
  occupationalHealth?: string;
  registrations?: string;
}

export interface ExtractProblem {
  file: ExtractFileKind;
  /** The row's line in the file; absent for a problem with the whole file. */
  line?: number;
  message: string;
  /** The row's person, when it could be read (an identifier, not personal data). */
  orgCode?: string;
  personId?: string;
}

export interface EsrExtract {
  records: EsrPersonRecords[];
  problems: ExtractProblem[];
  /** Whether a whole file could not be read (a missing column, a never-closed quote): the extract is incomplete. */
  incomplete: boolean;
}

interface Column {
  header: string;
  field: string;
  required?: boolean;
}

/** The columns of each file, as docs/esr.md lists them. */
export const EXTRACT_COLUMNS: Readonly<Record<ExtractFileKind, readonly Column[]>> = {
  people: [
    { header: 'Org Code', field: 'orgCode', required: true },
    { header: 'Person ID', field: 'personId', required: true },
    { header: 'First Name', field: 'firstName', required: true },
    { header: 'Middle Names', field: 'middleNames' },
    { header: 'Last Name', field: 'lastName', required: true },
    { header: 'Date of Birth', field: 'dateOfBirth', required: true },
    { header: 'Previous First Name', field: 'previousFirstName' },
    { header: 'Previous Last Name', field: 'previousLastName' },
    { header: 'Name Changed On', field: 'nameChangedOn' },
  ],
  assignments: [
    { header: 'Org Code', field: 'orgCode', required: true },
    { header: 'Person ID', field: 'personId', required: true },
    { header: 'Assignment Number', field: 'assignmentNumber', required: true },
    { header: 'Organisation Name', field: 'organisationName', required: true },
    { header: 'Department', field: 'department' },
    { header: 'Area of Work', field: 'areaOfWork' },
    { header: 'Staff Group', field: 'staffGroup', required: true },
    { header: 'Job Role', field: 'jobRole' },
    { header: 'Job Title', field: 'jobTitle', required: true },
    { header: 'Assignment Category', field: 'assignmentCategory', required: true },
    { header: 'Assignment Status', field: 'assignmentStatus', required: true },
    { header: 'Effective Start Date', field: 'effectiveStartDate', required: true },
    { header: 'Effective End Date', field: 'effectiveEndDate' },
    { header: 'Fixed Term End Date', field: 'fixedTermContractEndDate' },
    { header: 'Occupation Code', field: 'occupationCode' },
    { header: 'Pay Band', field: 'payBandOrPayScale' },
    { header: 'VPD', field: 'vpd' },
  ],
  competences: [
    { header: 'Org Code', field: 'orgCode', required: true },
    { header: 'Person ID', field: 'personId', required: true },
    { header: 'Framework', field: 'competencyFramework' },
    { header: 'Competency Name', field: 'competencyName', required: true },
    { header: 'Subject Name', field: 'subjectName' },
    { header: 'Level', field: 'subjectLevel' },
    { header: 'Attainment Status', field: 'attainmentStatus' },
    { header: 'Date Last Awarded', field: 'dateLastAwarded', required: true },
    { header: 'Expiry Date', field: 'dateTo' },
    { header: 'Renewal Period', field: 'renewalPeriodNumber' },
    { header: 'Renewal Units', field: 'renewalPeriodUnits' },
    { header: 'Proficiency Level', field: 'proficiencyLevel' },
    { header: 'Learning Method', field: 'learningMethod' },
    { header: 'Awarding Organisation', field: 'awardingOrganisation' },
    { header: 'Learning Record ID', field: 'learningRecordId' },
  ],
  occupationalHealth: [
    { header: 'Org Code', field: 'orgCode', required: true },
    { header: 'Person ID', field: 'personId', required: true },
    { header: 'Record Type', field: 'recordType', required: true },
    { header: 'Code', field: 'code', required: true },
    { header: 'Description', field: 'description', required: true },
    { header: 'Date', field: 'date' },
    { header: 'Result', field: 'result' },
    { header: 'Interpretation', field: 'interpretation' },
  ],
  registrations: [
    { header: 'Org Code', field: 'orgCode', required: true },
    { header: 'Person ID', field: 'personId', required: true },
    { header: 'Professional Body', field: 'professionalBody', required: true },
    { header: 'Registration Number', field: 'registrationNumber', required: true },
    { header: 'Registration Status', field: 'registrationStatus' },
    { header: 'Registration Date', field: 'registrationDate', required: true },
    { header: 'Expiry Date', field: 'expiryDate' },
    { header: 'Revalidation Date', field: 'revalidationDate' },
    { header: 'Check Date', field: 'registrationCheckDate', required: true },
  ],
};

/** Regulators as extracts write them: full names or the usual abbreviations. */
const BODY_ABBREVIATIONS: Readonly<Record<string, string>> = {
  nmc: 'Nursing and Midwifery Council',
  gmc: 'General Medical Council',
  gdc: 'General Dental Council',
  gphc: 'General Pharmaceutical Council',
  hcpc: 'Health and Care Professions Council',
};

const OH_RECORD_TYPES: Readonly<Record<string, 'vaccination' | 'clinicalTest' | 'observation'>> = {
  vaccination: 'vaccination',
  clinicaltest: 'clinicalTest',
  test: 'clinicalTest',
  observation: 'observation',
};

function normaliseHeader(header: string): string {
  return header.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** Staff groups are compared without case and with any dash: extracts write "Students - non-medical". */
function normaliseLabel(value: string): string {
  return value.toLowerCase().replace(/[\u2010-\u2015-]/g, '-').replace(/\s+/g, ' ').trim();
}

const STAFF_GROUP_BY_LABEL = new Map(STAFF_GROUPS.map((g) => [normaliseLabel(g), g]));

class CellProblem extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** `YYYY-MM-DD`, or `DD/MM/YYYY` as UK reports write it; checked as a real day by the schema after. */
function date(field: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(value)) return value;
  const uk = /^([0-9]{1,2})\/([0-9]{1,2})\/([0-9]{4})$/.exec(value);
  if (uk) return `${uk[3]}-${uk[2]!.padStart(2, '0')}-${uk[1]!.padStart(2, '0')}`;
  throw new CellProblem(field, 'must be a date (YYYY-MM-DD or DD/MM/YYYY)');
}

function integer(field: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^[0-9]{1,3}$/.test(value)) throw new CellProblem(field, 'must be a whole number');
  return Number(value);
}

type Row = Record<string, string | undefined>;

/** Drops members that are undefined, so optional fields stay absent. */
function compact<T extends Record<string, unknown>>(object: T): T {
  return Object.fromEntries(Object.entries(object).filter(([, v]) => v !== undefined)) as T;
}

interface Keyed<T> {
  orgCode: string;
  personId: string;
  line: number;
  value: T;
}

export function importEsrExtract(files: EsrExtractFiles): EsrExtract {
  const problems: ExtractProblem[] = [];
  let incomplete = false;

  /** Reads one file into rows keyed by column field, or undefined when the whole file is unusable. */
  function rowsOf(kind: ExtractFileKind, text: string | undefined): { line: number; row: Row }[] | undefined {
    if (text === undefined) return [];
    const parsed = parseCsv(text);
    for (const e of parsed.errors) {
      problems.push({ file: kind, line: e.line, message: `CSV: ${e.message}` });
      if (e.fatal) incomplete = true;
    }
    const [header, ...body] = parsed.records;
    if (!header) {
      problems.push({ file: kind, message: 'the file has no header row' });
      incomplete = true;
      return undefined;
    }
    const columns = EXTRACT_COLUMNS[kind];
    const byHeader = new Map(columns.map((c) => [normaliseHeader(c.header), c]));
    const positions = new Map<string, number>();
    header.fields.forEach((name, index) => {
      const column = byHeader.get(normaliseHeader(name));
      if (!column) return;
      if (positions.has(column.field)) {
        problems.push({ file: kind, line: header.line, message: `the column "${column.header}" appears twice` });
        incomplete = true;
      }
      positions.set(column.field, index);
    });
    const missing = columns.filter((c) => c.required && !positions.has(c.field));
    if (missing.length) {
      problems.push({ file: kind, line: header.line, message: `missing column${missing.length > 1 ? 's' : ''}: ${missing.map((c) => c.header).join(', ')}` });
      incomplete = true;
      return undefined;
    }
    const rows: { line: number; row: Row }[] = [];
    for (const record of body) {
      const cells = record.fields.map((f) => f.trim());
      if (cells.every((c) => c === '')) continue;
      if (cells.length !== header.fields.length) {
        problems.push({ file: kind, line: record.line, message: `the row has ${cells.length} fields where the header has ${header.fields.length}` });
        continue;
      }
      const row: Row = {};
      for (const [field, index] of positions) row[field] = cells[index] === '' ? undefined : cells[index];
      rows.push({ line: record.line, row });
    }
    return rows;
  }

  const headerOf = (kind: ExtractFileKind, field: string) => EXTRACT_COLUMNS[kind].find((c) => c.field === field)?.header ?? field;

  /** Turns rows into checked values; a bad row becomes a problem naming its column. */
  function read<T>(kind: ExtractFileKind, rows: { line: number; row: Row }[], build: (row: Row) => unknown, schema: z.ZodType<T>, fieldOfPath: (path: PropertyKey[]) => string): Keyed<T>[] {
    const out: Keyed<T>[] = [];
    for (const { line, row } of rows) {
      const orgCode = row.orgCode ?? '';
      const personId = row.personId ?? '';
      const who = {
        ...(zEsrOrgCode.safeParse(orgCode).success ? { orgCode } : {}),
        ...(zEsrPersonId.safeParse(personId).success ? { personId } : {}),
      };
      if (!who.orgCode || !who.personId) {
        problems.push({ file: kind, line, message: `${!who.orgCode ? 'Org Code: must be an ODS code' : 'Person ID: must be 6 to 12 digits'}`, ...who });
        continue;
      }
      let candidate: unknown;
      try {
        candidate = build(row);
      } catch (error) {
        if (!(error instanceof CellProblem)) throw error;
        problems.push({ file: kind, line, message: `${headerOf(kind, error.field)}: ${error.message}`, ...who });
        continue;
      }
      const parsed = schema.safeParse(candidate);
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        problems.push({ file: kind, line, message: `${headerOf(kind, fieldOfPath(issue.path))}: ${issue.message}`, ...who });
        continue;
      }
      out.push({ orgCode, personId, line, value: parsed.data });
    }
    return out;
  }

  const first = (path: PropertyKey[]) => String(path[0] ?? '');

  // people
  const peopleRows = rowsOf('people', files.people);
  const people = read<EsrPerson>(
    'people',
    peopleRows ?? [],
    (r) => {
      const changedOn = date('nameChangedOn', r.nameChangedOn);
      if ((r.previousLastName === undefined) !== (changedOn === undefined)) throw new CellProblem('nameChangedOn', 'give Previous Last Name and Name Changed On together');
      return compact({
        personId: r.personId,
        firstName: r.firstName,
        middleNames: r.middleNames,
        lastName: r.lastName,
        dateOfBirth: date('dateOfBirth', r.dateOfBirth),
        previousNames: r.previousLastName ? [{ firstName: r.previousFirstName ?? r.firstName, lastName: r.previousLastName, changedOn }] : [],
      });
    },
    zEsrPerson,
    (path) => (path[0] === 'previousNames' ? (path[2] === 'firstName' ? 'previousFirstName' : path[2] === 'changedOn' ? 'nameChangedOn' : 'previousLastName') : first(path)),
  );

  // assignments
  const assignments = read<EsrAssignment>(
    'assignments',
    rowsOf('assignments', files.assignments) ?? [],
    (r) => {
      const staffGroup = r.staffGroup === undefined ? undefined : STAFF_GROUP_BY_LABEL.get(normaliseLabel(r.staffGroup));
      if (r.staffGroup !== undefined && !staffGroup) throw new CellProblem('staffGroup', 'is not one of the ten ESR staff groups');
      return compact({
        assignmentNumber: r.assignmentNumber,
        organisationCode: r.orgCode,
        organisationName: r.organisationName,
        department: r.department,
        areaOfWork: r.areaOfWork,
        staffGroup,
        jobRole: r.jobRole,
        jobTitle: r.jobTitle,
        assignmentCategory: r.assignmentCategory,
        assignmentStatus: r.assignmentStatus,
        effectiveStartDate: date('effectiveStartDate', r.effectiveStartDate),
        effectiveEndDate: date('effectiveEndDate', r.effectiveEndDate),
        fixedTermContractEndDate: date('fixedTermContractEndDate', r.fixedTermContractEndDate),
        occupationCode: r.occupationCode,
        payBandOrPayScale: r.payBandOrPayScale,
        vpd: r.vpd,
      });
    },
    zEsrAssignment,
    (path) => (path[0] === 'organisationCode' ? 'orgCode' : first(path)),
  );

  // competences: a CSTF row may leave out the subject name and, for a one-level competency, the level.
  const competences = read<EsrCompetence>(
    'competences',
    rowsOf('competences', files.competences) ?? [],
    (r) => {
      const framework = (r.competencyFramework ?? 'CSTF').toUpperCase();
      const known = framework === 'CSTF' ? CSTF_COMPETENCIES.find((c) => c.competencyName.toLowerCase() === r.competencyName?.toLowerCase()) : undefined;
      if (framework === 'CSTF' && !known) throw new CellProblem('competencyName', 'is not a CSTF competency of the catalogue');
      const level = r.subjectLevel?.replace(/^level\s*/i, '') ?? (known && known.levels.length === 1 ? known.levels[0] : undefined);
      if (level === undefined) throw new CellProblem('subjectLevel', framework === 'CSTF' && known ? `is required for this competency (one of ${known.levels.join(', ')})` : 'is required');
      const units = r.renewalPeriodUnits === undefined ? undefined : r.renewalPeriodUnits.charAt(0).toUpperCase() + r.renewalPeriodUnits.slice(1).toLowerCase();
      return compact({
        competencyFramework: framework,
        subjectName: r.subjectName ?? known?.subjectName,
        competencyName: known?.competencyName ?? r.competencyName,
        subjectLevel: level,
        attainmentStatus: (r.attainmentStatus ?? 'ACHIEVED').toUpperCase(),
        dateLastAwarded: date('dateLastAwarded', r.dateLastAwarded),
        dateTo: date('dateTo', r.dateTo),
        renewalPeriodNumber: integer('renewalPeriodNumber', r.renewalPeriodNumber),
        renewalPeriodUnits: units,
        proficiencyLevel: r.proficiencyLevel,
        learningMethod: r.learningMethod,
        awardingOrganisation: r.awardingOrganisation?.toUpperCase(),
        learningRecordId: r.learningRecordId,
      });
    },
    zEsrCompetence,
    first,
  );

  // occupational health: one row per vaccination, clinical test or observation.
  type OhRow = { type: 'vaccination' | 'clinicalTest' | 'observation'; record: unknown };
  const zOhRow = z.union([
    z.strictObject({ type: z.literal('vaccination'), record: zEsrOccupationalHealth.shape.vaccinations.element }),
    z.strictObject({ type: z.literal('clinicalTest'), record: zEsrOccupationalHealth.shape.clinicalTests.element }),
    z.strictObject({ type: z.literal('observation'), record: zEsrOccupationalHealth.shape.observations.element }),
  ]);
  const health = read<z.infer<typeof zOhRow>>(
    'occupationalHealth',
    rowsOf('occupationalHealth', files.occupationalHealth) ?? [],
    (r): OhRow => {
      const type = OH_RECORD_TYPES[normaliseHeader(r.recordType ?? '')];
      if (!type) throw new CellProblem('recordType', 'must be Vaccination, Clinical Test or Observation');
      if (type === 'vaccination') return { type, record: compact({ code: r.code, description: r.description, date: r.date }) };
      if (type === 'clinicalTest') return { type, record: compact({ code: r.code, description: r.description, date: r.date, result: r.result, interpretation: r.interpretation }) };
      return { type, record: compact({ code: r.code, description: r.description, result: r.result }) };
    },
    zOhRow,
    (path) => String(path[1] ?? path[0] ?? ''),
  );

  // registrations
  const registrations = read<EsrProfessionalRegistration>(
    'registrations',
    rowsOf('registrations', files.registrations) ?? [],
    (r) =>
      compact({
        professionalBody: r.professionalBody === undefined ? undefined : (BODY_ABBREVIATIONS[normaliseHeader(r.professionalBody)] ?? r.professionalBody),
        registrationNumber: r.registrationNumber,
        registrationStatus: r.registrationStatus,
        registrationDate: date('registrationDate', r.registrationDate),
        expiryDate: date('expiryDate', r.expiryDate),
        revalidationDate: date('revalidationDate', r.revalidationDate),
        registrationCheckDate: date('registrationCheckDate', r.registrationCheckDate),
      }),
    zEsrProfessionalRegistration,
    first,
  );

  // Gather each person's records.
  const key = (orgCode: string, personId: string) => `${orgCode}|${personId}`;
  const assembled = new Map<string, { orgCode: string; person: EsrPerson; assignments: EsrAssignment[]; competences: EsrCompetence[]; health: EsrOccupationalHealth; registrations: EsrProfessionalRegistration[] }>();
  for (const p of people) {
    const k = key(p.orgCode, p.personId);
    if (assembled.has(k)) {
      problems.push({ file: 'people', line: p.line, message: 'the person appears twice; the later row is ignored', orgCode: p.orgCode, personId: p.personId });
      continue;
    }
    assembled.set(k, { orgCode: p.orgCode, person: p.value, assignments: [], competences: [], health: { vaccinations: [], clinicalTests: [], observations: [] }, registrations: [] });
  }
  // Rows of a person whose own row was refused need no problem of their own.
  const refused = new Set(problems.filter((p) => p.file === 'people' && p.orgCode && p.personId).map((p) => key(p.orgCode!, p.personId!)));
  const orphan = (file: ExtractFileKind, item: Keyed<unknown>) => {
    if (refused.has(key(item.orgCode, item.personId))) return;
    problems.push({ file, line: item.line, message: 'no person with this Org Code and Person ID in the people file', orgCode: item.orgCode, personId: item.personId });
  };

  const assignmentHolders = new Map<string, string>();
  for (const a of assignments) {
    const target = assembled.get(key(a.orgCode, a.personId));
    if (!target) {
      orphan('assignments', a);
      continue;
    }
    const numberKey = key(a.orgCode, a.value.assignmentNumber);
    if (assignmentHolders.has(numberKey)) {
      problems.push({ file: 'assignments', line: a.line, message: 'the assignment number appears twice; the later row is ignored', orgCode: a.orgCode, personId: a.personId });
      continue;
    }
    assignmentHolders.set(numberKey, a.personId);
    target.assignments.push(a.value);
  }
  for (const c of competences) {
    const target = assembled.get(key(c.orgCode, c.personId));
    if (target) target.competences.push(c.value);
    else orphan('competences', c);
  }
  for (const h of health) {
    const target = assembled.get(key(h.orgCode, h.personId));
    if (!target) {
      orphan('occupationalHealth', h);
      continue;
    }
    if (h.value.type === 'vaccination') target.health.vaccinations.push(h.value.record);
    else if (h.value.type === 'clinicalTest') target.health.clinicalTests.push(h.value.record);
    else target.health.observations.push(h.value.record);
  }
  for (const r of registrations) {
    const target = assembled.get(key(r.orgCode, r.personId));
    if (target) target.registrations.push(r.value);
    else orphan('registrations', r);
  }

  const records: EsrPersonRecords[] = [];
  for (const p of assembled.values()) {
    if (p.assignments.length === 0) {
      problems.push({ file: 'assignments', message: 'the person has no assignment in the assignments file, so is left out', orgCode: p.orgCode, personId: p.person.personId });
      continue;
    }
    const parsed = zEsrPersonRecords.safeParse({
      organisationCode: p.orgCode,
      person: p.person,
      assignments: p.assignments,
      competences: p.competences,
      occupationalHealth: p.health,
      registrations: p.registrations,
    });
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      problems.push({ file: 'people', message: `the person's records do not fit together: ${issue.path.join('.')}: ${issue.message}`, orgCode: p.orgCode, personId: p.person.personId });
      continue;
    }
    records.push(parsed.data);
  }
  if (peopleRows === undefined) incomplete = true;
  return { records, problems, incomplete };
}
