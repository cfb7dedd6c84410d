// Inviting staff (DOMAIN.md E4): the fields of the single form and of each row of a CSV file,
// validated by the same rules (§9 #12: the CSV columns are the form's fields), and the check of a
// whole file — every row validated, duplicates within the file found — before anything is sent.
// Duplicates against the trust's existing passports need the database; the caller adds them
// (`markTaken`). Messages are written for the person reading the page.
import { z } from 'zod';
import { STAFF_GROUPS } from '../credentials/catalogue/employment-assignment.ts';
import { EMPLOYMENT_STATUSES, EMPLOYMENT_TYPES, zAssignmentNumber, zUkMobile, type StaffPassportInput } from './staff-passport.ts';

export { STAFF_GROUPS };

/** The fields, in form and CSV order. `column` is the CSV header (DOMAIN.md §9 #12). */
export const INVITATION_FIELDS = [
  { field: 'givenName', column: 'firstName', label: 'First name' },
  { field: 'familyName', column: 'lastName', label: 'Last name' },
  { field: 'dateOfBirth', column: 'dateOfBirth', label: 'Date of birth' },
  { field: 'email', column: 'email', label: 'Email address' },
  { field: 'mobile', column: 'mobile', label: 'Mobile phone number' },
  { field: 'staffGroup', column: 'staffGroup', label: 'Staff group' },
  { field: 'jobRole', column: 'jobRole', label: 'Job role' },
  { field: 'employmentType', column: 'employmentType', label: 'Employment type' },
  { field: 'employmentStatus', column: 'employmentStatus', label: 'Employment status' },
  { field: 'orielPin', column: 'orielPin', label: 'Oriel PIN' },
  { field: 'esrAssignmentNumber', column: 'esrAssignmentNumber', label: 'ESR assignment number' },
] as const;
export type InvitationField = (typeof INVITATION_FIELDS)[number]['field'];

/** At most this many rows in one file: one transaction sends them all. */
export const MAX_CSV_ROWS = 1000;

const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), schema.optional());

/** A date of birth as `YYYY-MM-DD` or `DD/MM/YYYY` (what spreadsheets write), a real past day. */
const zDateOfBirth = z
  .string()
  .trim()
  .transform((v, ctx) => {
    const uk = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(v);
    const iso = uk ? `${uk[3]}-${uk[2]!.padStart(2, '0')}-${uk[1]!.padStart(2, '0')}` : v;
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
    const day = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : undefined;
    if (!m || !day || day.toISOString().slice(0, 10) !== iso || Number(m[1]) < 1900) {
      ctx.addIssue({ code: 'custom', message: 'Date of birth must be a real date, like 1990-03-31' });
      return z.NEVER;
    }
    return iso;
  });

const fromList = <T extends readonly string[]>(values: T, message: string) =>
  z
    .string()
    .trim()
    .transform((v, ctx) => {
      const found = values.find((x) => x.toLowerCase() === v.toLowerCase() || x.replace('–', '-').toLowerCase() === v.toLowerCase());
      if (!found) {
        ctx.addIssue({ code: 'custom', message });
        return z.NEVER;
      }
      return found as T[number];
    });

/** The invitation's fields as typed (strings), to what a passport is created from. */
export const zInvitationFields = z.object({
  givenName: z.string().trim().min(1, 'Enter a first name').max(100, 'First name must be 100 characters or fewer'),
  familyName: z.string().trim().min(1, 'Enter a last name').max(100, 'Last name must be 100 characters or fewer'),
  dateOfBirth: optional(zDateOfBirth),
  email: z
    .string()
    .trim()
    .min(1, 'Enter an email address')
    .max(254, 'Email address must be 254 characters or fewer')
    .toLowerCase()
    .pipe(z.email('Enter an email address in the correct format, like name@example.nhs.uk')),
  mobile: optional(zUkMobile),
  staffGroup: z.string().trim().min(1, 'Select a staff group').pipe(fromList(STAFF_GROUPS, 'Staff group must be one of the 10 ESR staff groups')),
  jobRole: optional(z.string().trim().max(200, 'Job role must be 200 characters or fewer')),
  employmentType: optional(fromList(EMPLOYMENT_TYPES, `Employment type must be ${EMPLOYMENT_TYPES.join(' or ')}`)),
  employmentStatus: optional(fromList(EMPLOYMENT_STATUSES, `Employment status must be ${EMPLOYMENT_STATUSES.join(' or ')}`)),
  orielPin: optional(z.string().trim().regex(/^[0-9]{4,10}$/, 'Oriel PIN must be 4 to 10 digits')),
  esrAssignmentNumber: optional(zAssignmentNumber),
});
export type InvitationFields = z.output<typeof zInvitationFields>;

export interface FieldProblem {
  field: InvitationField;
  message: string;
}

export type InvitationCheck = { ok: true; value: InvitationFields } | { ok: false; problems: FieldProblem[] };

export function checkInvitation(values: Record<string, string | undefined>): InvitationCheck {
  const parsed = zInvitationFields.safeParse(values);
  if (parsed.success) return { ok: true, value: parsed.data };
  const seen = new Set<string>();
  const problems: FieldProblem[] = [];
  // In field order, one message per field.
  for (const { field } of INVITATION_FIELDS) {
    const issue = parsed.error.issues.find((i) => i.path[0] === field);
    if (issue && !seen.has(field)) {
      seen.add(field);
      problems.push({ field, message: issue.message });
    }
  }
  return { ok: false, problems };
}

/** What a passport is created from. */
export function passportInputOf(fields: InvitationFields): StaffPassportInput {
  const { givenName, familyName, email, staffGroup, dateOfBirth, mobile, jobRole, employmentType, employmentStatus, orielPin, esrAssignmentNumber } = fields;
  return {
    givenName,
    familyName,
    email,
    staffGroup,
    status: 'invited',
    ...(dateOfBirth ? { dateOfBirth } : {}),
    ...(mobile ? { mobile } : {}),
    ...(jobRole ? { jobRole } : {}),
    ...(employmentType ? { employmentType } : {}),
    ...(employmentStatus ? { employmentStatus } : {}),
    ...(orielPin ? { orielPin } : {}),
    ...(esrAssignmentNumber ? { esrAssignmentNumber } : {}),
  };
}

// ---- the CSV file ----

export interface CsvRow {
  /** The line the record starts on, from 1. */
  line: number;
  fields: string[];
}

export interface CheckedRow {
  line: number;
  /** What the row says, by field (for the check page). */
  values: Partial<Record<InvitationField, string>>;
  value?: InvitationFields;
  problems: string[];
}

export interface CsvCheck {
  /** Problems with the file as a whole (header, parse errors, size): nothing can be sent. */
  fileProblems: string[];
  rows: CheckedRow[];
}

/** Validates every row of a parsed file and finds duplicates within it. */
export function checkInvitationCsv(records: readonly CsvRow[], parseErrors: readonly { line: number; message: string }[] = []): CsvCheck {
  const fileProblems = parseErrors.map((e) => `Line ${e.line}: ${e.message}`);
  const [header, ...body] = records;
  if (!header) return { fileProblems: [...fileProblems, 'The CSV file is empty: paste a header row and one row per person'], rows: [] };

  // The header names the columns, in any order and case.
  const columns = header.fields.map((name) => INVITATION_FIELDS.find((f) => f.column.toLowerCase() === name.trim().toLowerCase()));
  header.fields.forEach((name, i) => {
    if (!columns[i]) fileProblems.push(`The header has a column "${name.trim().slice(0, 40)}" that is not one of: ${INVITATION_FIELDS.map((f) => f.column).join(', ')}`);
  });
  for (const required of ['firstName', 'lastName', 'email', 'staffGroup']) {
    if (!columns.some((c) => c?.column === required)) fileProblems.push(`The header must have a ${required} column`);
  }
  const counted = new Map<string, number>();
  for (const c of columns) if (c) counted.set(c.column, (counted.get(c.column) ?? 0) + 1);
  for (const [column, n] of counted) if (n > 1) fileProblems.push(`The header has the ${column} column ${n} times`);
  if (body.length === 0) fileProblems.push('The CSV file has no rows after the header');
  if (body.length > MAX_CSV_ROWS) fileProblems.push(`The CSV file has ${body.length} rows: send at most ${MAX_CSV_ROWS} at a time`);
  if (fileProblems.length > 0 && (columns.some((c) => !c) || body.length === 0 || body.length > MAX_CSV_ROWS)) return { fileProblems, rows: [] };

  const rows: CheckedRow[] = [];
  const emails = new Map<string, number>();
  const mobiles = new Map<string, number>();
  for (const record of body) {
    const values: Partial<Record<InvitationField, string>> = {};
    const problems: string[] = [];
    if (record.fields.length !== columns.length) problems.push(`The row has ${record.fields.length} values but the header has ${columns.length} columns`);
    columns.forEach((c, i) => {
      if (c) values[c.field] = record.fields[i] ?? '';
    });
    const checked = checkInvitation(values);
    if (!checked.ok) for (const p of checked.problems) problems.push(`${labelOf(p.field)}: ${p.message}`);
    const row: CheckedRow = { line: record.line, values, problems };
    if (checked.ok) {
      row.value = checked.value;
      const firstEmail = emails.get(checked.value.email);
      if (firstEmail !== undefined) problems.push(`Duplicate: the same email address as line ${firstEmail}`);
      else emails.set(checked.value.email, record.line);
      if (checked.value.mobile) {
        const firstMobile = mobiles.get(checked.value.mobile);
        if (firstMobile !== undefined) problems.push(`Duplicate: the same mobile number as line ${firstMobile}`);
        else mobiles.set(checked.value.mobile, record.line);
      }
    }
    rows.push(row);
  }
  return { fileProblems, rows };
}

/** Marks rows whose email or mobile already belongs to a passport of the trust (E4.5). */
export function markTaken(check: CsvCheck, taken: { emails: ReadonlySet<string>; mobiles: ReadonlySet<string> }): CsvCheck {
  for (const row of check.rows) {
    if (!row.value) continue;
    if (taken.emails.has(row.value.email)) row.problems.push('Duplicate: a staff passport with this email address already exists (delete it first to invite again)');
    if (row.value.mobile && taken.mobiles.has(row.value.mobile)) row.problems.push('Duplicate: a staff passport with this mobile number already exists');
  }
  return check;
}

export function csvIsSendable(check: CsvCheck): boolean {
  return check.fileProblems.length === 0 && check.rows.length > 0 && check.rows.every((r) => r.problems.length === 0 && r.value);
}

export function labelOf(field: InvitationField): string {
  return INVITATION_FIELDS.find((f) => f.field === field)?.label ?? field;
}

/** The header line of the template file. */
export const CSV_TEMPLATE_HEADER = INVITATION_FIELDS.map((f) => f.column).join(',');

/** The downloadable template: the header and one example row to replace (a reserved Ofcom drama number). */
export const CSV_TEMPLATE = `${CSV_TEMPLATE_HEADER}\r\nAlex,Example,1990-03-31,alex.example@example.nhs.uk,07700900999,Nursing and Midwifery Registered,Staff Nurse,Permanent or fixed term,New starter,,\r\n`;

// ---- the staff list ----

/**
 * "Action needed" (DOMAIN.md §3, the pending list's Action filter), as far as the passport shows
 * it: an identity to check (E5), an appointment to arrange (E5.5), ESR to connect (E6), an
 * invitation that expired unanswered (resend, E4.4), shared credentials to review (E9.1; a filter
 * of the list only — the rows' tags come from the passport alone, see `actionsOf`).
 */
export const PASSPORT_ACTIONS = [
  { value: 'review-identity', label: 'Review identity' },
  { value: 'appointment-needed', label: 'Appointment needed' },
  { value: 'connect-esr', label: 'Connect to ESR' },
  { value: 'invitation-expired', label: 'Invitation expired' },
  { value: 'review-credentials', label: 'Shared credentials to review' },
] as const;
export type PassportAction = (typeof PASSPORT_ACTIONS)[number]['value'];

export const PASSPORT_STATUS_LABELS = {
  invited: 'Invitation sent',
  'signed-up': 'Self sign-up',
  'identity-shared': 'Identity shared: review needed',
  'appointment-needed': 'Appointment needed',
  'identity-declined': 'Access declined',
  'credentials-pending': 'Credentials pending',
  active: 'Active',
  deactivated: 'Deactivated',
  disabled: 'Disabled',
} as const;

export function actionsOf(passport: { status: string; esrLinkState: string }, liveInvitation: boolean): PassportAction[] {
  const out: PassportAction[] = [];
  if (passport.status === 'identity-shared') out.push('review-identity');
  if (passport.status === 'appointment-needed') out.push('appointment-needed');
  if ((passport.status === 'credentials-pending' || passport.status === 'active') && passport.esrLinkState !== 'linked') out.push('connect-esr');
  if (passport.status === 'invited' && !liveInvitation) out.push('invitation-expired');
  return out;
}
