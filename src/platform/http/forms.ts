// Server-side form validation for NHS.UK pages (STYLE.md, GOV.UK/NHS.UK pattern): forms are
// `novalidate`; the server validates, answers 400 and re-renders with what the person typed,
// an error summary first and the error beside each field ({text, href: '#field'}).
import type { z } from 'zod';

export interface FormErrors {
  /** For the error summary component, in field order. */
  summary: { text: string; href: string }[];
  /** For each field's errorMessage: { text }. */
  fields: Record<string, { text: string }>;
}

export type FormResult<T> =
  | { ok: true; value: T }
  | { ok: false; errors: FormErrors; values: Record<string, string> };

/** The submitted fields as strings (what the person typed), without the CSRF token. */
export function formValues(body: unknown): Record<string, string> {
  const values: Record<string, string> = {};
  if (body && typeof body === 'object') {
    for (const [k, v] of Object.entries(body as Record<string, unknown>)) {
      if (k === '_csrf') continue;
      if (typeof v === 'string') values[k] = v;
      else if (Array.isArray(v)) values[k] = v.filter((x) => typeof x === 'string').join(',');
    }
  }
  return values;
}

export function formErrors(problems: { field: string; message: string }[]): FormErrors {
  const errors: FormErrors = { summary: [], fields: {} };
  for (const p of problems) {
    if (errors.fields[p.field]) continue; // first message per field only
    errors.fields[p.field] = { text: p.message };
    errors.summary.push({ text: p.message, href: `#${p.field}` });
  }
  return errors;
}

/** Validates a form body with a zod schema whose messages are written for the person. */
export function parseForm<S extends z.ZodType>(schema: S, body: unknown): FormResult<z.infer<S>> {
  const values = formValues(body);
  const parsed = schema.safeParse(values);
  if (parsed.success) return { ok: true, value: parsed.data };
  return {
    ok: false,
    values,
    errors: formErrors(parsed.error.issues.map((i) => ({ field: String(i.path[0] ?? 'form'), message: i.message }))),
  };
}
