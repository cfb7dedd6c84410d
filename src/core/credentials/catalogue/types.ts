// What the catalogue says about one DSP credential type. The catalogue is data: each type is a
// plain object built in its own file (./access-key.ts …) and listed in ../catalogue.ts. Formats
// (jwt_vc_json, dc+sd-jwt), issuance and verification read it; nothing here signs or checks.

/**
 * The credential type identifiers of docs/architecture.md §5: scope tokens, `credential_type`
 * values and catalogue ids. They are contracts; change them only deliberately, everywhere.
 */
export const CREDENTIAL_TYPE_IDS = [
  'AccessKey',
  'Identity',
  'DigitalIdentity',
  'NewStarterInformation',
  'RightToWork',
  'DBSSupportingInformation',
  'DBSCheck',
  'ProfessionalRegistration',
  'OccupationalHealth',
  'EmploymentAssignment',
  'TemporaryPlacement',
  'CoreSkill',
] as const;
export type CredentialTypeId = (typeof CREDENTIAL_TYPE_IDS)[number];

/**
 * Which kind of organisation may issue a type: an NHS trust on the platform, or an external
 * system (training provider, OH provider, recruitment system) issuing through the gateway's
 * issuing mode (DOMAIN.md §4.3). The organisation registry decides for each organisation; this
 * is the ceiling the registry must stay within.
 */
export type IssuerKind = 'trust' | 'external' | 'idsp';

/** The portal groups of DOMAIN.md §5.1, in the order the portals show them. */
export const CREDENTIAL_GROUPS = [
  'Access',
  'Identity and New Starter Information',
  'Employment checks',
  'Confirmation of assignment',
  'Core skills training information',
  'Health information – vaccinations and testing',
] as const;
export type CredentialGroup = (typeof CREDENTIAL_GROUPS)[number];

/** A credentialSubject as it travels: JSON, checked against the type's schema before use. */
export type CredentialSubject = Record<string, unknown>;

/** A JSON Schema (draft 2020-12) document, kept as plain data so it can be published as is. */
export type JsonSchema = Record<string, unknown>;

export interface CredentialDisplay {
  /** Card title, as the portals name the credential (DOMAIN.md §5.1). */
  name: string;
  description: string;
  group: CredentialGroup;
  /** UI label of every subject field (labels from DOMAIN.md §5.3 where the sources give one). */
  fieldLabels: Readonly<Record<string, string>>;
  /** Every subject field in the order a detail view lists them (the assurance block last). */
  displayOrder: readonly string[];
  /** A per-instance title where the type name alone is not enough (e.g. one core skill). */
  title?: (subject: CredentialSubject) => string;
}

export interface CredentialTypeDefinition {
  id: CredentialTypeId;
  /**
   * Version of the subject schema. Bump it when the schema changes incompatibly; the SD-JWT VC
   * `vct` carries it (../catalogue.ts `vctOf`).
   */
  version: number;
  /** JSON Schema (draft 2020-12) of the credentialSubject, self-contained (shared parts in `$defs`). */
  subjectSchema: JsonSchema;
  display: CredentialDisplay;
  /** Which kinds of organisation may issue it (DOMAIN.md §4, §5). */
  issuerKinds: readonly IssuerKind[];
  /**
   * When an instance stops being valid, from its data alone (DOMAIN.md §9 #19); undefined when
   * the data sets no end. Pure: the issuance time is passed in, never read from a clock.
   */
  expiry: (subject: CredentialSubject, issuedAt: Date) => Date | undefined;
}
