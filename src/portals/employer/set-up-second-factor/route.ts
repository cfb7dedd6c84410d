// Choosing a second factor, for a user who has none yet (DOMAIN.md E1.1): after their password,
// on first sign-in or after a senior administrator reset theirs.
//   GET  /trusts/{ods}/employer/sign-in/set-up-second-factor
//   POST /trusts/{ods}/employer/sign-in/set-up-second-factor   → the app's or the phone's set-up page
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { parseForm } from '../../../platform/http/forms.ts';
import type { EmployerPortalDeps } from '../auth/deps.ts';
import { employerPath } from '../auth/employer-context.ts';
import { enrolmentStep, preSignInContext } from '../auth/sign-in-flow.ts';

const zChoice = z.object({ method: z.enum(['app', 'sms'], { error: 'Select how you want to get your security codes' }) });

export function registerSetUpSecondFactorPage(app: FastifyInstance, deps: EmployerPortalDeps): void {
  const template = 'portals/employer/set-up-second-factor/page.njk';
  const title = 'How do you want to get security codes?';

  app.get('/trusts/:ods/employer/sign-in/set-up-second-factor', { config: { surface: 'page' } }, async (request, reply) => {
    const step = await enrolmentStep(request, reply, deps);
    if (!step) return reply;
    return reply.page(template, preSignInContext(step.organisation, title, { action: employerPath(step.organisation, '/sign-in/set-up-second-factor') }));
  });

  app.post('/trusts/:ods/employer/sign-in/set-up-second-factor', { config: { surface: 'page' } }, async (request, reply) => {
    const step = await enrolmentStep(request, reply, deps);
    if (!step) return reply;
    const form = parseForm(zChoice, request.body);
    if (!form.ok) return reply.page(template, preSignInContext(step.organisation, title, { action: employerPath(step.organisation, '/sign-in/set-up-second-factor'), errors: form.errors, values: form.values }), 400);
    return reply.redirect(employerPath(step.organisation, form.value.method === 'app' ? '/sign-in/set-up-app' : '/sign-in/set-up-sms'), 303);
  });
}
