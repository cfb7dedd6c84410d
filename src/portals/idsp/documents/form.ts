// The document check form: the person's details as on their document, the document, and the
// mobile number the wallet code goes to. Checked on the server only (the form is novalidate):
// every problem gets an NHS.UK message, the summary lists them in page order, and what was
// typed is shown again (src/platform/http/forms.ts).
import { z } from 'zod';
import { IDENTITY_DOCUMENT_TYPES, LEGAL_GENDERS, type IdentityDocumentType } from '../../../core/credentials/index.ts';
import { formErrors, formValues, type FormResult } from '../../../platform/http/forms.ts';
import type { DocumentEvidence } from '../../../integrations/idsp/index.ts';
import { parseUkMobile } from '../../../integrations/notify/index.ts';

/** Issuing countries offered (ISO 3166-1 alpha-3): the UK and the countries most NHS staff from abroad come from. */
export const ISSUING_COUNTRIES: readonly { code: string; name: string }[] = [
  { code: 'GBR', name: 'United Kingdom' },
  { code: 'IRL', name: 'Ireland' },
  { code: 'IND', name: 'India' },
  { code: 'PHL', name: 'Philippines' },
  { code: 'NGA', name: 'Nigeria' },
  { code: 'ZWE', name: 'Zimbabwe' },
  { code: 'GHA', name: 'Ghana' },
  { code: 'PAK', name: 'Pakistan' },
  { code: 'KEN', name: 'Kenya' },
  { code: 'POL', name: 'Poland' },
  { code: 'ROU', name: 'Romania' },
  { code: 'PRT', name: 'Portugal' },
  { code: 'ESP', name: 'Spain' },
  { code: 'ITA', name: 'Italy' },
  { code: 'FRA', name: 'France' },
  { code: 'DEU', name: 'Germany' },
];

export const DOCUMENT_TYPE_HINTS: Readonly<Record<IdentityDocumentType, string>> = {
  Passport: 'From any country',
  'Driving licence': 'A photocard licence',
  'Biometric residence permit': 'Issued by the Home Office',
  'National identity card': 'From a European country',
};

/** The sexes a document may show, as the form words them, and what the credential says. */
export const SEX_OPTIONS: readonly { value: (typeof LEGAL_GENDERS)[number]; text: string }[] = [
  { value: 'Female', text: 'Female' },
  { value: 'Male', text: 'Male' },
  { value: 'Not specified', text: 'Not specified (X on a passport)' },
  { value: 'Not known', text: 'My document does not show it' },
];

/** Form fields in page order: the error summary follows it, dates link to their day box. */
const FIELD_ORDER = [
  'firstName', 'middleNames', 'lastName', 'birthDate', 'legalGender', 'nationality', 'addressLine1', 'addressLine2', 'townOrCity',
  'postcode', 'documentType', 'documentNumber', 'documentIssuingCountry', 'documentExpiry', 'mobile',
] as const;
const DATE_FIELDS = new Set(['birthDate', 'documentExpiry']);

const text = (required: string, label: string, max: number) =>
  z.string().trim().min(1, required).max(max, `${label} must be ${max} characters or fewer`);
const optionalText = (label: string, max: number) =>
  z.string().trim().max(max, `${label} must be ${max} characters or fewer`).optional().transform((v) => (v ? v : undefined));

const zFields = z.object({
  firstName: text('Enter your first name', 'First name', 100),
  middleNames: optionalText('Middle names', 100),
  lastName: text('Enter your last name', 'Last name', 100),
  legalGender: z.enum(LEGAL_GENDERS, { error: 'Select your sex as shown on your document' }),
  nationality: text('Enter your nationality', 'Nationality', 100),
  addressLine1: text('Enter the first line of your address', 'Address line 1', 200),
  addressLine2: optionalText('Address line 2', 200),
  townOrCity: text('Enter your town or city', 'Town or city', 100),
  postcode: z
    .string()
    .trim()
    .min(1, 'Enter your postcode')
    .transform((v) => v.toUpperCase().replace(/\s+/g, ''))
    .pipe(z.string().regex(/^[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}$/, 'Enter a real postcode, like LS1 4AP'))
    .transform((v) => `${v.slice(0, -3)} ${v.slice(-3)}`),
  documentType: z.enum(IDENTITY_DOCUMENT_TYPES, { error: 'Select the type of document' }),
  documentNumber: z
    .string()
    .trim()
    .min(1, 'Enter the document number')
    .transform((v) => v.toUpperCase().replace(/[\s-]/g, ''))
    .pipe(z.string().regex(/^[A-Z0-9]{5,20}$/, 'Document number must be 5 to 20 letters and numbers')),
  documentIssuingCountry: z.enum(ISSUING_COUNTRIES.map((c) => c.code) as [string, ...string[]], { error: 'Select the country that issued the document' }),
  mobile: z
    .string()
    .trim()
    .min(1, 'Enter a UK mobile number')
    .refine((v) => {
      try {
        parseUkMobile(v);
        return true;
      } catch {
        return false;
      }
    }, 'Enter a UK mobile number, like 07700 900 982'),
});

/** A day/month/year date input: a real `YYYY-MM-DD`, or the NHS.UK message for what is wrong. */
function dateFrom(values: Record<string, string>, field: string, label: string, empty: string): { date?: string; problem?: string } {
  const parts = { day: values[`${field}Day`]?.trim() ?? '', month: values[`${field}Month`]?.trim() ?? '', year: values[`${field}Year`]?.trim() ?? '' };
  const missing = (['day', 'month', 'year'] as const).filter((p) => parts[p] === '');
  if (missing.length === 3) return { problem: empty };
  if (missing.length > 0) return { problem: `${label} must include a ${missing.join(' and ')}` };
  if (!/^[0-9]{1,2}$/.test(parts.day) || !/^[0-9]{1,2}$/.test(parts.month) || !/^[0-9]{4}$/.test(parts.year)) return { problem: `${label} must be a real date` };
  const [y, m, d] = [Number(parts.year), Number(parts.month), Number(parts.day)];
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return { problem: `${label} must be a real date` };
  return { date: date.toISOString().slice(0, 10) };
}

export interface DocumentForm {
  evidence: DocumentEvidence;
  /** As typed; the notifier normalises it. */
  mobile: string;
}

export function parseDocumentForm(body: unknown, now: Date): FormResult<DocumentForm> {
  const values = formValues(body);
  const problems: { field: string; message: string }[] = [];

  // A field missing from the post (not just left empty) is treated as empty, so its message is the person's one.
  const fields = zFields.safeParse(Object.fromEntries(Object.keys(zFields.shape).map((name) => [name, values[name] ?? ''])));
  if (!fields.success) for (const issue of fields.error.issues) problems.push({ field: String(issue.path[0]), message: issue.message });

  const today = now.toISOString().slice(0, 10);
  const birth = dateFrom(values, 'birthDate', 'Date of birth', 'Enter your date of birth');
  if (birth.problem) problems.push({ field: 'birthDate', message: birth.problem });
  else if (birth.date! >= today) problems.push({ field: 'birthDate', message: 'Date of birth must be in the past' });
  else if (birth.date! < '1900-01-01') problems.push({ field: 'birthDate', message: 'Date of birth must be after 1 January 1900' });
  // An expired document is not a mistake in the form: the check fails it (simulate-document-check.ts).
  const expiry = dateFrom(values, 'documentExpiry', 'Expiry date', 'Enter the expiry date of your document');
  if (expiry.problem) problems.push({ field: 'documentExpiry', message: expiry.problem });

  if (problems.length > 0 || !fields.success) {
    problems.sort((a, b) => FIELD_ORDER.indexOf(a.field as (typeof FIELD_ORDER)[number]) - FIELD_ORDER.indexOf(b.field as (typeof FIELD_ORDER)[number]));
    const errors = formErrors(problems);
    // A date's summary link goes to its first box (NHS.UK date input pattern).
    for (const item of errors.summary) if (DATE_FIELDS.has(item.href.slice(1))) item.href = `${item.href}-day`;
    return { ok: false, errors, values };
  }

  const f = fields.data;
  return {
    ok: true,
    value: {
      mobile: f.mobile,
      evidence: {
        firstName: f.firstName,
        ...(f.middleNames ? { middleNames: f.middleNames } : {}),
        lastName: f.lastName,
        birthDate: birth.date!,
        legalGender: f.legalGender,
        nationality: f.nationality,
        address: { addressLines: [f.addressLine1, ...(f.addressLine2 ? [f.addressLine2] : [])], townOrCity: f.townOrCity, postcode: f.postcode, country: 'United Kingdom' },
        documentType: f.documentType,
        documentNumber: f.documentNumber,
        documentIssuingCountry: f.documentIssuingCountry,
        documentExpiryDate: expiry.date!,
      },
    },
  };
}
