// Identity and access (DOMAIN.md E5): the face-to-face route's "Create identity credential" form,
// the subjects of the identity credential and the access key HR provides on confirming, the
// reasons for declining access, and the expired-passport rule (EXP). Pure: no I/O.
import { z } from 'zod';
import { LEGAL_GENDERS } from '../credentials/catalogue/identity.ts';
import type { CredentialSubject } from '../credentials/catalogue.ts';
import { validateSubject } from '../credentials/validate-subject.ts';
import { EMPLOYMENT_TYPES } from './staff-passport.ts';

/** E5.9: why access is declined; one is required, the text is optional. */
export const DECLINE_REASONS = {
  'not-a-new-starter': 'Not able to identify as a new starter here',
  'identity-not-confirmed': 'Unable to confirm identity',
  other: 'Other',
} as const;
export type DeclineReason = keyof typeof DECLINE_REASONS;

export const zDeclineForm = z.object({
  reason: z.enum(Object.keys(DECLINE_REASONS) as [DeclineReason, ...DeclineReason[]], { error: 'Select why you are declining access' }),
  details: z.string().trim().max(500, 'Details must be 500 characters or fewer').optional().transform((s) => s || undefined),
});

const required = (message: string) => z.string({ error: message }).trim().min(1, message);
const optional = (max: number, message: string) => z.string().trim().max(max, message).optional().transform((s) => s || undefined);

/** Day, month and year fields → `YYYY-MM-DD`, or undefined with the problem. */
export function dateFromParts(day: string | undefined, month: string | undefined, year: string | undefined): { iso?: string; problem?: 'missing' | 'invalid' } {
  const [d, m, y] = [day, month, year].map((v) => (v ?? '').trim());
  if (!d && !m && !y) return { problem: 'missing' };
  if (!/^\d{1,2}$/.test(d!) || !/^\d{1,2}$/.test(m!) || !/^\d{4}$/.test(y!)) return { problem: 'invalid' };
  const iso = `${y}-${m!.padStart(2, '0')}-${d!.padStart(2, '0')}`;
  const date = new Date(`${iso}T00:00:00Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== iso) return { problem: 'invalid' };
  return { iso };
}

/**
 * The "Create identity credential" form (E5.5): what HR saw on the original documents, plus the
 * employment type E5.2 requires before confirming and the passport's expiry date for EXP (kept
 * out of the credential, PROTO confirm-identity).
 */
export const zFaceToFaceFields = z.object({
  firstName: required('Enter their first name').pipe(z.string().max(100, 'First name must be 100 characters or fewer')),
  middleNames: optional(100, 'Middle names must be 100 characters or fewer'),
  lastName: required('Enter their last name').pipe(z.string().max(100, 'Last name must be 100 characters or fewer')),
  legalGender: z.enum(LEGAL_GENDERS, { error: 'Select their legal gender' }),
  nationality: optional(100, 'Nationality must be 100 characters or fewer'),
  addressLine1: required('Enter the first line of their address').pipe(z.string().max(200, 'Address line 1 must be 200 characters or fewer')),
  addressLine2: optional(200, 'Address line 2 must be 200 characters or fewer'),
  townOrCity: optional(100, 'Town or city must be 100 characters or fewer'),
  postcode: optional(10, 'Enter a real postcode').pipe(z.string().regex(/^[A-Za-z0-9 ]{2,10}$/, 'Enter a real postcode').optional()),
  employmentType: z.enum(EMPLOYMENT_TYPES, { error: 'Select their employment type' }),
  checked: z.literal('yes', { error: 'Confirm you have checked the original documents in person' }),
});

export interface FaceToFaceInput extends z.output<typeof zFaceToFaceFields> {
  birthDate: string;
  /** E5.5's photo (HR's, or the one the person gave at sign-up, S1.7): base64 JPEG (photo.ts). */
  photograph?: string | undefined;
  /** The identity document's (passport's) expiry date, when HR entered one. */
  documentExpiry?: string;
}

export type FieldProblem = { field: string; message: string };

/** Parses the submitted form; the problems in the form's field order. */
export function parseFaceToFaceForm(values: Record<string, string>, today: string): { ok: true; value: FaceToFaceInput } | { ok: false; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const parsed = zFaceToFaceFields.safeParse(values);
  const fieldProblems = parsed.success ? [] : parsed.error.issues.map((i) => ({ field: String(i.path[0] ?? 'form'), message: i.message }));
  const birth = dateFromParts(values['birthDate-day'], values['birthDate-month'], values['birthDate-year']);
  const expiry = dateFromParts(values['documentExpiry-day'], values['documentExpiry-month'], values['documentExpiry-year']);
  const order = ['firstName', 'middleNames', 'lastName', 'birthDate', 'legalGender', 'nationality', 'addressLine1', 'addressLine2', 'townOrCity', 'postcode', 'documentExpiry', 'employmentType', 'checked'];
  for (const field of order) {
    if (field === 'birthDate') {
      if (birth.problem === 'missing') problems.push({ field, message: 'Enter their date of birth' });
      else if (birth.problem) problems.push({ field, message: 'Date of birth must be a real date' });
      else if (birth.iso! >= today) problems.push({ field, message: 'Date of birth must be in the past' });
      continue;
    }
    if (field === 'documentExpiry') {
      if (expiry.problem === 'invalid') problems.push({ field, message: 'Passport expiry date must be a real date' });
      continue;
    }
    const p = fieldProblems.find((x) => x.field === field);
    if (p) problems.push(p);
  }
  if (problems.length > 0 || !parsed.success) return { ok: false, problems };
  return { ok: true, value: { ...parsed.data, birthDate: birth.iso!, documentExpiry: expiry.iso } };
}

/** The assurance block of an identity checked face to face by the trust's HR (DOMAIN.md §5.2). */
export function faceToFaceAssurance(organisationName: string, now: Date) {
  return {
    origin: 'Substantive NHS Employing Organisation',
    assurancePolicy: 'Local contractual arrangement',
    assuranceOutcome: 'Onboarding complete',
    provider: organisationName,
    verifier: 'Provider',
    verificationMethod: 'Document Verification',
    pedigree: 'Authoritative' as const,
    lastRefresh: now.toISOString(),
  };
}

/** The Identity credential's subject; its schema violations (should be none) are thrown. */
export function identitySubject(input: FaceToFaceInput, context: { dspId: string; organisationName: string; now: Date }): CredentialSubject {
  const subject: CredentialSubject = {
    dspId: context.dspId,
    ...(input.photograph ? { photograph: input.photograph } : {}),
    firstName: input.firstName,
    ...(input.middleNames ? { middleNames: input.middleNames } : {}),
    lastName: input.lastName,
    birthDate: input.birthDate,
    legalGender: input.legalGender,
    ...(input.nationality ? { nationality: input.nationality } : {}),
    address: {
      addressLines: [input.addressLine1, ...(input.addressLine2 ? [input.addressLine2] : [])],
      ...(input.townOrCity ? { townOrCity: input.townOrCity } : {}),
      ...(input.postcode ? { postcode: input.postcode.toUpperCase() } : {}),
    },
    currentAddressVerified: true,
    assurance: faceToFaceAssurance(context.organisationName, context.now),
  };
  return checked('Identity', subject);
}

/**
 * The access key's subject (DOMAIN.md §9 #8). Until the employee portal has accounts of its own,
 * the person's account in it is their staff passport, so `portalUserId` is the passport id.
 */
export function accessKeySubject(context: { dspId: string; organisationOds: string; passportId: string; organisationName: string; now: Date }): CredentialSubject {
  return checked('AccessKey', {
    dspId: context.dspId,
    organisationOds: context.organisationOds,
    portalUserId: context.passportId,
    assurance: faceToFaceAssurance(context.organisationName, context.now),
  });
}

function checked(type: 'Identity' | 'AccessKey', subject: CredentialSubject): CredentialSubject {
  const errors = validateSubject(type, subject);
  if (errors.length > 0) throw new TypeError(`${type} subject is not valid: ${errors.map((e) => `${e.path} ${e.message}`).join('; ')}`);
  return subject;
}

/**
 * The expired-passport rule (EXP, E5.8): a passport that has expired does not stop the identity
 * credential, but right to work cannot be provided until a valid passport is checked.
 */
export function expiredPassportRule(documentExpiry: string | undefined, today: string): { expired: boolean; rightToWorkAllowed: boolean } {
  const expired = documentExpiry !== undefined && documentExpiry < today;
  return { expired, rightToWorkAllowed: !expired };
}

/** Statuses from which HR may confirm identity or decline access (before identity is confirmed). */
export const AWAITING_IDENTITY = ['invited', 'signed-up', 'identity-shared', 'appointment-needed'] as const;
