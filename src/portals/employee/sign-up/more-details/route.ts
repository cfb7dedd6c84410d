// S1.7 Optional details: the ESR assignment number at this trust (it waits for HR to confirm it
// against ESR, E6), an Oriel PIN and, on the face-to-face route only, a photo ("only if no digital
// identity; jpeg/jpg/png/bmp"): the digital route's shared identity carries the IDSP's photo. The
// photo is made into a small JPEG (src/core/passport/photo.ts) and kept for HR, who sees it on
// *Create identity credential* (E5.5) and puts it in the Identity credential. A passport HR
// already linked to ESR keeps its number.
//   GET  /trusts/{ods}/employee/sign-up/more-details
//   POST /trusts/{ods}/employee/sign-up/more-details   (multipart when a photo is offered)
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { zAssignmentNumber } from '../../../../core/passport/staff-passport.ts';
import { formErrors, formValues, parseForm, type FormErrors } from '../../../../platform/http/forms.ts';
import { jpegDataUrl, PHOTO_UPLOAD_ROUTE_CONFIG, photoField, type FormPhoto } from '../../../../platform/http/photo-upload.ts';
import { employeeSignUp } from '../../../../store/employee-sign-up.ts';
import { passportPhotos } from '../../../../store/passport-photos.ts';
import type { EmployeePortalDeps } from '../../auth/deps.ts';
import { previousStepPath, recordProgress, signUpPage, signUpPath, signUpStep, toStepDue, type SignUpContext } from '../journey.ts';

const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const zMoreDetails = z.object({
  esrAssignmentNumber: z.preprocess(blankToUndefined, zAssignmentNumber.optional()),
  orielPin: z.preprocess(blankToUndefined, z.string().trim().regex(/^[0-9]{4,10}$/, 'Enter an Oriel PIN of 4 to 10 digits, or leave it blank').optional()),
});

interface PhotoView {
  /** The photo already kept for HR. */
  saved?: string | undefined;
  /** A good photo chosen on this form, carried back because another field has an error. */
  pending?: FormPhoto | undefined;
}

export function registerMoreDetailsPage(app: FastifyInstance, deps: EmployeePortalDeps): void {
  const render = (reply: FastifyReply, ctx: SignUpContext, values: Record<string, string>, photo: PhotoView, errors?: FormErrors) =>
    signUpPage(reply, ctx, 'portals/employee/sign-up/more-details/page.njk', {
      pageTitle: 'Other details (optional)',
      backHref: previousStepPath(ctx.organisation, 'more-details', ctx.journey),
      action: signUpPath(ctx.organisation, '/more-details'),
      esrLinked: ctx.passport.esrLinkState === 'linked',
      linkedNumber: ctx.passport.esrAssignmentNumber,
      offerPhoto: offersPhoto(ctx),
      savedPhoto: photo.saved,
      pendingPhoto: photo.pending ? { src: jpegDataUrl(photo.pending.jpeg), base64: photo.pending.jpeg.toString('base64') } : undefined,
      values,
      ...(errors ? { errors } : {}),
    }, errors ? 400 : 200);

  const savedPhoto = async (ctx: SignUpContext) => {
    if (!offersPhoto(ctx)) return undefined;
    const photo = await passportPhotos(deps.database.db, ctx.scope).of(ctx.passport.id);
    return photo ? jpegDataUrl(photo.jpeg) : undefined;
  };

  app.get('/trusts/:ods/employee/sign-up/more-details', { config: { surface: 'page' } }, async (request, reply) => {
    const ctx = await signUpStep(request, reply, 'more-details');
    if (!ctx) return reply;
    return render(reply, ctx, { esrAssignmentNumber: ctx.passport.esrAssignmentNumber ?? '', orielPin: ctx.passport.orielPin ?? '' }, { saved: await savedPhoto(ctx) });
  });

  app.post('/trusts/:ods/employee/sign-up/more-details', { config: { surface: 'page', ...PHOTO_UPLOAD_ROUTE_CONFIG } }, async (request, reply) => {
    const ctx = await signUpStep(request, reply, 'more-details');
    if (!ctx) return reply;
    const form = parseForm(zMoreDetails, request.body);
    // A file sent on the digital route is ignored: the page offers none there.
    const photo = offersPhoto(ctx) ? await photoField(request.body, 'photo') : ({ kind: 'none' } as const);
    const values = formValues(request.body);
    if (!form.ok || photo.kind === 'problem') {
      const problems = [
        // In the page's order: the photo comes first.
        ...(photo.kind === 'problem' ? [{ field: 'photo', message: photo.message }] : []),
        ...(form.ok ? [] : form.errors.summary.map((s) => ({ field: s.href.slice(1), message: s.text }))),
      ];
      delete values.photoPending;
      return render(reply, ctx, values, { saved: await savedPhoto(ctx), pending: photo.kind === 'photo' ? photo.photo : undefined }, formErrors(problems));
    }
    const remove = offersPhoto(ctx) && photo.kind === 'none' && values.removePhoto === 'yes';
    await deps.database.transaction((tx) =>
      employeeSignUp(tx, ctx.scope).setMoreDetails(
        ctx.passport.id,
        { esrAssignmentNumber: form.value.esrAssignmentNumber ?? null, orielPin: form.value.orielPin ?? null, photo: photo.kind === 'photo' ? photo.photo : remove ? 'remove' : undefined },
        deps.clock.now(),
      ),
    );
    return toStepDue(reply, ctx, await recordProgress(request, ctx, { moreDetails: true }));
  });
}

/** S1.7: a photo only when the person chose to prove their identity face to face. */
function offersPhoto(ctx: SignUpContext): boolean {
  return ctx.journey.route === 'face-to-face';
}

