// Setting up an authenticator app (DOMAIN.md E1.1): a QR code, or the key to type in, then the
// first code it shows. The key is sealed at rest (key-management port, `totp-seed:<user id>`).
//   GET  /trusts/{ods}/employer/sign-in/set-up-app   the QR code and key (the same key until confirmed)
//   POST /trusts/{ods}/employer/sign-in/set-up-app   1. the form  2. the code (counts to the lockout)
//                                                    3. the app confirmed, signed in under a new session id
import type { FastifyInstance, FastifyReply } from 'fastify';
import QRCode from 'qrcode';
import type { Organisation } from '../../../core/passport/organisation.ts';
import { formErrors, parseForm } from '../../../platform/http/forms.ts';
import { appendAudit } from '../../../store/audit-log.ts';
import { employerSecondFactors } from '../../../store/employer-second-factors.ts';
import type { EmployerUser } from '../../../store/employer-users.ts';
import { scopeOf } from '../../../store/scope.ts';
import type { EmployerPortalDeps } from '../auth/deps.ts';
import { employerPath } from '../auth/employer-context.ts';
import { clearSessionCookie } from '../auth/session-cookie.ts';
import { checkCode, completeSignIn, enrolmentStep, newTotpSeed, openTotpSeed, preSignInContext, totpUri } from '../auth/sign-in-flow.ts';
import { rateLimited } from '../sign-in/route.ts';
import { zCode } from '../sign-in-code/route.ts';

/** The user's authenticator key being set up: the unconfirmed one, or a new one. */
async function enrollingSeed(deps: EmployerPortalDeps, organisation: Organisation, user: EmployerUser): Promise<string> {
  const factors = employerSecondFactors(deps.database.db, scopeOf(organisation.id));
  const existing = await factors.find(user.id);
  if (existing && !existing.confirmedAt && existing.kind === 'totp' && existing.totpSeedSealed) return openTotpSeed(deps, user.id, existing.totpSeedSealed);
  const { seed, sealed } = await newTotpSeed(deps, user.id);
  await factors.beginEnrolment(user.id, { kind: 'totp', totpSeedSealed: sealed }, deps.clock.now());
  return seed;
}

export function registerSetUpAppPage(app: FastifyInstance, deps: EmployerPortalDeps): void {
  const render = async (reply: FastifyReply, organisation: Organisation, user: EmployerUser, seed: string, extra: Record<string, unknown> = {}, status = 200) =>
    reply.page(
      'portals/employer/set-up-app/page.njk',
      preSignInContext(organisation, 'Set up your authenticator app', {
        qrSvg: await QRCode.toString(totpUri(organisation, user, seed), { type: 'svg', errorCorrectionLevel: 'M', margin: 2 }),
        // Groups of 4, as authenticator apps show keys; spaces are ignored when typed.
        key: seed.match(/.{1,4}/g)!.join(' '),
        accountName: user.email,
        action: employerPath(organisation, '/sign-in/set-up-app'),
        backHref: employerPath(organisation, '/sign-in/set-up-second-factor'),
        ...extra,
      }),
      status,
    );

  app.get('/trusts/:ods/employer/sign-in/set-up-app', { config: { surface: 'page' } }, async (request, reply) => {
    const step = await enrolmentStep(request, reply, deps);
    if (!step) return reply;
    return render(reply, step.organisation, step.user, await enrollingSeed(deps, step.organisation, step.user));
  });

  app.post('/trusts/:ods/employer/sign-in/set-up-app', { config: { surface: 'page', ...rateLimited } }, async (request, reply) => {
    const step = await enrolmentStep(request, reply, deps);
    if (!step) return reply;
    const { organisation, session, user } = step;
    const factors = employerSecondFactors(deps.database.db, scopeOf(organisation.id));
    const factor = await factors.find(user.id);
    if (!factor || factor.confirmedAt || factor.kind !== 'totp' || !factor.totpSeedSealed) return reply.redirect(employerPath(organisation, '/sign-in/set-up-app'), 303);
    const seed = await openTotpSeed(deps, user.id, factor.totpSeedSealed);

    // 1. The form.
    const form = parseForm(zCode, request.body);
    if (!form.ok) return render(reply, organisation, user, seed, { errors: form.errors, values: { code: form.values.code } }, 400);

    // 2. The code.
    const checked = await checkCode(deps, organisation, session, user, factor, form.value.code);
    if (checked.outcome === 'locked') {
      clearSessionCookie(reply, deps);
      return reply.redirect(`${employerPath(organisation, '/sign-in')}?locked=1`, 303);
    }
    if (checked.outcome === 'wrong') {
      return render(reply, organisation, user, seed, { errors: formErrors([{ field: 'code', message: 'The code is not correct. Enter the code your authenticator app shows now' }]), values: { code: form.value.code } }, 400);
    }

    // 3. Confirmed and signed in.
    const confirmed = await deps.database.transaction(async (tx) => {
      const done = await employerSecondFactors(tx, scopeOf(organisation.id)).confirm(user.id, deps.clock.now(), checked.totpStep);
      if (done) await appendAudit(tx, { organisationId: organisation.id, actor: `user:${user.id}`, action: 'employer-user.second-factor-enrolled', subject: user.id, correlationId: request.id, details: { kind: 'totp' } }, deps.clock);
      return done;
    });
    if (!confirmed || !(await completeSignIn(request, reply, deps, organisation, session, user, 'totp'))) return reply.redirect(employerPath(organisation, '/sign-in'), 303);
    return reply.redirect(employerPath(organisation), 303);
  });
}
