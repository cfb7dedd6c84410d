// 6-digit codes that prove the person reads an email address or holds a mobile (S1.6, S2; D45):
// one live code per session, 5 minutes, 5 wrong tries, a resend no sooner than 30 s and at most 10
// per session (employeePolicy). The database keeps the code's SHA-256 keyed by the session and
// channel; the code itself goes only into the message.
//
//   const sent = await sendEmployeeCode(tx, deps, ctx, 'sms', passport.mobile);   // 'sent' | 'wait' | 'too-many'
//   const check = await checkEmployeeCode(db, deps, ctx, 'sms', typed);            // CodeCheck (store/employee-sessions.ts)
import { randomInt } from 'node:crypto';
import { z } from 'zod';
import type { Organisation } from '../../../core/passport/organisation.ts';
import type { Db } from '../../../store/database.ts';
import { employeeSessions, type CodeChannel, type CodeCheck, type EmployeeSession } from '../../../store/employee-sessions.ts';
import { scopeOf } from '../../../store/scope.ts';
import { digest } from '../../employer/auth/tokens.ts';
import type { EmployeePortalDeps } from './deps.ts';
import { employeePolicy } from './policy.ts';

/** The typed code: 6 digits, spaces allowed (people copy "123 456"). */
export const zSixDigitCode = z
  .string({ error: 'Enter the 6-digit code' })
  .transform((v) => v.replace(/\s+/g, ''))
  .pipe(z.string().min(1, 'Enter the 6-digit code').regex(/^[0-9]{6}$/, 'The code must be 6 digits'));

export function codeDigest(sessionId: string, channel: CodeChannel, code: string): string {
  return digest(`employee-code:${sessionId}:${channel}:${code}`);
}

export type SendOutcome = 'sent' | 'wait' | 'too-many';

/**
 * Sends a new code to `target` by `channel` (replacing the live one) in the caller's transaction.
 * `wait`: the last was sent under 30 s ago; `too-many`: this session sent its 10.
 */
export async function sendEmployeeCode(
  tx: Db,
  deps: Pick<EmployeePortalDeps, 'clock' | 'notifier'>,
  ctx: { organisation: Pick<Organisation, 'id'>; session: Pick<EmployeeSession, 'id' | 'codesSent'> },
  channel: CodeChannel,
  target: string,
): Promise<SendOutcome> {
  if (ctx.session.codesSent >= employeePolicy.maxCodesSent) return 'too-many';
  const now = deps.clock.now();
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const stored = await employeeSessions(tx, scopeOf(ctx.organisation.id)).setCode(ctx.session.id, {
    channel,
    target,
    hash: codeDigest(ctx.session.id, channel, code),
    now,
    expiresAt: new Date(now.getTime() + employeePolicy.codeMs),
    resendMs: employeePolicy.codeResendMs,
    maxSends: employeePolicy.maxCodesSent,
  });
  if (!stored) return 'wait';
  const personalisation = { code, expires_in_minutes: String(employeePolicy.codeMs / 60_000) };
  if (channel === 'email') await deps.notifier.send(tx, { organisationId: ctx.organisation.id, channel: 'email', to: target, template: 'email-verification-code', personalisation });
  else await deps.notifier.send(tx, { organisationId: ctx.organisation.id, channel: 'sms', to: target, template: 'sms-verification-code', personalisation });
  return 'sent';
}

/** Checks a typed (already parsed) code against the session's live code of `channel`. */
export async function checkEmployeeCode(
  db: Db,
  deps: Pick<EmployeePortalDeps, 'clock'>,
  ctx: { organisation: Pick<Organisation, 'id'>; session: Pick<EmployeeSession, 'id'> },
  channel: CodeChannel,
  code: string,
): Promise<CodeCheck> {
  return employeeSessions(db, scopeOf(ctx.organisation.id)).checkCode(ctx.session.id, channel, codeDigest(ctx.session.id, channel, code), deps.clock.now(), employeePolicy.maxCodeAttempts);
}

/** The error message for a code that did not work, for the form's error summary. */
export function codeProblem(check: Exclude<CodeCheck, { outcome: 'right' }>): string {
  switch (check.outcome) {
    case 'wrong':
      return `The code is not right. You have ${check.attemptsLeft} ${check.attemptsLeft === 1 ? 'try' : 'tries'} left`;
    case 'expired':
      return 'The code has expired. Send a new code';
    case 'too-many':
      return 'You entered a wrong code too many times. Send a new code';
    case 'none':
      return 'Send a code first';
  }
}
