// S1.4 How the person proves who they are: a digital identity from an identity service
// provider, or face to face with HR (HR contacts them; booking is not done here).
//   GET  /trusts/{ods}/employee/sign-up/identity
//   POST /trusts/{ods}/employee/sign-up/identity     digital → share it; face to face → what happens next
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { parseForm, type FormErrors } from '../../../../platform/http/forms.ts';
import { employeeSignUp } from '../../../../store/employee-sign-up.ts';
import type { EmployeePortalDeps } from '../../auth/deps.ts';
import { previousStepPath, recordProgress, signUpPage, signUpPath, signUpStep, stepPath, type SignUpContext } from '../journey.ts';

const zRoute = z.object({ route: z.enum(['digital-identity', 'face-to-face'], { error: 'Select how you want to prove your identity' }) });

export function registerIdentityRoutePage(app: FastifyInstance, deps: EmployeePortalDeps): void {
  const render = (reply: FastifyReply, ctx: SignUpContext, values: Record<string, string>, errors?: FormErrors) =>
    signUpPage(reply, ctx, 'portals/employee/sign-up/identity-route/page.njk', {
      pageTitle: 'How do you want to prove your identity?',
      backHref: previousStepPath(ctx.organisation, 'identity-route', ctx.journey),
      action: signUpPath(ctx.organisation, '/identity'),
      values,
      ...(errors ? { errors } : {}),
    }, errors ? 400 : 200);

  app.get('/trusts/:ods/employee/sign-up/identity', { config: { surface: 'page' } }, async (request, reply) => {
    const ctx = await signUpStep(request, reply, 'identity-route');
    if (!ctx) return reply;
    return render(reply, ctx, ctx.journey.route ? { route: ctx.journey.route } : {});
  });

  app.post('/trusts/:ods/employee/sign-up/identity', { config: { surface: 'page' } }, async (request, reply) => {
    const ctx = await signUpStep(request, reply, 'identity-route');
    if (!ctx) return reply;
    const form = parseForm(zRoute, request.body);
    if (!form.ok) return render(reply, ctx, form.values, form.errors);
    if (form.value.route === 'face-to-face') {
      // Any digital identity shared before is dropped: HR checks documents in person.
      await deps.database.transaction((tx) => employeeSignUp(tx, ctx.scope).chooseFaceToFace(ctx.passport.id));
      const journey = await recordProgress(request, ctx, { route: 'face-to-face', identityShared: false, walletSession: null });
      return reply.redirect(stepPath(ctx.organisation, 'identity', journey), 303);
    }
    const journey = await recordProgress(request, ctx, ctx.journey.route === 'digital-identity' ? {} : { route: 'digital-identity', identityShared: false, walletSession: null });
    return reply.redirect(stepPath(ctx.organisation, 'identity', journey), 303);
  });
}
