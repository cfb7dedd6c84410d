// Face-to-face identity check (DOMAIN.md E5.5–E5.8): HR compares the original documents in
// person and completes "Create identity credential" (with a photo: the one the person gave at
// sign-up, S1.7, shown, or one HR uploads here, which replaces it; it goes into the Identity
// credential's `photograph` claim).
//   GET  /trusts/{ods}/employer/staff-passports/{passportId}/identity/face-to-face
//   POST …/identity/face-to-face   (multipart) 1. the context and the passport of this trust (else 404);
//        2. the form (400 with the NHS.UK error summary, keeping what was typed); 3. ONE
//        transaction on the locked passport (identity-actions.ts): the Identity credential and the
//        access key provided (pending), history, audit, the person told how to collect the key;
//        a passport no longer awaiting identity (a double submit) does nothing; 303 to the passport.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { LEGAL_GENDERS } from '../../../core/credentials/catalogue/identity.ts';
import { expiredPassportRule, parseFaceToFaceForm } from '../../../core/passport/identity-check.ts';
import { EMPLOYMENT_TYPES, type StaffPassport } from '../../../core/passport/staff-passport.ts';
import { formErrors, formValues, type FormErrors } from '../../../platform/http/forms.ts';
import { jpegDataUrl, PHOTO_UPLOAD_ROUTE_CONFIG, photoField, type FormPhoto } from '../../../platform/http/photo-upload.ts';
import { passportPhotos } from '../../../store/passport-photos.ts';
import { scopeOf } from '../../../store/scope.ts';
import type { EmployerPortalDeps } from '../auth/deps.ts';
import { employerContext, employerPage, employerPath, type EmployerContext } from '../auth/employer-context.ts';
import { fullName, passportOf, passportPath } from '../esr-shared/passport-esr.ts';
import { awaitingIdentity, confirmIdentityFaceToFace } from '../identity-shared/identity-actions.ts';

interface PhotoView {
  /** The photo kept for the passport (the person's from sign-up, or HR's). */
  saved?: { src: string; source: 'staff' | 'hr' } | undefined;
  /** A good photo HR chose on this form, carried back with an error or the expired-passport warning. */
  pending?: FormPhoto | undefined;
}

function render(reply: FastifyReply, ctx: EmployerContext, passport: StaffPassport, values: Record<string, string>, photo: PhotoView, errors?: FormErrors, status = 200, expiredWarning = false) {
  return employerPage(
    reply,
    ctx,
    'portals/employer/identity-face-to-face/page.njk',
    {
      pageTitle: `${errors ? 'Error: ' : ''}Create identity credential for ${fullName(passport)}`,
      passportName: fullName(passport),
      values,
      errors,
      expiredWarning,
      savedPhoto: photo.saved,
      pendingPhoto: photo.pending ? { src: jpegDataUrl(photo.pending.jpeg), base64: photo.pending.jpeg.toString('base64') } : undefined,
      genders: LEGAL_GENDERS.map((g) => ({ value: g, text: g, checked: values.legalGender === g })),
      employmentTypes: EMPLOYMENT_TYPES.map((t) => ({ value: t, text: t, checked: values.employmentType === t })),
      action: passportPath(ctx, passport.id, '/identity/face-to-face'),
      backHref: passportPath(ctx, passport.id),
      navCurrent: employerPath(ctx.organisation, '/staff-passports'),
    },
    status,
  );
}

const split = (iso: string | null): Record<string, string> => {
  const m = iso?.match(/^(\d{4})-(\d{2})-(\d{2})$/);
  return m ? { 'birthDate-day': String(Number(m[3])), 'birthDate-month': String(Number(m[2])), 'birthDate-year': m[1]! } : {};
};

export function registerIdentityFaceToFacePage(app: FastifyInstance, deps: EmployerPortalDeps): void {
  const savedPhoto = async (ctx: EmployerContext, passportId: string): Promise<PhotoView['saved']> => {
    const photo = await passportPhotos(deps.database.db, scopeOf(ctx.organisation.id)).of(passportId);
    return photo ? { src: jpegDataUrl(photo.jpeg), source: photo.source } : undefined;
  };

  app.get('/trusts/:ods/employer/staff-passports/:passportId/identity/face-to-face', { config: { surface: 'page' } }, async (request, reply) => {
    const ctx = await employerContext(request, reply);
    if (!ctx) return reply;
    const passport = await passportOf(request, reply, ctx);
    if (!passport) return reply;
    if (!awaitingIdentity(passport)) return reply.redirect(passportPath(ctx, passport.id, '?done=identity-not-awaiting'), 303);
    // Pre-filled from the passport; HR corrects it to what the original documents say.
    return render(reply, ctx, passport, {
      firstName: passport.givenName,
      middleNames: passport.middleNames ?? '',
      lastName: passport.familyName,
      employmentType: passport.employmentType ?? '',
      ...split(passport.dateOfBirth),
    }, { saved: await savedPhoto(ctx, passport.id) });
  });

  app.post('/trusts/:ods/employer/staff-passports/:passportId/identity/face-to-face', { config: { surface: 'page', ...PHOTO_UPLOAD_ROUTE_CONFIG } }, async (request, reply) => {
    const ctx = await employerContext(request, reply);
    if (!ctx) return reply;
    const passport = await passportOf(request, reply, ctx);
    if (!passport) return reply;
    const { photoPending: _pending, ...values } = formValues(request.body);
    const today = deps.clock.now().toISOString().slice(0, 10);
    const parsed = parseFaceToFaceForm(values, today);
    const photo = await photoField(request.body, 'photo');
    const pending = photo.kind === 'photo' ? photo.photo : undefined;
    if (!parsed.ok || photo.kind === 'problem') {
      // The photo's problem first: the field is at the top of the form.
      const problems = [...(photo.kind === 'problem' ? [{ field: 'photo', message: photo.message }] : []), ...(parsed.ok ? [] : parsed.problems)];
      return render(reply, ctx, passport, values, { saved: await savedPhoto(ctx, passport.id), pending }, formErrors(problems), 400);
    }
    // EXP: an expired passport does not stop the identity credential; HR is told once, on the form,
    // that right to work will have to wait, and confirms again.
    if (expiredPassportRule(parsed.value.documentExpiry, today).expired && values.expiredAcknowledged !== 'yes') {
      return render(reply, ctx, passport, { ...values, expiredAcknowledged: 'yes' }, { saved: await savedPhoto(ctx, passport.id), pending }, undefined, 200, true);
    }
    const outcome = await deps.database.transaction((tx) =>
      confirmIdentityFaceToFace(tx, deps, { organisation: ctx.organisation, scope: scopeOf(ctx.organisation.id), actor: `user:${ctx.user.id}`, correlationId: String(request.id) }, passport.id, parsed.value, pending),
    );
    if (outcome.outcome === 'not-found') return reply.page('errors/not-found.njk', { pageTitle: 'Page not found' }, 404);
    const done = outcome.outcome === 'confirmed' ? (outcome.rightToWorkAllowed ? 'identity-confirmed' : 'identity-confirmed-passport-expired') : 'identity-not-awaiting';
    return reply.redirect(passportPath(ctx, passport.id, `?done=${done}`), 303);
  });
}
