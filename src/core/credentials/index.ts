// The credentials core: the catalogue of DSP credential types and the two credential formats.
// Pure: keys sign behind the Signer seam, time and randomness are arguments, and issuer keys
// come from a resolver the caller supplies.
export * from './catalogue.ts';
export { validateSubject, type SchemaError, type SubjectValidationMode } from './validate-subject.ts';
export { SAMPLE_CLOCK, SAMPLE_CORE_SKILLS, SAMPLE_DSP_ID, SAMPLE_PHOTOGRAPH, SAMPLE_SUBJECTS } from './samples.ts';
export {
  SIGNING_ALGORITHMS,
  createLocalSigner,
  isSigningAlgorithm,
  type IssuerSigner,
  type Signer,
  type SigningAlgorithm,
} from './formats/signer.ts';
export {
  CHECK_NAMES,
  type CheckName,
  type CheckResult,
  type CredentialFormat,
  type CredentialVerification,
  type FailureReason,
  type ResolveIssuerKey,
  type StatusReference,
  type VerifiedCredential,
  type VerifyCommonOptions,
} from './formats/verification.ts';
export { CredentialIssueError, type CredentialIssuance, type IssueErrorCode, type IssuedCredential } from './formats/prepare-issuance.ts';
export { VCDM_1_1_CONTEXT, bitstringStatusEntry, createJwtVc, type JwtVcIssuance } from './formats/create-jwt-vc.ts';
export { verifyJwtVc, type VerifyJwtVcOptions } from './formats/verify-jwt-vc.ts';
export { SD_JWT_VC_TYP, createSdJwtVc, type SdJwtVcIssuance } from './formats/create-sd-jwt-vc.ts';
export {
  CredentialPresentationError,
  createSdJwtVcPresentation,
  type PresentationErrorCode,
  type SdJwtVcPresentationRequest,
} from './formats/create-sd-jwt-vc-presentation.ts';
export { verifySdJwt, type KeyBindingExpectation, type SdJwtContents, type SdJwtVerification, type SdJwtVerifyInput } from './formats/verify-sd-jwt.ts';
export { verifySdJwtVc, type VerifySdJwtVcOptions } from './formats/verify-sd-jwt-vc.ts';
export {
  PLATFORM_CHECK_NAMES,
  checkSameHolder,
  verifyCredential,
  verifyPresentedCredentials,
  type CheckStatus,
  type DspVerification,
  type IssuerRecord,
  type LookupIssuer,
  type PlatformCheckName,
  type PlatformCheckResult,
  type PlatformFailureReason,
  type PresentedSetVerification,
  type SameHolderResult,
  type StatusOutcome,
  type VerifyCredentialOptions,
} from './verify-credential.ts';
