// Random tokens and their stored digests (D38): the database keeps only SHA-256 of a session
// token, a set-up link token or an SMS code (keyed by its session, so one code's digest says
// nothing about another session's).
import { createHash, randomBytes, randomInt } from 'node:crypto';

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export function digest(value: string): string {
  return createHash('sha256').update(value).digest('base64url');
}

/** The account key of an email typed at sign-in: lockout is counted per key, known or not. */
export function accountKeyOf(email: string): string {
  return digest(`employer-account:${email.trim().toLowerCase()}`);
}

export function newSmsCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0');
}

export function smsCodeDigest(sessionId: string, code: string): string {
  return digest(`employer-sms-code:${sessionId}:${code}`);
}
