// New Starter Information: optional, self-declared, every field optional (DOMAIN.md §5.3, §4.2 S9).
// The sources name only its four sections (personal information, identity document
// information, contact details, emergency contacts); the fields inside each section are our
// proposal, shaped like the rest of the catalogue.
import {
  COMMON_LABELS,
  dateSchema,
  defineSubjectSchema,
  emailSchema,
  nameSchema,
  postalAddressSchema,
  telephoneSchema,
  textSchema,
} from './shared-schemas.ts';
import type { CredentialTypeDefinition } from './types.ts';

const VERSION = 1;

const section = (properties: Record<string, unknown>) => ({
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties,
});

export const newStarterInformation: CredentialTypeDefinition = {
  id: 'NewStarterInformation',
  version: VERSION,
  subjectSchema: defineSubjectSchema({
    type: 'NewStarterInformation',
    version: VERSION,
    title: 'New Starter Information (self-declared)',
    properties: {
      personalInformation: section({
        title: textSchema,
        firstName: nameSchema,
        middleNames: nameSchema,
        lastName: nameSchema,
        preferredName: nameSchema,
        previousNames: { type: 'array', maxItems: 10, items: nameSchema },
        birthDate: dateSchema,
        gender: textSchema,
        // HMRC format: two letters, six digits, a final letter A–D (allocation rules are HMRC's to check).
        nationalInsuranceNumber: { type: 'string', pattern: '^[A-Z]{2}[0-9]{6}[A-D]$' },
      }),
      identityDocumentInformation: section({
        documentType: { ...textSchema, examples: ['Passport', 'Driving licence', 'Biometric residence permit'] },
        documentNumber: { type: 'string', minLength: 1, maxLength: 50 },
        issuingCountry: textSchema,
        expiryDate: dateSchema,
      }),
      contactDetails: section({
        email: emailSchema,
        mobile: telephoneSchema,
        telephone: telephoneSchema,
        address: postalAddressSchema,
      }),
      emergencyContacts: {
        type: 'array',
        minItems: 1,
        maxItems: 5,
        items: section({ name: textSchema, relationship: textSchema, telephone: telephoneSchema, email: emailSchema }),
      },
    },
    required: [],
  }),
  display: {
    name: 'New Starter Information',
    description: 'Information you declared yourself for your new employer.',
    group: 'Identity and New Starter Information',
    fieldLabels: {
      ...COMMON_LABELS,
      personalInformation: 'Personal information',
      identityDocumentInformation: 'Identity document information',
      contactDetails: 'Contact details',
      emergencyContacts: 'Emergency contacts',
    },
    displayOrder: ['personalInformation', 'identityDocumentInformation', 'contactDetails', 'emergencyContacts', 'dspId', 'assurance'],
  },
  // Created by the staff member in a trust's employee portal and issued by that trust (NSI).
  issuerKinds: ['trust'],
  // Superseded by a newer one (ARCH auto-archive), not by date.
  expiry: () => undefined,
};
