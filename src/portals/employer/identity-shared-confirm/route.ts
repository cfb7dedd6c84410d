// "Yes, I confirm this identity" (DOMAIN.md E5.4, E5.6): the shared identity becomes this trust's
// NHS identity credential.
//   GET  /trusts/{ods}/employer/staff-passports/{passportId}/identity/shared/confirm
//        the employment type E5.2 requires before confirming (pre-filled), the confirmation that
//        the photo and details are of the person being employed, and the expired-passport
//        warning (EXP) when the document was a passport that has expired.
//   POST …/identity/shared/confirm   1. the context and the passport of this trust (else 404);
//        2. the form (400 with the NHS.UK error summary, keeping what was chosen); 3. ONE
//        transaction on the locked passport (identity-actions.ts `confirmSharedIdentity`, the same
//        path as face to face): the Identity built from the shared claims (with the shared
//        credential's DSP unique identifier) and the access key provided (pending), history and
//        audit with route `digital-identity`, the access-key link emailed/texted. The form names
//        the shared credential HR saw (its serial number): a different or no longer waiting one
//        changes nothing (a double submit, another HR user). 4. 303 to the passport.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { EMPLOYMENT_TYPES } from '../../../core/passport/staff-passport.ts';
import { parseForm, type FormErrors } from '../../../platform/http/forms.ts';
import { scopeOf } from '../../../store/scope.ts';
import type { EmployerPortalDeps } from '../auth/deps.ts';
import { employerContext, employerPage, employerPath, type EmployerContext } from '../auth/employer-context.ts';
import { fullName, passportPath } from '../esr-shared/passport-esr.ts';
import { confirmSharedIdentity } from '../identity-shared/identity-actions.ts';
import { reviewPath, sharedReviewOf, sharedRows, sharedTypeText, type SharedReview } from '../identity-shared/shared-review.ts';

const zConfirm = z.object({
  employmentType: z.enum(EMPLOYMENT_TYPES, { error: 'Select their employment type' }),
  checked: z.literal('yes', { error: 'Confirm the photo and details are of the person you are employing' }),
  reviewed: z.string().min(1).max(200),
});

function render(reply: FastifyReply, ctx: EmployerContext, review: SharedReview, values: Record<string, string>, errors?: FormErrors, status = 200) {
  const { passport, view } = review;
  const name = fullName(passport);
  return employerPage(
    reply,
    ctx,
    'portals/employer/identity-shared-confirm/page.njk',
    {
      pageTitle: `${errors ? 'Error: ' : ''}Confirm identity for ${name}`,
      passportName: name,
      typeText: sharedTypeText(review.shared),
      photo: view.photograph,
      rows: sharedRows(view, { short: true }),
      passportExpired: review.passportExpired,
      values,
      errors,
      employmentTypes: EMPLOYMENT_TYPES.map((t) => ({ value: t, text: t, checked: values.employmentType === t })),
      reviewed: review.shared.serialNumber,
      action: reviewPath(ctx, passport.id, '/confirm'),
      backHref: reviewPath(ctx, passport.id),
      navCurrent: employerPath(ctx.organisation, '/staff-passports'),
    },
    status,
  );
}

export function registerIdentitySharedConfirmPage(app: FastifyInstance, deps: EmployerPortalDeps): void {
  app.get('/trusts/:ods/employer/staff-passports/:passportId/identity/shared/confirm', { config: { surface: 'page' } }, async (request, reply) => {
    const ctx = await employerContext(request, reply);
    if (!ctx) return reply;
    const review = await sharedReviewOf(request, reply, ctx, deps.clock.now());
    if (!review) return reply;
    if (review.unusable) return reply.redirect(reviewPath(ctx, review.passport.id), 303);
    return render(reply, ctx, review, { employmentType: review.passport.employmentType ?? '' });
  });

  app.post('/trusts/:ods/employer/staff-passports/:passportId/identity/shared/confirm', { config: { surface: 'page' } }, async (request, reply) => {
    const ctx = await employerContext(request, reply);
    if (!ctx) return reply;
    const review = await sharedReviewOf(request, reply, ctx, deps.clock.now());
    if (!review) return reply;
    const form = parseForm(zConfirm, request.body);
    if (!form.ok) return render(reply, ctx, review, form.values, form.errors, 400);
    const outcome = await deps.database.transaction((tx) =>
      confirmSharedIdentity(tx, deps, { organisation: ctx.organisation, scope: scopeOf(ctx.organisation.id), actor: `user:${ctx.user.id}`, correlationId: String(request.id) }, review.passport.id, {
        employmentType: form.value.employmentType,
        reviewedSerial: form.value.reviewed,
      }),
    );
    const id = review.passport.id;
    switch (outcome.outcome) {
      case 'not-found':
        return reply.page('errors/not-found.njk', { pageTitle: 'Page not found' }, 404);
      case 'confirmed':
        return reply.redirect(passportPath(ctx, id, `?done=${outcome.rightToWorkAllowed ? 'identity-confirmed' : 'identity-confirmed-passport-expired'}`), 303);
      case 'shared-identity-unusable':
        return reply.redirect(reviewPath(ctx, id), 303);
      case 'shared-identity-changed':
        return reply.redirect(passportPath(ctx, id, '?done=identity-changed'), 303);
      default:
        return reply.redirect(passportPath(ctx, id, '?done=identity-not-awaiting'), 303);
    }
  });
}
