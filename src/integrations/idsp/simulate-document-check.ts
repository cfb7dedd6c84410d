// The identity service provider simulator's document check (DOMAIN.md §2.2, E5.3). A certified
// IDSP reads the document's chip, compares the holder's face with its photo, checks the document
// against fraud records and scores the evidence under GPG 45. We can reach no such service
// here, so this stands in for one: deterministic, from what the person typed, and plainly a
// simulation — the profile table below is ours, not a GPG 45 scoring.
//
// What decides the outcome:
//   - a document number ending in 0000 fails as not genuine (to try the failed-check path);
//   - a document whose expiry date has passed fails as expired;
//   - otherwise the document type decides the profile (SIMULATED_PROFILES).
import {
  levelOfConfidenceOf,
  type IdentityDocumentType,
  type LEGAL_GENDERS,
  type LevelOfConfidence,
} from '../../core/credentials/index.ts';

/** What the person gave the simulator: their details as on the document, and the document. */
export interface DocumentEvidence {
  firstName: string;
  middleNames?: string;
  lastName: string;
  /** `YYYY-MM-DD` */
  birthDate: string;
  legalGender: (typeof LEGAL_GENDERS)[number];
  nationality: string;
  address: { addressLines: string[]; townOrCity: string; postcode: string; country: string };
  documentType: IdentityDocumentType;
  /** Letters and digits only, upper case. */
  documentNumber: string;
  /** ISO 3166-1 alpha-3. */
  documentIssuingCountry: string;
  /** `YYYY-MM-DD` */
  documentExpiryDate: string;
}

export type DocumentCheckFailure = 'document_not_genuine' | 'document_expired';

export type DocumentCheckResult =
  | {
      outcome: 'passed';
      GPG45profile: string;
      levelOfConfidence: LevelOfConfidence;
      verificationMethod: string;
      /** The simulator "finds" every address in its (simulated) records. */
      currentAddressVerified: boolean;
    }
  | { outcome: 'failed'; reason: DocumentCheckFailure };

/** A document number ending in this fails the check as not genuine. */
export const NOT_GENUINE_NUMBER_ENDING = '0000';

/**
 * The profile each document earns in the simulator: a chip-bearing passport or residence permit
 * a high level of confidence, a photocard driving licence or identity card a medium one. Codes
 * are well-formed GPG 45 profile names; the mapping is illustrative only.
 */
export const SIMULATED_PROFILES: Readonly<Record<IdentityDocumentType, string>> = {
  Passport: 'H1A',
  'Biometric residence permit': 'H1B',
  'Driving licence': 'M1B',
  'National identity card': 'M1C',
};

/** The check, on the day `now` falls on (UTC). */
export function simulateDocumentCheck(evidence: DocumentEvidence, now: Date): DocumentCheckResult {
  if (evidence.documentNumber.endsWith(NOT_GENUINE_NUMBER_ENDING)) return { outcome: 'failed', reason: 'document_not_genuine' };
  // A document is valid through its expiry date.
  if (evidence.documentExpiryDate < now.toISOString().slice(0, 10)) return { outcome: 'failed', reason: 'document_expired' };
  const GPG45profile = SIMULATED_PROFILES[evidence.documentType];
  const levelOfConfidence = levelOfConfidenceOf(GPG45profile)!;
  return {
    outcome: 'passed',
    GPG45profile,
    levelOfConfidence,
    verificationMethod: levelOfConfidence === 'High' ? 'Document Verification with Record Verification' : 'Document Verification',
    currentAddressVerified: true,
  };
}

/** What the person is told when the check fails. */
export const FAILURE_MESSAGES: Readonly<Record<DocumentCheckFailure, { heading: string; body: string }>> = {
  document_not_genuine: {
    heading: 'We could not confirm your document is genuine',
    body: 'The checks on your document did not pass. Check you entered the document number correctly, or try again with a different document.',
  },
  document_expired: {
    heading: 'Your document has expired',
    body: 'We can only check a document that has not expired. Try again with a document that is still valid.',
  },
};
