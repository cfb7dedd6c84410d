// Identity: the NHS identity credential a trust issues after confirming who someone is
// (DOMAIN.md §5.3 "Identity", §4.1 E5). Labels are the HR view's (TEST); middle names,
// nationality and photo come from the creation form (PROTO). Passport numbers seen at identity
// time stay in the trust's profile and are deliberately not fields here (PROTO confirm-identity).
import { COMMON_LABELS, dateSchema, defineSubjectSchema, jpegImageSchema, nameSchema, postalAddressSchema, textSchema } from './shared-schemas.ts';
import type { CredentialTypeDefinition } from './types.ts';

const VERSION = 1;

export const LEGAL_GENDERS = ['Male', 'Female', 'Not specified', 'Not known'] as const;

export const identity: CredentialTypeDefinition = {
  id: 'Identity',
  version: VERSION,
  subjectSchema: defineSubjectSchema({
    type: 'Identity',
    version: VERSION,
    title: 'NHS identity',
    properties: {
      firstName: nameSchema,
      middleNames: nameSchema,
      lastName: nameSchema,
      birthDate: dateSchema,
      legalGender: { type: 'string', enum: LEGAL_GENDERS },
      nationality: textSchema,
      address: postalAddressSchema,
      currentAddressVerified: { type: 'boolean' },
      photograph: jpegImageSchema,
    },
    required: ['firstName', 'lastName', 'birthDate'],
  }),
  display: {
    name: 'Identity',
    description: 'Your NHS identity credential, issued after your identity was checked.',
    group: 'Identity and New Starter Information',
    fieldLabels: {
      ...COMMON_LABELS,
      firstName: 'First name',
      middleNames: 'Middle names',
      lastName: 'Last name',
      birthDate: 'Date of birth',
      legalGender: 'Legal gender',
      nationality: 'Nationality',
      address: 'Address',
      currentAddressVerified: 'Current address verified',
      photograph: 'Photo',
    },
    displayOrder: [
      'photograph', 'firstName', 'middleNames', 'lastName', 'birthDate', 'legalGender', 'nationality', 'address',
      'currentAddressVerified', 'dspId', 'assurance',
    ],
  },
  // Only a trust's HR confirms identity (E5); external systems consume it (verifying mode).
  issuerKinds: ['trust'],
  // An identity check does not lapse by date; a new check issues a new credential (EXP).
  expiry: () => undefined,
};
