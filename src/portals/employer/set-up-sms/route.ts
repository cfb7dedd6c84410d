// Setting up text message codes (DOMAIN.md E1.1): the mobile number, then the code sent to it on
// the code page (sign-in-code), which confirms it.
//   GET  /trusts/{ods}/employer/sign-in/set-up-sms
//   POST /trusts/{ods}/employer/sign-in/set-up-sms   1. the form (a UK mobile; 400 keeps it)
//                                                    2. the number recorded (unconfirmed), a code sent
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { parseUkMobile } from '../../../integrations/notify/index.ts';
import { parseForm } from '../../../platform/http/forms.ts';
import { employerSecondFactors } from '../../../store/employer-second-factors.ts';
import { scopeOf } from '../../../store/scope.ts';
import type { EmployerPortalDeps } from '../auth/deps.ts';
import { employerPath } from '../auth/employer-context.ts';
import { enrolmentStep, preSignInContext, sendSmsCode } from '../auth/sign-in-flow.ts';
import { rateLimited } from '../sign-in/route.ts';

const zMobile = z.object({
  mobile: z
    .string()
    .trim()
    .min(1, 'Enter your UK mobile phone number')
    .transform((value, ctx) => {
      try {
        return parseUkMobile(value);
      } catch {
        ctx.addIssue({ code: 'custom', message: 'Enter a UK mobile phone number, like 07700 900 982' });
        return z.NEVER;
      }
    }),
});

export function registerSetUpSmsPage(app: FastifyInstance, deps: EmployerPortalDeps): void {
  const template = 'portals/employer/set-up-sms/page.njk';
  const context = (organisation: Parameters<typeof employerPath>[0] & Parameters<typeof preSignInContext>[0], extra: Record<string, unknown> = {}) =>
    preSignInContext(organisation, 'Enter your mobile phone number', { action: employerPath(organisation, '/sign-in/set-up-sms'), backHref: employerPath(organisation, '/sign-in/set-up-second-factor'), ...extra });

  app.get('/trusts/:ods/employer/sign-in/set-up-sms', { config: { surface: 'page' } }, async (request, reply) => {
    const step = await enrolmentStep(request, reply, deps);
    if (!step) return reply;
    return reply.page(template, context(step.organisation));
  });

  app.post('/trusts/:ods/employer/sign-in/set-up-sms', { config: { surface: 'page', ...rateLimited } }, async (request, reply) => {
    const step = await enrolmentStep(request, reply, deps);
    if (!step) return reply;
    const { organisation, session, user } = step;
    const form = parseForm(zMobile, request.body);
    if (!form.ok) return reply.page(template, context(organisation, { errors: form.errors, values: form.values }), 400);
    const recorded = await employerSecondFactors(deps.database.db, scopeOf(organisation.id)).beginEnrolment(user.id, { kind: 'sms', mobile: form.value.mobile }, deps.clock.now());
    // At most one code every 30 seconds per session, whichever number (no texting spree).
    const sent = recorded ? await sendSmsCode(deps, organisation, session, form.value.mobile) : 'too-soon';
    return reply.redirect(`${employerPath(organisation, '/sign-in/code')}${sent === 'sent' ? '' : '?resent=wait'}`, 303);
  });
}
