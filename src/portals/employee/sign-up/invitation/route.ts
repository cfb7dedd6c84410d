// The link in HR's invitation (DOMAIN.md E4.3, S1.1): GET /trusts/{ods}/employee/invitation/{token}
//   1. the trust in the URL (else 404)
//   2. the invitation of this token at this trust — only the token's SHA-256 is looked up, in the
//      trust's scope, so another trust's token is simply unknown here
//   3. a passport that finished signing up: "You have already signed up" with sign-in
//   4. an invitation that is not live (replaced by a resend, cancelled, expired, already used):
//      a page saying the link does not work and what to do — no session
//   5. live: a sign-up session for the passport (the browser's earlier session at the trust ends)
//      and 303 to the first step. The token leaves the address bar at once.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { Organisation } from '../../../../core/passport/organisation.ts';
import { invitations } from '../../../../store/invitations.ts';
import { employeeSignUp } from '../../../../store/employee-sign-up.ts';
import { scopeOf } from '../../../../store/scope.ts';
import { staffPassports } from '../../../../store/staff-passports.ts';
import { digest } from '../../../employer/auth/tokens.ts';
import type { EmployeePortalDeps } from '../../auth/deps.ts';
import { employeeOrganisationOf, employeePath, employeePublicPage, startEmployeeSession } from '../../auth/employee-context.ts';
import { stepPath, type SignUpJourney } from '../journey.ts';

const zToken = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{43}$/) });

/** Why a link does not work, for the page's wording. */
type LinkProblem = 'unknown' | 'expired' | 'replaced' | 'cancelled';

/** Statuses of a passport past sign-up (HR may also have confirmed identity face to face first). */
const PAST_SIGN_UP = new Set(['identity-shared', 'appointment-needed', 'credentials-pending', 'active', 'deactivated', 'disabled']);

export function registerInvitationLink(app: FastifyInstance, deps: EmployeePortalDeps): void {
  const notWorking = (reply: FastifyReply, organisation: Organisation, problem: LinkProblem) =>
    employeePublicPage(reply, organisation, 'portals/employee/sign-up/invitation/link-not-working.njk', { pageTitle: 'This link does not work', problem }, 400);

  app.get('/trusts/:ods/employee/invitation/:token', { config: { surface: 'page' } }, async (request, reply) => {
    // 1. The trust.
    const organisation = await employeeOrganisationOf(request, deps);
    if (!organisation) return reply.page('errors/not-found.njk', { pageTitle: 'Page not found' }, 404);
    reply.header('cache-control', 'no-store');
    reply.header('referrer-policy', 'no-referrer');
    const scope = scopeOf(organisation.id);
    const db = deps.database.db;

    // 2. The invitation, by the token's digest, in this trust only.
    const token = zToken.safeParse(request.params);
    const invitation = token.success ? await invitations(db, scope).findByTokenHash(digest(token.data.token)) : undefined;
    if (!invitation) return notWorking(reply, organisation, 'unknown');
    const passport = await staffPassports(db, scope).findById(invitation.passportId);
    if (!passport) return notWorking(reply, organisation, 'unknown');

    // 3. Signed up already (this link or another): sign in instead.
    const record = await employeeSignUp(db, scope).read(passport.id);
    if (record?.signedUpAt || invitation.state === 'accepted' || PAST_SIGN_UP.has(passport.status)) {
      return employeePublicPage(reply, organisation, 'portals/employee/sign-up/invitation/already-signed-up.njk', { pageTitle: 'You have already signed up', signIn: employeePath(organisation, '/sign-in') });
    }

    // 4. Not live.
    const now = deps.clock.now();
    if (invitation.state === 'superseded') return notWorking(reply, organisation, 'replaced');
    if (invitation.state === 'cancelled' || passport.status === 'identity-declined') return notWorking(reply, organisation, 'cancelled');
    if (invitation.state === 'expired' || invitation.expiresAt.getTime() <= now.getTime()) return notWorking(reply, organisation, 'expired');

    // 5. Live: a sign-up session in this browser, and on to the first step.
    const journey: SignUpJourney = { v: 1, invitationId: invitation.id };
    await startEmployeeSession(request, reply, organisation, { passportId: passport.id, stage: 'sign-up', journey });
    request.log.info({ passport: passport.id, invitation: invitation.id }, 'employee sign-up: started from an invitation');
    return reply.redirect(stepPath(organisation, 'existing-passport'), 303);
  });
}
