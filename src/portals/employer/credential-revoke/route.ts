// Revoke an accepted credential (DOMAIN.md E10; REVOKED; §9 #4): only a credential this trust
// provided and the person accepted into their wallet (credentials other organisations issued are
// never listed here, so never revocable). A reason from the ledger's list, with words for Other.
//   GET  /trusts/{ods}/employer/staff-passports/{passportId}/credentials/{credentialId}/revoke
//   POST …/revoke   1. the passport and credential of this trust (else 404); 2. the reason (400
//        with the error summary, keeping what was typed); 3. one transaction on the locked
//        passport (credentials-shared/lifecycle.ts): the status ledger revokes its serial number,
//        state with the reason, history, audit, the holder emailed and texted; a second
//        submission finds it revoked and does nothing; 303 to the credentials.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { ProvidedCredential } from '../../../core/passport/provided-credential.ts';
import type { StaffPassport } from '../../../core/passport/staff-passport.ts';
import { parseForm, type FormErrors } from '../../../platform/http/forms.ts';
import { scopeOf } from '../../../store/scope.ts';
import type { EmployerPortalDeps } from '../auth/deps.ts';
import { employerPage, type EmployerContext } from '../auth/employer-context.ts';
import { REVOKE_REASON_CODES, REVOKE_REASONS, revokeCredential } from '../credentials-shared/lifecycle.ts';
import { credentialOf, credentialPath, credentialRows, credentialsPath, navCurrent, notFound } from '../credentials-shared/pages.ts';
import { fullName } from '../esr-shared/passport-esr.ts';

export const MAX_DETAILS = 500;

const zForm = z
  .object({
    reason: z.enum(REVOKE_REASON_CODES, { error: 'Select why you are revoking this credential' }),
    details: z.string().trim().max(MAX_DETAILS, `Reason must be ${MAX_DETAILS} characters or fewer`).optional(),
  })
  .superRefine((v, issue) => {
    if (v.reason === 'Other' && !v.details) issue.addIssue({ code: 'custom', path: ['details'], message: 'Enter the reason for revoking this credential' });
  })
  .transform((v) => ({ reason: v.reason, details: v.reason === 'Other' ? v.details : undefined }));

function render(reply: FastifyReply, ctx: EmployerContext, passport: StaffPassport, c: ProvidedCredential, values: Record<string, string>, errors?: FormErrors, status = 200) {
  return employerPage(
    reply,
    ctx,
    'portals/employer/credential-revoke/page.njk',
    {
      pageTitle: `${errors ? 'Error: ' : ''}Revoke ${c.title}`,
      name: fullName(passport),
      givenName: passport.givenName,
      rows: credentialRows(c),
      reasons: REVOKE_REASON_CODES.map((value) => ({ value, text: REVOKE_REASONS[value], checked: values.reason === value })),
      values,
      maxDetails: MAX_DETAILS,
      errors,
      action: credentialPath(ctx, passport.id, c.id, '/revoke'),
      backHref: credentialsPath(ctx, passport.id),
      cancelHref: credentialsPath(ctx, passport.id),
      navCurrent: navCurrent(ctx),
    },
    status,
  );
}

export function registerCredentialRevokePage(app: FastifyInstance, deps: EmployerPortalDeps): void {
  const moved = (c: ProvidedCredential) => (c.state === 'revoked' ? '?done=revoked' : '?done=not-allowed');

  app.get('/trusts/:ods/employer/staff-passports/:passportId/credentials/:credentialId/revoke', { config: { surface: 'page' } }, async (request, reply) => {
    const found = await credentialOf(request, reply);
    if (!found) return reply;
    const { ctx, passport, credential } = found;
    if (credential.state !== 'accepted' || !credential.serialNumber) return reply.redirect(credentialsPath(ctx, passport.id, moved(credential)), 303);
    return render(reply, ctx, passport, credential, {});
  });

  app.post('/trusts/:ods/employer/staff-passports/:passportId/credentials/:credentialId/revoke', { config: { surface: 'page' } }, async (request, reply) => {
    const found = await credentialOf(request, reply);
    if (!found) return reply;
    const { ctx, passport, credential } = found;
    const form = parseForm(zForm, request.body);
    if (!form.ok) {
      if (credential.state !== 'accepted') return reply.redirect(credentialsPath(ctx, passport.id, moved(credential)), 303);
      return render(reply, ctx, passport, credential, form.values, form.errors, 400);
    }
    const who = { organisation: ctx.organisation, scope: scopeOf(ctx.organisation.id), actor: `user:${ctx.user.id}`, correlationId: String(request.id) };
    const outcome = await deps.database.transaction((tx) => revokeCredential(tx, deps, who, passport.id, credential.id, form.value));
    if (outcome === 'not-found') return notFound(reply);
    return reply.redirect(credentialsPath(ctx, passport.id, outcome === 'not-allowed' ? '?done=not-allowed' : '?done=revoked'), 303);
  });
}
