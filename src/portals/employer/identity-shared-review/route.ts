// Confirm identity (DOMAIN.md E5.3, E5.4): everything a person shared — a digital identity from an
// identity service provider, or an NHS identity credential from a previous trust — as it was
// verified, and HR's choice: "Yes, I confirm this identity" / "No, reject this identity
// credential" / "Not now".
//   GET  /trusts/{ods}/employer/staff-passports/{passportId}/identity/shared
//   POST …/identity/shared   a choice is required (400 with the NHS.UK error summary); confirm and
//        reject go to their own pages (nothing is written here); "Not now" goes back to the
//        passport with nothing changed (it stays waiting for review).
// Another trust's passport is the 404 page; a passport not waiting for this review goes back to
// the passport with a notice.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { formErrors, parseForm, type FormErrors } from '../../../platform/http/forms.ts';
import type { EmployerPortalDeps } from '../auth/deps.ts';
import { employerContext, employerPage, employerPath, type EmployerContext } from '../auth/employer-context.ts';
import { fullName, passportPath } from '../esr-shared/passport-esr.ts';
import { reviewPath, sharedReviewOf, sharedRows, sharedTypeText, verifiedText, type SharedReview } from '../identity-shared/shared-review.ts';

const zChoice = z.object({
  decision: z.enum(['confirm', 'reject', 'not-now'], { error: 'Select whether you confirm this identity, reject it, or decide later' }),
});

function render(reply: FastifyReply, ctx: EmployerContext, review: SharedReview, values: Record<string, string>, errors?: FormErrors, status = 200) {
  const { passport, view } = review;
  const name = fullName(passport);
  const choices = [
    ...(review.unusable ? [] : [{ value: 'confirm', text: 'Yes, I confirm this identity' }]),
    { value: 'reject', text: 'No, reject this identity credential', hint: { text: 'Their identity will then be checked face to face.' } },
    { value: 'not-now', text: 'Not now', hint: { text: 'It stays waiting for review.' } },
  ].map((c) => ({ ...c, checked: values.decision === c.value }));
  return employerPage(
    reply,
    ctx,
    'portals/employer/identity-shared-review/page.njk',
    {
      pageTitle: `${errors ? 'Error: ' : ''}Confirm identity for ${name}`,
      passportName: name,
      typeText: sharedTypeText(review.shared),
      verified: verifiedText(review),
      photo: view.photograph,
      rows: sharedRows(view),
      unusable: review.unusable,
      passportExpired: review.passportExpired,
      choices,
      errors,
      action: reviewPath(ctx, passport.id),
      backHref: passportPath(ctx, passport.id),
      navCurrent: employerPath(ctx.organisation, '/staff-passports'),
    },
    status,
  );
}

export function registerIdentitySharedReviewPage(app: FastifyInstance, deps: EmployerPortalDeps): void {
  app.get('/trusts/:ods/employer/staff-passports/:passportId/identity/shared', { config: { surface: 'page' } }, async (request, reply) => {
    const ctx = await employerContext(request, reply);
    if (!ctx) return reply;
    const review = await sharedReviewOf(request, reply, ctx, deps.clock.now());
    if (!review) return reply;
    return render(reply, ctx, review, {});
  });

  app.post('/trusts/:ods/employer/staff-passports/:passportId/identity/shared', { config: { surface: 'page' } }, async (request, reply) => {
    const ctx = await employerContext(request, reply);
    if (!ctx) return reply;
    const review = await sharedReviewOf(request, reply, ctx, deps.clock.now());
    if (!review) return reply;
    const form = parseForm(zChoice, request.body);
    if (!form.ok || (form.value.decision === 'confirm' && review.unusable)) {
      const errors = form.ok ? formErrors([{ field: 'decision', message: 'This identity cannot be confirmed: reject it, or decide later' }]) : form.errors;
      return render(reply, ctx, review, form.ok ? {} : form.values, errors, 400);
    }
    const id = review.passport.id;
    if (form.value.decision === 'confirm') return reply.redirect(reviewPath(ctx, id, '/confirm'), 303);
    if (form.value.decision === 'reject') return reply.redirect(reviewPath(ctx, id, '/reject'), 303);
    return reply.redirect(passportPath(ctx, id, '?done=identity-not-now'), 303);
  });
}
