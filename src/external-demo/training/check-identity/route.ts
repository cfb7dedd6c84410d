// GET  /demo/training/check-identity   why and how the portal checks the person's identity: they
//      share their NHS identity credential from their wallet through the Digital Staff Passport
//      gateway (D2W step 6), once per session
// POST the same: sends them to the gateway in verifying mode (authorization code flow with
//      PKCE, scope `openid Identity`); the gateway shows the QR code and sends them back to
//      /demo/training/callback
import type { FastifyInstance } from 'fastify';
import { paths } from '../academy.ts';
import { GatewayUnavailable } from '../gateway-client.ts';
import { signedIn, type PortalContext } from '../portal.ts';
import { renderProblem } from '../problem/problem.ts';
import { render } from '../render.ts';

export function registerCheckIdentity(app: FastifyInstance, ctx: PortalContext): void {
  app.get(paths.checkIdentity, { config: { surface: 'page' } }, async (request, reply) => {
    const who = await signedIn(ctx, request, reply, 'employee');
    if (!who) return reply;
    if (!who.account.dspApplies) return reply.redirect(paths.records, 303);
    // Once per session: a checked identity goes straight on.
    if (who.session.identity) return reply.redirect(who.session.downloading ? paths.download(who.session.downloading) : paths.records, 303);
    return render(reply, 'check-identity', 'Check your identity', { account: who.account, backHref: paths.records });
  });

  app.post(paths.checkIdentity, { config: { surface: 'page' } }, async (request, reply) => {
    const who = await signedIn(ctx, request, reply, 'employee');
    if (!who) return reply;
    if (!who.account.dspApplies) return reply.redirect(paths.records, 303);
    try {
      const { url, pending } = await ctx.gateway.startVerifying();
      who.session.pending = pending;
      return reply.redirect(url.href, 303);
    } catch (error) {
      if (!(error instanceof GatewayUnavailable)) throw error;
      request.log.warn({ reason: error.reason, err: error.cause }, 'training portal: gateway unavailable');
      return renderProblem(reply, error.reason === 'not_onboarded' ? 'not-onboarded' : 'gateway-unavailable', { account: who.account });
    }
  });
}
