// S1.1 "Do you already have a Digital Staff Passport?"
//   GET  /trusts/{ods}/employee/sign-up                     the question
//   POST /trusts/{ods}/employee/sign-up                     No → the terms; Yes → moving trusts
//   GET  /trusts/{ods}/employee/sign-up/moving-trusts       Yes: S7 (sharing the identity credential
//                                                           from the wallet) is not built yet — said so
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { parseForm, type FormErrors } from '../../../../platform/http/forms.ts';
import { recordProgress, signUpPage, signUpPath, signUpStep, toStepDue, type SignUpContext } from '../journey.ts';

const zAnswer = z.object({ hasPassport: z.enum(['yes', 'no'], { error: 'Select yes if you already have a Digital Staff Passport' }) });

export function registerExistingPassportQuestion(app: FastifyInstance): void {
  const render = (reply: FastifyReply, ctx: SignUpContext, values: Record<string, string>, errors?: FormErrors) =>
    signUpPage(reply, ctx, 'portals/employee/sign-up/existing-passport/page.njk', {
      pageTitle: 'Do you already have a Digital Staff Passport?',
      action: signUpPath(ctx.organisation),
      values,
      ...(errors ? { errors } : {}),
    }, errors ? 400 : 200);

  app.get('/trusts/:ods/employee/sign-up', { config: { surface: 'page' } }, async (request, reply) => {
    const ctx = await signUpStep(request, reply, 'existing-passport');
    if (!ctx) return reply;
    return render(reply, ctx, ctx.journey.newPassport ? { hasPassport: 'no' } : {});
  });

  app.post('/trusts/:ods/employee/sign-up', { config: { surface: 'page' } }, async (request, reply) => {
    const ctx = await signUpStep(request, reply, 'existing-passport');
    if (!ctx) return reply;
    const form = parseForm(zAnswer, request.body);
    if (!form.ok) return render(reply, ctx, form.values, form.errors);
    if (form.value.hasPassport === 'yes') return reply.redirect(signUpPath(ctx.organisation, '/moving-trusts'), 303);
    return toStepDue(reply, ctx, await recordProgress(request, ctx, { newPassport: true }));
  });

  app.get('/trusts/:ods/employee/sign-up/moving-trusts', { config: { surface: 'page' } }, async (request, reply) => {
    const ctx = await signUpStep(request, reply, 'existing-passport');
    if (!ctx) return reply;
    return signUpPage(reply, ctx, 'portals/employee/sign-up/existing-passport/moving-trusts.njk', {
      pageTitle: 'Moving from another NHS organisation',
      backHref: signUpPath(ctx.organisation),
      action: signUpPath(ctx.organisation),
    });
  });
}
