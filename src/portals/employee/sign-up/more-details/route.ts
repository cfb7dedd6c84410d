// S1.7 Optional details: the ESR assignment number at this trust (it waits for HR to confirm it
// against ESR, E6) and an Oriel PIN. A passport HR already linked to ESR keeps its number.
// A photo upload is not offered: the digital route carries the IDSP's photo, and face to face HR
// sees the person (there is no multipart parser in the vetted stack).
//   GET  /trusts/{ods}/employee/sign-up/more-details
//   POST /trusts/{ods}/employee/sign-up/more-details
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { zAssignmentNumber } from '../../../../core/passport/staff-passport.ts';
import { parseForm, type FormErrors } from '../../../../platform/http/forms.ts';
import { employeeSignUp } from '../../../../store/employee-sign-up.ts';
import type { EmployeePortalDeps } from '../../auth/deps.ts';
import { previousStepPath, recordProgress, signUpPage, signUpPath, signUpStep, toStepDue, type SignUpContext } from '../journey.ts';

const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const zMoreDetails = z.object({
  esrAssignmentNumber: z.preprocess(blankToUndefined, zAssignmentNumber.optional()),
  orielPin: z.preprocess(blankToUndefined, z.string().trim().regex(/^[0-9]{4,10}$/, 'Enter an Oriel PIN of 4 to 10 digits, or leave it blank').optional()),
});

export function registerMoreDetailsPage(app: FastifyInstance, deps: EmployeePortalDeps): void {
  const render = (reply: FastifyReply, ctx: SignUpContext, values: Record<string, string>, errors?: FormErrors) =>
    signUpPage(reply, ctx, 'portals/employee/sign-up/more-details/page.njk', {
      pageTitle: 'Other details (optional)',
      backHref: previousStepPath(ctx.organisation, 'more-details', ctx.journey),
      action: signUpPath(ctx.organisation, '/more-details'),
      esrLinked: ctx.passport.esrLinkState === 'linked',
      linkedNumber: ctx.passport.esrAssignmentNumber,
      values,
      ...(errors ? { errors } : {}),
    }, errors ? 400 : 200);

  app.get('/trusts/:ods/employee/sign-up/more-details', { config: { surface: 'page' } }, async (request, reply) => {
    const ctx = await signUpStep(request, reply, 'more-details');
    if (!ctx) return reply;
    return render(reply, ctx, { esrAssignmentNumber: ctx.passport.esrAssignmentNumber ?? '', orielPin: ctx.passport.orielPin ?? '' });
  });

  app.post('/trusts/:ods/employee/sign-up/more-details', { config: { surface: 'page' } }, async (request, reply) => {
    const ctx = await signUpStep(request, reply, 'more-details');
    if (!ctx) return reply;
    const form = parseForm(zMoreDetails, request.body);
    if (!form.ok) return render(reply, ctx, form.values, form.errors);
    await deps.database.transaction((tx) =>
      employeeSignUp(tx, ctx.scope).setMoreDetails(ctx.passport.id, { esrAssignmentNumber: form.value.esrAssignmentNumber ?? null, orielPin: form.value.orielPin ?? null }),
    );
    return toStepDue(reply, ctx, await recordProgress(request, ctx, { moreDetails: true }));
  });
}
