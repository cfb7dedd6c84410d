// The compiled JSON Schema validators of every catalogue type (ajv, draft 2020-12), in two
// variants each (see ./validate-subject.ts): `<Type>:complete` and `<Type>:disclosed`. Compiled
// once, when this module is first imported.
//
// Kept apart from ./validate-subject.ts because ajv compiles schemas to code with `new Function`,
// which the web wallet's CSP forbids: its bundle swaps this module for the same validators
// generated ahead of time with ajv's standalone code (src/wallet/web/build-wallet-bundle.ts),
// from the same schemas, options and variants — `createSubjectAjv` and `subjectSchemas`.
import Ajv2020Module from 'ajv/dist/2020.js';
import type { Options, ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { CREDENTIAL_TYPES, type JsonSchema } from './catalogue.ts';

// ajv and ajv-formats are CommonJS; under NodeNext their default export arrives as `.default`.
const Ajv2020 = Ajv2020Module.default;
const addFormats = addFormatsModule.default;

export function createSubjectAjv(options: Options = {}) {
  const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, ...options });
  addFormats(ajv);
  return ajv;
}

function disclosedVariant(schema: JsonSchema): JsonSchema {
  const { required: _required, anyOf: _anyOf, $id, ...rest } = schema;
  return { ...rest, $id: `${String($id)}:disclosed` };
}

/** Every schema to compile, keyed `<Type>:<mode>`. */
export function subjectSchemas(): [string, JsonSchema][] {
  return CREDENTIAL_TYPES.flatMap((t): [string, JsonSchema][] => [
    [`${t.id}:complete`, t.subjectSchema],
    [`${t.id}:disclosed`, disclosedVariant(t.subjectSchema)],
  ]);
}

function compileAll(): Map<string, ValidateFunction> {
  const ajv = createSubjectAjv();
  return new Map(subjectSchemas().map(([key, schema]) => [key, ajv.compile(schema)]));
}

export const subjectValidators: ReadonlyMap<string, ValidateFunction> = compileAll();
