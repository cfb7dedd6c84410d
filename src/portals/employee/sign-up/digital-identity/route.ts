// S1.5 The digital route: share a DigitalIdentity from an identity service provider (IDSP),
// review what it says, confirm or switch to face to face.
//   GET  …/sign-up/digital-identity            what is needed first (the IDSPs, from the database)
//   POST …/sign-up/digital-identity            a presentation request for a DigitalIdentity at this
//                                              trust → the wallet-session page (QR code and the
//                                              same-device button)
//   GET  …/sign-up/digital-identity/shared     the wallet session's hand-back: its outcome, for this
//                                              browser only; none (failed, declined, another browser,
//                                              "Start again") → back to the share page
//   GET  …/sign-up/digital-identity/review     the shared details (photo, names, date of birth,
//                                              legal gender, nationality, address)
//   POST …/sign-up/digital-identity/review     correct → the passport keeps the shared identity
//                                              (zSharedIdentity), its DSP unique identifier and the
//                                              route; wrong → face to face
// The gateway's verifier already checked the credential (signature, holder binding, status, the
// issuer an IDSP allowed to issue DigitalIdentity); here we check it is the one type we asked for.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { zPresentationOutcome, zPresentedCredential } from '../../wallet/presented-credentials.ts';
import { zSharedIdentity, type SharedIdentity } from '../../../../core/passport/shared-identity.ts';
import { createPresentationRequest } from '../../../../gateway/oid4vp/index.ts';
import { beginWalletSession, walletSessionOutcome, walletSessionPath } from '../../../../gateway/wallet-sessions/index.ts';
import { parseForm, type FormErrors } from '../../../../platform/http/forms.ts';
import { appendAudit } from '../../../../store/audit-log.ts';
import { employeeSignUp } from '../../../../store/employee-sign-up.ts';
import { listOrganisations } from '../../../../store/organisations.ts';
import { walletSessions } from '../../../../store/wallet-sessions.ts';
import type { EmployeePortalDeps } from '../../auth/deps.ts';
import { employeePolicy } from '../../auth/policy.ts';
import { previousStepPath, recordProgress, signUpPage, signUpPath, signUpStep, stepPath, toStepDue, type SignUpContext } from '../journey.ts';

/** What the trust asks the wallet to disclose: the type's required claims and the details the person reviews. */
export const SIGN_UP_IDENTITY_CLAIMS = [
  'photograph', 'firstName', 'lastName', 'birthDate', 'legalGender', 'nationality', 'address',
  'identityDocumentType', 'identityDocumentNumberEnding', 'identityDocumentIssuingCountry', 'identityDocumentExpiryDate',
  'GPG45profile', 'levelOfConfidence', 'evidenceCheckedBy', 'dateOfIdCheck',
] as const;

/** A completed presentation session's outcome: the one digital identity shared. */
const zIdentityOutcome = zPresentationOutcome(z.array(zPresentedCredential).length(1));
type IdentityOutcome = z.infer<typeof zIdentityOutcome>;

const zShared = z.object({ walletSession: z.uuid() });
const zReview = z.object({ correct: z.enum(['yes', 'no'], { error: 'Select yes if these details are correct' }) });

/** What the review page shows of the claims (strings only; a photo only as base64 JPEG). */
function reviewOf(claims: Record<string, unknown>) {
  const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v : undefined);
  const photo = text(claims.photograph);
  const address = z
    .object({ addressLines: z.array(z.string()).optional(), townOrCity: z.string().optional(), postcode: z.string().optional(), country: z.string().optional() })
    .safeParse(claims.address);
  const birthDate = text(claims.birthDate);
  return {
    photo: photo && /^[A-Za-z0-9+/]+={0,2}$/.test(photo) ? `data:image/jpeg;base64,${photo}` : undefined,
    names: [text(claims.firstName), text(claims.middleNames), text(claims.lastName)].filter(Boolean).join(' '),
    birthDate: birthDate && /^\d{4}-\d{2}-\d{2}$/.test(birthDate) ? londonDate(birthDate) : birthDate,
    legalGender: text(claims.legalGender),
    nationality: text(claims.nationality),
    addressLines: address.success ? [...(address.data.addressLines ?? []), address.data.townOrCity, address.data.postcode, address.data.country].filter((l): l is string => Boolean(l)) : [],
    checkedBy: text(claims.evidenceCheckedBy),
  };
}

function londonDate(isoDate: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' }).format(new Date(`${isoDate}T00:00:00Z`));
}

export function registerDigitalIdentityPages(app: FastifyInstance, deps: EmployeePortalDeps): void {
  const sharePath = (ctx: SignUpContext) => signUpPath(ctx.organisation, '/digital-identity');
  const reviewPath = (ctx: SignUpContext) => signUpPath(ctx.organisation, '/digital-identity/review');

  /** The outcome of the journey's presentation, if completed, for this browser, and a DigitalIdentity. */
  async function sharedOutcome(request: FastifyRequest, ctx: SignUpContext, sessionId: string): Promise<{ outcome: IdentityOutcome; completedAt: Date } | undefined> {
    const raw = await walletSessionOutcome(deps.database.db, deps.clock, request, ctx.organisation.id, sessionId);
    const parsed = zIdentityOutcome.safeParse(raw);
    if (!parsed.success || parsed.data.credentials[0]!.type !== 'DigitalIdentity') return undefined;
    const session = await walletSessions(deps.database.db, ctx.scope).get(sessionId, deps.clock.now());
    return { outcome: parsed.data, completedAt: session?.updatedAt ?? deps.clock.now() };
  }

  app.get('/trusts/:ods/employee/sign-up/digital-identity', { config: { surface: 'page' } }, async (request, reply) => {
    const ctx = await signUpStep(request, reply, 'identity', 'digital-identity');
    if (!ctx) return reply;
    const providers = (await listOrganisations(deps.database.db)).filter((o) => o.kind === 'idsp');
    const simulator = request.server.hasRoute({ method: 'GET', url: '/idsp/:ods' });
    return signUpPage(reply, ctx, 'portals/employee/sign-up/digital-identity/page.njk', {
      pageTitle: 'Share your digital identity',
      backHref: previousStepPath(ctx.organisation, 'identity', ctx.journey),
      action: sharePath(ctx),
      providers: providers.map((p) => ({ name: p.name, href: simulator ? `/idsp/${encodeURIComponent(p.odsCode)}` : undefined })),
      faceToFace: signUpPath(ctx.organisation, '/identity'),
    });
  });

  app.post('/trusts/:ods/employee/sign-up/digital-identity', { config: { surface: 'page' } }, async (request, reply) => {
    const ctx = await signUpStep(request, reply, 'identity', 'digital-identity');
    if (!ctx) return reply;
    const { browserBinding } = beginWalletSession(request, reply, deps.secureCookies);
    const presentation = await deps.database.transaction((tx) =>
      createPresentationRequest(tx, deps, {
        organisation: ctx.organisation,
        credentials: [{ id: 'identity', type: 'DigitalIdentity', claims: SIGN_UP_IDENTITY_CLAIMS }],
        purpose: `Share your digital identity so ${ctx.organisation.name} can check who you are`,
        walletSession: { purpose: 'employee-sign-up-identity', browserBinding, returnTo: signUpPath(ctx.organisation, '/digital-identity/shared'), ttlSeconds: employeePolicy.walletSessionSeconds },
      }),
    );
    await recordProgress(request, ctx, { walletSession: null });
    return reply.redirect(walletSessionPath(ctx.organisation.odsCode, presentation.sessionId), 303);
  });

  app.get('/trusts/:ods/employee/sign-up/digital-identity/shared', { config: { surface: 'page' } }, async (request, reply) => {
    const ctx = await signUpStep(request, reply, 'identity', 'digital-identity');
    if (!ctx) return reply;
    // Without a session (the wallet-session page's "Start again"), or one that did not end with a
    // DigitalIdentity for this browser: share again (the wallet-session page explained any failure).
    const query = zShared.safeParse(request.query);
    if (!query.success || !(await sharedOutcome(request, ctx, query.data.walletSession))) return reply.redirect(sharePath(ctx), 303);
    await recordProgress(request, ctx, { walletSession: query.data.walletSession });
    return reply.redirect(reviewPath(ctx), 303);
  });

  const renderReview = async (request: FastifyRequest, reply: FastifyReply, ctx: SignUpContext, values: Record<string, string>, errors?: FormErrors) => {
    const shared = ctx.journey.walletSession ? await sharedOutcome(request, ctx, ctx.journey.walletSession) : undefined;
    if (!shared) return reply.redirect(sharePath(ctx), 303);
    const credential = shared.outcome.credentials[0]!;
    return signUpPage(reply, ctx, 'portals/employee/sign-up/digital-identity/review.njk', {
      pageTitle: 'Check the details your digital identity shared',
      backHref: sharePath(ctx),
      action: reviewPath(ctx),
      issuerName: credential.issuerName,
      details: reviewOf(credential.claims),
      values,
      ...(errors ? { errors } : {}),
    }, errors ? 400 : 200);
  };

  app.get('/trusts/:ods/employee/sign-up/digital-identity/review', { config: { surface: 'page' } }, async (request, reply) => {
    const ctx = await signUpStep(request, reply, 'identity', 'digital-identity');
    if (!ctx) return reply;
    reply.header('cache-control', 'no-store');
    return renderReview(request, reply, ctx, {});
  });

  app.post('/trusts/:ods/employee/sign-up/digital-identity/review', { config: { surface: 'page' } }, async (request, reply) => {
    const ctx = await signUpStep(request, reply, 'identity', 'digital-identity');
    if (!ctx) return reply;
    reply.header('cache-control', 'no-store');
    const form = parseForm(zReview, request.body);
    if (!form.ok) return renderReview(request, reply, ctx, form.values, form.errors);
    const shared = ctx.journey.walletSession ? await sharedOutcome(request, ctx, ctx.journey.walletSession) : undefined;
    if (!shared) return reply.redirect(sharePath(ctx), 303);

    // Something is wrong: the identity check happens face to face instead (S1.5).
    if (form.value.correct === 'no') {
      await deps.database.transaction((tx) => employeeSignUp(tx, ctx.scope).chooseFaceToFace(ctx.passport.id));
      const journey = await recordProgress(request, ctx, { route: 'face-to-face', identityShared: false, walletSession: null });
      return reply.redirect(stepPath(ctx.organisation, 'identity', journey), 303);
    }

    // Correct: kept for HR's review (E5), with the DSP unique identifier it names.
    const credential = shared.outcome.credentials[0]!;
    const record: SharedIdentity = zSharedIdentity.parse({
      v: 1,
      type: 'DigitalIdentity',
      issuer: credential.issuer,
      issuerName: credential.issuerName,
      serialNumber: credential.serialNumber,
      format: credential.format,
      verifiedAt: shared.completedAt.toISOString(),
      issuedAt: credential.issuedAt,
      expiresAt: credential.expiresAt,
      claims: credential.claims,
    });
    const result = await deps.database.transaction(async (tx) => {
      const stored = await employeeSignUp(tx, ctx.scope).shareIdentity(ctx.passport.id, record, shared.outcome.dspId);
      if (stored === 'stored') {
        await appendAudit(tx, { organisationId: ctx.organisation.id, actor: `staff:${ctx.passport.id}`, action: 'passport.identity-shared', subject: ctx.passport.id, correlationId: request.id, details: { type: record.type, issuer: record.issuer, serialNumber: record.serialNumber } }, deps.clock);
      }
      return stored;
    });
    if (result !== 'stored') {
      request.log.warn({ passport: ctx.passport.id, result }, 'employee sign-up: shared identity not kept');
      return signUpPage(reply, ctx, 'portals/employee/sign-up/digital-identity/problem.njk', { pageTitle: 'We cannot use this digital identity here', problem: result, backHref: sharePath(ctx), faceToFace: signUpPath(ctx.organisation, '/identity') }, 409);
    }
    return toStepDue(reply, ctx, await recordProgress(request, ctx, { identityShared: true, walletSession: null }));
  });
}
