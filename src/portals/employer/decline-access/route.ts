// Decline access (DOMAIN.md E5.9): a confirmation with a mandatory reason and optional details.
//   GET  /trusts/{ods}/employer/staff-passports/{passportId}/decline-access
//   POST …/decline-access   1. the context and the passport of this trust (else 404); 2. the
//        reason (400 with the error summary, keeping what was typed); 3. ONE transaction on the
//        locked passport (identity-actions.ts): status, history, audit, the person emailed; an
//        already declined passport (a double submit) does nothing; 303 to the passport.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { DECLINE_REASONS, zDeclineForm } from '../../../core/passport/identity-check.ts';
import type { StaffPassport } from '../../../core/passport/staff-passport.ts';
import { parseForm, type FormErrors } from '../../../platform/http/forms.ts';
import { scopeOf } from '../../../store/scope.ts';
import type { EmployerPortalDeps } from '../auth/deps.ts';
import { employerContext, employerPage, employerPath, type EmployerContext } from '../auth/employer-context.ts';
import { fullName, passportOf, passportPath } from '../esr-shared/passport-esr.ts';
import { awaitingIdentity, declineAccess } from '../identity-shared/identity-actions.ts';

function render(reply: FastifyReply, ctx: EmployerContext, passport: StaffPassport, values: Record<string, string>, errors?: FormErrors, status = 200) {
  return employerPage(
    reply,
    ctx,
    'portals/employer/decline-access/page.njk',
    {
      pageTitle: `${errors ? 'Error: ' : ''}Decline access for ${fullName(passport)}`,
      passportName: fullName(passport),
      values,
      errors,
      reasons: Object.entries(DECLINE_REASONS).map(([value, text]) => ({ value, text, checked: values.reason === value })),
      action: passportPath(ctx, passport.id, '/decline-access'),
      cancelHref: passportPath(ctx, passport.id),
      backHref: passportPath(ctx, passport.id),
      navCurrent: employerPath(ctx.organisation, '/staff-passports'),
    },
    status,
  );
}

export function registerDeclineAccessPage(app: FastifyInstance, deps: EmployerPortalDeps): void {
  app.get('/trusts/:ods/employer/staff-passports/:passportId/decline-access', { config: { surface: 'page' } }, async (request, reply) => {
    const ctx = await employerContext(request, reply);
    if (!ctx) return reply;
    const passport = await passportOf(request, reply, ctx);
    if (!passport) return reply;
    if (!awaitingIdentity(passport)) return reply.redirect(passportPath(ctx, passport.id, '?done=identity-not-awaiting'), 303);
    return render(reply, ctx, passport, {});
  });

  app.post('/trusts/:ods/employer/staff-passports/:passportId/decline-access', { config: { surface: 'page' } }, async (request, reply) => {
    const ctx = await employerContext(request, reply);
    if (!ctx) return reply;
    const passport = await passportOf(request, reply, ctx);
    if (!passport) return reply;
    const form = parseForm(zDeclineForm, request.body);
    if (!form.ok) return render(reply, ctx, passport, form.values, form.errors, 400);
    const outcome = await deps.database.transaction((tx) =>
      declineAccess(tx, deps, { organisation: ctx.organisation, scope: scopeOf(ctx.organisation.id), actor: `user:${ctx.user.id}`, correlationId: String(request.id) }, passport.id, form.value),
    );
    if (outcome === 'not-found') return reply.page('errors/not-found.njk', { pageTitle: 'Page not found' }, 404);
    return reply.redirect(passportPath(ctx, passport.id, `?done=${outcome === 'not-awaiting' ? 'identity-not-awaiting' : 'access-declined'}`), 303);
  });
}
