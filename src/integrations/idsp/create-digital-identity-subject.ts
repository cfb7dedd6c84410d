// The DigitalIdentity subject an identity service provider issues after a passed document check
// (src/core/credentials/catalogue/digital-identity.ts): the person's details as on the document,
// the document with only its last four characters, the check's profile, and the IDSP as origin,
// provider and verifier of the assurance block (DOMAIN.md §5.2).
import type { CredentialSubject } from '../../core/credentials/index.ts';
import type { DocumentCheckResult, DocumentEvidence } from './simulate-document-check.ts';

export interface DigitalIdentityInput {
  evidence: DocumentEvidence;
  check: Extract<DocumentCheckResult, { outcome: 'passed' }>;
  /** The person's DSP unique identifier (from their access key, or newly minted: see D35). */
  dspId: string;
  /** The IDSP's own identifier for the person (APISTD `subjectId`). */
  subjectId: string;
  /** Base64 JPEG. */
  photograph: string;
  idsp: { name: string; certificate: string };
  checkedAt: Date;
}

export function createDigitalIdentitySubject(input: DigitalIdentityInput): CredentialSubject {
  const { evidence, check, idsp } = input;
  return {
    dspId: input.dspId,
    photograph: input.photograph,
    firstName: evidence.firstName,
    ...(evidence.middleNames ? { middleNames: evidence.middleNames } : {}),
    lastName: evidence.lastName,
    birthDate: evidence.birthDate,
    legalGender: evidence.legalGender,
    nationality: evidence.nationality,
    address: evidence.address,
    currentAddressVerified: check.currentAddressVerified,
    identityDocumentType: evidence.documentType,
    // Data minimisation: never the full number (digital-identity.ts).
    identityDocumentNumberEnding: evidence.documentNumber.slice(-4),
    identityDocumentIssuingCountry: evidence.documentIssuingCountry,
    identityDocumentExpiryDate: evidence.documentExpiryDate,
    GPG45profile: check.GPG45profile,
    levelOfConfidence: check.levelOfConfidence,
    evidenceCheckedBy: idsp.name,
    evidenceCheckerCertificate: idsp.certificate,
    dateOfIdCheck: input.checkedAt.toISOString().slice(0, 10),
    subjectId: input.subjectId,
    assurance: {
      origin: idsp.name,
      assurancePolicy: 'GPG 45',
      assuranceOutcome: check.GPG45profile,
      provider: idsp.name,
      verifier: idsp.name,
      verificationMethod: check.verificationMethod,
      pedigree: 'Sourced',
      lastRefresh: input.checkedAt.toISOString(),
    },
  };
}
