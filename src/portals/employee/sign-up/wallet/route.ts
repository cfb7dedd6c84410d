// S1.3 Set up a digital wallet: "I have this digital wallet set up".
//   GET  /trusts/{ods}/employee/sign-up/wallet
//   POST /trusts/{ods}/employee/sign-up/wallet
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { parseForm, type FormErrors } from '../../../../platform/http/forms.ts';
import { previousStepPath, recordProgress, signUpPage, signUpPath, signUpStep, toStepDue, type SignUpContext } from '../journey.ts';

const zWallet = z.object({ walletReady: z.literal('yes', { error: 'Confirm you have a digital wallet set up on your phone' }) });

export function registerWalletPage(app: FastifyInstance): void {
  const render = (reply: FastifyReply, ctx: SignUpContext, values: Record<string, string>, errors?: FormErrors) =>
    signUpPage(reply, ctx, 'portals/employee/sign-up/wallet/page.njk', {
      pageTitle: 'Set up a digital wallet',
      backHref: previousStepPath(ctx.organisation, 'wallet', ctx.journey),
      action: signUpPath(ctx.organisation, '/wallet'),
      webWallet: '/wallet',
      values,
      ...(errors ? { errors } : {}),
    }, errors ? 400 : 200);

  app.get('/trusts/:ods/employee/sign-up/wallet', { config: { surface: 'page' } }, async (request, reply) => {
    const ctx = await signUpStep(request, reply, 'wallet');
    if (!ctx) return reply;
    return render(reply, ctx, ctx.journey.wallet ? { walletReady: 'yes' } : {});
  });

  app.post('/trusts/:ods/employee/sign-up/wallet', { config: { surface: 'page' } }, async (request, reply) => {
    const ctx = await signUpStep(request, reply, 'wallet');
    if (!ctx) return reply;
    const form = parseForm(zWallet, request.body);
    if (!form.ok) return render(reply, ctx, form.values, form.errors);
    return toStepDue(reply, ctx, await recordProgress(request, ctx, { wallet: true }));
  });
}
