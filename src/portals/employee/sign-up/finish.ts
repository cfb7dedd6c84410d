// The end of sign-up, shared by both branches (D46): S1's "Send my details" on check your answers
// and S7's Continue on the role page. ONE transaction on the locked passport: status
// `identity-shared` (a shared identity) or `appointment-needed` (face to face), signed_up_at, the
// passport's live invitations accepted, history `passport.signed-up` (and, for S1's digital
// identity, `identity.shared` — S7 recorded it when the share was kept), audit — once: a second
// submit finds it signed up and changes nothing. Then the sign-up session ends (the invitation
// link cannot be replayed) and the confirmation renders from this request.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { parseSharedIdentity } from '../../../core/passport/shared-identity.ts';
import { appendAudit } from '../../../store/audit-log.ts';
import { employeeSignUp, type IdentityRoute } from '../../../store/employee-sign-up.ts';
import { passportHistory, type HistoryInput } from '../../../store/passport-history.ts';
import { staffPassports } from '../../../store/staff-passports.ts';
import type { EmployeePortalDeps } from '../auth/deps.ts';
import { endEmployeeSession } from '../auth/employee-context.ts';
import { recordProgress, signUpPage, toStepDue, type SignUpContext } from './journey.ts';

type FinishOutcome = 'signed-up' | 'already' | 'identity-missing' | 'not-verified';

async function finishSignUp(tx: Parameters<typeof employeeSignUp>[0], deps: EmployeePortalDeps, ctx: SignUpContext, route: IdentityRoute, correlationId: string): Promise<FinishOutcome> {
  // The row locked: a double submit takes turns, and the second finds it signed up.
  const passport = await staffPassports(tx, ctx.scope).lock(ctx.passport.id);
  const signUp = employeeSignUp(tx, ctx.scope);
  const record = await signUp.read(ctx.passport.id);
  if (!passport || !record) return 'already';
  if (record.signedUpAt) return 'already';
  const moving = ctx.journey.moving === true;
  const shared = route === 'digital-identity' ? parseSharedIdentity(record.sharedIdentity) : undefined;
  // S7 finishes only with the NHS Identity credential it kept; S1's digital route with its DigitalIdentity.
  if (route === 'digital-identity' && (!shared || shared.type !== (moving ? 'Identity' : 'DigitalIdentity'))) return 'identity-missing';
  if (!record.emailVerifiedAt || !record.mobileVerifiedAt) return 'not-verified';

  const now = deps.clock.now();
  const status = route === 'digital-identity' ? 'identity-shared' : 'appointment-needed';
  if (!(await signUp.complete(passport.id, { status, route }, now))) return 'already';
  const accepted = await signUp.acceptInvitations(passport.id, now);
  const actor = `staff:${passport.id}`;
  const journey = moving ? 'moving-trusts' : 'new-passport';
  const history: HistoryInput[] = [{ passportId: passport.id, event: 'passport.signed-up', actor, at: now, details: { route, journey, invitation: ctx.journey.invitationId, termsVersion: record.termsVersion } }];
  if (shared && !moving) history.push({ passportId: passport.id, event: 'identity.shared', actor, at: now, details: { type: shared.type, issuerName: shared.issuerName, serialNumber: shared.serialNumber } });
  await passportHistory(tx, ctx.scope).record(history);
  await appendAudit(tx, { organisationId: ctx.organisation.id, actor, action: 'passport.signed-up', subject: passport.id, correlationId, details: { route, journey, status, invitations: accepted.join(','), termsVersion: record.termsVersion ?? '' } }, deps.clock);
  return 'signed-up';
}

/**
 * Finishes sign-up and answers: the confirmation page (`done`), or, when a step no longer holds,
 * back to it — the shared identity gone (replaced meanwhile: share again), an address no longer
 * proved (the codes again).
 */
export async function finishAndConfirm(
  request: FastifyRequest,
  reply: FastifyReply,
  deps: EmployeePortalDeps,
  ctx: SignUpContext,
  options: { route: IdentityRoute; done: { template: string; pageTitle: string; context?: Record<string, unknown> } },
): Promise<FastifyReply> {
  const { route } = options;
  const outcome = await deps.database.transaction((tx) => finishSignUp(tx, deps, ctx, route, request.id));
  // S1 shares its identity again at the identity step; S7 chooses and shares again.
  if (outcome === 'identity-missing') return toStepDue(reply, ctx, await recordProgress(request, ctx, { identityShared: false, walletSession: null }));
  if (outcome === 'not-verified') return toStepDue(reply, ctx, await recordProgress(request, ctx, { emailSent: false, emailVerified: false, mobileSent: false, mobileVerified: false }));
  await endEmployeeSession(request, reply, ctx);
  request.log.info({ passport: ctx.passport.id, route, moving: ctx.journey.moving === true, outcome }, 'employee sign-up: details received');
  reply.header('cache-control', 'no-store');
  return signUpPage(reply, ctx, options.done.template, { pageTitle: options.done.pageTitle, route, ...options.done.context });
}
