// S4 reject: "Reject this credential" with a reason (duplicate, incorrect information, no longer
// wanted, other — details required for other). HR sees it (E11).
//   GET  /trusts/{ods}/employee/credentials/{id}/reject
//   POST …/reject   1. the person and their credential (else 404); 2. the reason (400 with the
//        error summary, keeping what was typed); 3. one transaction: the `decline` transition
//        (conditional on pending, so a double submit acts once), history `credential.declined`
//        (the reason's code, never the text), audit; 303 to the credential with a notice.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { parseForm, type FormErrors } from '../../../../platform/http/forms.ts';
import { appendAudit } from '../../../../store/audit-log.ts';
import { passportHistory } from '../../../../store/passport-history.ts';
import { providedCredentials } from '../../../../store/provided-credentials.ts';
import { scopeOf } from '../../../../store/scope.ts';
import type { EmployeePortalDeps } from '../../auth/deps.ts';
import { employeePage, type EmployeeContext } from '../../auth/employee-context.ts';
import { credentialOfRequest, credentialPath, credentialsPath, REJECT_REASONS, rejectStateReason, zRejectForm } from '../credential-view.ts';
import type { ProvidedCredential } from '../../../../core/passport/provided-credential.ts';

function render(reply: FastifyReply, ctx: EmployeeContext, credential: ProvidedCredential, values: Record<string, string>, errors?: FormErrors, status = 200) {
  return employeePage(
    reply,
    ctx,
    'portals/employee/credentials/reject/page.njk',
    {
      pageTitle: `Reject ${credential.title}`,
      navCurrent: credentialsPath(ctx),
      backHref: credentialPath(ctx, credential.id),
      title: credential.title,
      values,
      errors,
      reasons: Object.entries(REJECT_REASONS).map(([value, text]) => ({ value, text, checked: values.reason === value })),
      action: credentialPath(ctx, credential.id, '/reject'),
      cancelHref: credentialPath(ctx, credential.id),
    },
    status,
  );
}

export function registerRejectCredential(app: FastifyInstance, deps: EmployeePortalDeps): void {
  app.get('/trusts/:ods/employee/credentials/:id/reject', { config: { surface: 'page' } }, async (request, reply) => {
    const found = await credentialOfRequest(request, reply);
    if (!found) return reply;
    const { ctx, credential } = found;
    if (credential.state !== 'pending') return reply.redirect(credentialPath(ctx, credential.id), 303);
    return render(reply, ctx, credential, {});
  });

  app.post('/trusts/:ods/employee/credentials/:id/reject', { config: { surface: 'page' } }, async (request, reply) => {
    // 1. Who, and which credential.
    const found = await credentialOfRequest(request, reply);
    if (!found) return reply;
    const { ctx, credential } = found;
    const here = credentialPath(ctx, credential.id);
    // 2. Why.
    const form = parseForm(zRejectForm, request.body);
    if (!form.ok) {
      if (credential.state !== 'pending') return reply.redirect(here, 303);
      return render(reply, ctx, credential, form.values, form.errors, 400);
    }
    // 3. Once.
    const scope = scopeOf(ctx.organisation.id);
    const actor = `staff:${ctx.passport.id}`;
    const outcome = await deps.database.transaction(async (tx) => {
      const now = deps.clock.now();
      const moved = await providedCredentials(tx, scope).transition(credential.id, 'decline', { now, reason: rejectStateReason(form.value) });
      if (moved.outcome !== 'changed') return moved.outcome;
      await passportHistory(tx, scope).record([
        { passportId: ctx.passport.id, event: 'credential.declined', actor, at: now, credentialId: credential.id, details: { type: credential.credentialType, title: credential.title, reason: form.value.reason } },
      ]);
      await appendAudit(
        tx,
        {
          organisationId: ctx.organisation.id,
          actor,
          action: 'credential.declined',
          subject: credential.id,
          correlationId: String(request.id),
          details: { type: credential.credentialType, reason: form.value.reason, withDetails: Boolean(form.value.details) },
        },
        deps.clock,
      );
      return 'changed' as const;
    });
    return reply.redirect(outcome === 'changed' || credential.state === 'declined' ? `${here}?done=rejected` : here, 303);
  });
}
