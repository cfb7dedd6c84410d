// Professional registration (DOMAIN.md §5.3): the API standard's `ProfessionalRegistration`
// record (APISTD) plus the app view's "status" (TEST) as `registrationStatus`.
import { endOfDay } from './expiry.ts';
import { COMMON_LABELS, dateSchema, defineSubjectSchema, textSchema } from './shared-schemas.ts';
import type { CredentialTypeDefinition } from './types.ts';

const VERSION = 1;

/**
 * APISTD lists the first four; the Nursing and Midwifery Council's status is "TBC" there. It is
 * included because nursing and midwifery staff are the largest registered group (staff group
 * "Nursing and Midwifery Registered", E4).
 */
export const PROFESSIONAL_BODIES = [
  'General Medical Council',
  'General Dental Council',
  'General Pharmaceutical Council',
  'Health and Care Professions Council',
  'Nursing and Midwifery Council',
] as const;

export const professionalRegistration: CredentialTypeDefinition = {
  id: 'ProfessionalRegistration',
  version: VERSION,
  subjectSchema: defineSubjectSchema({
    type: 'ProfessionalRegistration',
    version: VERSION,
    title: 'Professional registration',
    properties: {
      professionalBody: { type: 'string', enum: PROFESSIONAL_BODIES },
      // APISTD says "number"; NMC PINs and HCPC numbers carry letters (12A3456E, PH123456), so text.
      registrationNumber: { type: 'string', pattern: '^[A-Za-z0-9]{1,20}$' },
      registrationStatus: { ...textSchema, examples: ['Registered', 'Registered with a licence to practise'] },
      registrationDate: dateSchema,
      expiryDate: dateSchema,
      revalidationDate: dateSchema,
      registrationCheckDate: dateSchema,
    },
    required: ['professionalBody', 'registrationNumber', 'registrationDate', 'registrationCheckDate'],
  }),
  display: {
    name: 'Professional registration',
    description: 'Your registration with a professional regulator.',
    group: 'Employment checks',
    fieldLabels: {
      ...COMMON_LABELS,
      professionalBody: 'Professional body',
      registrationNumber: 'Registration number',
      registrationStatus: 'Status',
      registrationDate: 'Registration date',
      expiryDate: 'Expiry date',
      revalidationDate: 'Revalidation date',
      registrationCheckDate: 'Date registration checked',
    },
    displayOrder: [
      'professionalBody', 'registrationNumber', 'registrationStatus', 'registrationDate', 'expiryDate', 'revalidationDate',
      'registrationCheckDate', 'dspId', 'assurance',
    ],
  },
  // Trusts check the register; external workforce systems also hold the record (APISTD).
  issuerKinds: ['trust', 'external'],
  // Registration expiry (DOMAIN.md §9 #19).
  expiry: (subject) => endOfDay(subject.expiryDate),
};
