// Right to work (DOMAIN.md §5.3 "Right to work"): fields of the API standard's `RightToWork`
// record (APISTD). Built from an IDSP digital identity ("verified, no need to recheck", E5.7).
import {
  COMMON_LABELS,
  dateSchema,
  defineSubjectSchema,
  gpg45ProfileSchema,
  jpegImageSchema,
  nameSchema,
  textSchema,
} from './shared-schemas.ts';
import { endOfDay } from './expiry.ts';
import type { CredentialTypeDefinition } from './types.ts';

const VERSION = 1;

/**
 * Who checked the evidence. APISTD enumerates `Yoti Ltd` and `Digidentity B.V.`; staff guidance
 * also names Post Office EasyID (DOMAIN.md §8 #3). Which checkers are acceptable is a
 * trust-registry question, so the schema takes any name and lists the known ones as examples.
 */
export const evidenceCheckedBySchema = { ...textSchema, examples: ['Yoti Ltd', 'Digidentity B.V.'] } as const;

export const rightToWork: CredentialTypeDefinition = {
  id: 'RightToWork',
  version: VERSION,
  subjectSchema: defineSubjectSchema({
    type: 'RightToWork',
    version: VERSION,
    title: 'Right to work',
    properties: {
      legalFirstName: nameSchema,
      middleNames: nameSchema,
      legalSurname: nameSchema,
      birthDate: dateSchema,
      biometricPageImage: jpegImageSchema,
      photograph: jpegImageSchema,
      identityDocumentExpiryDate: dateSchema,
      // APISTD: always true; a record with an unverified identity is not a right-to-work record.
      identityVerified: { type: 'boolean', const: true },
      evidenceCheckedBy: evidenceCheckedBySchema,
      dateOfIdCheck: dateSchema,
      GPG45profile: gpg45ProfileSchema,
    },
    required: ['legalFirstName', 'legalSurname', 'birthDate', 'identityVerified', 'evidenceCheckedBy', 'dateOfIdCheck', 'GPG45profile'],
  }),
  display: {
    name: 'Right to work',
    description: 'Confirms your identity documents were checked for your right to work in the UK.',
    group: 'Employment checks',
    fieldLabels: {
      ...COMMON_LABELS,
      legalFirstName: 'Legal first name',
      middleNames: 'Middle names',
      legalSurname: 'Legal surname',
      birthDate: 'Birth date',
      biometricPageImage: 'Passport biometric page',
      photograph: 'Photo',
      identityDocumentExpiryDate: 'Passport expiry date',
      identityVerified: 'Identity verified',
      evidenceCheckedBy: 'Evidence checked by',
      dateOfIdCheck: 'Date of ID check',
      GPG45profile: 'GPG45 Profile',
    },
    displayOrder: [
      'photograph', 'legalFirstName', 'middleNames', 'legalSurname', 'birthDate', 'identityDocumentExpiryDate',
      'biometricPageImage', 'identityVerified', 'evidenceCheckedBy', 'dateOfIdCheck', 'GPG45profile', 'dspId', 'assurance',
    ],
  },
  // Trusts provide it from a shared digital identity (E5.7); external systems receive it (TRAC).
  issuerKinds: ['trust'],
  // The check rests on the identity document: it lapses with the document (DOMAIN.md §9 #19, EXP).
  expiry: (subject) => endOfDay(subject.identityDocumentExpiryDate),
};
