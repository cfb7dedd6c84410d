// S1.4 face to face: what happens next (HR contacts the person; booking is not done here).
//   GET /trusts/{ods}/employee/sign-up/face-to-face
import type { FastifyInstance } from 'fastify';
import { previousStepPath, signUpPage, signUpStep, stepPath } from '../journey.ts';

export function registerFaceToFacePage(app: FastifyInstance): void {
  app.get('/trusts/:ods/employee/sign-up/face-to-face', { config: { surface: 'page' } }, async (request, reply) => {
    const ctx = await signUpStep(request, reply, 'identity', 'face-to-face');
    if (!ctx) return reply;
    return signUpPage(reply, ctx, 'portals/employee/sign-up/face-to-face/page.njk', {
      pageTitle: 'Proving your identity face to face',
      backHref: previousStepPath(ctx.organisation, 'identity', ctx.journey),
      continueHref: stepPath(ctx.organisation, 'email', ctx.journey),
    });
  });
}
