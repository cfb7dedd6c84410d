// S1.9 Check your answers, then "Details received".
//   GET  /trusts/{ods}/employee/sign-up/check    the answers, each with a link to change it
//   POST /trusts/{ods}/employee/sign-up/check    finishes sign-up (../finish.ts, shared with S7): the
//                                                answers still hold, ONE transaction on the locked
//                                                passport (status, signed_up_at, invitations accepted,
//                                                history, audit), the session ends, "Details received"
// HR then sees the passport in identity and access (E5).
import type { FastifyInstance } from 'fastify';
import { parseSharedIdentity } from '../../../../core/passport/shared-identity.ts';
import { employeeSignUp } from '../../../../store/employee-sign-up.ts';
import type { EmployeePortalDeps } from '../../auth/deps.ts';
import { employeePath } from '../../auth/employee-context.ts';
import { finishAndConfirm } from '../finish.ts';
import { mobileForPeople } from '../profile/route.ts';
import { previousStepPath, signUpPage, signUpPath, signUpStep, stepPath } from '../journey.ts';

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
    return finishAndConfirm(request, reply, deps, ctx, {
      route: ctx.journey.route ?? 'face-to-face',
      done: { template: 'portals/employee/sign-up/check/done.njk', pageTitle: 'Details received', context: { signIn: employeePath(ctx.organisation, '/sign-in') } },
    });
  });
}
