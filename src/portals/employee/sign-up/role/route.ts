// S1.8 / S7.5 Role information: what the recruitment team entered on the invitation, read only,
// with whom to contact if it is wrong (the trust's HR mailbox when System Management set one).
//   GET  /trusts/{ods}/employee/sign-up/role
//   POST /trusts/{ods}/employee/sign-up/role    S1: on to check your answers
//                                               S7: Continue finishes sign-up (../finish.ts, the same
//                                               code as S1's "Send my details") → "Your details have
//                                               been shared"
import type { FastifyInstance } from 'fastify';
import { trustSettings } from '../../../../store/trust-settings.ts';
import type { EmployeePortalDeps } from '../../auth/deps.ts';
import { finishAndConfirm } from '../finish.ts';
import { previousStepPath, recordProgress, signUpPage, signUpPath, signUpStep, toStepDue } from '../journey.ts';

export function registerRolePage(app: FastifyInstance, deps: EmployeePortalDeps): void {
  app.get('/trusts/:ods/employee/sign-up/role', { config: { surface: 'page' } }, async (request, reply) => {
    const ctx = await signUpStep(request, reply, 'role');
    if (!ctx) return reply;
    const p = ctx.passport;
    const hrMailbox = (await trustSettings(deps.database.db, ctx.scope).mailboxes()).find((m) => m.team === 'hr')?.email;
    return signUpPage(reply, ctx, 'portals/employee/sign-up/role/page.njk', {
      pageTitle: ctx.journey.moving ? `Your role at ${ctx.organisation.name}` : 'Your role',
      moving: ctx.journey.moving === true,
      backHref: previousStepPath(ctx.organisation, 'role', ctx.journey),
      action: signUpPath(ctx.organisation, '/role'),
      role: { staffGroup: p.staffGroup, jobRole: p.jobRole, employmentType: p.employmentType, employmentStatus: p.employmentStatus },
      hrMailbox,
    });
  });

  app.post('/trusts/:ods/employee/sign-up/role', { config: { surface: 'page' } }, async (request, reply) => {
    const ctx = await signUpStep(request, reply, 'role');
    if (!ctx) return reply;
    if (ctx.journey.moving) {
      return finishAndConfirm(request, reply, deps, ctx, {
        route: 'digital-identity',
        done: { template: 'portals/employee/sign-up/moving/done.njk', pageTitle: 'Your details have been shared' },
      });
    }
    return toStepDue(reply, ctx, await recordProgress(request, ctx, { role: true }));
  });
}
