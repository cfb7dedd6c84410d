// S7 Move trusts with an invitation (DOMAIN.md S7; seed 002): someone whose wallet already holds
// credentials from another NHS organisation answers "Yes" to the first question, then
//   GET/POST …/sign-up/moving               the steps, the privacy notice and terms → Start (the
//                                           terms version accepted is recorded, as S1.2)
//   GET/POST …/sign-up/moving/credentials   which credentials to share: the catalogue's types but
//                                           the access key; Identity pre-selected and mandatory
//                                           (shown ticked and disabled; the server always adds it)
//   GET/POST …/sign-up/moving/confirm       the list chosen, "Yes, connect to my wallet" → one
//                                           presentation request for them all → the wallet-session
//                                           page (QR code and the same-device button)
//   GET      …/sign-up/moving/shared        the hand-back: the verified outcome, for this browser
//                                           only, of exactly the types chosen; nothing usable (a
//                                           failed session — credential_missing, declined… —, the
//                                           failure page's "Start again", another browser) → back
//                                           to the choice, to untick what the wallet lacks. An
//                                           identity this trust can never take is explained here
//                                           (its own Identity; a DSP id another passport has).
//   GET/POST …/sign-up/moving/profile       "Create your passport profile"; Continue keeps the share
//                                           on the passport in ONE transaction (below), then the
//                                           S1 email, mobile and role pages follow
// Keeping the share, on the locked passport: the Identity becomes the passport's shared identity
// for HR's E5 review, and the passport takes the DSP unique identifier the presented credentials
// carry (no expectedDspId on the request: the person has none at this trust yet); the other
// credentials go to shared_credentials for HR's E9 review; history `credentials.shared` and
// `identity.shared`; audit. A second Continue finds the same serial kept and records nothing more.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { zPresentationOutcome, zPresentedCredential } from '../../wallet/presented-credentials.ts';
import { CREDENTIAL_TYPES, type CredentialTypeId } from '../../../../core/credentials/index.ts';
import { organisationDid } from '../../../../core/did/index.ts';
import { TERMS_DOCUMENTS, TERMS_VERSION } from '../../../../core/passport/sign-up-terms.ts';
import { parseSharedIdentity, zSharedIdentity, type SharedIdentity } from '../../../../core/passport/shared-identity.ts';
import { createPresentationRequest } from '../../../../gateway/oid4vp/index.ts';
import { beginWalletSession, walletSessionOutcome, walletSessionPath } from '../../../../gateway/wallet-sessions/index.ts';
import { formErrors, type FormErrors } from '../../../../platform/http/forms.ts';
import { appendAudit } from '../../../../store/audit-log.ts';
import type { Db } from '../../../../store/database.ts';
import { employeeSignUp, type ShareIdentityResult } from '../../../../store/employee-sign-up.ts';
import { passportHistory } from '../../../../store/passport-history.ts';
import { sharedCredentials } from '../../../../store/shared-credentials.ts';
import { staffPassports } from '../../../../store/staff-passports.ts';
import { walletSessions } from '../../../../store/wallet-sessions.ts';
import type { EmployeePortalDeps } from '../../auth/deps.ts';
import { employeePolicy } from '../../auth/policy.ts';
import { previousStepPath, recordProgress, signUpPage, signUpPath, signUpStep, toStepDue, type SignUpContext } from '../journey.ts';

/** What can be shared when moving: every catalogue type but the access key (a trust's own sign-in key). */
export const MOVE_SHAREABLE: readonly CredentialTypeId[] = CREDENTIAL_TYPES.map((t) => t.id).filter((id) => id !== 'AccessKey');
/** The credential the receiving trust checks identity from (S7.3): always shared. */
export const MANDATORY: CredentialTypeId = 'Identity';

/**
 * What the Identity query asks for: its required claims plus legal gender and address, which every
 * Identity this platform issues carries (face to face always sets them; one built from a shared
 * digital identity has them because S1 asks for them), so HR's E5 review and the Identity this
 * trust then issues are as complete as the previous trust's. Not nationality, middle names or
 * photo: optional even here, and DCQL has no optional claims (a wallet without one could not answer).
 */
export const MOVE_IDENTITY_CLAIMS = ['firstName', 'lastName', 'birthDate', 'legalGender', 'address'] as const;

const typeName = (id: string) => CREDENTIAL_TYPES.find((t) => t.id === id)?.display.name ?? id;

/** A completed presentation session's outcome: the identity credential and what else was chosen. */
const zMoveOutcome = zPresentationOutcome(z.array(zPresentedCredential).min(1));
type MoveOutcome = z.infer<typeof zMoveOutcome>;

/** Why a share cannot be kept at this trust (the problem page explains each). */
type MoveProblem = 'own-identity' | Exclude<ShareIdentityResult, 'stored' | 'not-found'>;

const zTicked = z
  .union([z.string(), z.array(z.string()).max(20)])
  .optional()
  .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]));

export function registerMovingTrustsPages(app: FastifyInstance, deps: EmployeePortalDeps): void {
  const path = (ctx: SignUpContext, p = '') => signUpPath(ctx.organisation, `/moving${p}`);

  /** The journey's outcome if the wallet session completed for this browser with exactly the types chosen. */
  async function sharedOutcome(request: FastifyRequest, ctx: SignUpContext, sessionId: string): Promise<{ outcome: MoveOutcome; completedAt: Date } | undefined> {
    const raw = await walletSessionOutcome(deps.database.db, deps.clock, request, ctx.organisation.id, sessionId);
    const parsed = zMoveOutcome.safeParse(raw);
    if (!parsed.success) return undefined;
    const types = parsed.data.credentials.map((c) => c.type);
    const chosen = ctx.journey.moveTypes ?? [];
    const identities = types.filter((t) => t === MANDATORY).length;
    if (identities !== 1 || types.length !== chosen.length || !chosen.every((t) => types.includes(t))) return undefined;
    const session = await walletSessions(deps.database.db, ctx.scope).get(sessionId, deps.clock.now());
    return { outcome: parsed.data, completedAt: session?.updatedAt ?? deps.clock.now() };
  }

  /** Refusals that need no change to check (also checked again in the keeping transaction). */
  async function problemOf(db: Db, ctx: SignUpContext, outcome: MoveOutcome): Promise<MoveProblem | undefined> {
    const identity = outcome.credentials.find((c) => c.type === MANDATORY)!;
    // This trust's own Identity proves nothing new to it: the person is already its staff (S3 sign-in).
    if (identity.issuer === organisationDid(deps.publicUrl, ctx.organisation.odsCode)) return 'own-identity';
    const passports = staffPassports(db, ctx.scope);
    const current = await passports.findById(ctx.passport.id);
    if (current?.dspId && current.dspId !== outcome.dspId) return 'dsp-id-differs';
    const other = await passports.findByDspId(outcome.dspId);
    if (other && other.id !== ctx.passport.id) return 'dsp-id-taken';
    return undefined;
  }

  const problemPage = (reply: FastifyReply, ctx: SignUpContext, problem: MoveProblem) =>
    signUpPage(reply, ctx, 'portals/employee/sign-up/moving/problem.njk', {
      pageTitle: 'We cannot use this identity credential here',
      problem,
      backHref: path(ctx, '/credentials'),
      chooseAgain: path(ctx, '/credentials'),
    }, 409);

  // ---- Information, privacy notice and terms → Start --------------------------------------------

  app.get('/trusts/:ods/employee/sign-up/moving', { config: { surface: 'page' } }, async (request, reply) => {
    const ctx = await signUpStep(request, reply, 'move-start');
    if (!ctx) return reply;
    return signUpPage(reply, ctx, 'portals/employee/sign-up/moving/start.njk', {
      pageTitle: `Share your credentials with ${ctx.organisation.name}`,
      caption: 'Moving from another NHS organisation',
      backHref: previousStepPath(ctx.organisation, 'move-start', ctx.journey),
      action: path(ctx),
      documents: TERMS_DOCUMENTS,
      version: TERMS_VERSION,
    });
  });

  app.post('/trusts/:ods/employee/sign-up/moving', { config: { surface: 'page' } }, async (request, reply) => {
    const ctx = await signUpStep(request, reply, 'move-start');
    if (!ctx) return reply;
    // "Start" after the notice and terms (seed 002): their version recorded as S1.2 records it.
    await deps.database.transaction((tx) => employeeSignUp(tx, ctx.scope).acceptTerms(ctx.passport.id, TERMS_VERSION, deps.clock.now()));
    return toStepDue(reply, ctx, await recordProgress(request, ctx, { terms: true }));
  });

  // ---- Choose the credentials ------------------------------------------------------------------

  const renderChoice = (reply: FastifyReply, ctx: SignUpContext, chosen: readonly string[], errors?: FormErrors) =>
    signUpPage(reply, ctx, 'portals/employee/sign-up/moving/credentials.njk', {
      pageTitle: 'Which credentials do you want to share?',
      caption: 'Share your credentials',
      backHref: previousStepPath(ctx.organisation, 'move-choose', ctx.journey),
      action: path(ctx, '/credentials'),
      items: MOVE_SHAREABLE.map((id) => {
        const definition = CREDENTIAL_TYPES.find((t) => t.id === id)!;
        return id === MANDATORY
          ? // Ticked and locked; the explanation is the group's hint (a disabled item's own hint is greyed out, too faint to read).
            { value: id, text: definition.display.name, checked: true, disabled: true }
          : { value: id, text: definition.display.name, checked: chosen.includes(id), hint: { text: definition.display.description } };
      }),
      ...(errors ? { errors } : {}),
    }, errors ? 400 : 200);

  app.get('/trusts/:ods/employee/sign-up/moving/credentials', { config: { surface: 'page' } }, async (request, reply) => {
    const ctx = await signUpStep(request, reply, 'move-choose');
    if (!ctx) return reply;
    return renderChoice(reply, ctx, ctx.journey.moveTypes ?? []);
  });

  app.post('/trusts/:ods/employee/sign-up/moving/credentials', { config: { surface: 'page' } }, async (request, reply) => {
    const ctx = await signUpStep(request, reply, 'move-choose');
    if (!ctx) return reply;
    const ticked = zTicked.safeParse((request.body as Record<string, unknown> | undefined)?.types);
    const raw = ticked.success ? ticked.data : [];
    // Only types on the page (a tampered value is refused, keeping the ticks); Identity whatever was sent.
    if (!ticked.success || raw.some((t) => !(MOVE_SHAREABLE as readonly string[]).includes(t))) {
      return renderChoice(reply, ctx, raw, formErrors([{ field: 'types', message: 'Select only credentials from the list' }]));
    }
    const moveTypes = MOVE_SHAREABLE.filter((t) => t === MANDATORY || raw.includes(t));
    // A new choice needs a new share: any outcome waiting for "Continue" is dropped.
    return toStepDue(reply, ctx, await recordProgress(request, ctx, { moveTypes, walletSession: null }));
  });

  // ---- Confirm → "Yes, connect to my wallet" --------------------------------------------------------

  app.get('/trusts/:ods/employee/sign-up/moving/confirm', { config: { surface: 'page' } }, async (request, reply) => {
    const ctx = await signUpStep(request, reply, 'move-confirm');
    if (!ctx) return reply;
    return signUpPage(reply, ctx, 'portals/employee/sign-up/moving/confirm.njk', {
      pageTitle: 'Check the credentials you are sharing',
      caption: 'Share your credentials',
      backHref: path(ctx, '/credentials'),
      change: path(ctx, '/credentials'),
      action: path(ctx, '/confirm'),
      names: (ctx.journey.moveTypes ?? []).map(typeName),
    });
  });

  app.post('/trusts/:ods/employee/sign-up/moving/confirm', { config: { surface: 'page' } }, async (request, reply) => {
    const ctx = await signUpStep(request, reply, 'move-confirm');
    if (!ctx) return reply;
    const types = (ctx.journey.moveTypes ?? []).filter((t): t is CredentialTypeId => (MOVE_SHAREABLE as readonly string[]).includes(t));
    if (!types.includes(MANDATORY)) return reply.redirect(path(ctx, '/credentials'), 303);
    const { browserBinding } = beginWalletSession(request, reply, deps.secureCookies);
    // No expectedDspId: the person has no DSP unique identifier at this trust yet — it comes from
    // what they share (the verifier still requires every credential to carry the same one).
    const presentation = await deps.database.transaction((tx) =>
      createPresentationRequest(tx, deps, {
        organisation: ctx.organisation,
        credentials: types.map((type) => (type === MANDATORY ? { id: type, type, claims: MOVE_IDENTITY_CLAIMS } : { id: type, type })),
        purpose: `Share your credentials with ${ctx.organisation.name}, who you are joining`,
        walletSession: { purpose: 'employee-move', browserBinding, returnTo: path(ctx, '/shared'), ttlSeconds: employeePolicy.walletSessionSeconds },
      }),
    );
    await recordProgress(request, ctx, { walletSession: null });
    return reply.redirect(walletSessionPath(ctx.organisation.odsCode, presentation.sessionId), 303);
  });

  // ---- The wallet's hand-back ---------------------------------------------------------------------

  app.get('/trusts/:ods/employee/sign-up/moving/shared', { config: { surface: 'page' } }, async (request, reply) => {
    const ctx = await signUpStep(request, reply, 'move-confirm');
    if (!ctx) return reply;
    reply.header('cache-control', 'no-store');
    const query = z.object({ walletSession: z.uuid() }).safeParse(request.query);
    const shared = query.success ? await sharedOutcome(request, ctx, query.data.walletSession) : undefined;
    // Nothing usable: back to the choice (the wallet-session page explained a failure: untick what
    // the wallet does not hold, and share again).
    if (!query.success || !shared) return reply.redirect(path(ctx, '/credentials'), 303);
    const problem = await problemOf(deps.database.db, ctx, shared.outcome);
    if (problem) {
      request.log.warn({ passport: ctx.passport.id, problem }, 'employee moving trusts: share refused');
      return problemPage(reply, ctx, problem);
    }
    await recordProgress(request, ctx, { walletSession: query.data.walletSession });
    return reply.redirect(path(ctx, '/profile'), 303);
  });

  // ---- "Create your passport profile": the share kept ----------------------------------------------

  app.get('/trusts/:ods/employee/sign-up/moving/profile', { config: { surface: 'page' } }, async (request, reply) => {
    const ctx = await signUpStep(request, reply, 'move-profile');
    if (!ctx) return reply;
    reply.header('cache-control', 'no-store');
    const shared = ctx.journey.walletSession ? await sharedOutcome(request, ctx, ctx.journey.walletSession) : undefined;
    if (!shared) return toStepDue(reply, ctx, await recordProgress(request, ctx, { walletSession: null }));
    return signUpPage(reply, ctx, 'portals/employee/sign-up/moving/profile.njk', {
      pageTitle: 'Create your passport profile',
      backHref: path(ctx, '/credentials'),
      action: path(ctx, '/profile'),
      shared: shared.outcome.credentials.map((c) => ({ name: typeName(c.type), issuerName: c.issuerName })),
    });
  });

  app.post('/trusts/:ods/employee/sign-up/moving/profile', { config: { surface: 'page' } }, async (request, reply) => {
    const ctx = await signUpStep(request, reply, 'move-profile');
    if (!ctx) return reply;
    reply.header('cache-control', 'no-store');
    const sessionId = ctx.journey.walletSession;
    const shared = sessionId ? await sharedOutcome(request, ctx, sessionId) : undefined;
    if (!sessionId || !shared) return toStepDue(reply, ctx, await recordProgress(request, ctx, { walletSession: null }));
    const result = await deps.database.transaction((tx) => keepShare(tx, ctx, sessionId, shared.outcome, shared.completedAt, request.id));
    if (result !== 'kept' && result !== 'already') {
      request.log.warn({ passport: ctx.passport.id, problem: result }, 'employee moving trusts: share not kept');
      return problemPage(reply, ctx, result);
    }
    return toStepDue(reply, ctx, await recordProgress(request, ctx, { identityShared: true, walletSession: null }));
  });

  /** The share kept on the locked passport, once (see the header). */
  async function keepShare(tx: Db, ctx: SignUpContext, walletSessionId: string, outcome: MoveOutcome, completedAt: Date, correlationId: string): Promise<'kept' | 'already' | MoveProblem> {
    const passport = await staffPassports(tx, ctx.scope).lock(ctx.passport.id);
    const signUp = employeeSignUp(tx, ctx.scope);
    const record = await signUp.read(ctx.passport.id);
    if (!passport || !record || record.signedUpAt) return 'already';
    const identity = outcome.credentials.find((c) => c.type === MANDATORY)!;
    if (parseSharedIdentity(record.sharedIdentity)?.serialNumber === identity.serialNumber && passport.dspId === outcome.dspId) return 'already';
    const problem = await problemOf(tx, ctx, outcome);
    if (problem) return problem;

    const shared: SharedIdentity = zSharedIdentity.parse({
      v: 1,
      type: 'Identity',
      issuer: identity.issuer,
      issuerName: identity.issuerName,
      serialNumber: identity.serialNumber,
      format: identity.format,
      verifiedAt: completedAt.toISOString(),
      issuedAt: identity.issuedAt,
      expiresAt: identity.expiresAt,
      claims: identity.claims,
    });
    // The DSP unique identifier carries over from the presented credentials (outcome.dspId).
    const stored = await signUp.shareIdentity(passport.id, shared, outcome.dspId);
    if (stored === 'not-found') return 'already';
    if (stored !== 'stored') return stored;

    const now = deps.clock.now();
    const others = outcome.credentials.filter((c) => c !== identity);
    await sharedCredentials(tx, ctx.scope).receive(
      passport.id,
      walletSessionId,
      others.map((c) => ({ type: c.type, format: c.format, issuer: c.issuer, issuerName: c.issuerName, serialNumber: c.serialNumber, claims: c.claims, compact: c.compact, issuedAt: new Date(c.issuedAt), expiresAt: c.expiresAt ? new Date(c.expiresAt) : null })),
      now,
    );
    const actor = `staff:${passport.id}`;
    const types = outcome.credentials.map((c) => c.type).join(',');
    await passportHistory(tx, ctx.scope).record([
      { passportId: passport.id, event: 'credentials.shared', actor, at: now, details: { types, count: outcome.credentials.length, walletSession: walletSessionId, journey: 'moving-trusts' } },
      { passportId: passport.id, event: 'identity.shared', actor, at: now, details: { type: shared.type, issuerName: shared.issuerName, serialNumber: shared.serialNumber } },
    ]);
    await appendAudit(tx, { organisationId: ctx.organisation.id, actor, action: 'passport.credentials-shared', subject: passport.id, correlationId, details: { journey: 'moving-trusts', types, identityIssuer: shared.issuer, identitySerialNumber: shared.serialNumber, walletSession: walletSessionId } }, deps.clock);
    return 'kept';
  }
}
