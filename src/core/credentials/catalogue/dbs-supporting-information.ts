// DBS supporting information: identity evidence for a new DBS application (DOMAIN.md §5.3),
// the API standard's `DBSCheckSupportingInformation` record (APISTD) with its required/optional
// split. `residentFrom` is the app view's "Resident from" (TEST); the removed
// `dbsUpdateServiceWebsiteCheck…` fields (ANN) are not here.
import {
  COMMON_LABELS,
  countryAlpha3Schema,
  dateSchema,
  defineSubjectSchema,
  gpg45ProfileSchema,
  nameSchema,
  postalAddressSchema,
  textSchema,
} from './shared-schemas.ts';
import { evidenceCheckedBySchema } from './right-to-work.ts';
import type { CredentialTypeDefinition } from './types.ts';

const VERSION = 1;

export const GPG44_LEVELS = ['Low', 'Medium', 'High', 'Very high'] as const;
export const DRIVING_LICENCE_TYPES = ['Photocard', 'Paper'] as const;

export const dbsSupportingInformation: CredentialTypeDefinition = {
  id: 'DBSSupportingInformation',
  version: VERSION,
  subjectSchema: defineSubjectSchema({
    type: 'DBSSupportingInformation',
    version: VERSION,
    title: 'DBS supporting information',
    properties: {
      legalFirstName: nameSchema,
      middleNames: nameSchema,
      legalSurname: nameSchema,
      birthDate: dateSchema,
      currentAddressVerified: { type: 'boolean' },
      // APISTD: present only when the address was verified (enforced below).
      currentAddress: postalAddressSchema,
      residentFrom: dateSchema,
      dateOfAddressCheck: dateSchema,
      identityVerified: { type: 'boolean', const: true },
      evidenceCheckedBy: evidenceCheckedBySchema,
      dateOfIdCheck: dateSchema,
      GPG45profile: gpg45ProfileSchema,
      GPG44level: { type: 'string', enum: GPG44_LEVELS },
      // The IDSP's subject id shared between DSP and the IDSP (APISTD `subjectId`, a GUID).
      subjectId: { type: 'string', format: 'uuid' },
      passportNumber: { type: 'string', pattern: '^[A-Z0-9]{5,20}$' },
      passportBirthDate: dateSchema,
      // Plain English, possibly derived from the ICAO 3-letter code (APISTD).
      passportNationality: textSchema,
      passportIssuingCountry: countryAlpha3Schema,
      passportIssueDate: dateSchema,
      drivingLicenceNumber: { type: 'string', pattern: '^[A-Z0-9]{5,20}$' },
      drivingLicenceBirthDate: dateSchema,
      drivingLicenceType: { type: 'string', enum: DRIVING_LICENCE_TYPES },
      drivingLicenceValidFrom: dateSchema,
      drivingLicenceCountry: textSchema,
    },
    required: [
      'legalFirstName', 'legalSurname', 'birthDate', 'currentAddressVerified', 'identityVerified', 'evidenceCheckedBy',
      'dateOfIdCheck', 'GPG45profile', 'subjectId',
    ],
    extra: {
      // "currentAddress (only if verified)" (APISTD).
      if: { properties: { currentAddressVerified: { const: false } }, required: ['currentAddressVerified'] },
      then: { not: { required: ['currentAddress'] } },
    },
  }),
  display: {
    name: 'DBS supporting information',
    description: 'Identity evidence for a new Disclosure and Barring Service application.',
    group: 'Employment checks',
    fieldLabels: {
      ...COMMON_LABELS,
      legalFirstName: 'Legal first name',
      middleNames: 'Middle names',
      legalSurname: 'Legal surname',
      birthDate: 'Birth date',
      currentAddressVerified: 'Current address verified',
      currentAddress: 'Current address',
      residentFrom: 'Resident from',
      dateOfAddressCheck: 'Date of address check',
      identityVerified: 'Identity verified',
      evidenceCheckedBy: 'Evidence checked by',
      dateOfIdCheck: 'Date of ID check',
      GPG45profile: 'Evidence Profile',
      GPG44level: 'Level of Assurance',
      subjectId: 'Identity provider subject ID',
      passportNumber: 'Passport number',
      passportBirthDate: 'Passport date of birth',
      passportNationality: 'Passport nationality',
      passportIssuingCountry: 'Passport issuing country',
      passportIssueDate: 'Passport issue date',
      drivingLicenceNumber: 'Driving licence number',
      drivingLicenceBirthDate: 'Driving licence date of birth',
      drivingLicenceType: 'Driving licence type',
      drivingLicenceValidFrom: 'Driving licence valid from',
      drivingLicenceCountry: 'Driving licence country',
    },
    displayOrder: [
      'legalFirstName', 'middleNames', 'legalSurname', 'birthDate', 'currentAddressVerified', 'currentAddress', 'residentFrom',
      'dateOfAddressCheck', 'identityVerified', 'evidenceCheckedBy', 'dateOfIdCheck', 'GPG45profile', 'GPG44level', 'subjectId',
      'passportNumber', 'passportBirthDate', 'passportNationality', 'passportIssuingCountry', 'passportIssueDate',
      'drivingLicenceNumber', 'drivingLicenceBirthDate', 'drivingLicenceType', 'drivingLicenceValidFrom', 'drivingLicenceCountry',
      'dspId', 'assurance',
    ],
  },
  // Trusts provide it from a shared digital identity (E5.7) and send it on to Trac (E14).
  issuerKinds: ['trust'],
  // Evidence for an application, not a status: no end date in the data.
  expiry: () => undefined,
};
