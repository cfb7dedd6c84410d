// What ESR (the NHS Electronic Staff Record, DOMAIN.md §2.2) tells us about a member of staff,
// as the domain sees it: one person, their assignments at one organisation, their core-skill
// competences, occupational health records and professional registrations; and the change feed
// that says what changed since a point in time (DOMAIN.md §9 #13–14).
//
// ESR's own interface is not public, so these shapes are ours. They are the wire format of the
// ESR port's HTTP interface (docs/esr.md) as well: every adapter — the HTTP client, the CSV
// extract importer, the simulator — produces exactly these, parsed by these schemas. We own the
// format, so objects are strict (STYLE.md): an unknown member is a malformed record.
//
// Field names follow the credential catalogue where a field ends up in a credential
// (src/core/credentials/catalogue/*.ts), so the mapping to subjects (./to-subjects.ts) is plain.
import { z } from 'zod';
import { CSTF_COMPETENCIES } from '../credentials/catalogue.ts';
import {
  ATTAINMENT_STATUSES,
  COMPETENCY_FRAMEWORKS,
  PROFICIENCY_LEVELS,
  RENEWAL_PERIOD_UNITS,
} from '../credentials/catalogue/core-skill.ts';
import { STAFF_GROUPS } from '../credentials/catalogue/employment-assignment.ts';
import { CLINICAL_TEST_INTERPRETATIONS, OBSERVATION_RESULTS } from '../credentials/catalogue/occupational-health.ts';
import { PROFESSIONAL_BODIES } from '../credentials/catalogue/professional-registration.ts';

export { STAFF_GROUPS, PROFESSIONAL_BODIES };
export type StaffGroup = (typeof STAFF_GROUPS)[number];
export type ProfessionalBody = (typeof PROFESSIONAL_BODIES)[number];

/** A calendar date, `YYYY-MM-DD` (a real day: 2026-02-30 is refused). */
export const zEsrDate = z.iso.date();
/** A date with the precision the source has: `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (APISTD Vaccination.date). */
export const zEsrPartialDate = z.string().regex(/^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$/, 'must be YYYY, YYYY-MM or YYYY-MM-DD');

/** An NHS ODS organisation code as ESR holds it (upper case). */
export const zEsrOrgCode = z.string().regex(/^[A-Z0-9]{3,10}$/, 'must be an ODS code (3 to 10 upper-case letters and digits)');
/**
 * ESR assignment number: the 8-digit employee number, with `-n` for a further assignment of the
 * same person (PROTO: "the first 8 digits of the employee number"). Trust-specific (DOMAIN.md §3).
 */
export const zEsrAssignmentNumber = z.string().regex(/^[0-9]{8}(-[0-9]{1,2})?$/, 'must be 8 digits, optionally followed by -n');
/** ESR person id (`esrIdentifier`, APISTD): distinct from the assignment number. */
export const zEsrPersonId = z.string().regex(/^[0-9]{6,12}$/, 'must be 6 to 12 digits');

const zText = z.string().min(1).max(500);
const zName = z.string().min(1).max(100);

export const zEsrPreviousName = z.strictObject({
  firstName: zName,
  lastName: zName,
  /** The day ESR recorded the new name. */
  changedOn: zEsrDate,
});

/** The person: who they are, as ESR has them (E6 compares these with the passport). */
export const zEsrPerson = z.strictObject({
  personId: zEsrPersonId,
  firstName: zName,
  middleNames: zName.optional(),
  lastName: zName,
  dateOfBirth: zEsrDate,
  /** Earlier names, oldest first (a name change, e.g. on marriage: E6 says HR may still accept a mismatch). */
  previousNames: z.array(zEsrPreviousName).max(20),
});
export type EsrPerson = z.infer<typeof zEsrPerson>;

/** ESR's assignment status of a leaver. */
export const TERMINATED_ASSIGNMENT_STATUS = 'Terminate Assignment';

/** One assignment (a post the person holds or held) at the organisation. */
export const zEsrAssignment = z.strictObject({
  assignmentNumber: zEsrAssignmentNumber,
  organisationCode: zEsrOrgCode,
  organisationName: zText,
  department: zText.optional(),
  areaOfWork: zText.optional(),
  staffGroup: z.enum(STAFF_GROUPS),
  jobRole: zText.optional(),
  jobTitle: zText,
  /** e.g. `Permanent`, `Fixed Term Temp`, `Bank`. */
  assignmentCategory: zText,
  /** e.g. `Active Assignment`, `Suspend Assignment`, `Maternity & Adoption`, `Terminate Assignment` (a leaver). */
  assignmentStatus: zText,
  effectiveStartDate: zEsrDate,
  /** The last day of a terminated assignment. */
  effectiveEndDate: zEsrDate.optional(),
  fixedTermContractEndDate: zEsrDate.optional(),
  occupationCode: z.string().regex(/^[A-Z0-9]{2,6}$/).optional(),
  payBandOrPayScale: zText.optional(),
  /** The trust's Vacancy Position Detail code. */
  vpd: z.string().regex(/^[A-Z0-9]{3}$/).optional(),
});
export type EsrAssignment = z.infer<typeof zEsrAssignment>;

/**
 * One competence as ESR records it (the API standard's `CoreSkillsTraining`, DOMAIN.md §5.3).
 * A CSTF competence must be one of the catalogue's (`CSTF_COMPETENCIES`), with its subject name
 * and one of its levels; other frameworks (MAND) are open.
 */
export const zEsrCompetence = z
  .strictObject({
    competencyFramework: z.enum(COMPETENCY_FRAMEWORKS),
    subjectName: zText,
    competencyName: zText,
    subjectLevel: z.string().regex(/^[0-9]$/),
    attainmentStatus: z.enum(ATTAINMENT_STATUSES),
    dateLastAwarded: zEsrDate,
    /** ESR's expiry: the last day the competence counts. */
    dateTo: zEsrDate.optional(),
    renewalPeriodNumber: z.number().int().min(1).max(10).optional(),
    renewalPeriodUnits: z.enum(RENEWAL_PERIOD_UNITS).optional(),
    proficiencyLevel: z.enum(PROFICIENCY_LEVELS).optional(),
    learningMethod: zText.optional(),
    /** ODS code of the organisation that awarded it. */
    awardingOrganisation: zEsrOrgCode.optional(),
    /** The trust's own id of the learning record (the core skill's "Trust identifier"). */
    learningRecordId: z.string().min(1).max(50).optional(),
  })
  .superRefine((c, ctx) => {
    if ((c.renewalPeriodNumber === undefined) !== (c.renewalPeriodUnits === undefined))
      ctx.addIssue({ code: 'custom', path: ['renewalPeriodUnits'], message: 'renewal period number and units come together' });
    if (c.competencyFramework !== 'CSTF') return;
    const known = CSTF_COMPETENCIES.find((k) => k.competencyName === c.competencyName);
    if (!known) {
      ctx.addIssue({ code: 'custom', path: ['competencyName'], message: 'is not a CSTF competency of the catalogue' });
      return;
    }
    if (known.subjectName !== c.subjectName) ctx.addIssue({ code: 'custom', path: ['subjectName'], message: `must be "${known.subjectName}" for this competency` });
    if (!known.levels.includes(c.subjectLevel)) ctx.addIssue({ code: 'custom', path: ['subjectLevel'], message: `must be one of: ${known.levels.join(', ')}` });
  });
export type EsrCompetence = z.infer<typeof zEsrCompetence>;

const zRecordCode = z.string().regex(/^[A-Z0-9]{2,20}$/);

/** Occupational health: the "Workforce screening and vaccination information model" records (APISTD). */
export const zEsrOccupationalHealth = z.strictObject({
  vaccinations: z.array(z.strictObject({ code: zRecordCode, description: zText, date: zEsrPartialDate })),
  clinicalTests: z.array(
    z.strictObject({
      code: zRecordCode,
      description: zText,
      date: zEsrPartialDate,
      result: zText,
      interpretation: z.enum(CLINICAL_TEST_INTERPRETATIONS).optional(),
    }),
  ),
  observations: z.array(z.strictObject({ code: zRecordCode, description: zText, result: z.enum(OBSERVATION_RESULTS) })),
});
export type EsrOccupationalHealth = z.infer<typeof zEsrOccupationalHealth>;

/** A registration with a professional regulator (NMC, GMC, HCPC, GDC, GPhC), as checked by the trust. */
export const zEsrProfessionalRegistration = z.strictObject({
  professionalBody: z.enum(PROFESSIONAL_BODIES),
  registrationNumber: z.string().regex(/^[A-Za-z0-9]{1,20}$/),
  registrationStatus: zText.optional(),
  registrationDate: zEsrDate,
  expiryDate: zEsrDate.optional(),
  revalidationDate: zEsrDate.optional(),
  /** When the trust last checked the register. */
  registrationCheckDate: zEsrDate,
});
export type EsrProfessionalRegistration = z.infer<typeof zEsrProfessionalRegistration>;

/** Everything ESR holds about one person at one organisation (`personRecords`). */
export const zEsrPersonRecords = z
  .strictObject({
    organisationCode: zEsrOrgCode,
    person: zEsrPerson,
    assignments: z.array(zEsrAssignment).min(1),
    competences: z.array(zEsrCompetence),
    occupationalHealth: zEsrOccupationalHealth,
    registrations: z.array(zEsrProfessionalRegistration),
  })
  .superRefine((r, ctx) => {
    r.assignments.forEach((a, i) => {
      if (a.organisationCode !== r.organisationCode)
        ctx.addIssue({ code: 'custom', path: ['assignments', i, 'organisationCode'], message: 'must be the organisation of the records' });
    });
  });
export type EsrPersonRecords = z.infer<typeof zEsrPersonRecords>;

/** The answer to an assignment number lookup (E6): who holds it, and the assignment itself. */
export const zEsrAssignmentLookup = z
  .strictObject({
    organisationCode: zEsrOrgCode,
    person: zEsrPerson,
    assignment: zEsrAssignment,
  })
  .superRefine((l, ctx) => {
    if (l.assignment.organisationCode !== l.organisationCode)
      ctx.addIssue({ code: 'custom', path: ['assignment', 'organisationCode'], message: 'must be the organisation looked up' });
  });
export type EsrAssignmentLookup = z.infer<typeof zEsrAssignmentLookup>;

/** What a change-feed entry says changed. */
export const ESR_CHANGE_KINDS = [
  /** A person appeared at the organisation (a new starter, or first seen in an extract). */
  'new-starter',
  /** First, middle or last name changed. */
  'name-change',
  /** Date of birth corrected. */
  'personal-details',
  /** An assignment was added or its details changed. */
  'assignment',
  /** An assignment was terminated. */
  'leaver',
  /** A competence was awarded, renewed or corrected. */
  'competence',
  'occupational-health',
  'professional-registration',
  /** The person is no longer in the organisation's records (left an extract's scope). */
  'removed',
] as const;
export type EsrChangeKind = (typeof ESR_CHANGE_KINDS)[number];

/** A change before the log has numbered and dated it (what ./diff-records.ts finds). */
export interface EsrChangeDraft {
  kind: EsrChangeKind;
  personId: string;
  assignmentNumber?: string;
  /** Which item, for competences and registrations (e.g. `Safeguarding Adults (Level 2)`); never personal data. */
  item?: string;
}

/**
 * One entry of the change feed. It names what changed, not the new values (no personal data in
 * the feed): a consumer fetches the person's records to see them.
 */
export const zEsrChange = z.strictObject({
  /** The position of this entry; pass it as `since` to get what came after it. */
  cursor: z.string().min(1).max(100),
  changedAt: z.iso.datetime(),
  kind: z.enum(ESR_CHANGE_KINDS),
  personId: zEsrPersonId,
  assignmentNumber: zEsrAssignmentNumber.optional(),
  item: zText.optional(),
});
export type EsrChange = z.infer<typeof zEsrChange>;

/** One page of the change feed. */
export const zEsrChangePage = z.strictObject({
  changes: z.array(zEsrChange),
  /** Where the next call starts: the last entry's cursor, or the one given when there was nothing new. */
  nextCursor: z.string().min(1).max(100),
  /** More entries wait after this page. */
  hasMore: z.boolean(),
});
export type EsrChangePage = z.infer<typeof zEsrChangePage>;

/** Whether an assignment has ended (the person left this post). */
export function isTerminated(assignment: EsrAssignment): boolean {
  return assignment.assignmentStatus === TERMINATED_ASSIGNMENT_STATUS;
}

/** How the change feed and the portals name a competence: `Safeguarding Adults (Level 2)`. */
export function competenceLabel(c: Pick<EsrCompetence, 'competencyName' | 'subjectLevel'>): string {
  const levels = CSTF_COMPETENCIES.find((k) => k.competencyName === c.competencyName)?.levels;
  return levels === undefined || levels.length > 1 ? `${c.competencyName} (Level ${c.subjectLevel})` : c.competencyName;
}
