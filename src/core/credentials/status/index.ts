// Credential status: the ledger rules, the two list encodings, the signed list documents and
// the verifier's status check. Pure: randomness, time and signing keys are arguments.
export type { IssuerSigner } from '../formats/signer.ts';
export * from './status-rules.ts';
export { allocateStatusIndex, isListFull, type AllocateIndexInput, type IndexClaims, type RandomInt } from './allocate-status-index.ts';
export {
  MAX_STATUS_LIST_BYTES,
  StatusListEncodingError,
  bitstringBitAt,
  compressTokenStatusList,
  createBitstring,
  createTokenStatusBytes,
  decodeBitstring,
  decompressTokenStatusList,
  encodeBitstring,
  isTokenStatusBits,
  tokenStatusAt,
  type TokenStatusBits,
} from './status-list-encoding.ts';
export {
  BITSTRING_STATUS_LIST_TYP,
  STATUS_LIST_TOKEN_TYP,
  VCDM_2_0_CONTEXT,
  createBitstringStatusListCredential,
  createStatusListToken,
  type BitstringStatusListCredentialInput,
  type StatusListTokenInput,
} from './create-status-list-documents.ts';
export { signCompactJws } from '../formats/jws.ts';
export {
  STATUS_CHECK_FAILURES,
  verifyCredentialStatus,
  type CredentialStatusResult,
  type StatusCheckFailure,
  type StatusListInfo,
  type VerifyCredentialStatusInput,
} from './verify-credential-status.ts';
export { createStatusChecker, type StatusCheckerOptions } from './create-status-checker.ts';
