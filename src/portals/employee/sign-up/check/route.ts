// S1.9 Check your answers, then "Details received".
//   GET  /trusts/{ods}/employee/sign-up/check    the answers, each with a link to change it
//   POST /trusts/{ods}/employee/sign-up/check    1. the answers still hold (each step's record on the passport)
//                                                2. ONE transaction on the locked passport: status
//                                                   `identity-shared` (digital) or `appointment-needed`
//                                                   (face to face), signed_up_at, the invitation(s)
//                                                   accepted, history, audit — once: a second submit
//                                                   finds it signed up and changes nothing
//                                                3. the sign-up session ends (the link cannot be replayed)
//                                                   and "Details received" renders from this request
// HR then sees the passport in identity and access (E5).
import type { FastifyInstance } from 'fastify';
import { parseSharedIdentity } from '../../../../core/passport/shared-identity.ts';
import { appendAudit } from '../../../../store/audit-log.ts';
import { employeeSignUp, type IdentityRoute } from '../../../../store/employee-sign-up.ts';
import { passportHistory, type HistoryInput } from '../../../../store/passport-history.ts';
import { staffPassports } from '../../../../store/staff-passports.ts';
import type { EmployeePortalDeps } from '../../auth/deps.ts';
import { endEmployeeSession, employeePath } from '../../auth/employee-context.ts';
import { mobileForPeople } from '../profile/route.ts';
import { previousStepPath, recordProgress, signUpPage, signUpPath, signUpStep, stepPath, toStepDue, type SignUpContext } from '../journey.ts';

export function registerCheckAnswersPage(app: FastifyInstance, deps: EmployeePortalDeps): void {
  app.get('/trusts/:ods/employee/sign-up/check', { config: { surface: 'page' } }, async (request, reply) => {
    const ctx = await signUpStep(request, reply, 'check');
    if (!ctx) return reply;
    const record = await employeeSignUp(deps.database.db, ctx.scope).read(ctx.passport.id);
    const shared = ctx.journey.route === 'digital-identity' ? parseSharedIdentity(record?.sharedIdentity) : undefined;
    const p = ctx.passport;
    const change = (path: string) => signUpPath(ctx.organisation, path);
    return signUpPage(reply, ctx, 'portals/employee/sign-up/check/page.njk', {
      pageTitle: 'Check your answers',
      backHref: previousStepPath(ctx.organisation, 'check', ctx.journey),
      action: signUpPath(ctx.organisation, '/check'),
      rows: [
        { key: 'Name', value: [p.givenName, p.middleNames, p.familyName].filter(Boolean).join(' ') },
        {
          key: 'How you will prove your identity',
          value: shared ? `Digital identity from ${shared.issuerName}, shared` : 'Face to face with HR',
          href: stepPath(ctx.organisation, 'identity-route', ctx.journey),
          visually: 'how you will prove your identity',
        },
        { key: 'Email address', value: p.email ?? '', href: change('/email'), visually: 'email address' },
        { key: 'Mobile phone number', value: p.mobile ? mobileForPeople(p.mobile) : '', href: change('/mobile'), visually: 'mobile phone number' },
        { key: 'ESR assignment number', value: p.esrAssignmentNumber ?? 'Not given', href: change('/more-details'), visually: 'ESR assignment number' },
        { key: 'Oriel PIN', value: p.orielPin ?? 'Not given', href: change('/more-details'), visually: 'Oriel PIN' },
        { key: 'Staff group', value: p.staffGroup ?? 'Not given' },
        { key: 'Job role', value: p.jobRole ?? 'Not given' },
      ],
    });
  });

  app.post('/trusts/:ods/employee/sign-up/check', { config: { surface: 'page' } }, async (request, reply) => {
    const ctx = await signUpStep(request, reply, 'check');
    if (!ctx) return reply;
    const route: IdentityRoute = ctx.journey.route ?? 'face-to-face';
    const outcome = await deps.database.transaction((tx) => finishSignUp(tx, deps, ctx, route, request.id));
    if (outcome === 'identity-missing') {
      // The shared identity is gone from the passport (it was replaced meanwhile): share it again.
      return reply.redirect(stepPath(ctx.organisation, 'identity', ctx.journey), 303);
    }
    if (outcome === 'not-verified') return toStepDue(reply, ctx, await recordProgress(request, ctx, { emailSent: false, emailVerified: false, mobileSent: false, mobileVerified: false }));
    await endEmployeeSession(request, reply, ctx);
    request.log.info({ passport: ctx.passport.id, route, outcome }, 'employee sign-up: details received');
    reply.header('cache-control', 'no-store');
    return signUpPage(reply, ctx, 'portals/employee/sign-up/check/done.njk', {
      pageTitle: 'Details received',
      route,
      signIn: employeePath(ctx.organisation, '/sign-in'),
    });
  });
}

type FinishOutcome = 'signed-up' | 'already' | 'identity-missing' | 'not-verified';

async function finishSignUp(tx: Parameters<typeof employeeSignUp>[0], deps: EmployeePortalDeps, ctx: SignUpContext, route: IdentityRoute, correlationId: string): Promise<FinishOutcome> {
  // The row locked: a double submit takes turns, and the second finds it signed up.
  const passport = await staffPassports(tx, ctx.scope).lock(ctx.passport.id);
  const signUp = employeeSignUp(tx, ctx.scope);
  const record = await signUp.read(ctx.passport.id);
  if (!passport || !record) return 'already';
  if (record.signedUpAt) return 'already';
  const shared = route === 'digital-identity' ? parseSharedIdentity(record.sharedIdentity) : undefined;
  if (route === 'digital-identity' && !shared) return 'identity-missing';
  if (!record.emailVerifiedAt || !record.mobileVerifiedAt) return 'not-verified';

  const now = deps.clock.now();
  const status = route === 'digital-identity' ? 'identity-shared' : 'appointment-needed';
  if (!(await signUp.complete(passport.id, { status, route }, now))) return 'already';
  const accepted = await signUp.acceptInvitations(passport.id, now);
  const actor = `staff:${passport.id}`;
  const history: HistoryInput[] = [{ passportId: passport.id, event: 'passport.signed-up', actor, at: now, details: { route, invitation: ctx.journey.invitationId, termsVersion: record.termsVersion } }];
  if (shared) history.push({ passportId: passport.id, event: 'identity.shared', actor, at: now, details: { type: shared.type, issuerName: shared.issuerName, serialNumber: shared.serialNumber } });
  await passportHistory(tx, ctx.scope).record(history);
  await appendAudit(tx, { organisationId: ctx.organisation.id, actor, action: 'passport.signed-up', subject: passport.id, correlationId, details: { route, status, invitations: accepted.join(','), termsVersion: record.termsVersion ?? '' } }, deps.clock);
  return 'signed-up';
}
