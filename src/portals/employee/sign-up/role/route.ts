// S1.8 Role information: what HR entered on the invitation, read only ("contact the recruitment
// team if this is wrong").
//   GET  /trusts/{ods}/employee/sign-up/role
//   POST /trusts/{ods}/employee/sign-up/role
import type { FastifyInstance } from 'fastify';
import { previousStepPath, recordProgress, signUpPage, signUpPath, signUpStep, toStepDue } from '../journey.ts';

export function registerRolePage(app: FastifyInstance): void {
  app.get('/trusts/:ods/employee/sign-up/role', { config: { surface: 'page' } }, async (request, reply) => {
    const ctx = await signUpStep(request, reply, 'role');
    if (!ctx) return reply;
    const p = ctx.passport;
    return signUpPage(reply, ctx, 'portals/employee/sign-up/role/page.njk', {
      pageTitle: 'Your role',
      backHref: previousStepPath(ctx.organisation, 'role', ctx.journey),
      action: signUpPath(ctx.organisation, '/role'),
      role: { staffGroup: p.staffGroup, jobRole: p.jobRole, employmentType: p.employmentType, employmentStatus: p.employmentStatus },
    });
  });

  app.post('/trusts/:ods/employee/sign-up/role', { config: { surface: 'page' } }, async (request, reply) => {
    const ctx = await signUpStep(request, reply, 'role');
    if (!ctx) return reply;
    return toStepDue(reply, ctx, await recordProgress(request, ctx, { role: true }));
  });
}
