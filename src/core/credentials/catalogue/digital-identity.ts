// Digital identity: what a certified identity service provider (IDSP, DOMAIN.md §2.2) issues
// after checking a person's identity documents, and what a trust's identity check (E5.3, E5.4)
// verifies. DOMAIN.md §5.3 "Shared digital identity (from IDSP)" lists photo, names, date of
// birth, legal gender or sex, nationality, address, passport number and expiry, and the IDSP as
// issuer; the check itself is described with the names the API standard uses for IDSP-based
// records (RightToWork, DBSCheckSupportingInformation: `evidenceCheckedBy`, `dateOfIdCheck`,
// `GPG45profile`, `subjectId`), so a trust can build those credentials from it (E5.7).
//
// Data minimisation: the credential carries the document's last four characters, never its full
// number. A wallet credential is shown to many verifiers; a full passport or driving licence
// number is a strong key for impersonation and adds nothing to confirming who someone is (the
// photo, names, date of birth and the IDSP's GPG 45 profile do that). Four characters are enough
// to tell two of a person's documents apart, or to match the document in a face-to-face
// fallback. A DBS application that needs the full number takes it from the person at that point
// (DBSSupportingInformation keeps `passportNumber` optional). The schema enforces it: the field
// holds exactly four letters or digits.
import { LEGAL_GENDERS } from './identity.ts';
import { evidenceCheckedBySchema } from './right-to-work.ts';
import {
  COMMON_LABELS,
  countryAlpha3Schema,
  dateSchema,
  defineSubjectSchema,
  gpg45ProfileSchema,
  jpegImageSchema,
  nameSchema,
  postalAddressSchema,
  textSchema,
} from './shared-schemas.ts';
import { endOfDay } from './expiry.ts';
import type { CredentialTypeDefinition } from './types.ts';

const VERSION = 1;

/** The photo identity documents an IDSP checks; which ones a verifier accepts for what is its own rule. */
export const IDENTITY_DOCUMENT_TYPES = ['Passport', 'Driving licence', 'Biometric residence permit', 'National identity card'] as const;
export type IdentityDocumentType = (typeof IDENTITY_DOCUMENT_TYPES)[number];

/**
 * GPG 45's levels of confidence. A profile code's first letter names its level (L, M, H, V), so
 * the two fields must agree (enforced below).
 */
export const LEVELS_OF_CONFIDENCE = ['Low', 'Medium', 'High', 'Very high'] as const;
export type LevelOfConfidence = (typeof LEVELS_OF_CONFIDENCE)[number];

/** The level of confidence a GPG 45 profile code names, or undefined when it is not a code. */
export function levelOfConfidenceOf(profile: string): LevelOfConfidence | undefined {
  if (!/^[LMHV][1-4][A-E]$/.test(profile)) return undefined;
  return ({ L: 'Low', M: 'Medium', H: 'High', V: 'Very high' } as const)[profile[0] as 'L' | 'M' | 'H' | 'V'];
}

const profileMatchesLevel = (['L', 'M', 'H', 'V'] as const).map((letter, i) => ({
  if: { properties: { GPG45profile: { type: 'string', pattern: `^${letter}` } }, required: ['GPG45profile'] },
  then: { properties: { levelOfConfidence: { const: LEVELS_OF_CONFIDENCE[i] } } },
}));

export const digitalIdentity: CredentialTypeDefinition = {
  id: 'DigitalIdentity',
  version: VERSION,
  subjectSchema: defineSubjectSchema({
    type: 'DigitalIdentity',
    version: VERSION,
    title: 'Digital identity (from an identity service provider)',
    properties: {
      photograph: jpegImageSchema,
      firstName: nameSchema,
      middleNames: nameSchema,
      lastName: nameSchema,
      birthDate: dateSchema,
      // As the document states it (a passport's sex marker); the same values as Identity's, so a
      // trust confirming identity from it can copy it (E5.5).
      legalGender: { type: 'string', enum: LEGAL_GENDERS },
      nationality: textSchema,
      address: postalAddressSchema,
      currentAddressVerified: { type: 'boolean' },
      identityDocumentType: { type: 'string', enum: IDENTITY_DOCUMENT_TYPES },
      // Last four characters only (see the note at the top).
      identityDocumentNumberEnding: { type: 'string', pattern: '^[A-Z0-9]{4}$' },
      identityDocumentIssuingCountry: countryAlpha3Schema,
      identityDocumentExpiryDate: dateSchema,
      GPG45profile: gpg45ProfileSchema,
      levelOfConfidence: { type: 'string', enum: LEVELS_OF_CONFIDENCE },
      // The IDSP that checked the evidence, and its certificate under the UK digital identity and
      // attributes trust framework (DOMAIN.md §2.2), e.g. a register entry or certificate number.
      evidenceCheckedBy: evidenceCheckedBySchema,
      evidenceCheckerCertificate: textSchema,
      dateOfIdCheck: dateSchema,
      // The IDSP's own identifier for the person (APISTD `subjectId`), which DBS supporting
      // information carries. Optional, and so not asked for unless a verifier wants it (D25).
      subjectId: { type: 'string', format: 'uuid' },
    },
    required: [
      'photograph', 'firstName', 'lastName', 'birthDate', 'identityDocumentType', 'identityDocumentNumberEnding',
      'identityDocumentIssuingCountry', 'identityDocumentExpiryDate', 'GPG45profile', 'levelOfConfidence', 'evidenceCheckedBy',
      'dateOfIdCheck',
    ],
    extra: { allOf: profileMatchesLevel },
  }),
  display: {
    name: 'Digital identity',
    description: 'Your digital identity from a certified identity service provider, after it checked your identity documents.',
    group: 'Identity and New Starter Information',
    fieldLabels: {
      ...COMMON_LABELS,
      photograph: 'Photo',
      firstName: 'First name',
      middleNames: 'Middle names',
      lastName: 'Last name',
      birthDate: 'Date of birth',
      legalGender: 'Legal gender or sex',
      nationality: 'Nationality',
      address: 'Address',
      currentAddressVerified: 'Current address verified',
      identityDocumentType: 'Identity document',
      identityDocumentNumberEnding: 'Document number ends with',
      identityDocumentIssuingCountry: 'Document issuing country',
      identityDocumentExpiryDate: 'Document expiry date',
      GPG45profile: 'GPG45 Profile',
      levelOfConfidence: 'Level of confidence',
      evidenceCheckedBy: 'Evidence checked by',
      evidenceCheckerCertificate: 'Evidence checker certificate',
      dateOfIdCheck: 'Date of ID check',
      subjectId: 'Identity provider subject ID',
    },
    displayOrder: [
      'photograph', 'firstName', 'middleNames', 'lastName', 'birthDate', 'legalGender', 'nationality', 'address',
      'currentAddressVerified', 'identityDocumentType', 'identityDocumentNumberEnding', 'identityDocumentIssuingCountry',
      'identityDocumentExpiryDate', 'GPG45profile', 'levelOfConfidence', 'evidenceCheckedBy', 'evidenceCheckerCertificate',
      'dateOfIdCheck', 'subjectId', 'dspId', 'assurance',
    ],
  },
  // Only identity service providers issue it; trusts verify it and issue their own Identity (E5.6).
  issuerKinds: ['idsp'],
  // The check rests on the document: it lapses with the document (DOMAIN.md §9 #19, EXP). How
  // recent a check must be is the verifier's call, from `dateOfIdCheck`.
  expiry: (subject) => endOfDay(subject.identityDocumentExpiryDate),
};
