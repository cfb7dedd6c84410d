// Identity service providers (DOMAIN.md §2.2): the simulator's parts that need no HTTP — its
// document check, the placeholder photo and the DigitalIdentity subject. Its pages are in
// src/portals/idsp (they create OpenID4VCI offers through the gateway, which integrations may
// not import, docs/architecture.md D2).
export { createDigitalIdentitySubject, type DigitalIdentityInput } from './create-digital-identity-subject.ts';
export { encodeBlockJpeg, placeholderPhotoBase64, placeholderPhotoJpeg } from './placeholder-photo.ts';
export {
  FAILURE_MESSAGES,
  NOT_GENUINE_NUMBER_ENDING,
  SIMULATED_PROFILES,
  simulateDocumentCheck,
  type DocumentCheckFailure,
  type DocumentCheckResult,
  type DocumentEvidence,
} from './simulate-document-check.ts';
