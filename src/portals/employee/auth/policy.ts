// The employee portal's session and code numbers (D45), in one place: pages quote them, tests read them.

const MINUTE = 60_000;

export const employeePolicy = {
  /** A signed-in session ends after this long without a request… */
  idleMs: 30 * MINUTE,
  /** …and this long after signing in, however active. */
  absoluteMs: 12 * 60 * MINUTE,
  /** A sign-up journey from an invitation link (S1) lasts at most this long. */
  signUpMs: 2 * 60 * MINUTE,
  /** Collecting an access key from its link (S2) lasts at most this long. */
  collectKeyMs: 30 * MINUTE,
  /** How long an email or SMS code works (DOMAIN.md S1.6: 5 minutes). */
  codeMs: 5 * MINUTE,
  /** Wrong tries of one code before it stops working and a new one must be sent. */
  maxCodeAttempts: 5,
  /** The least time between two codes of one session ("Send a new code"). */
  codeResendMs: 30_000,
  /** Codes one session may send in all; then the person starts again from their link. */
  maxCodesSent: 10,
  /** How long an access-key link works (S2), from the email HR's confirmation sends. */
  accessKeyLinkMs: 30 * 24 * 60 * MINUTE,
  /** Wallet sessions (QR code pages) started by the portal. */
  walletSessionSeconds: 600,
  /** Form posts of the code and sign-in pages per client IP address and page, per minute. */
  postsPerMinute: 60,
} as const;

/** For page text: "5 minutes". */
export function minutesText(ms: number): string {
  const m = Math.round(ms / MINUTE);
  return `${m} minute${m === 1 ? '' : 's'}`;
}
