// The catalogue of DSP credential types (docs/architecture.md §5 identifiers; DOMAIN.md §5):
// one definition per type in ./catalogue/, listed here with the lookups the formats need.
import { accessKey } from './catalogue/access-key.ts';
import { coreSkill } from './catalogue/core-skill.ts';
import { dbsCheck } from './catalogue/dbs-check.ts';
import { dbsSupportingInformation } from './catalogue/dbs-supporting-information.ts';
import { digitalIdentity } from './catalogue/digital-identity.ts';
import { employmentAssignment } from './catalogue/employment-assignment.ts';
import { identity } from './catalogue/identity.ts';
import { newStarterInformation } from './catalogue/new-starter-information.ts';
import { occupationalHealth } from './catalogue/occupational-health.ts';
import { professionalRegistration } from './catalogue/professional-registration.ts';
import { rightToWork } from './catalogue/right-to-work.ts';
import { temporaryPlacement } from './catalogue/temporary-placement.ts';
import { CREDENTIAL_TYPE_IDS, type CredentialSubject, type CredentialTypeDefinition, type CredentialTypeId, type IssuerKind } from './catalogue/types.ts';

export * from './catalogue/types.ts';
export { ASSURANCE_FIELD, ASSURANCE_LABELS, DSP_ID_FIELD, assuranceSchema, subjectSchemaId } from './catalogue/shared-schemas.ts';
export { CSTF_COMPETENCIES, type CstfCompetency } from './catalogue/core-skill.ts';
export { IDENTITY_DOCUMENT_TYPES, LEVELS_OF_CONFIDENCE, levelOfConfidenceOf, type IdentityDocumentType, type LevelOfConfidence } from './catalogue/digital-identity.ts';
export { LEGAL_GENDERS } from './catalogue/identity.ts';

const DEFINITIONS: Readonly<Record<CredentialTypeId, CredentialTypeDefinition>> = {
  AccessKey: accessKey,
  Identity: identity,
  DigitalIdentity: digitalIdentity,
  NewStarterInformation: newStarterInformation,
  RightToWork: rightToWork,
  DBSSupportingInformation: dbsSupportingInformation,
  DBSCheck: dbsCheck,
  ProfessionalRegistration: professionalRegistration,
  OccupationalHealth: occupationalHealth,
  EmploymentAssignment: employmentAssignment,
  TemporaryPlacement: temporaryPlacement,
  CoreSkill: coreSkill,
};

/** Every type, in the order of docs/architecture.md §5. */
export const CREDENTIAL_TYPES: readonly CredentialTypeDefinition[] = CREDENTIAL_TYPE_IDS.map((id) => DEFINITIONS[id]);

export function isCredentialTypeId(value: unknown): value is CredentialTypeId {
  return typeof value === 'string' && (CREDENTIAL_TYPE_IDS as readonly string[]).includes(value);
}

export function getCredentialType(id: CredentialTypeId): CredentialTypeDefinition {
  return DEFINITIONS[id];
}

/** Whether an organisation of `kind` may ever issue `type` (the registry narrows this per organisation). */
export function mayIssue(type: CredentialTypeId, kind: IssuerKind): boolean {
  return DEFINITIONS[type].issuerKinds.includes(kind);
}

/** When a credential of `type` with this subject stops being valid, or undefined. */
export function expiryOf(type: CredentialTypeId, subject: CredentialSubject, issuedAt: Date): Date | undefined {
  return DEFINITIONS[type].expiry(subject, issuedAt);
}

/**
 * The SD-JWT VC type of a credential type: `urn:dsp:credential:<Type>:<version>`.
 *
 * A URN rather than a URL because the type must not depend on where a deployment runs
 * (SD-JWT VC allows any StringOrURI; a URL would promise resolvable type metadata at a host
 * that differs per deployment). The version is the subject schema's, so a verifier knows which
 * schema a credential was issued against; DCQL queries list the versions they accept in
 * `vct_values`.
 */
export function vctOf(type: CredentialTypeId, version: number = DEFINITIONS[type].version): string {
  return `urn:dsp:credential:${type}:${version}`;
}

const VCT_RE = /^urn:dsp:credential:([A-Za-z]+):([1-9][0-9]{0,5})$/;

/** The type and version a `vct` names, or undefined when it is not one of ours. */
export function parseVct(vct: unknown): { type: CredentialTypeId; version: number } | undefined {
  if (typeof vct !== 'string') return undefined;
  const m = VCT_RE.exec(vct);
  if (!m || !isCredentialTypeId(m[1])) return undefined;
  return { type: m[1], version: Number(m[2]) };
}
