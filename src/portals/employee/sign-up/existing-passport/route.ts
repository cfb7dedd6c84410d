// S1.1 / S7.2 "Do you already have a Digital Staff Passport?"
//   GET  /trusts/{ods}/employee/sign-up     the question
//   POST /trusts/{ods}/employee/sign-up     No → S1 (the terms); Yes → S7, moving trusts (../moving)
// Changing the answer starts the other branch afresh: what the first branch recorded in the
// journey (terms, route, codes…) is cleared, so no step of one branch counts for the other.
// Once an S7 share is kept on the passport the question cannot be answered again (journey.ts).
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { parseForm, type FormErrors } from '../../../../platform/http/forms.ts';
import { recordProgress, signUpPage, signUpPath, signUpStep, toStepDue, type SignUpContext, type SignUpJourney } from '../journey.ts';

const zAnswer = z.object({ hasPassport: z.enum(['yes', 'no'], { error: 'Select yes if you already have a Digital Staff Passport' }) });

/** Everything either branch records after the first question, cleared. */
const FRESH_BRANCH: Partial<SignUpJourney> = {
  terms: false,
  wallet: false,
  route: null,
  moveTypes: null,
  identityShared: false,
  walletSession: null,
  emailSent: false,
  emailVerified: false,
  mobileSent: false,
  mobileVerified: false,
  moreDetails: false,
  role: false,
};

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
    return render(reply, ctx, ctx.journey.moving ? { hasPassport: 'yes' } : ctx.journey.newPassport ? { hasPassport: 'no' } : {});
  });

  app.post('/trusts/:ods/employee/sign-up', { config: { surface: 'page' } }, async (request, reply) => {
    const ctx = await signUpStep(request, reply, 'existing-passport');
    if (!ctx) return reply;
    const form = parseForm(zAnswer, request.body);
    if (!form.ok) return render(reply, ctx, form.values, form.errors);
    const moving = form.value.hasPassport === 'yes';
    const switching = moving ? ctx.journey.newPassport === true : ctx.journey.moving === true;
    const patch: Partial<SignUpJourney> = { moving, newPassport: !moving, ...(switching ? FRESH_BRANCH : {}) };
    return toStepDue(reply, ctx, await recordProgress(request, ctx, patch));
  });
}
