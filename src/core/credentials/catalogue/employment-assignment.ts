// Employment assignment ("Confirmation of assignment", DOMAIN.md §5.3): the fields of the
// portal's pending-credential view (PROTO view-credentials-pending), with camelCase names of
// ours since the API standard has no such record.
import { endOfDay } from './expiry.ts';
import { COMMON_LABELS, dateSchema, defineSubjectSchema, odsCodeSchema, textSchema } from './shared-schemas.ts';
import type { CredentialTypeDefinition } from './types.ts';

const VERSION = 1;

/** The ten ESR staff groups, as the invitation form lists them (DOMAIN.md §4.1 E4). */
export const STAFF_GROUPS = [
  'Additional Clinical Services',
  'Additional Professional Scientific and Technical',
  'Administrative and Clerical',
  'Allied Health Professionals',
  'Estates and Ancillary',
  'Healthcare Scientists',
  'Medical and Dental',
  'Nursing and Midwifery Registered',
  'Students – non-medical',
  'Students – medical undergraduate',
] as const;

/** ESR assignment number: the 8-digit employee number, with `-n` for further assignments (PROTO). */
export const esrAssignmentNumberSchema = { type: 'string', pattern: '^[0-9]{8}(-[0-9]{1,2})?$' } as const;

export const employmentAssignment: CredentialTypeDefinition = {
  id: 'EmploymentAssignment',
  version: VERSION,
  subjectSchema: defineSubjectSchema({
    type: 'EmploymentAssignment',
    version: VERSION,
    title: 'Employment assignment',
    properties: {
      employingOrganisation: textSchema,
      employingOrganisationOds: odsCodeSchema,
      department: textSchema,
      areaOfWork: textSchema,
      staffGroup: { type: 'string', enum: STAFF_GROUPS },
      jobRole: textSchema,
      jobTitle: textSchema,
      assignmentCategory: { ...textSchema, examples: ['Permanent', 'Fixed Term Temp', 'Bank'] },
      assignmentStatus: { ...textSchema, examples: ['Active Assignment', 'Suspend Assignment'] },
      assignmentEffectiveStartDate: dateSchema,
      fixedTermContractEndDate: dateSchema,
      occupationCode: { type: 'string', pattern: '^[A-Z0-9]{2,6}$' },
      payBandOrPayScale: { ...textSchema, examples: ['Band 5', 'XN02'] },
      // ESR's Vacancy Position Detail code: the trust's VPD (three characters).
      vpd: { type: 'string', pattern: '^[A-Z0-9]{3}$' },
      esrAssignmentNumber: esrAssignmentNumberSchema,
    },
    required: [
      'employingOrganisation', 'employingOrganisationOds', 'staffGroup', 'jobTitle', 'assignmentCategory', 'assignmentStatus',
      'assignmentEffectiveStartDate', 'esrAssignmentNumber',
    ],
  }),
  display: {
    name: 'Employment assignment',
    description: 'Confirms your employment with an NHS organisation.',
    group: 'Confirmation of assignment',
    fieldLabels: {
      ...COMMON_LABELS,
      employingOrganisation: 'Employing organisation',
      employingOrganisationOds: 'Employing organisation (ODS)',
      department: 'Department',
      areaOfWork: 'Area of work',
      staffGroup: 'Staff group',
      jobRole: 'Job role',
      jobTitle: 'Job title',
      assignmentCategory: 'Assignment category',
      assignmentStatus: 'Assignment status',
      assignmentEffectiveStartDate: 'Assignment effective start date',
      fixedTermContractEndDate: 'Fixed term contract end date',
      occupationCode: 'Occupation code',
      payBandOrPayScale: 'Pay band or pay scale',
      vpd: 'VPD',
      esrAssignmentNumber: 'ESR assignment number',
    },
    displayOrder: [
      'employingOrganisation', 'employingOrganisationOds', 'department', 'areaOfWork', 'staffGroup', 'jobRole', 'jobTitle',
      'assignmentCategory', 'assignmentStatus', 'assignmentEffectiveStartDate', 'fixedTermContractEndDate', 'occupationCode',
      'payBandOrPayScale', 'vpd', 'esrAssignmentNumber', 'dspId', 'assurance',
    ],
  },
  // Only the employing trust, from ESR (E6, E7).
  issuerKinds: ['trust'],
  // A fixed-term assignment is confirmed only until its end date; an extension is a reissue.
  expiry: (subject) => endOfDay(subject.fixedTermContractEndDate),
};
