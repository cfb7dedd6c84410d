// Validates a credentialSubject against its type's JSON Schema (draft 2020-12, ajv). Every
// schema is compiled once, when this module is first imported, in two variants:
// - `complete`: the subject as issued (every required field present);
// - `disclosed`: what an SD-JWT presentation reveals. Its top-level `required` and `anyOf`
//   are dropped, because undisclosed claims are absent on purpose; each disclosed value is still
//   checked in full, and unknown claims are still refused.
import Ajv2020Module from 'ajv/dist/2020.js';
import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { CREDENTIAL_TYPES, type CredentialTypeId, type JsonSchema } from './catalogue.ts';

// ajv and ajv-formats are CommonJS; under NodeNext their default export arrives as `.default`.
const Ajv2020 = Ajv2020Module.default;
const addFormats = addFormatsModule.default;

export interface SchemaError {
  /** JSON Pointer to the offending value in the subject, e.g. `/assurance/origin`. */
  path: string;
  message: string;
}

export type SubjectValidationMode = 'complete' | 'disclosed';

function disclosedVariant(schema: JsonSchema): JsonSchema {
  const { required: _required, anyOf: _anyOf, $id, ...rest } = schema;
  return { ...rest, $id: `${String($id)}:disclosed` };
}

function compileAll(): Map<string, ValidateFunction> {
  const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false });
  addFormats(ajv);
  const validators = new Map<string, ValidateFunction>();
  for (const t of CREDENTIAL_TYPES) {
    validators.set(`${t.id}:complete`, ajv.compile(t.subjectSchema));
    validators.set(`${t.id}:disclosed`, ajv.compile(disclosedVariant(t.subjectSchema)));
  }
  return validators;
}

const validators = compileAll();

function toSchemaError(e: ErrorObject): SchemaError {
  const params = e.params as Record<string, unknown>;
  let path = e.instancePath;
  if (e.keyword === 'required' && typeof params.missingProperty === 'string') path += `/${params.missingProperty}`;
  if (e.keyword === 'additionalProperties' && typeof params.additionalProperty === 'string') {
    path += `/${params.additionalProperty}`;
  }
  if (e.keyword === 'dependentRequired' && typeof params.missingProperty === 'string') path += `/${params.missingProperty}`;
  let message = e.message ?? 'is not valid';
  if (e.keyword === 'additionalProperties') message = 'is not a field of this credential type';
  if (e.keyword === 'required' || e.keyword === 'dependentRequired') message = 'is required';
  if (e.keyword === 'enum' && Array.isArray(params.allowedValues)) message = `must be one of: ${params.allowedValues.join(', ')}`;
  if (e.keyword === 'const') message = `must be ${JSON.stringify(params.allowedValue)}`;
  return { path: path === '' ? '/' : path, message };
}

/** The schema violations of `subject` as a credential of `type`; empty when it is valid. */
export function validateSubject(
  type: CredentialTypeId,
  subject: unknown,
  mode: SubjectValidationMode = 'complete',
): SchemaError[] {
  const validate = validators.get(`${type}:${mode}`);
  if (!validate) throw new TypeError(`no schema compiled for ${type}`);
  if (validate(subject)) return [];
  const errors = (validate.errors ?? [])
    // `if` failures only say "must match then schema"; the `then` error beside it says why.
    .filter((e) => e.keyword !== 'if')
    .map(toSchemaError);
  const seen = new Set<string>();
  return errors.filter((e) => {
    const key = `${e.path}\u0000${e.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
