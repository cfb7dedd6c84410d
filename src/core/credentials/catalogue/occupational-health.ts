// Occupational health: screening and vaccination records (DOMAIN.md §5.3), the API standard's
// `Vaccination`, `ClinicalTest` and `Observation` records (APISTD, "Workforce screening and
// vaccination information model") gathered into one credential, as the portals show one
// "Occupational health" credential with items such as Tuberculosis and Varicella (PROTO).
// Each list element is separately disclosable in the SD-JWT format, so a holder can share one
// vaccination without the rest.
import { COMMON_LABELS, defineSubjectSchema, partialDateSchema, textSchema } from './shared-schemas.ts';
import type { CredentialTypeDefinition } from './types.ts';

const VERSION = 1;

export const CLINICAL_TEST_INTERPRETATIONS = ['Detected', 'Not detected', 'Equivocal'] as const;
export const OBSERVATION_RESULTS = ['Yes', 'No'] as const;

/** Record codes such as `HEPB001`, `DTP002`, `TB001` (APISTD examples). */
const codeSchema = { type: 'string', pattern: '^[A-Z0-9]{2,20}$' } as const;

const record = (properties: Record<string, unknown>, required: string[]) => ({
  type: 'object',
  additionalProperties: false,
  required,
  properties,
});

export const occupationalHealth: CredentialTypeDefinition = {
  id: 'OccupationalHealth',
  version: VERSION,
  subjectSchema: defineSubjectSchema({
    type: 'OccupationalHealth',
    version: VERSION,
    title: 'Occupational health',
    properties: {
      vaccinations: {
        type: 'array',
        minItems: 1,
        items: record({ code: codeSchema, description: textSchema, date: partialDateSchema }, ['code', 'description', 'date']),
      },
      clinicalTests: {
        type: 'array',
        minItems: 1,
        items: record(
          {
            code: codeSchema,
            description: textSchema,
            date: partialDateSchema,
            result: textSchema,
            interpretation: { type: 'string', enum: CLINICAL_TEST_INTERPRETATIONS },
          },
          ['code', 'description', 'date', 'result'],
        ),
      },
      observations: {
        type: 'array',
        minItems: 1,
        items: record(
          { code: codeSchema, description: textSchema, result: { type: 'string', enum: OBSERVATION_RESULTS } },
          ['code', 'description', 'result'],
        ),
      },
    },
    required: [],
    // At least one kind of record; a credential with none says nothing.
    extra: { anyOf: [{ required: ['vaccinations'] }, { required: ['clinicalTests'] }, { required: ['observations'] }] },
  }),
  display: {
    name: 'Occupational health',
    description: 'Your vaccinations, screening tests and occupational health observations.',
    // DOMAIN.md §5.1 lists "Occupational health" under Employment checks and its contents
    // (vaccinations and testing) as their own group; the portals request these items under
    // "Health information – vaccinations and testing" (E8), which is where this sits.
    group: 'Health information – vaccinations and testing',
    fieldLabels: {
      ...COMMON_LABELS,
      vaccinations: 'Vaccinations',
      clinicalTests: 'Clinical tests',
      observations: 'Observations',
    },
    displayOrder: ['vaccinations', 'clinicalTests', 'observations', 'dspId', 'assurance'],
  },
  // Trust OH teams, and OH providers such as Cority (E14) issuing as external systems.
  issuerKinds: ['trust', 'external'],
  // Immunity and screening results carry no end date in the record; receivers apply their own rules.
  expiry: () => undefined,
};
