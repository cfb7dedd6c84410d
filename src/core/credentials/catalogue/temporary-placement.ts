// Temporary placement (DOMAIN.md §5.3, §4.1 E12): issued by the *host* trust for unpaid
// temporary arrangements. Fields are the E12 form's (TEMP, PROTO); names are ours.
import { endOfDay } from './expiry.ts';
import { COMMON_LABELS, dateSchema, defineSubjectSchema, emailSchema, odsCodeSchema, telephoneSchema, textSchema } from './shared-schemas.ts';
import type { CredentialTypeDefinition } from './types.ts';

const VERSION = 1;

export const temporaryPlacement: CredentialTypeDefinition = {
  id: 'TemporaryPlacement',
  version: VERSION,
  subjectSchema: defineSubjectSchema({
    type: 'TemporaryPlacement',
    version: VERSION,
    title: 'Temporary placement',
    properties: {
      positionTitle: textSchema,
      // Absent when the form's "I do not know the position number" was chosen.
      positionNumber: { type: 'string', minLength: 1, maxLength: 50 },
      workPatternDescription: { type: 'string', minLength: 1, maxLength: 2000 },
      startDate: dateSchema,
      endDate: dateSchema,
      // The paying employer: picked from a list, or "Other" with free text (E12).
      permanentEmployer: textSchema,
      permanentEmployerOds: odsCodeSchema,
      hostOrganisation: textSchema,
      hostOrganisationOds: odsCodeSchema,
      department: textSchema,
      departmentContactName: textSchema,
      departmentContactEmail: emailSchema,
      departmentContactTelephone: telephoneSchema,
      hrContact: textSchema,
      approvedBy: textSchema,
      additionalInformation: { type: 'string', minLength: 1, maxLength: 2000 },
      // Yes: a Licence to Attend under the DSP terms and conditions, with a local MOU (TNC, E12).
      licenceToAttend: { type: 'boolean' },
    },
    required: [
      'positionTitle', 'workPatternDescription', 'startDate', 'endDate', 'permanentEmployer', 'hostOrganisation',
      'hostOrganisationOds', 'department', 'departmentContactName', 'departmentContactEmail', 'hrContact', 'approvedBy',
      'licenceToAttend',
    ],
  }),
  display: {
    name: 'Temporary placement',
    description: 'Confirms a temporary placement with a host NHS organisation.',
    group: 'Confirmation of assignment',
    fieldLabels: {
      ...COMMON_LABELS,
      positionTitle: 'Position title',
      positionNumber: 'Position number',
      workPatternDescription: 'Work pattern',
      startDate: 'Start date',
      endDate: 'End date',
      permanentEmployer: 'Permanent employer',
      permanentEmployerOds: 'Permanent employer (ODS)',
      hostOrganisation: 'Host organisation',
      hostOrganisationOds: 'Host organisation (ODS)',
      department: 'Department',
      departmentContactName: 'Department contact name',
      departmentContactEmail: 'Department contact email',
      departmentContactTelephone: 'Department contact telephone',
      hrContact: 'HR contact',
      approvedBy: 'Approved by',
      additionalInformation: 'Additional information',
      licenceToAttend: 'Licence to attend',
    },
    displayOrder: [
      'positionTitle', 'positionNumber', 'workPatternDescription', 'startDate', 'endDate', 'permanentEmployer',
      'permanentEmployerOds', 'hostOrganisation', 'hostOrganisationOds', 'department', 'departmentContactName',
      'departmentContactEmail', 'departmentContactTelephone', 'hrContact', 'approvedBy', 'additionalInformation',
      'licenceToAttend', 'dspId', 'assurance',
    ],
  },
  // Only the host trust issues it (TEMP).
  issuerKinds: ['trust'],
  // The placement ends on its end date.
  expiry: (subject) => endOfDay(subject.endDate),
};
