// Validates a credentialSubject against its type's JSON Schema (draft 2020-12, ajv). Every
// schema is compiled once (./subject-validators.ts), in two variants:
// - `complete`: the subject as issued (every required field present);
// - `disclosed`: what an SD-JWT presentation reveals. Its top-level `required` and `anyOf`
//   are dropped, because undisclosed claims are absent on purpose; each disclosed value is still
//   checked in full, and unknown claims are still refused.
import type { ErrorObject } from 'ajv/dist/2020.js';
import type { CredentialTypeId } from './catalogue.ts';
import { subjectValidators as validators } from './subject-validators.ts';

export interface SchemaError {
  /** JSON Pointer to the offending value in the subject, e.g. `/assurance/origin`. */
  path: string;
  message: string;
}

export type SubjectValidationMode = 'complete' | 'disclosed';

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
