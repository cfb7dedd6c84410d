// A staff passport: one person at one trust (DOMAIN.md §3), as the employer and employee
// portals and the scheduled jobs see it. Who the person is, how to reach them and by which
// channels they chose (S11), where they are in the trust's journey, and their ESR link (E6).
import { z } from 'zod';

/**
 * Where a passport is in the trust's journey (DOMAIN.md §3 "Passport states"):
 * - `invited`: an invitation was sent (E4) and not yet acted on;
 * - `signed-up`: the person signed up without an invitation, or from one (S1), identity not yet shared;
 * - `identity-shared`: a digital identity or an NHS identity credential waits for HR (E5);
 * - `appointment-needed`: a face-to-face identity check is to be arranged (E5.5);
 * - `identity-declined`: HR declined access (E5.9);
 * - `credentials-pending`: identity confirmed, credentials being gathered (E9);
 * - `active`: credentials required completed or bypassed (E9.3–4);
 * - `deactivated`: the person left or the trust closed the passport (read-only, DOMAIN.md §9 #17);
 * - `disabled`: access key revoked or locked pending reissue (DOMAIN.md §9 #17).
 */
export const PASSPORT_STATUSES = [
  'invited',
  'signed-up',
  'identity-shared',
  'appointment-needed',
  'identity-declined',
  'credentials-pending',
  'active',
  'deactivated',
  'disabled',
] as const;
export type PassportStatus = (typeof PASSPORT_STATUSES)[number];

/**
 * The ESR link (E6): no number; a number the person typed at sign-up (S1.7) that HR has not yet
 * confirmed against ESR; or linked, after HR saw ESR's record and confirmed it is this person.
 * Only a linked passport is provided credentials from ESR (E6.3).
 */
export const ESR_LINK_STATES = ['unlinked', 'unconfirmed', 'linked'] as const;
export type EsrLinkState = (typeof ESR_LINK_STATES)[number];

export const NOTIFICATION_CHANNELS = ['email', 'sms'] as const;
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];

/** Employment type and status, as the invitation form offers them (DOMAIN.md §2.1, E4.2). */
export const EMPLOYMENT_TYPES = ['Permanent or fixed term', 'Temporary mover'] as const;
export const EMPLOYMENT_STATUSES = ['Current employee or leaver', 'New starter'] as const;

export interface StaffPassport {
  id: string;
  organisationId: string;
  givenName: string;
  middleNames: string | null;
  familyName: string;
  /** `YYYY-MM-DD`. */
  dateOfBirth: string | null;
  dspId: string | null;
  email: string | null;
  /** E.164 (`+447…`). */
  mobile: string | null;
  notifyByEmail: boolean;
  notifyBySms: boolean;
  staffGroup: string | null;
  jobRole: string | null;
  employmentType: string | null;
  employmentStatus: string | null;
  orielPin: string | null;
  status: PassportStatus;
  esrAssignmentNumber: string | null;
  esrLinkState: EsrLinkState;
  esrPersonId: string | null;
  esrLinkedAt: Date | null;
  esrSyncedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/** How a person can be told something: each channel they left on and have an address for. */
export interface Reachable {
  email: string | null;
  mobile: string | null;
  notifyByEmail: boolean;
  notifyBySms: boolean;
}

/**
 * The channels a message goes out on (S11: the person switches email and SMS on or off; with
 * both off they get no alerts). An address that is missing leaves its channel out.
 */
export function channelsFor(person: Reachable): Array<{ channel: NotificationChannel; to: string }> {
  const out: Array<{ channel: NotificationChannel; to: string }> = [];
  if (person.notifyByEmail && person.email) out.push({ channel: 'email', to: person.email });
  if (person.notifyBySms && person.mobile) out.push({ channel: 'sms', to: person.mobile });
  return out;
}

/** ESR assignment number: 8 digits, with `-n` for a further assignment (DOMAIN.md §3). */
export const zAssignmentNumber = z.string().trim().regex(/^[0-9]{8}(-[0-9]{1,2})?$/, 'Enter an ESR assignment number of 8 digits, like 12345678');

/** A UK mobile number as typed, normalised to E.164 (+447…); Ofcom: 07 + 9 digits. */
export const zUkMobile = z
  .string()
  .trim()
  .transform((v, ctx) => {
    const compact = v.replace(/[\s\-.()]/g, '');
    const m = /^(?:\+44|0044)0?(7\d{9})$/.exec(compact) ?? /^0(7\d{9})$/.exec(compact);
    if (!m) {
      ctx.addIssue({ code: 'custom', message: 'Enter a UK mobile number, like 07700 900 982' });
      return z.NEVER;
    }
    return `+44${m[1]}`;
  });

const zName = z.string().trim().min(1).max(100);

/** What creating a passport needs (E4.2 single form; S1 sign-up). Messages are for the person. */
export const zStaffPassportInput = z.object({
  givenName: zName.refine((v) => v.length > 0, 'Enter a first name'),
  middleNames: zName.optional(),
  familyName: zName.refine((v) => v.length > 0, 'Enter a last name'),
  dateOfBirth: z.iso.date('Enter a date of birth, like 1990-03-31').optional(),
  email: z.string().trim().toLowerCase().pipe(z.email('Enter an email address in the correct format, like name@example.nhs.uk')).optional(),
  mobile: zUkMobile.optional(),
  staffGroup: z.string().trim().min(1).max(100).optional(),
  jobRole: z.string().trim().min(1).max(200).optional(),
  employmentType: z.enum(EMPLOYMENT_TYPES).optional(),
  employmentStatus: z.enum(EMPLOYMENT_STATUSES).optional(),
  orielPin: z.string().trim().regex(/^[0-9]{4,10}$/, 'Enter an Oriel PIN of digits only').optional(),
  esrAssignmentNumber: zAssignmentNumber.optional(),
  status: z.enum(PASSPORT_STATUSES).default('invited'),
});
export type StaffPassportInput = z.input<typeof zStaffPassportInput>;
export type ParsedStaffPassportInput = z.output<typeof zStaffPassportInput>;

/** Who did something, as history and the audit log record it: an identifier, never a name. */
export type Actor = `user:${string}` | `staff:${string}` | `system:${string}`;
