// Pieces of JSON Schema (draft 2020-12) shared by the credential types, and the one helper
// that assembles a type's subject schema so every type carries the same DSP identifier and
// assurance block.
import type { CredentialTypeId, JsonSchema } from './types.ts';

export const JSON_SCHEMA_DIALECT = 'https://json-schema.org/draft/2020-12/schema';

/**
 * The DSP unique identifier (DOMAIN.md §3, §5.4) lives in every subject as `dspId`, the name
 * DOMAIN.md §9 #1, #5, #8 use. A UUID minted with the person's first identity credential and
 * copied into every later one (DOMAIN.md §9 #2).
 */
export const DSP_ID_FIELD = 'dspId';

/** The assurance block as a field of every subject (DOMAIN.md §5.2). */
export const ASSURANCE_FIELD = 'assurance';

/** Calendar date, RFC 3339 full-date (`2026-03-31`). */
export const dateSchema = { type: 'string', format: 'date' } as const;

/** A date with the precision the source has: `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (APISTD Vaccination.date). */
export const partialDateSchema = {
  type: 'string',
  pattern: '^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$',
} as const;

/** A non-empty line of free text. */
export const textSchema = { type: 'string', minLength: 1, maxLength: 500 } as const;

/** A person's name part. */
export const nameSchema = { type: 'string', minLength: 1, maxLength: 100 } as const;

/** An NHS ODS organisation code (trusts have 3 characters, sites and practices 5–6). */
export const odsCodeSchema = { type: 'string', pattern: '^[A-Z0-9]{3,10}$' } as const;

/** A base64 JPEG image (APISTD: photographs and biometric pages, at most 5 MB decoded). */
export const jpegImageSchema = {
  type: 'string',
  contentEncoding: 'base64',
  contentMediaType: 'image/jpeg',
  pattern: '^[A-Za-z0-9+/]+={0,2}$',
  maxLength: 7_000_000,
} as const;

/** GPG 45 identity profile code, e.g. `H1A`, `M1B` (DOMAIN.md §5.2). */
export const gpg45ProfileSchema = { type: 'string', pattern: '^[LMHV][1-4][A-E]$' } as const;

/** ISO 3166-1 alpha-3 country code (APISTD passportIssuingCountry). */
export const countryAlpha3Schema = { type: 'string', pattern: '^[A-Z]{3}$' } as const;

export const emailSchema = { type: 'string', format: 'email', maxLength: 254 } as const;

/** A UK or international telephone number as typed: digits, spaces, `+`, `(`, `)` and `-`. */
export const telephoneSchema = { type: 'string', pattern: '^\\+?[0-9 ()-]{7,20}$' } as const;

/** Postal address (IDSP identities, DBS current address, new starter contact details). */
export const postalAddressSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['addressLines'],
  properties: {
    addressLines: { type: 'array', minItems: 1, maxItems: 6, items: textSchema },
    townOrCity: textSchema,
    postcode: { type: 'string', pattern: '^[A-Za-z0-9 ]{2,10}$' },
    country: textSchema,
  },
} as const;

/**
 * The provenance and assurance block every credential detail view ends with (DOMAIN.md §5.2):
 * the Technical Trust Framework's data-quality attributes. Values observed in the NHS service
 * are listed as `examples`, not enums: the observed lists are partial (e.g. core skills and
 * self-declared data have their own wording), and the trust framework that defines them was
 * not available. Only `pedigree` is closed: `Authoritative` and `Sourced` were observed;
 * `Self-asserted` is ours, for the self-declared New Starter Information.
 */
export const assuranceSchema = {
  $id: 'urn:dsp:schema:assurance:1',
  title: 'Provenance and assurance',
  type: 'object',
  additionalProperties: false,
  required: ['origin', 'assurancePolicy', 'assuranceOutcome', 'provider', 'verifier', 'verificationMethod', 'pedigree', 'lastRefresh'],
  properties: {
    origin: { ...textSchema, examples: ['Substantive NHS Employing Organisation', 'Digidentity B.V.'] },
    assurancePolicy: { ...textSchema, examples: ['GPG 45', 'Local contractual arrangement', 'Core Skills Training Framework (CSTF)'] },
    assuranceOutcome: { ...textSchema, examples: ['GPG 45 applied', 'H1A', 'Onboarding complete', 'CSTF applied'] },
    provider: { ...textSchema, examples: ['NHS England', 'Unknown Org'] },
    verifier: { ...textSchema, examples: ['Origin', 'Provider', 'Digidentity B.V.'] },
    verificationMethod: {
      ...textSchema,
      examples: [
        'Document Verification',
        'Document Verification with Record Verification',
        'Document Verification and Record Verification',
        'Not verified',
      ],
    },
    pedigree: { type: 'string', enum: ['Authoritative', 'Sourced', 'Self-asserted'] },
    lastRefresh: { type: 'string', format: 'date-time' },
  },
} as const;

export const ASSURANCE_LABELS: Readonly<Record<string, string>> = {
  origin: 'Origin',
  assurancePolicy: 'Assurance policy',
  assuranceOutcome: 'Assurance outcome',
  provider: 'Provider',
  verifier: 'Verifier',
  verificationMethod: 'Verification method',
  pedigree: 'Pedigree',
  lastRefresh: 'Last refresh',
};

/** The URN naming a type's subject schema (its `$id`). */
export function subjectSchemaId(type: CredentialTypeId, version: number): string {
  return `urn:dsp:schema:${type}:${version}`;
}

/**
 * A type's subject schema: `dspId` and `assurance` first and always required, then the type's
 * own fields; unknown fields are refused (we own the format, STYLE.md). The assurance block is
 * embedded under `$defs` so each published schema stands alone.
 */
export function defineSubjectSchema(input: {
  type: CredentialTypeId;
  version: number;
  title: string;
  properties: Record<string, unknown>;
  required: readonly string[];
  /** Further top-level keywords (e.g. `anyOf`, `allOf`, `dependentRequired`). */
  extra?: Record<string, unknown>;
}): JsonSchema {
  return {
    $schema: JSON_SCHEMA_DIALECT,
    $id: subjectSchemaId(input.type, input.version),
    title: input.title,
    type: 'object',
    additionalProperties: false,
    required: [DSP_ID_FIELD, ASSURANCE_FIELD, ...input.required],
    properties: {
      [DSP_ID_FIELD]: { type: 'string', format: 'uuid', title: 'DSP unique identifier' },
      ...input.properties,
      [ASSURANCE_FIELD]: { $ref: '#/$defs/assurance' },
    },
    ...input.extra,
    $defs: { assurance: assuranceSchema },
  };
}

/** Labels every type shares. */
export const COMMON_LABELS: Readonly<Record<string, string>> = {
  [DSP_ID_FIELD]: 'DSP unique identifier',
  [ASSURANCE_FIELD]: 'Provenance and assurance',
};
