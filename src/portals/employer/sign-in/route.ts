// Sign in, step 1 (DOMAIN.md E1): email address and password.
//   GET  /trusts/{ods}/employer/sign-in[?returnTo=…]
//   POST /trusts/{ods}/employer/sign-in   1. the form (400, error summary, the email kept)
//                                         2. the lockout (5 wrong passwords or codes: 15 minutes)
//                                         3. the password (argon2id; an unknown email is checked
//                                            against a dummy hash and answered identically)
//                                         4. a new session (new id) at the second-factor step, or
//                                            at enrolment for a user who has no second factor yet
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { Organisation } from '../../../core/passport/organisation.ts';
import { parseForm, formErrors } from '../../../platform/http/forms.ts';
import { hashPassword, verifyPassword } from '../../../platform/passwords.ts';
import { employerSecondFactors } from '../../../store/employer-second-factors.ts';
import { employerSignInLocks } from '../../../store/employer-sign-in-locks.ts';
import { employerUsers } from '../../../store/employer-users.ts';
import { scopeOf } from '../../../store/scope.ts';
import type { EmployerPortalDeps } from '../auth/deps.ts';
import { currentSession, employerOrganisationOf, employerPath, safeReturnPath } from '../auth/employer-context.ts';
import { minutesText, signInPolicy } from '../auth/policy.ts';
import { beginSession, lockPolicy, sendSmsCode, stagePath } from '../auth/sign-in-flow.ts';
import { accountKeyOf } from '../auth/tokens.ts';

const zSignIn = z.object({
  email: z
    .string()
    .trim()
    .min(1, 'Enter your email address')
    .pipe(z.email({ error: 'Enter an email address in the correct format, like name@example.nhs.uk' })),
  password: z.string().min(1, 'Enter your password').max(1000, 'Enter your password'),
  returnTo: z.string().optional(),
});

export const wrongDetailsMessage = 'The email address or password is not correct';
export function lockedMessage(): string {
  return `You have entered incorrect details too many times. Wait ${minutesText(signInPolicy.lockMs)}, then try again.`;
}

// A hash to check unknown emails against, so they take as long as known ones (no enumeration by timing).
let dummyHash: Promise<string> | undefined;

export const rateLimited = { rateLimit: { max: signInPolicy.postsPerMinute, timeWindow: 60_000 } };

export function registerSignInPage(app: FastifyInstance, deps: EmployerPortalDeps): void {
  const render = (reply: FastifyReply, organisation: Organisation, extra: Record<string, unknown>, status = 200) =>
    reply.page(
      'portals/employer/sign-in/page.njk',
      {
        organisation,
        serviceHref: employerPath(organisation),
        pageTitle: 'Sign in',
        action: employerPath(organisation, '/sign-in'),
        maxFailures: signInPolicy.maxFailures,
        lockText: minutesText(signInPolicy.lockMs),
        values: {},
        ...extra,
      },
      status,
    );

  app.get('/trusts/:ods/employer/sign-in', { config: { surface: 'page' } }, async (request, reply) => {
    const organisation = await employerOrganisationOf(request, deps);
    if (!organisation) return reply.page('errors/not-found.njk', { pageTitle: 'Page not found' }, 404);
    const query = z.object({ returnTo: z.string().optional(), signedOut: z.string().optional(), locked: z.string().optional() }).safeParse(request.query);
    const q = query.success ? query.data : {};
    const current = await currentSession(request, deps, organisation);
    if (current.kind === 'session' && current.session.stage === 'signed-in') return reply.redirect(safeReturnPath(organisation, q.returnTo) ?? employerPath(organisation), 303);
    const notice = q.signedOut === 'everywhere' ? 'You have signed out of every device.' : q.signedOut ? 'You have signed out.' : undefined;
    return render(reply, organisation, {
      notice,
      ...(q.locked ? { errors: formErrors([{ field: 'email', message: lockedMessage() }]) } : {}),
      values: { returnTo: safeReturnPath(organisation, q.returnTo) },
    });
  });

  app.post('/trusts/:ods/employer/sign-in', { config: { surface: 'page', ...rateLimited } }, async (request, reply) => {
    const organisation = await employerOrganisationOf(request, deps);
    if (!organisation) return reply.page('errors/not-found.njk', { pageTitle: 'Page not found' }, 404);

    // 1. The form. The password is never sent back.
    const form = parseForm(zSignIn, request.body);
    if (!form.ok) return render(reply, organisation, { errors: form.errors, values: { email: form.values.email, returnTo: safeReturnPath(organisation, form.values.returnTo) } }, 400);
    const { email, password } = form.value;
    const returnTo = safeReturnPath(organisation, form.value.returnTo);
    const refuse = (message: string) => render(reply, organisation, { errors: formErrors([{ field: 'email', message }]), values: { email, returnTo } }, 400);

    // 2. The lockout, counted per email typed, known or not.
    const scope = scopeOf(organisation.id);
    const locks = employerSignInLocks(deps.database.db, scope);
    const accountKey = accountKeyOf(email);
    const now = deps.clock.now();
    if (await locks.lockedUntil(accountKey, now)) return refuse(lockedMessage());

    // 3. The password.
    const user = await employerUsers(deps.database.db, scope).findForSignIn(email);
    dummyHash ??= hashPassword('not-a-real-password-for-timing-only');
    const usable = user && user.status === 'active' && user.passwordHash;
    const right = await verifyPassword(usable ? user.passwordHash! : await dummyHash, password);
    if (!usable || !right) {
      const until = await locks.recordFailure(accountKey, 'password', now, lockPolicy);
      return refuse(until ? lockedMessage() : wrongDetailsMessage);
    }
    await locks.recordSuccess(accountKey, 'password', now);

    // 4. A new session at the step that is due.
    const factor = await employerSecondFactors(deps.database.db, scope).find(user.id);
    const stage = factor?.confirmedAt ? 'second-factor' : 'enrolment';
    const session = await beginSession(request, reply, deps, organisation, user.id, stage);
    if (stage === 'second-factor' && factor?.kind === 'sms' && factor.mobile) await sendSmsCode(deps, organisation, session, factor.mobile);
    const next = stagePath(organisation, stage);
    return reply.redirect(returnTo && stage === 'second-factor' ? `${next}?returnTo=${encodeURIComponent(returnTo)}` : next, 303);
  });
}
