// Sign in, step 2 (DOMAIN.md E1): the code from the authenticator app or the text message. Also
// where an SMS second factor being set up is confirmed.
//   GET  /trusts/{ods}/employer/sign-in/code
//   POST /trusts/{ods}/employer/sign-in/code          1. the form (6 digits; 400 keeps it)
//                                                     2. the code (wrong ones count to the lockout;
//                                                        the 5th ends the session and locks 15 min)
//                                                     3. signed in under a new session id
//   POST /trusts/{ods}/employer/sign-in/code/resend   a new SMS code (at most one per 30 seconds)
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Organisation } from '../../../core/passport/organisation.ts';
import { formErrors, parseForm } from '../../../platform/http/forms.ts';
import { appendAudit } from '../../../store/audit-log.ts';
import { employerSecondFactors, type SecondFactor } from '../../../store/employer-second-factors.ts';
import type { EmployerSession } from '../../../store/employer-sessions.ts';
import type { EmployerUser } from '../../../store/employer-users.ts';
import { scopeOf } from '../../../store/scope.ts';
import type { EmployerPortalDeps } from '../auth/deps.ts';
import { currentSession, employerOrganisationOf, employerPath, safeReturnPath } from '../auth/employer-context.ts';
import { minutesText, signInPolicy } from '../auth/policy.ts';
import { clearSessionCookie } from '../auth/session-cookie.ts';
import { checkCode, completeSignIn, sendSmsCode, stagePath } from '../auth/sign-in-flow.ts';
import { rateLimited } from '../sign-in/route.ts';

export const zCode = z.object({
  code: z
    .string()
    .transform((v) => v.replace(/[\s-]/g, ''))
    .pipe(z.string().min(1, 'Enter the code').regex(/^\d{6}$/, 'Enter the code as 6 numbers, like 123456')),
  returnTo: z.string().optional(),
});

interface CodeStep {
  organisation: Organisation;
  session: EmployerSession;
  user: EmployerUser;
  factor: SecondFactor;
}

/** The session must be at the code step, or enrolling an SMS factor whose code was sent. */
async function codeStep(request: FastifyRequest, reply: FastifyReply, deps: EmployerPortalDeps): Promise<CodeStep | undefined> {
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
  const { session, user } = current;
  const factor = await employerSecondFactors(deps.database.db, scopeOf(organisation.id)).find(user.id);
  const enrollingSms = session.stage === 'enrolment' && factor?.kind === 'sms' && !factor.confirmedAt;
  if (!factor || !(session.stage === 'second-factor' || enrollingSms)) {
    reply.redirect(stagePath(organisation, session.stage), 303);
    return undefined;
  }
  return { organisation, session, user, factor };
}

export function registerSignInCodePage(app: FastifyInstance, deps: EmployerPortalDeps): void {
  const render = (reply: FastifyReply, step: CodeStep, extra: Record<string, unknown>, status = 200) =>
    reply.page(
      'portals/employer/sign-in-code/page.njk',
      {
        organisation: step.organisation,
        serviceHref: employerPath(step.organisation),
        pageTitle: step.factor.kind === 'sms' ? 'Check your phone' : 'Enter the code from your authenticator app',
        kind: step.factor.kind,
        enrolling: !step.factor.confirmedAt,
        mobileEnding: step.factor.mobile?.slice(-3),
        codeMinutes: minutesText(signInPolicy.smsCodeMs),
        action: employerPath(step.organisation, '/sign-in/code'),
        resendAction: employerPath(step.organisation, '/sign-in/code/resend'),
        setUpAgain: employerPath(step.organisation, '/sign-in/set-up-second-factor'),
        values: {},
        ...extra,
      },
      status,
    );

  app.get('/trusts/:ods/employer/sign-in/code', { config: { surface: 'page' } }, async (request, reply) => {
    const step = await codeStep(request, reply, deps);
    if (!step) return reply;
    const q = z.object({ returnTo: z.string().optional(), resent: z.string().optional() }).safeParse(request.query);
    return render(reply, step, {
      notice: q.success && q.data.resent === 'yes' ? 'We have sent you a new code.' : q.success && q.data.resent === 'wait' ? 'Wait 30 seconds before asking for another code.' : undefined,
      values: { returnTo: q.success ? safeReturnPath(step.organisation, q.data.returnTo) : undefined },
    });
  });

  app.post('/trusts/:ods/employer/sign-in/code', { config: { surface: 'page', ...rateLimited } }, async (request, reply) => {
    const step = await codeStep(request, reply, deps);
    if (!step) return reply;
    const { organisation, session, user, factor } = step;

    // 1. The form.
    const form = parseForm(zCode, request.body);
    const returnTo = safeReturnPath(organisation, form.ok ? form.value.returnTo : form.values.returnTo);
    if (!form.ok) return render(reply, step, { errors: form.errors, values: { code: form.values.code, returnTo } }, 400);

    // 2. The code.
    const checked = await checkCode(deps, organisation, session, user, factor, form.value.code);
    if (checked.outcome === 'locked') {
      clearSessionCookie(reply, deps);
      return reply.redirect(`${employerPath(organisation, '/sign-in')}?locked=1`, 303);
    }
    if (checked.outcome === 'wrong') {
      const message = factor.kind === 'sms' ? 'The code is not correct or has expired. Check the code or ask for a new one' : 'The code is not correct. Enter the code your authenticator app shows now';
      return render(reply, step, { errors: formErrors([{ field: 'code', message }]), values: { code: form.value.code, returnTo } }, 400);
    }

    // 3. Signed in (an SMS factor being set up is confirmed first).
    if (!factor.confirmedAt) {
      const confirmed = await deps.database.transaction(async (tx) => {
        const done = await employerSecondFactors(tx, scopeOf(organisation.id)).confirm(user.id, deps.clock.now());
        if (done) await appendAudit(tx, { organisationId: organisation.id, actor: `user:${user.id}`, action: 'employer-user.second-factor-enrolled', subject: user.id, correlationId: request.id, details: { kind: 'sms' } }, deps.clock);
        return done;
      });
      if (!confirmed) return reply.redirect(employerPath(organisation, '/sign-in'), 303);
    }
    if (!(await completeSignIn(request, reply, deps, organisation, session, user, factor.kind))) return reply.redirect(employerPath(organisation, '/sign-in'), 303);
    return reply.redirect(returnTo ?? employerPath(organisation), 303);
  });

  app.post('/trusts/:ods/employer/sign-in/code/resend', { config: { surface: 'page', ...rateLimited } }, async (request, reply) => {
    const step = await codeStep(request, reply, deps);
    if (!step) return reply;
    if (step.factor.kind !== 'sms' || !step.factor.mobile) return reply.redirect(employerPath(step.organisation, '/sign-in/code'), 303);
    const sent = await sendSmsCode(deps, step.organisation, step.session, step.factor.mobile);
    return reply.redirect(`${employerPath(step.organisation, '/sign-in/code')}?resent=${sent === 'sent' ? 'yes' : 'wait'}`, 303);
  });
}
