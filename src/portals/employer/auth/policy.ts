// The employer portal's sign-in numbers (D38), in one place: the pages quote them, the tests read them.

const MINUTE = 60_000;

export const signInPolicy = {
  /** A signed-in session ends after this long without a request. */
  idleMs: 30 * MINUTE,
  /** …and this long after the second factor was done, however active. */
  absoluteMs: 12 * 60 * MINUTE,
  /** Between the right password and the second factor (or enrolment). */
  halfSignedInMs: 15 * MINUTE,
  /** Wrong passwords, or wrong codes, that lock the account… */
  maxFailures: 5,
  /** …for this long. */
  lockMs: 15 * MINUTE,
  /** How long an SMS code works. */
  smsCodeMs: 10 * MINUTE,
  /** The least time between two SMS codes of one session. */
  smsResendMs: 30_000,
  /** How long a new user's set-up link works. */
  setupLinkMs: 7 * 24 * 60 * MINUTE,
  /** TOTP codes of the 30-second step before and after now are accepted too (clock drift). */
  totpToleranceSeconds: 30,
  /** Form posts of the sign-in and set-up pages per client IP address and page, per minute (@fastify/rate-limit). */
  postsPerMinute: 60,
  /** The shortest password a user may set (NCSC / ASVS 6.2.1: at least 8; we ask for 12). */
  minPasswordLength: 12,
} as const;

/** For page text: "15 minutes". */
export function minutesText(ms: number): string {
  const m = Math.round(ms / MINUTE);
  return `${m} minute${m === 1 ? '' : 's'}`;
}
