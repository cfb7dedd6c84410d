// The sign-up journey from an invitation (DOMAIN.md S1; D45) as an explicit state machine: the
// steps in order, which one is due from what the session's `journey` JSON records, and the guard
// every page runs first. A page further on than the step due answers 303 to the step due; a page
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
  terms: z.boolean().optional(),
  wallet: z.boolean().optional(),
  route: z.enum(['digital-identity', 'face-to-face']).optional(),
  /** The digital identity was shared and the person said its details are correct. */
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

export const SIGN_UP_STEPS = ['existing-passport', 'terms', 'wallet', 'identity-route', 'identity', 'email', 'email-code', 'mobile', 'mobile-code', 'more-details', 'role', 'check'] as const;
export type SignUpStep = (typeof SIGN_UP_STEPS)[number];

/** The first step not yet done. */
export function stepDue(j: SignUpJourney): SignUpStep {
  if (!j.newPassport) return 'existing-passport';
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
  const order: SignUpStep[] = ['existing-passport', 'terms', 'wallet', 'identity-route', 'identity', 'email', 'mobile', 'more-details', 'role', 'check'];
  const at = order.indexOf(step === 'email-code' ? 'email' : step === 'mobile-code' ? 'mobile' : step);
  if (at <= 0) return undefined;
  const before = order[at - 1]!;
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
 * identity pages of one route are refused (303) when the other route was chosen.
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
  const wrongRoute = route !== undefined && journey.route !== route;
  if (SIGN_UP_STEPS.indexOf(step) > SIGN_UP_STEPS.indexOf(due) || wrongRoute) {
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
