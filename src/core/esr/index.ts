// ESR records as the domain sees them, what changed between two versions, and the credential
// subjects they become (docs/esr.md). Pure: no I/O, no clock.
export * from './records.ts';
export { competenceKey, diffPersonRecords, sameRecord } from './diff-records.ts';
export {
  ESR_CREDENTIAL_TYPES,
  coreSkillSubject,
  employmentAssignmentSubject,
  occupationalHealthSubject,
  professionalRegistrationSubject,
  subjectsFromEsrRecords,
  type EsrCredentialType,
  type EsrProvidableItem,
  type EsrSubjectContext,
} from './to-subjects.ts';
