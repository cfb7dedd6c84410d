// A training record as the Digital Staff Passport credential it becomes (D2W "Credential data":
// exactly per the DSP data schema, with the person's DSP unique identifier): the CoreSkill
// subject the portal pushes to the gateway, and the same fields as the person is shown them
// before confirming. Uses only the credential catalogue's published surface (names, labels,
// the CSTF list).
import { ASSURANCE_LABELS, CSTF_COMPETENCIES, getCredentialType, type CredentialSubject } from '../../core/credentials/index.ts';
import { ACADEMY } from './academy.ts';
import type { TrainingRecord } from './state.ts';

export const CORE_SKILL = 'CoreSkill';

/** The record's CoreSkill subject, without `dspId` (the gateway adds the one it is given). */
export function coreSkillClaims(record: TrainingRecord): CredentialSubject {
  const competency = CSTF_COMPETENCIES.find((c) => c.competencyName === record.competencyName && c.levels.includes(record.subjectLevel));
  if (!competency) throw new TypeError(`training record ${record.id}: ${record.competencyName} level ${record.subjectLevel} is not a CSTF competency`);
  return {
    competencyFramework: 'CSTF',
    subjectName: competency.subjectName,
    competencyName: record.competencyName,
    subjectLevel: record.subjectLevel,
    renewalPeriodNumber: record.renewalPeriodNumber,
    renewalPeriodUnits: record.renewalPeriodUnits,
    proficiencyLevel: '1 - Assessed',
    attainmentStatus: 'ACHIEVED',
    learningMethod: record.learningMethod,
    awardingOrganisation: ACADEMY.odsCode,
    dateLastAwarded: record.completedOn,
    dateTo: record.expiresOn,
    ...(record.employer ? { employer: record.employer } : {}),
    assurance: {
      origin: ACADEMY.name,
      assurancePolicy: 'Core Skills Training Framework (CSTF)',
      assuranceOutcome: 'CSTF applied',
      provider: ACADEMY.name,
      verifier: 'Provider',
      verificationMethod: 'Document Verification with Record Verification',
      pedigree: 'Authoritative',
      lastRefresh: record.updatedAt,
    },
  };
}

/** "Safeguarding Adults (Level 2)", as the DSP portals and wallets title a core skill. */
export function recordTitle(record: Pick<TrainingRecord, 'competencyName' | 'subjectLevel'>): string {
  return getCredentialType(CORE_SKILL).display.title?.({ competencyName: record.competencyName, subjectLevel: record.subjectLevel }) ?? record.competencyName;
}

export interface ShownField {
  label: string;
  value: string;
}

/**
 * Every field of the credential that will be downloaded, in the catalogue's display order and
 * with its labels: the record's fields, the DSP unique identifier, then the assurance block.
 */
export function fieldsToDownload(claims: CredentialSubject, dspId: string): { fields: ShownField[]; assurance: ShownField[] } {
  const { fieldLabels, displayOrder } = getCredentialType(CORE_SKILL).display;
  const subject: CredentialSubject = { ...claims, dspId };
  const order = [...displayOrder, ...Object.keys(subject).filter((k) => !displayOrder.includes(k))];
  const fields: ShownField[] = [];
  for (const key of order) {
    const value = subject[key];
    if (key === 'assurance' || value === undefined) continue;
    fields.push({ label: fieldLabels[key] ?? key, value: shown(value) });
  }
  const block = (subject.assurance ?? {}) as Record<string, unknown>;
  const assurance = Object.entries(ASSURANCE_LABELS)
    .filter(([key]) => block[key] !== undefined)
    .map(([key, label]) => ({ label, value: shown(block[key]) }));
  return { fields, assurance };
}

const dateFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const dateTimeFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'Europe/London' });

/** "1 December 2025". */
export function formatDate(isoDate: string): string {
  return dateFormat.format(new Date(`${isoDate.slice(0, 10)}T00:00:00Z`));
}

/** "1 December 2025, 10:15" (UK time). */
export function formatDateTime(instant: string | Date): string {
  return dateTimeFormat.format(new Date(instant));
}

function shown(value: unknown): string {
  if (typeof value === 'string') {
    if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return formatDate(value);
    if (/^\d{4}-\d{2}-\d{2}T/.test(value)) return formatDateTime(value);
    return value;
  }
  return String(value);
}
