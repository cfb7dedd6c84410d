// Complete or bypass the credentials required (DOMAIN.md E9.2–E9.4, §9 #25), each confirmed twice:
// the first page shows the checklist's progress and what will happen; its button leads to "Are
// you sure?" (the same URL, step=sure); only that second confirmation changes anything. Complete
// (green) is possible only when every item of the checklist is ticked; Bypass (red) at any time
// once identity is confirmed, after the shared credentials that arrived have been accepted or
// rejected (E9.4). The passport becomes Active and "Reviewed".
//   GET  /trusts/{ods}/employer/staff-passports/{passportId}/credentials-required/{complete|bypass}
//   POST …/credentials-required/{complete|bypass}   step=first → the "are you sure" page;
//        step=sure → ONE transaction on the locked passport (shared-credentials/review.ts
//        finishReview, which checks the rules again): status active, credentials_reviewed_*,
//        history and audit; a second submission finds it already reviewed and does nothing;
//        303 to the passport. Another trust's passport: 404.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { StaffPassport } from '../../../core/passport/staff-passport.ts';
import { formErrors, formValues, type FormErrors } from '../../../platform/http/forms.ts';
import { scopeOf } from '../../../store/scope.ts';
import { sharedCredentials } from '../../../store/shared-credentials.ts';
import type { EmployerPortalDeps } from '../auth/deps.ts';
import { employerContext, employerPage, employerPath, type EmployerContext } from '../auth/employer-context.ts';
import { fullName, passportOf, passportPath } from '../esr-shared/passport-esr.ts';
import { finishReview, requiredPath, requiredProgress, reviewBlock, type RequiredProgress } from '../shared-credentials/review.ts';

const zWhich = z.enum(['complete', 'bypass']);
type Which = z.infer<typeof zWhich>;
const OUTCOME = { complete: 'completed', bypass: 'bypassed' } as const;
const zStep = z.object({ step: z.enum(['first', 'sure']) });

async function render(
  reply: FastifyReply,
  ctx: EmployerContext,
  passport: StaffPassport,
  which: Which,
  progress: RequiredProgress,
  block: string | undefined,
  step: 'first' | 'sure',
  errors?: FormErrors,
) {
  const verb = which === 'complete' ? 'Complete' : 'Bypass';
  return employerPage(
    reply,
    ctx,
    'portals/employer/credentials-required/page.njk',
    {
      pageTitle: `${errors ? 'Error: ' : ''}${step === 'sure' ? 'Are you sure? ' : ''}${verb} credentials required for ${fullName(passport)}`,
      passportName: fullName(passport),
      givenName: passport.givenName,
      which,
      verb,
      step,
      progress,
      block,
      errors,
      action: requiredPath(ctx, passport.id, which),
      cancelHref: passportPath(ctx, passport.id),
      backHref: passportPath(ctx, passport.id),
      navCurrent: employerPath(ctx.organisation, '/staff-passports'),
    },
    errors ? 400 : 200,
  );
}

export function registerCredentialsRequiredPages(app: FastifyInstance, deps: EmployerPortalDeps): void {
  const url = '/trusts/:ods/employer/staff-passports/:passportId/credentials-required/:which';

  async function load(request: FastifyRequest, reply: FastifyReply) {
    const ctx = await employerContext(request, reply);
    if (!ctx) return undefined;
    const passport = await passportOf(request, reply, ctx);
    if (!passport) return undefined;
    const which = zWhich.safeParse((request.params as Record<string, unknown>).which);
    if (!which.success) return void reply.page('errors/not-found.njk', { pageTitle: 'Page not found' }, 404);
    const db = deps.database.db;
    const scope = scopeOf(ctx.organisation.id);
    const [progress, toReview] = await Promise.all([requiredProgress(db, scope, passport), sharedCredentials(db, scope).countToReview(passport.id)]);
    return { ctx, passport, which: which.data, progress, block: reviewBlock(passport, toReview, OUTCOME[which.data], progress) };
  }

  app.get(url, { config: { surface: 'page' } }, async (request, reply) => {
    const found = await load(request, reply);
    if (!found) return reply;
    return render(reply, found.ctx, found.passport, found.which, found.progress, found.block, 'first');
  });

  app.post(url, { config: { surface: 'page' } }, async (request, reply) => {
    const found = await load(request, reply);
    if (!found) return reply;
    const { ctx, passport, which, progress, block } = found;
    const step = zStep.safeParse(formValues(request.body));
    if (!step.success) return render(reply, ctx, passport, which, progress, block, 'first', formErrors([{ field: 'confirm', message: `Select ${which === 'complete' ? 'Complete' : 'Bypass'} credentials required to continue` }]));
    // The first confirmation only asks again (or shows why it cannot be done).
    if (step.data.step === 'first') return render(reply, ctx, passport, which, progress, block, block ? 'first' : 'sure');
    // The second acts; the transaction checks the rules again, so a double submit (or a stale
    // page) lands on the passport with what happened.
    const who = { organisation: ctx.organisation, scope: scopeOf(ctx.organisation.id), actor: `user:${ctx.user.id}`, correlationId: String(request.id) };
    const outcome = await deps.database.transaction((tx) => finishReview(tx, deps, who, passport.id, OUTCOME[which]));
    if (outcome === 'not-found') return reply.page('errors/not-found.njk', { pageTitle: 'Page not found' }, 404);
    const done = outcome === 'done' ? `credentials-${OUTCOME[which]}` : outcome === 'already' ? 'credentials-already-reviewed' : 'credentials-not-ready';
    return reply.redirect(passportPath(ctx, passport.id, `?done=${done}`), 303);
  });
}
