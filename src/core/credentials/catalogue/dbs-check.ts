// DBS (check outcome) (DOMAIN.md §5.3): the API standard's `DBSCheckOutcome` record (APISTD).
// `updateService` is the credential view's "Update service" (PROTO Re-issue-credential): whether
// the applicant subscribed the certificate to the DBS Update Service. DSP carries only fresh
// checks with a certificate, never Update Service status checks or "ported" outcomes (APISTD).
import { COMMON_LABELS, dateSchema, defineSubjectSchema, nameSchema, textSchema } from './shared-schemas.ts';
import type { CredentialTypeDefinition } from './types.ts';

const VERSION = 1;

export const DBS_CHECK_TYPES = ['Basic check', 'Standard check', 'Enhanced check', 'Enhanced with barred list(s) check'] as const;
export const DBS_WORKFORCE_TYPES = ['Child', 'Adult', 'Child and Adult'] as const;

export const dbsCheck: CredentialTypeDefinition = {
  id: 'DBSCheck',
  version: VERSION,
  subjectSchema: defineSubjectSchema({
    type: 'DBSCheck',
    version: VERSION,
    title: 'Disclosure and Barring Service (DBS) check',
    properties: {
      applicantFirstName: nameSchema,
      applicantMiddleNames: nameSchema,
      applicantSurname: nameSchema,
      applicantDateOfBirth: dateSchema,
      typeOfDbsCheck: { type: 'string', enum: DBS_CHECK_TYPES },
      adultsBarredListChecked: { type: 'boolean' },
      childrensBarredListChecked: { type: 'boolean' },
      certificateNumber: { type: 'string', pattern: '^[0-9]{12}$' },
      disclosureIssueDate: dateSchema,
      // false means a clear certificate (APISTD).
      informationDisclosed: { type: 'boolean' },
      workforceType: { type: 'string', enum: DBS_WORKFORCE_TYPES },
      registeredBodyNumber: { type: 'string', pattern: '^[0-9]{11}$' },
      registeredBodyName: textSchema,
      updateService: { type: 'boolean' },
    },
    required: [
      'applicantFirstName', 'applicantSurname', 'applicantDateOfBirth', 'typeOfDbsCheck', 'adultsBarredListChecked',
      'childrensBarredListChecked', 'certificateNumber', 'disclosureIssueDate', 'informationDisclosed',
    ],
  }),
  display: {
    name: 'Disclosure and Barring Service (DBS)',
    description: 'The outcome of your DBS check.',
    group: 'Employment checks',
    fieldLabels: {
      ...COMMON_LABELS,
      applicantFirstName: 'First name',
      applicantMiddleNames: 'Middle names',
      applicantSurname: 'Surname',
      applicantDateOfBirth: 'Date of birth',
      typeOfDbsCheck: 'Level',
      adultsBarredListChecked: 'Barred list checked adult',
      childrensBarredListChecked: 'Barred list checked children',
      certificateNumber: 'Certificate reference number',
      disclosureIssueDate: 'Disclosure issue date',
      informationDisclosed: 'Check outcome',
      workforceType: 'Workforce',
      registeredBodyNumber: 'Registered body number',
      registeredBodyName: 'Registered body',
      updateService: 'Update service',
    },
    displayOrder: [
      'applicantFirstName', 'applicantMiddleNames', 'applicantSurname', 'applicantDateOfBirth', 'typeOfDbsCheck',
      'certificateNumber', 'informationDisclosed', 'updateService', 'disclosureIssueDate', 'adultsBarredListChecked',
      'childrensBarredListChecked', 'workforceType', 'registeredBodyNumber', 'registeredBodyName', 'dspId', 'assurance',
    ],
  },
  // Trusts, and recruitment systems returning the outcome (Trac, events API "employee-dbs-check-completed").
  issuerKinds: ['trust', 'external'],
  // A certificate has no expiry; how old a check a receiver accepts is its own policy (APISTD).
  expiry: () => undefined,
};
