// Withdraw a pending credential (DOMAIN.md E10; WD): every attribute shown, a reason, "Yes,
// withdraw credential". The staff member can then no longer accept, reject or share it. They get
// no email or text (live guidance, §8.1 / §9 #15): they see it in their passport history.
//   GET  /trusts/{ods}/employer/staff-passports/{passportId}/credentials/{credentialId}/withdraw
//   POST …/withdraw   1. the passport and credential of this trust (else 404, whatever the form
//        says); 2. a reason (400 with the error summary); 3. one transaction on the locked passport
//        (credentials-shared/lifecycle.ts): state, history, audit; a second submission finds it
//        withdrawn and does nothing; 303 to the credentials.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { ProvidedCredential } from '../../../core/passport/provided-credential.ts';
import type { StaffPassport } from '../../../core/passport/staff-passport.ts';
import { parseForm, type FormErrors } from '../../../platform/http/forms.ts';
import { scopeOf } from '../../../store/scope.ts';
import type { EmployerPortalDeps } from '../auth/deps.ts';
import { employerPage, type EmployerContext } from '../auth/employer-context.ts';
import { WITHDRAW_REASONS, withdrawCredential, type WithdrawReason } from '../credentials-shared/lifecycle.ts';
import { credentialOf, credentialPath, credentialRows, credentialsPath, navCurrent, notFound } from '../credentials-shared/pages.ts';
import { fullName } from '../esr-shared/passport-esr.ts';

const zForm = z.object({
  reason: z.enum(Object.keys(WITHDRAW_REASONS) as [WithdrawReason, ...WithdrawReason[]], { error: 'Select why you are withdrawing this credential' }),
});

function render(reply: FastifyReply, ctx: EmployerContext, passport: StaffPassport, c: ProvidedCredential, values: Record<string, string>, errors?: FormErrors, status = 200) {
  return employerPage(
    reply,
    ctx,
    'portals/employer/credential-withdraw/page.njk',
    {
      pageTitle: `${errors ? 'Error: ' : ''}Withdraw ${c.title}`,
      name: fullName(passport),
      givenName: passport.givenName,
      title: c.title,
      rows: credentialRows(c),
      reasons: Object.entries(WITHDRAW_REASONS).map(([value, text]) => ({ value, text, checked: values.reason === value })),
      errors,
      action: credentialPath(ctx, passport.id, c.id, '/withdraw'),
      backHref: credentialsPath(ctx, passport.id),
      cancelHref: credentialsPath(ctx, passport.id),
      navCurrent: navCurrent(ctx),
    },
    status,
  );
}

export function registerCredentialWithdrawPage(app: FastifyInstance, deps: EmployerPortalDeps): void {
  app.get('/trusts/:ods/employer/staff-passports/:passportId/credentials/:credentialId/withdraw', { config: { surface: 'page' } }, async (request, reply) => {
    const found = await credentialOf(request, reply);
    if (!found) return reply;
    const { ctx, passport, credential } = found;
    if (credential.state !== 'pending') return reply.redirect(credentialsPath(ctx, passport.id, credential.state === 'withdrawn' ? '?done=withdrawn' : '?done=not-allowed'), 303);
    return render(reply, ctx, passport, credential, {});
  });

  app.post('/trusts/:ods/employer/staff-passports/:passportId/credentials/:credentialId/withdraw', { config: { surface: 'page' } }, async (request, reply) => {
    const found = await credentialOf(request, reply);
    if (!found) return reply;
    const { ctx, passport, credential } = found;
    const form = parseForm(zForm, request.body);
    if (!form.ok) {
      if (credential.state !== 'pending') return reply.redirect(credentialsPath(ctx, passport.id, credential.state === 'withdrawn' ? '?done=withdrawn' : '?done=not-allowed'), 303);
      return render(reply, ctx, passport, credential, form.values, form.errors, 400);
    }
    const who = { organisation: ctx.organisation, scope: scopeOf(ctx.organisation.id), actor: `user:${ctx.user.id}`, correlationId: String(request.id) };
    const outcome = await deps.database.transaction((tx) => withdrawCredential(tx, deps, who, passport.id, credential.id, form.value.reason));
    if (outcome === 'not-found') return notFound(reply);
    return reply.redirect(credentialsPath(ctx, passport.id, outcome === 'not-allowed' ? '?done=not-allowed' : '?done=withdrawn'), 303);
  });
}
