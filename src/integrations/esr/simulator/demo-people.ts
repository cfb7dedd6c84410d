// The demo world's people in the simulated ESR. Olivia Bennett, the person every catalogue sample
// names (src/core/credentials/samples.ts), works at Riverside (RZX) under assignment number
// 30412876: looking her up in the employer portal finds her, and her ESR records become exactly
// the sample subjects (the mapping test checks this). Her training is a deliberate mix: most
// current, Information Governance expired, Infection Prevention and Control expiring soon.
//
// The samples are imported from their own file rather than the credentials index, so the
// simulator (its own process with `--role esr-sim`) does not compile every credential schema.
import { SAMPLE_CORE_SKILLS, SAMPLE_SUBJECTS } from '../../../core/credentials/samples.ts';
import { zEsrPersonRecords, type EsrCompetence, type EsrPersonRecords } from '../../../core/esr/index.ts';

/** The demo trusts (src/cli/demo-world.ts, where a test checks these names). */
export const DEMO_TRUST_NAMES: Readonly<Record<string, string>> = {
  RZX: 'Riverside Hospitals NHS Foundation Trust',
  RZY: 'Hillside Community Healthcare NHS Trust',
};

/** Olivia Bennett's assignment at Riverside (RZX): the number to type in "Connect to ESR". */
export const DEMO_ASSIGNMENT_NUMBER = '30412876';
/** Her ESR person id. */
export const DEMO_PERSON_ID = '510482736';
export const DEMO_ORG_CODE = 'RZX';

function field(subject: Record<string, unknown>, name: string): string {
  const value = subject[name];
  if (typeof value !== 'string') throw new TypeError(`sample field ${name} is not text`);
  return value;
}

function fromSampleCoreSkill(s: Record<string, unknown>): EsrCompetence {
  const c: EsrCompetence = {
    competencyFramework: 'CSTF',
    subjectName: field(s, 'subjectName'),
    competencyName: field(s, 'competencyName'),
    subjectLevel: field(s, 'subjectLevel'),
    attainmentStatus: 'ACHIEVED',
    dateLastAwarded: field(s, 'dateLastAwarded'),
  };
  if (typeof s.dateTo === 'string') c.dateTo = s.dateTo;
  if (typeof s.renewalPeriodNumber === 'number') c.renewalPeriodNumber = s.renewalPeriodNumber;
  if (s.renewalPeriodUnits === 'Year' || s.renewalPeriodUnits === 'Years') c.renewalPeriodUnits = s.renewalPeriodUnits;
  if (s.proficiencyLevel === '0 - Not Assessed' || s.proficiencyLevel === '1 - Assessed') c.proficiencyLevel = s.proficiencyLevel;
  if (typeof s.learningMethod === 'string') c.learningMethod = s.learningMethod;
  if (typeof s.awardingOrganisation === 'string') c.awardingOrganisation = s.awardingOrganisation;
  if (typeof s.trustIdentifier === 'string') c.learningRecordId = s.trustIdentifier;
  return c;
}

/** Olivia Bennett's ESR records at Riverside, built from the catalogue samples. */
export function demoPeople(): EsrPersonRecords[] {
  const identity = SAMPLE_SUBJECTS.Identity;
  const ea = SAMPLE_SUBJECTS.EmploymentAssignment;
  const registration = SAMPLE_SUBJECTS.ProfessionalRegistration;
  const health = SAMPLE_SUBJECTS.OccupationalHealth;
  const olivia = {
    organisationCode: DEMO_ORG_CODE,
    person: {
      personId: DEMO_PERSON_ID,
      firstName: field(identity, 'firstName'),
      middleNames: field(identity, 'middleNames'),
      lastName: field(identity, 'lastName'),
      dateOfBirth: field(identity, 'birthDate'),
      previousNames: [],
    },
    assignments: [
      {
        assignmentNumber: field(ea, 'esrAssignmentNumber'),
        organisationCode: field(ea, 'employingOrganisationOds'),
        organisationName: field(ea, 'employingOrganisation'),
        department: field(ea, 'department'),
        areaOfWork: field(ea, 'areaOfWork'),
        staffGroup: field(ea, 'staffGroup'),
        jobRole: field(ea, 'jobRole'),
        jobTitle: field(ea, 'jobTitle'),
        assignmentCategory: field(ea, 'assignmentCategory'),
        assignmentStatus: field(ea, 'assignmentStatus'),
        effectiveStartDate: field(ea, 'assignmentEffectiveStartDate'),
        occupationCode: field(ea, 'occupationCode'),
        payBandOrPayScale: field(ea, 'payBandOrPayScale'),
        vpd: field(ea, 'vpd'),
      },
    ],
    competences: [
      ...SAMPLE_CORE_SKILLS.map(fromSampleCoreSkill),
      // The rest of a registered nurse's CSTF training (fictional dates).
      { competencyFramework: 'CSTF', subjectName: 'Conflict Resolution', competencyName: 'Conflict Resolution', subjectLevel: '1', attainmentStatus: 'ACHIEVED', dateLastAwarded: '2024-02-05', dateTo: '2027-02-05', renewalPeriodNumber: 3, renewalPeriodUnits: 'Years', proficiencyLevel: '0 - Not Assessed', learningMethod: 'E-Learning', awardingOrganisation: 'RZX' },
      { competencyFramework: 'CSTF', subjectName: 'Equality, Diversity and Human Rights', competencyName: 'Equality, Diversity and Human Rights', subjectLevel: '1', attainmentStatus: 'ACHIEVED', dateLastAwarded: '2024-01-15', dateTo: '2027-01-15', renewalPeriodNumber: 3, renewalPeriodUnits: 'Years', proficiencyLevel: '0 - Not Assessed', learningMethod: 'E-Learning', awardingOrganisation: 'RZX' },
      // Expired: last done in October 2025, renewed yearly.
      { competencyFramework: 'CSTF', subjectName: 'Information Governance and Data Security', competencyName: 'Information Governance and Data Security', subjectLevel: '1', attainmentStatus: 'ACHIEVED', dateLastAwarded: '2025-10-02', dateTo: '2026-10-02', renewalPeriodNumber: 1, renewalPeriodUnits: 'Year', proficiencyLevel: '0 - Not Assessed', learningMethod: 'E-Learning', awardingOrganisation: 'RZX' },
      // Expiring in December 2026.
      { competencyFramework: 'CSTF', subjectName: 'Infection Prevention and Control', competencyName: 'Infection Prevention and Control', subjectLevel: '2', attainmentStatus: 'ACHIEVED', dateLastAwarded: '2025-12-10', dateTo: '2026-12-10', renewalPeriodNumber: 1, renewalPeriodUnits: 'Year', proficiencyLevel: '0 - Not Assessed', learningMethod: 'E-Learning', awardingOrganisation: 'RZX' },
      { competencyFramework: 'CSTF', subjectName: 'Moving and Handling', competencyName: 'Moving and Handling', subjectLevel: '2', attainmentStatus: 'ACHIEVED', dateLastAwarded: '2025-03-18', dateTo: '2027-03-18', renewalPeriodNumber: 2, renewalPeriodUnits: 'Years', proficiencyLevel: '1 - Assessed', learningMethod: 'Classroom', awardingOrganisation: 'RZX' },
      { competencyFramework: 'CSTF', subjectName: 'Safeguarding Children', competencyName: 'Safeguarding Children', subjectLevel: '3', attainmentStatus: 'ACHIEVED', dateLastAwarded: '2024-05-20', dateTo: '2027-05-20', renewalPeriodNumber: 3, renewalPeriodUnits: 'Years', proficiencyLevel: '0 - Not Assessed', learningMethod: 'Blended', awardingOrganisation: 'RZX' },
    ],
    occupationalHealth: {
      vaccinations: health.vaccinations ?? [],
      clinicalTests: health.clinicalTests ?? [],
      observations: health.observations ?? [],
    },
    registrations: [
      {
        professionalBody: field(registration, 'professionalBody'),
        registrationNumber: field(registration, 'registrationNumber'),
        registrationStatus: field(registration, 'registrationStatus'),
        registrationDate: field(registration, 'registrationDate'),
        expiryDate: field(registration, 'expiryDate'),
        revalidationDate: field(registration, 'revalidationDate'),
        registrationCheckDate: field(registration, 'registrationCheckDate'),
      },
    ],
  };
  // The samples are checked against the catalogue; these records are checked against ESR's shapes.
  return [zEsrPersonRecords.parse(olivia)];
}
