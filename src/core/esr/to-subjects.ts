// From ESR records to the credential subjects a trust provides from them (E7, DOMAIN.md §9 #13):
// EmploymentAssignment, CoreSkill (one per competence), OccupationalHealth and
// ProfessionalRegistration, with the catalogue's field names (src/core/credentials/catalogue) and
// the provenance block of DOMAIN.md §5.2. Pure: the DSP unique identifier and the time the
// records were read are arguments. Every subject built here validates against its type's schema
// (`validateSubject`, tested over generated populations).
import type { CredentialSubject } from '../credentials/catalogue.ts';
import { competenceKey } from './diff-records.ts';
import {
  isTerminated,
  type EsrAssignment,
  type EsrCompetence,
  type EsrOccupationalHealth,
  type EsrPersonRecords,
  type EsrProfessionalRegistration,
} from './records.ts';

/** The credential types ESR data becomes. */
export const ESR_CREDENTIAL_TYPES = ['EmploymentAssignment', 'CoreSkill', 'OccupationalHealth', 'ProfessionalRegistration'] as const;
export type EsrCredentialType = (typeof ESR_CREDENTIAL_TYPES)[number];

export interface EsrSubjectContext {
  /** The person's DSP unique identifier, from their identity credential (DOMAIN.md §3). */
  dspId: string;
  /** When the records were read from ESR: the provenance block's "Last refresh". */
  refreshedAt: Date;
}

/** One thing a trust could provide: its type, a stable key for de-duplication, and the subject. */
export interface EsrProvidableItem {
  type: EsrCredentialType;
  /**
   * Stable across reads of the same item: an assignment by number, a core skill by competency,
   * level and date last awarded (DOMAIN.md §5.3: receivers de-duplicate by competency and date
   * last awarded), a registration by body and number, occupational health once per person.
   */
  itemKey: string;
  subject: CredentialSubject;
}

const ORIGIN = 'Substantive NHS Employing Organisation';

/** RFC 3339 without fractional seconds, as the samples write `lastRefresh`. */
function dateTime(d: Date): string {
  return d.toISOString().replace(/\.[0-9]{3}Z$/, 'Z');
}

function assurance(provider: string, refreshedAt: Date, overrides: Partial<Record<string, string>> = {}) {
  return {
    origin: ORIGIN,
    assurancePolicy: 'Local contractual arrangement',
    assuranceOutcome: 'Onboarding complete',
    provider,
    verifier: 'Provider',
    verificationMethod: 'Document Verification with Record Verification',
    pedigree: 'Authoritative',
    lastRefresh: dateTime(refreshedAt),
    ...overrides,
  };
}

/** Copies the members that are present (a subject must not carry `undefined`). */
function defined<T extends Record<string, unknown>>(fields: T): Partial<T> {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export function employmentAssignmentSubject(assignment: EsrAssignment, context: EsrSubjectContext): CredentialSubject {
  return {
    dspId: context.dspId,
    employingOrganisation: assignment.organisationName,
    employingOrganisationOds: assignment.organisationCode,
    ...defined({
      department: assignment.department,
      areaOfWork: assignment.areaOfWork,
    }),
    staffGroup: assignment.staffGroup,
    ...defined({ jobRole: assignment.jobRole }),
    jobTitle: assignment.jobTitle,
    assignmentCategory: assignment.assignmentCategory,
    assignmentStatus: assignment.assignmentStatus,
    assignmentEffectiveStartDate: assignment.effectiveStartDate,
    ...defined({
      fixedTermContractEndDate: assignment.fixedTermContractEndDate,
      occupationCode: assignment.occupationCode,
      payBandOrPayScale: assignment.payBandOrPayScale,
      vpd: assignment.vpd,
    }),
    esrAssignmentNumber: assignment.assignmentNumber,
    assurance: assurance(assignment.organisationName, context.refreshedAt),
  };
}

/** `employer` is the organisation whose ESR holds the competence (the portal's "Employer"). */
export function coreSkillSubject(competence: EsrCompetence, employer: string, context: EsrSubjectContext): CredentialSubject {
  const cstf = competence.competencyFramework === 'CSTF';
  return {
    dspId: context.dspId,
    competencyFramework: competence.competencyFramework,
    subjectName: competence.subjectName,
    competencyName: competence.competencyName,
    subjectLevel: competence.subjectLevel,
    ...defined({
      renewalPeriodNumber: competence.renewalPeriodNumber,
      renewalPeriodUnits: competence.renewalPeriodUnits,
      proficiencyLevel: competence.proficiencyLevel,
    }),
    attainmentStatus: competence.attainmentStatus,
    ...defined({
      learningMethod: competence.learningMethod,
      awardingOrganisation: competence.awardingOrganisation,
    }),
    dateLastAwarded: competence.dateLastAwarded,
    ...defined({ dateTo: competence.dateTo }),
    employer,
    ...defined({ trustIdentifier: competence.learningRecordId }),
    assurance: assurance(employer, context.refreshedAt, {
      assurancePolicy: cstf ? 'Core Skills Training Framework (CSTF)' : 'Local contractual arrangement',
      assuranceOutcome: cstf ? 'CSTF applied' : 'Training recorded',
    }),
  };
}

/** Undefined when ESR holds no occupational health record at all (such a credential would say nothing). */
export function occupationalHealthSubject(records: EsrOccupationalHealth, provider: string, context: EsrSubjectContext): CredentialSubject | undefined {
  const { vaccinations, clinicalTests, observations } = records;
  if (vaccinations.length + clinicalTests.length + observations.length === 0) return undefined;
  return {
    dspId: context.dspId,
    ...(vaccinations.length ? { vaccinations: vaccinations.map((v) => ({ ...v })) } : {}),
    ...(clinicalTests.length ? { clinicalTests: clinicalTests.map((t) => defined({ ...t })) } : {}),
    ...(observations.length ? { observations: observations.map((o) => ({ ...o })) } : {}),
    assurance: assurance(provider, context.refreshedAt, { origin: `${provider} Occupational Health` }),
  };
}

export function professionalRegistrationSubject(registration: EsrProfessionalRegistration, provider: string, context: EsrSubjectContext): CredentialSubject {
  return {
    dspId: context.dspId,
    professionalBody: registration.professionalBody,
    registrationNumber: registration.registrationNumber,
    ...defined({ registrationStatus: registration.registrationStatus }),
    registrationDate: registration.registrationDate,
    ...defined({ expiryDate: registration.expiryDate, revalidationDate: registration.revalidationDate }),
    registrationCheckDate: registration.registrationCheckDate,
    assurance: assurance(provider, context.refreshedAt),
  };
}

/**
 * Everything a trust could provide from one person's records. A terminated assignment is left
 * out (a leaver's post is not confirmed); the employer named on core skills, occupational health
 * and registrations is the organisation of the records.
 */
export function subjectsFromEsrRecords(records: EsrPersonRecords, context: EsrSubjectContext): EsrProvidableItem[] {
  const organisationName = records.assignments[0]!.organisationName;
  const items: EsrProvidableItem[] = [];
  for (const assignment of records.assignments) {
    if (isTerminated(assignment)) continue;
    items.push({ type: 'EmploymentAssignment', itemKey: `EmploymentAssignment|${assignment.assignmentNumber}`, subject: employmentAssignmentSubject(assignment, context) });
  }
  for (const competence of records.competences) {
    items.push({
      type: 'CoreSkill',
      itemKey: `CoreSkill|${competenceKey(competence)}|${competence.dateLastAwarded}`,
      subject: coreSkillSubject(competence, organisationName, context),
    });
  }
  const health = occupationalHealthSubject(records.occupationalHealth, organisationName, context);
  if (health) items.push({ type: 'OccupationalHealth', itemKey: 'OccupationalHealth', subject: health });
  for (const registration of records.registrations) {
    items.push({
      type: 'ProfessionalRegistration',
      itemKey: `ProfessionalRegistration|${registration.professionalBody}|${registration.registrationNumber}`,
      subject: professionalRegistrationSubject(registration, organisationName, context),
    });
  }
  return items;
}
