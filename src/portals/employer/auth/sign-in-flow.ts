// The steps of signing in that several pages share (D38): starting a session under a new token,
// moving it on under another new token (session fixation defence), sending and checking codes,
// counting failures towards the lockout.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { generateSecret, generateURI, verify as verifyTotp } from 'otplib';
import type { Organisation } from '../../../core/passport/organisation.ts';
import { appendAudit } from '../../../store/audit-log.ts';
import { employerSecondFactors, type SecondFactor } from '../../../store/employer-second-factors.ts';
import { employerSessions, type EmployerSession, type EmployerSessionStage } from '../../../store/employer-sessions.ts';
import { employerSignInLocks } from '../../../store/employer-sign-in-locks.ts';
import type { EmployerUser } from '../../../store/employer-users.ts';
import { scopeOf } from '../../../store/scope.ts';
import type { EmployerPortalDeps } from './deps.ts';
import { currentSession, employerOrganisationOf, employerPath } from './employer-context.ts';
import { signInPolicy } from './policy.ts';
import { readSessionCookie, setSessionCookie } from './session-cookie.ts';
import { accountKeyOf, digest, newSmsCode, newToken, smsCodeDigest } from './tokens.ts';

export const lockPolicy = { maxFailures: signInPolicy.maxFailures, lockMs: signInPolicy.lockMs };

/** Where a session at this stage continues. */
export function stagePath(organisation: Organisation, stage: EmployerSessionStage): string {
  if (stage === 'enrolment') return employerPath(organisation, '/sign-in/set-up-second-factor');
  if (stage === 'second-factor') return employerPath(organisation, '/sign-in/code');
  return employerPath(organisation);
}

/**
 * A new session for the user under a new token, replacing whatever session this browser had at
 * this trust (a session id is never carried over from before the password).
 */
export async function beginSession(request: FastifyRequest, reply: FastifyReply, deps: EmployerPortalDeps, organisation: Organisation, userId: string, stage: 'second-factor' | 'enrolment'): Promise<EmployerSession> {
  const scope = scopeOf(organisation.id);
  const sessions = employerSessions(deps.database.db, scope);
  const old = readSessionCookie(request, deps);
  if (old && old.organisationId === organisation.id) await sessions.endByToken(digest(old.token));
  const token = newToken();
  const now = deps.clock.now();
  const session = await sessions.create({ userId, tokenHash: digest(token), stage, now, expiresAt: new Date(now.getTime() + signInPolicy.halfSignedInMs) });
  setSessionCookie(reply, deps, organisation.id, token);
  return session;
}

/** Both factors done: the session is signed in, under a new token, for the absolute lifetime. */
export async function completeSignIn(request: FastifyRequest, reply: FastifyReply, deps: EmployerPortalDeps, organisation: Organisation, session: EmployerSession, user: EmployerUser, how: string): Promise<boolean> {
  const token = newToken();
  const now = deps.clock.now();
  return deps.database.transaction(async (tx) => {
    const moved = await employerSessions(tx, scopeOf(organisation.id)).advance(session.id, { fromStage: session.stage, toStage: 'signed-in', tokenHash: digest(token), now, expiresAt: new Date(now.getTime() + signInPolicy.absoluteMs) });
    if (!moved) return false;
    await employerSignInLocks(tx, scopeOf(organisation.id)).recordSuccess(accountKeyOf(user.email), 'code', now);
    await appendAudit(tx, { organisationId: organisation.id, actor: `user:${user.id}`, action: 'employer-user.signed-in', subject: user.id, correlationId: request.id, details: { secondFactor: how } }, deps.clock);
    setSessionCookie(reply, deps, organisation.id, token);
    return true;
  });
}

/** Sends a new SMS code for the session, unless one was sent less than 30 seconds ago. */
export async function sendSmsCode(deps: EmployerPortalDeps, organisation: Organisation, session: EmployerSession, mobile: string): Promise<'sent' | 'too-soon'> {
  const now = deps.clock.now();
  if (session.smsCodeSentAt && now.getTime() - session.smsCodeSentAt.getTime() < signInPolicy.smsResendMs) return 'too-soon';
  const code = newSmsCode();
  await deps.database.transaction(async (tx) => {
    await employerSessions(tx, scopeOf(organisation.id)).setSmsCode(session.id, { hash: smsCodeDigest(session.id, code), now, expiresAt: new Date(now.getTime() + signInPolicy.smsCodeMs) });
    await deps.notifier.send(tx, { organisationId: organisation.id, channel: 'sms', to: mobile, template: 'sms-verification-code', personalisation: { code, expires_in_minutes: String(signInPolicy.smsCodeMs / 60_000) } });
  });
  return 'sent';
}

/** A new authenticator key, sealed for the user. */
export async function newTotpSeed(deps: EmployerPortalDeps, userId: string): Promise<{ seed: string; sealed: string }> {
  const seed = generateSecret();
  return { seed, sealed: await deps.keys.seal(seed, `totp-seed:${userId}`) };
}

export async function openTotpSeed(deps: EmployerPortalDeps, userId: string, sealed: string): Promise<string> {
  return Buffer.from(await deps.keys.open(sealed, `totp-seed:${userId}`)).toString('utf8');
}

export function totpUri(organisation: Organisation, user: EmployerUser, seed: string): string {
  return generateURI({ issuer: `Digital Staff Passport ${organisation.odsCode}`, label: user.email, secret: seed });
}

export type CodeCheck = { outcome: 'right'; totpStep?: number } | { outcome: 'wrong' } | { outcome: 'locked'; until: Date };

/**
 * Checks a code against the user's second factor (confirmed, or being enrolled), counting a wrong
 * one towards the lockout. A TOTP code is accepted once (its time step is recorded by the caller
 * through `confirm` or here through `useTotpStep`); an SMS code once (consumed).
 */
export async function checkCode(deps: EmployerPortalDeps, organisation: Organisation, session: EmployerSession, user: EmployerUser, factor: SecondFactor, code: string): Promise<CodeCheck> {
  const scope = scopeOf(organisation.id);
  const locks = employerSignInLocks(deps.database.db, scope);
  const accountKey = accountKeyOf(user.email);
  const now = deps.clock.now();
  const lockedUntil = await locks.lockedUntil(accountKey, now);
  if (lockedUntil) return { outcome: 'locked', until: lockedUntil };

  let right = false;
  let totpStep: number | undefined;
  if (factor.kind === 'totp' && factor.totpSeedSealed) {
    const seed = await openTotpSeed(deps, user.id, factor.totpSeedSealed);
    const result = await verifyTotp({ secret: seed, token: code, epoch: Math.floor(now.getTime() / 1000), epochTolerance: signInPolicy.totpToleranceSeconds });
    if (result.valid && 'timeStep' in result) {
      totpStep = result.timeStep;
      // A confirmed factor's code is used up here; an enrolling one's when it is confirmed.
      right = factor.confirmedAt ? await employerSecondFactors(deps.database.db, scope).useTotpStep(user.id, totpStep) : true;
    }
  } else {
    right = await employerSessions(deps.database.db, scope).consumeSmsCode(session.id, smsCodeDigest(session.id, code), now);
  }
  if (right) return totpStep === undefined ? { outcome: 'right' } : { outcome: 'right', totpStep };
  const until = await locks.recordFailure(accountKey, 'code', now, lockPolicy);
  if (until) {
    await employerSessions(deps.database.db, scope).end(session.id);
    return { outcome: 'locked', until };
  }
  return { outcome: 'wrong' };
}

/** The session must be enrolling a second factor (right password, no second factor yet). */
export async function enrolmentStep(request: FastifyRequest, reply: FastifyReply, deps: EmployerPortalDeps): Promise<{ organisation: Organisation; session: EmployerSession; user: EmployerUser } | undefined> {
  const organisation = await employerOrganisationOf(request, deps);
  if (!organisation) {
    reply.page('errors/not-found.njk', { pageTitle: 'Page not found' }, 404);
    return undefined;
  }
  const current = await currentSession(request, deps, organisation);
  if (current.kind !== 'session') {
    reply.redirect(employerPath(organisation, '/sign-in'), 303);
    return undefined;
  }
  if (current.session.stage !== 'enrolment') {
    reply.redirect(stagePath(organisation, current.session.stage), 303);
    return undefined;
  }
  return { organisation, session: current.session, user: current.user };
}

/** What a page before sign-in is rendered with. */
export function preSignInContext(organisation: Organisation, pageTitle: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { organisation, serviceHref: employerPath(organisation), pageTitle, values: {}, ...extra };
}
