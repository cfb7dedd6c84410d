// The sign-up journey from an invitation (DOMAIN.md S1, S7; D45) as an explicit state machine: the
// steps in order, which one is due from what the session's `journey` JSON records, and the guard
// every page runs first. The first question splits it in two branches: "No" is S1 (a new
// passport: terms, wallet, identity route…), "Yes" is S7, moving trusts (share the identity
// credential and others from the wallet, then the profile and role). A page further on than the step due answers 303 to the step due; a page
// already done can be visited again (to change an answer), and changing it clears what depended
// on it. The journey keeps flags, identifiers and the address a code went to (never a code): the
// details themselves are written on the passport as each step is done (src/store/employee-sign-up.ts).
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Organisation } from '../../../core/passport/organisation.ts';
import { employeeSessions } from '../../../store/employee-sessions.ts';
import { scopeOf, type OrganisationScope } from '../../../store/scope.ts';
import { employeeJourney, employeePath, employeePublicPage, type EmployeeContext } from '../auth/employee-context.ts';

export const zSignUpJourney = z.object({
  v: z.literal(1),
  /** The invitation whose link started this journey. */
  invitationId: z.uuid(),
  /** Answered "No" to "Do you already have a Digital Staff Passport?". */
  newPassport: z.boolean().optional(),
  /** Answered "Yes": moving from another organisation with credentials in the wallet (S7). */
  moving: z.boolean().optional(),
  terms: z.boolean().optional(),
  wallet: z.boolean().optional(),
  route: z.enum(['digital-identity', 'face-to-face']).nullable().optional(),
  /** S7: the credential types chosen to share, in catalogue order (Identity always among them). */
  moveTypes: z.array(z.string()).nullable().optional(),
  /**
   * S1: the digital identity was shared and the person said its details are correct. S7: the
   * shared identity credential (and the other credentials) are kept on the passport.
   */
  identityShared: z.boolean().optional(),
  /** The presentation session whose outcome waits for the person's review (its id, never its content). */
  walletSession: z.uuid().nullable().optional(),
  emailSent: z.boolean().optional(),
  /** Where the email code went (a resend goes there too, even after the code died). */
  emailTarget: z.string().optional(),
  emailVerified: z.boolean().optional(),
  mobileSent: z.boolean().optional(),
  mobileTarget: z.string().optional(),
  mobileVerified: z.boolean().optional(),
  moreDetails: z.boolean().optional(),
  role: z.boolean().optional(),
});
export type SignUpJourney = z.infer<typeof zSignUpJourney>;

/** S1, a new passport. */
export const NEW_PASSPORT_STEPS = ['existing-passport', 'terms', 'wallet', 'identity-route', 'identity', 'email', 'email-code', 'mobile', 'mobile-code', 'more-details', 'role', 'check'] as const;
/**
 * S7, moving trusts (seed 002): information and terms → choose credentials → confirm and share
 * from the wallet → "Create your passport profile" (the share is kept) → email, mobile → role,
 * whose Continue finishes (no check-your-answers page in S7).
 */
export const MOVING_STEPS = ['existing-passport', 'move-start', 'move-choose', 'move-confirm', 'move-profile', 'email', 'email-code', 'mobile', 'mobile-code', 'role'] as const;
export type SignUpStep = (typeof NEW_PASSPORT_STEPS)[number] | (typeof MOVING_STEPS)[number];

/** The steps of the journey's branch, in order. */
export function stepsOf(j: Pick<SignUpJourney, 'moving'>): readonly SignUpStep[] {
  return j.moving ? MOVING_STEPS : NEW_PASSPORT_STEPS;
}

/**
 * S7 steps that cannot be gone back to once the share is kept on the passport (the identity and
 * credentials are recorded, with history): asking for them goes on to the step due.
 */
const BEFORE_KEPT_SHARE: readonly SignUpStep[] = ['existing-passport', 'move-start', 'move-choose', 'move-confirm', 'move-profile'];

/** The first step not yet done. */
export function stepDue(j: SignUpJourney): SignUpStep {
  if (!j.newPassport && !j.moving) return 'existing-passport';
  if (j.moving) {
    if (!j.terms) return 'move-start';
    if (!j.moveTypes || j.moveTypes.length === 0) return 'move-choose';
    if (!j.identityShared) return j.walletSession ? 'move-profile' : 'move-confirm';
    if (!j.emailVerified) return j.emailSent ? 'email-code' : 'email';
    if (!j.mobileVerified) return j.mobileSent ? 'mobile-code' : 'mobile';
    return 'role';
  }
  if (!j.terms) return 'terms';
  if (!j.wallet) return 'wallet';
  if (!j.route) return 'identity-route';
  if (j.route === 'digital-identity' && !j.identityShared) return 'identity';
  if (!j.emailVerified) return j.emailSent ? 'email-code' : 'email';
  if (!j.mobileVerified) return j.mobileSent ? 'mobile-code' : 'mobile';
  if (!j.moreDetails) return 'more-details';
  if (!j.role) return 'role';
  return 'check';
}

/** The path of a step's page (the identity step's depends on the route chosen). */
export function stepPath(organisation: Pick<Organisation, 'odsCode'>, step: SignUpStep, j?: Pick<SignUpJourney, 'route'>): string {
  const paths: Record<SignUpStep, string> = {
    'existing-passport': '',
    terms: '/terms',
    wallet: '/wallet',
    'identity-route': '/identity',
    identity: j?.route === 'face-to-face' ? '/face-to-face' : '/digital-identity',
    'move-start': '/moving',
    'move-choose': '/moving/credentials',
    'move-confirm': '/moving/confirm',
    'move-profile': '/moving/profile',
    email: '/email',
    'email-code': '/email/code',
    mobile: '/mobile',
    'mobile-code': '/mobile/code',
    'more-details': '/more-details',
    role: '/role',
    check: '/check',
  };
  return signUpPath(organisation, paths[step]);
}

export function signUpPath(organisation: Pick<Organisation, 'odsCode'>, path = ''): string {
  return employeePath(organisation, `/sign-up${path}`);
}

/** The step before, for the page's "Back" link. */
export function previousStepPath(organisation: Pick<Organisation, 'odsCode'>, step: SignUpStep, j: SignUpJourney): string | undefined {
  const order = stepsOf(j).filter((s) => s !== 'email-code' && s !== 'mobile-code');
  const at = order.indexOf(step === 'email-code' ? 'email' : step === 'mobile-code' ? 'mobile' : step);
  if (at <= 0) return undefined;
  const before = order[at - 1]!;
  // S7: nothing before a kept share can be changed.
  if (j.moving && j.identityShared && BEFORE_KEPT_SHARE.includes(before)) return undefined;
  if (step === 'email-code' || step === 'mobile-code') return stepPath(organisation, step === 'email-code' ? 'email' : 'mobile', j);
  return stepPath(organisation, before, j);
}

export interface SignUpContext extends EmployeeContext {
  scope: OrganisationScope;
  journey: SignUpJourney;
}

/**
 * The guard every sign-up page runs first: this browser's sign-up journey at the trust in the URL
 * (else the "timed out" page), and `step` not further on than the step due (else 303 there). The
 * identity pages of one route are refused (303) when the other route was chosen, and a step of
 * the other branch (S1 or S7) likewise.
 */
export async function signUpStep(request: FastifyRequest, reply: FastifyReply, step: SignUpStep, route?: 'digital-identity' | 'face-to-face'): Promise<SignUpContext | undefined> {
  const ctx = await employeeJourney(request, reply, 'sign-up');
  if (!ctx) return undefined;
  const parsed = zSignUpJourney.safeParse(ctx.session.journey);
  if (!parsed.success) {
    reply.page('portals/employee/journey-expired.njk', { organisation: ctx.organisation, serviceHref: employeePath(ctx.organisation), pageTitle: 'This page has timed out', signIn: employeePath(ctx.organisation, '/sign-in'), stage: 'sign-up' });
    return undefined;
  }
  const journey = parsed.data;
  const due = stepDue(journey);
  const steps = stepsOf(journey);
  const wrongRoute = route !== undefined && journey.route !== route;
  // Another branch's step, one further on than the step due, or (S7) one before a kept share.
  const shareKept = journey.moving === true && journey.identityShared === true && BEFORE_KEPT_SHARE.includes(step);
  if (!steps.includes(step) || steps.indexOf(step) > steps.indexOf(due) || wrongRoute || shareKept) {
    reply.redirect(stepPath(ctx.organisation, due, journey), 303);
    return undefined;
  }
  return { ...ctx, scope: scopeOf(ctx.organisation.id), journey };
}

/** Records progress in the session (top-level keys merged). */
export async function recordProgress(request: FastifyRequest, ctx: SignUpContext, patch: Partial<SignUpJourney>): Promise<SignUpJourney> {
  const session = await employeeSessions(request.server.employeePortal.database.db, ctx.scope).updateJourney(ctx.session.id, patch);
  return zSignUpJourney.parse(session?.journey ?? { ...ctx.journey, ...patch });
}

/** Goes on to whichever step is now due. */
export function toStepDue(reply: FastifyReply, ctx: Pick<SignUpContext, 'organisation'>, journey: SignUpJourney): FastifyReply {
  return reply.redirect(stepPath(ctx.organisation, stepDue(journey), journey), 303);
}

/** Renders a sign-up page (before sign-in: the trust's header, no navigation). */
export function signUpPage(reply: FastifyReply, ctx: SignUpContext, template: string, context: Record<string, unknown>, status = 200): FastifyReply {
  return employeePublicPage(reply, ctx.organisation, template, { caption: 'Sign up', ...context }, status);
}
