// S1.2 The privacy notice, the terms and conditions and the terms of use: three required
// checkboxes; the version accepted and when are recorded on the passport.
//   GET  /trusts/{ods}/employee/sign-up/terms
//   POST /trusts/{ods}/employee/sign-up/terms
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { TERMS_DOCUMENTS, TERMS_VERSION } from '../../../../core/passport/sign-up-terms.ts';
import { parseForm, type FormErrors } from '../../../../platform/http/forms.ts';
import { employeeSignUp } from '../../../../store/employee-sign-up.ts';
import type { EmployeePortalDeps } from '../../auth/deps.ts';
import { previousStepPath, recordProgress, signUpPage, signUpPath, signUpStep, toStepDue, type SignUpContext } from '../journey.ts';

const ticked = (message: string) => z.literal('yes', { error: message });
const zTerms = z.object(Object.fromEntries(TERMS_DOCUMENTS.map((d) => [d.field, ticked(d.error)])) as Record<(typeof TERMS_DOCUMENTS)[number]['field'], ReturnType<typeof ticked>>);

export function registerTermsPage(app: FastifyInstance, deps: EmployeePortalDeps): void {
  const render = (reply: FastifyReply, ctx: SignUpContext, values: Record<string, string>, errors?: FormErrors) =>
    signUpPage(reply, ctx, 'portals/employee/sign-up/terms/page.njk', {
      pageTitle: 'Privacy notice and terms',
      backHref: previousStepPath(ctx.organisation, 'terms', ctx.journey),
      action: signUpPath(ctx.organisation, '/terms'),
      documents: TERMS_DOCUMENTS,
      version: TERMS_VERSION,
      values,
      ...(errors ? { errors } : {}),
    }, errors ? 400 : 200);

  app.get('/trusts/:ods/employee/sign-up/terms', { config: { surface: 'page' } }, async (request, reply) => {
    const ctx = await signUpStep(request, reply, 'terms');
    if (!ctx) return reply;
    return render(reply, ctx, ctx.journey.terms ? Object.fromEntries(TERMS_DOCUMENTS.map((d) => [d.field, 'yes'])) : {});
  });

  app.post('/trusts/:ods/employee/sign-up/terms', { config: { surface: 'page' } }, async (request, reply) => {
    const ctx = await signUpStep(request, reply, 'terms');
    if (!ctx) return reply;
    const form = parseForm(zTerms, request.body);
    if (!form.ok) return render(reply, ctx, form.values, form.errors);
    await deps.database.transaction((tx) => employeeSignUp(tx, ctx.scope).acceptTerms(ctx.passport.id, TERMS_VERSION, deps.clock.now()));
    return toStepDue(reply, ctx, await recordProgress(request, ctx, { terms: true }));
  });
}
