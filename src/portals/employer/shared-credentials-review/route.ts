// Review shared credentials (DOMAIN.md E9.1, E9.5): every credential the person shared that waits
// for review, each verified again live (signature, issuer trusted, status, expiry), with its key
// claims and assurance; per credential Accept / Reject shared credential (with the reason, required
// by DOMAIN.md §9 #16 and told to the person, at most MAX_NOTE characters) / Reset, and "Accept all (n)". Decisions are only staged here; "Yes,
// confirm" on the confirm page makes them final (shared-credentials-confirm). A credential from
// another organisation is never revocable here (E9.5): only "Reject shared credential".
//   GET  /trusts/{ods}/employer/staff-passports/{passportId}/shared-credentials
//   POST …/shared-credentials/{credentialId}   1. the passport and credential of this trust (else
//        404); 2. the decision and note (400 with the NHS.UK error summary keeping the note);
//        Accept is refused for a credential that fails live verification; 3. staged by a
//        conditional update (still to review); 303 back to the list
//   POST …/shared-credentials/accept-all        stages Accept on every credential to review that
//        verifies now; 303 to the confirm page
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { StaffPassport } from '../../../core/passport/staff-passport.ts';
import { formErrors, formValues, type FormErrors } from '../../../platform/http/forms.ts';
import { scopeOf } from '../../../store/scope.ts';
import { sharedCredentials, type SharedCredential } from '../../../store/shared-credentials.ts';
import type { EmployerPortalDeps } from '../auth/deps.ts';
import { employerContext, employerPage, employerPath, type EmployerContext } from '../auth/employer-context.ts';
import { formatDay } from '../../employee/credentials/credential-view.ts';
import { fullName, passportOf, passportPath } from '../esr-shared/passport-esr.ts';
import { claimRows, draftText, MAX_NOTE, sharedPath, typeName, verifierFor, verifyLive, type LiveVerification } from '../shared-credentials/review.ts';

const zDecision = z.object({
  decision: z.enum(['accept', 'reject', 'reset']),
  note: z.string().optional(),
});
const zCredentialId = z.uuid();

const DONE = {
  staged: 'Your choice is saved. Confirm your decisions when you have reviewed the credentials.',
  confirmed: 'Status confirmed.',
  'already-decided': 'That credential has already been reviewed.',
  'nothing-staged': 'Accept or reject at least one credential before confirming.',
  'none-verified': 'No credential to review passed verification, so none was accepted.',
} as const;

interface Problem {
  credentialId: string;
  errors: FormErrors;
  values: Record<string, string>;
}

async function render(reply: FastifyReply, deps: EmployerPortalDeps, ctx: EmployerContext, passport: StaffPassport, done: keyof typeof DONE | undefined, problem?: Problem) {
  const db = deps.database.db;
  const all = await sharedCredentials(db, scopeOf(ctx.organisation.id)).list(passport.id);
  const toReview = all.filter((c) => c.state === 'to-review');
  const verifier = verifierFor(deps, db);
  const live = await verifyLive(verifier, toReview);
  // What HR accepted is checked live too: an issuer may revoke it later (E10 at the issuing trust),
  // and this is where the receiving trust sees that it no longer holds.
  const accepted = all.filter((c) => c.state === 'accepted');
  const liveAccepted = await verifyLive(verifier, accepted);
  const base = sharedPath(ctx, passport.id);
  const card = (c: SharedCredential, v: LiveVerification) => {
    const { fields, assurance } = claimRows(c);
    const mine = problem?.credentialId === c.id;
    return {
      id: c.id,
      name: typeName(c.type),
      issuerName: c.issuerName,
      sharedOn: formatDay(c.sharedAt),
      issuedOn: formatDay(c.issuedAt),
      stateText: draftText(c),
      draft: c.draft,
      note: mine ? (problem.values.note ?? '') : (c.note ?? ''),
      error: mine ? problem.errors.fields[`note-${c.id}`] : undefined,
      live: v,
      fields,
      assurance,
      action: `${base}/${c.id}`,
    };
  };
  const verified = toReview.filter((c) => live.get(c.id)?.ok).length;
  return employerPage(
    reply,
    ctx,
    'portals/employer/shared-credentials-review/page.njk',
    {
      pageTitle: `${problem ? 'Error: ' : ''}Review shared credentials for ${fullName(passport)}`,
      passportName: fullName(passport),
      givenName: passport.givenName,
      notice: done ? DONE[done] : undefined,
      success: done === 'confirmed',
      errors: problem?.errors,
      toReview: toReview.map((c) => card(c, live.get(c.id)!)),
      staged: toReview.filter((c) => c.draft).length,
      verified,
      decided: all
        .filter((c) => c.state !== 'to-review')
        .map((c) => ({ id: c.id, name: typeName(c.type), issuerName: c.issuerName, sharedOn: formatDay(c.sharedAt), stateText: draftText(c), decidedOn: c.decidedAt ? formatDay(c.decidedAt) : '', live: liveAccepted.get(c.id) })),
      acceptAllAction: `${base}/accept-all`,
      confirmHref: `${base}/confirm`,
      passportHref: passportPath(ctx, passport.id),
      maxNote: MAX_NOTE,
      backHref: passportPath(ctx, passport.id),
      navCurrent: employerPath(ctx.organisation, '/staff-passports'),
    },
    problem ? 400 : 200,
  );
}

export function registerSharedCredentialsReviewPage(app: FastifyInstance, deps: EmployerPortalDeps): void {
  const url = '/trusts/:ods/employer/staff-passports/:passportId/shared-credentials';

  app.get(url, { config: { surface: 'page' } }, async (request, reply) => {
    const ctx = await employerContext(request, reply);
    if (!ctx) return reply;
    const passport = await passportOf(request, reply, ctx);
    if (!passport) return reply;
    const done = z.enum(Object.keys(DONE) as [keyof typeof DONE]).optional().catch(undefined).parse((request.query as Record<string, unknown> | undefined)?.done);
    return render(reply, deps, ctx, passport, done);
  });

  app.post(`${url}/accept-all`, { config: { surface: 'page' } }, async (request, reply) => {
    const ctx = await employerContext(request, reply);
    if (!ctx) return reply;
    const passport = await passportOf(request, reply, ctx);
    if (!passport) return reply;
    const store = sharedCredentials(deps.database.db, scopeOf(ctx.organisation.id));
    const toReview = await store.list(passport.id, { states: ['to-review'] });
    // Verified outside the transaction (it reads status lists); only what passes is accepted.
    const live = await verifyLive(verifierFor(deps, deps.database.db), toReview);
    const ids = toReview.filter((c) => live.get(c.id)?.ok).map((c) => c.id);
    if (toReview.length > 0 && ids.length === 0) return reply.redirect(sharedPath(ctx, passport.id, '?done=none-verified'), 303);
    await deps.database.transaction((tx) => sharedCredentials(tx, scopeOf(ctx.organisation.id)).stageAccepts(passport.id, ids));
    return reply.redirect(sharedPath(ctx, passport.id, '/confirm'), 303);
  });

  app.post(`${url}/:credentialId`, { config: { surface: 'page' } }, async (request, reply) => {
    // 1. The passport and the credential, both of this trust (another's: the 404 page).
    const ctx = await employerContext(request, reply);
    if (!ctx) return reply;
    const passport = await passportOf(request, reply, ctx);
    if (!passport) return reply;
    const id = zCredentialId.safeParse((request.params as Record<string, unknown>).credentialId);
    const scope = scopeOf(ctx.organisation.id);
    const credential = id.success ? await sharedCredentials(deps.database.db, scope).get(passport.id, id.data) : undefined;
    if (!credential) return reply.page('errors/not-found.njk', { pageTitle: 'Page not found' }, 404);
    if (credential.state !== 'to-review') return reply.redirect(sharedPath(ctx, passport.id, '?done=already-decided'), 303);

    // 2. The decision; a rejection needs its reason (§9 #16), bounded; Accept only for a credential that verifies now.
    const values = formValues(request.body);
    const form = zDecision.safeParse(values);
    const note = form.success ? (form.data.note ?? '').trim() : '';
    const field = `note-${credential.id}`;
    const problemOf = (message: string): Problem => ({ credentialId: credential.id, errors: formErrors([{ field, message }]), values });
    if (!form.success) return render(reply, deps, ctx, passport, undefined, problemOf('Select Accept or Reject shared credential'));
    if (form.data.decision === 'reject' && note === '') return render(reply, deps, ctx, passport, undefined, problemOf(`Enter the reason for rejecting ${typeName(credential.type)}`));
    if (form.data.decision === 'reject' && note.length > MAX_NOTE) return render(reply, deps, ctx, passport, undefined, problemOf(`The reason must be ${MAX_NOTE} characters or fewer`));
    if (form.data.decision === 'accept') {
      const live = (await verifyLive(verifierFor(deps, deps.database.db), [credential])).get(credential.id)!;
      if (!live.ok) return render(reply, deps, ctx, passport, undefined, problemOf(`${typeName(credential.type)} failed verification (${live.summary.toLowerCase()}), so it cannot be accepted. Reject it instead`));
    }

    // 3. Staged (only while still to review).
    const draft = form.data.decision === 'reset' ? null : form.data.decision;
    const staged = await deps.database.transaction((tx) => sharedCredentials(tx, scope).stage(passport.id, credential.id, draft, draft === 'reject' ? note : null));
    return reply.redirect(sharedPath(ctx, passport.id, staged ? `?done=staged#shared-${credential.id}` : '?done=already-decided'), 303);
  });
}
