// Confirm the staged decisions on shared credentials (DOMAIN.md E9.1): what will be accepted and
// what rejected (with HR's notes), "Yes, confirm" → "Status confirmed".
//   GET  /trusts/{ods}/employer/staff-passports/{passportId}/shared-credentials/confirm
//   POST …/shared-credentials/confirm   1. the passport of this trust (else 404); 1a. the form
//        carries a digest of the decisions it showed: if they changed since (another HR user, or
//        another tab), the page is shown again with the new ones rather than confirming what this
//        user did not see; 2. every staged
//        Accept is verified again now (outside the transaction: it reads status lists) — one that
//        fails (revoked meanwhile) answers 400 with the error summary and nothing changes;
//        3. ONE transaction on the locked passport (shared-credentials/review.ts confirmDecisions):
//        the decisions final, history and audit per decision, the person told of rejections and
//        the reasons; a second submission finds nothing staged and does nothing; 303 to the review
//        page's "Status confirmed".
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { StaffPassport } from '../../../core/passport/staff-passport.ts';
import { formErrors, formValues, type FormErrors } from '../../../platform/http/forms.ts';
import { scopeOf } from '../../../store/scope.ts';
import { sharedCredentials, type SharedCredential } from '../../../store/shared-credentials.ts';
import type { EmployerPortalDeps } from '../auth/deps.ts';
import { employerContext, employerPage, employerPath, type EmployerContext } from '../auth/employer-context.ts';
import { fullName, passportOf } from '../esr-shared/passport-esr.ts';
import { confirmDecisions, sharedPath, typeName, verifierFor, verifyLive } from '../shared-credentials/review.ts';

/** What the confirm page showed: the staged decisions and notes, as a digest for a hidden field. */
export function stagedDigest(toReview: readonly SharedCredential[]): string {
  const staged = toReview.filter((c) => c.draft).map((c) => [c.id, c.draft, c.note ?? '']).sort((a, b) => a[0]!.localeCompare(b[0]!));
  return createHash('sha256').update(JSON.stringify(staged)).digest('base64url');
}

function render(reply: FastifyReply, ctx: EmployerContext, passport: StaffPassport, toReview: readonly SharedCredential[], errors?: FormErrors, changed = false) {
  const accept = toReview.filter((c) => c.draft === 'accept');
  const reject = toReview.filter((c) => c.draft === 'reject');
  return employerPage(
    reply,
    ctx,
    'portals/employer/shared-credentials-confirm/page.njk',
    {
      pageTitle: `${errors ? 'Error: ' : ''}Confirm your decisions on the credentials ${fullName(passport)} shared`,
      passportName: fullName(passport),
      givenName: passport.givenName,
      accept: accept.map((c) => ({ name: typeName(c.type), issuerName: c.issuerName })),
      reject: reject.map((c) => ({ name: typeName(c.type), issuerName: c.issuerName, note: c.note ?? 'No note' })),
      undecided: toReview.length - accept.length - reject.length,
      staged: stagedDigest(toReview),
      changed,
      errors,
      action: sharedPath(ctx, passport.id, '/confirm'),
      cancelHref: sharedPath(ctx, passport.id),
      backHref: sharedPath(ctx, passport.id),
      navCurrent: employerPath(ctx.organisation, '/staff-passports'),
    },
    errors ? 400 : 200,
  );
}

export function registerSharedCredentialsConfirmPage(app: FastifyInstance, deps: EmployerPortalDeps): void {
  const url = '/trusts/:ods/employer/staff-passports/:passportId/shared-credentials/confirm';

  app.get(url, { config: { surface: 'page' } }, async (request, reply) => {
    const ctx = await employerContext(request, reply);
    if (!ctx) return reply;
    const passport = await passportOf(request, reply, ctx);
    if (!passport) return reply;
    const toReview = await sharedCredentials(deps.database.db, scopeOf(ctx.organisation.id)).list(passport.id, { states: ['to-review'] });
    if (!toReview.some((c) => c.draft)) return reply.redirect(sharedPath(ctx, passport.id, '?done=nothing-staged'), 303);
    return render(reply, ctx, passport, toReview);
  });

  app.post(url, { config: { surface: 'page' } }, async (request, reply) => {
    // 1. The passport of this trust.
    const ctx = await employerContext(request, reply);
    if (!ctx) return reply;
    const passport = await passportOf(request, reply, ctx);
    if (!passport) return reply;
    const scope = scopeOf(ctx.organisation.id);
    // 2. What will be accepted still verifies now.
    const toReview = await sharedCredentials(deps.database.db, scope).list(passport.id, { states: ['to-review'] });
    if (!toReview.some((c) => c.draft)) return reply.redirect(sharedPath(ctx, passport.id, '?done=nothing-staged'), 303);
    if (formValues(request.body).staged !== stagedDigest(toReview)) return render(reply, ctx, passport, toReview, undefined, true);
    const accepting = toReview.filter((c) => c.draft === 'accept');
    const live = await verifyLive(verifierFor(deps, deps.database.db), accepting);
    const failing = accepting.filter((c) => !live.get(c.id)?.ok);
    if (failing.length > 0) {
      const errors = formErrors(failing.map((c) => ({ field: `failed-${c.id}`, message: `${typeName(c.type)} no longer passes verification (${live.get(c.id)!.summary.toLowerCase()}). Go back and reject it` })));
      return render(reply, ctx, passport, toReview, errors);
    }
    // 3. One transaction.
    const who = { organisation: ctx.organisation, scope, actor: `user:${ctx.user.id}`, correlationId: String(request.id) };
    const outcome = await deps.database.transaction((tx) => confirmDecisions(tx, deps, who, passport.id));
    if (outcome.outcome === 'not-found') return reply.page('errors/not-found.njk', { pageTitle: 'Page not found' }, 404);
    return reply.redirect(sharedPath(ctx, passport.id, outcome.accepted + outcome.rejected > 0 ? '?done=confirmed' : '?done=nothing-staged'), 303);
  });
}
