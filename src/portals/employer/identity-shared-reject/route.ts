// "No, reject this identity credential" (DOMAIN.md E5.4, §9 #16: a reason is required): the shared
// identity is not accepted and the person's identity will be checked face to face.
//   GET  /trusts/{ods}/employer/staff-passports/{passportId}/identity/shared/reject
//   POST …/identity/shared/reject   1. the context and the passport of this trust (else 404);
//        2. the reason (400 with the NHS.UK error summary, keeping what was typed); 3. ONE
//        transaction on the locked passport (identity-actions.ts `rejectSharedIdentity`): status
//        `appointment-needed`, the shared identity cleared, history, audit, the person emailed
//        the reason; a passport no longer waiting (a double submit) changes nothing; 303 to the passport.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { parseForm, type FormErrors } from '../../../platform/http/forms.ts';
import { scopeOf } from '../../../store/scope.ts';
import type { EmployerPortalDeps } from '../auth/deps.ts';
import { employerContext, employerPage, employerPath, type EmployerContext } from '../auth/employer-context.ts';
import { fullName, passportPath } from '../esr-shared/passport-esr.ts';
import { rejectSharedIdentity } from '../identity-shared/identity-actions.ts';
import { reviewPath, sharedReviewOf, sharedTypeText, type SharedReview } from '../identity-shared/shared-review.ts';

export const MAX_REJECT_REASON = 500;

const zReject = z.object({
  reason: z
    .string({ error: 'Enter why you are rejecting this identity credential' })
    .trim()
    .min(1, 'Enter why you are rejecting this identity credential')
    .max(MAX_REJECT_REASON, `The reason must be ${MAX_REJECT_REASON} characters or fewer`),
  reviewed: z.string().min(1).max(200),
});

function render(reply: FastifyReply, ctx: EmployerContext, review: SharedReview, values: Record<string, string>, errors?: FormErrors, status = 200) {
  const name = fullName(review.passport);
  return employerPage(
    reply,
    ctx,
    'portals/employer/identity-shared-reject/page.njk',
    {
      pageTitle: `${errors ? 'Error: ' : ''}Reject the identity credential shared by ${name}`,
      passportName: name,
      typeText: sharedTypeText(review.shared),
      values,
      errors,
      maxReason: MAX_REJECT_REASON,
      reviewed: review.shared.serialNumber,
      action: reviewPath(ctx, review.passport.id, '/reject'),
      cancelHref: reviewPath(ctx, review.passport.id),
      backHref: reviewPath(ctx, review.passport.id),
      navCurrent: employerPath(ctx.organisation, '/staff-passports'),
    },
    status,
  );
}

export function registerIdentitySharedRejectPage(app: FastifyInstance, deps: EmployerPortalDeps): void {
  app.get('/trusts/:ods/employer/staff-passports/:passportId/identity/shared/reject', { config: { surface: 'page' } }, async (request, reply) => {
    const ctx = await employerContext(request, reply);
    if (!ctx) return reply;
    const review = await sharedReviewOf(request, reply, ctx, deps.clock.now());
    if (!review) return reply;
    return render(reply, ctx, review, {});
  });

  app.post('/trusts/:ods/employer/staff-passports/:passportId/identity/shared/reject', { config: { surface: 'page' } }, async (request, reply) => {
    const ctx = await employerContext(request, reply);
    if (!ctx) return reply;
    const review = await sharedReviewOf(request, reply, ctx, deps.clock.now());
    if (!review) return reply;
    const form = parseForm(zReject, request.body);
    if (!form.ok) return render(reply, ctx, review, form.values, form.errors, 400);
    const outcome = await deps.database.transaction((tx) =>
      rejectSharedIdentity(tx, deps, { organisation: ctx.organisation, scope: scopeOf(ctx.organisation.id), actor: `user:${ctx.user.id}`, correlationId: String(request.id) }, review.passport.id, {
        reason: form.value.reason,
        reviewedSerial: form.value.reviewed,
      }),
    );
    if (outcome === 'not-found') return reply.page('errors/not-found.njk', { pageTitle: 'Page not found' }, 404);
    const done = outcome === 'rejected' ? 'shared-identity-rejected' : outcome === 'shared-identity-changed' ? 'identity-changed' : 'identity-not-awaiting';
    return reply.redirect(passportPath(ctx, review.passport.id, `?done=${done}`), 303);
  });
}
