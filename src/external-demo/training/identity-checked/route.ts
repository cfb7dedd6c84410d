// GET /demo/training/identity-checked: "your identity has been checked" (D2W step 6.11), then on
// to what will be downloaded for the record the person started with.
import type { FastifyInstance } from 'fastify';
import { paths } from '../academy.ts';
import { signedIn, type PortalContext } from '../portal.ts';
import { render } from '../render.ts';

export function registerIdentityChecked(app: FastifyInstance, ctx: PortalContext): void {
  app.get(paths.identityChecked, { config: { surface: 'page' } }, async (request, reply) => {
    const who = await signedIn(ctx, request, reply, 'employee');
    if (!who) return reply;
    if (!who.session.identity) return reply.redirect(paths.records, 303);
    const next = who.session.downloading ? paths.download(who.session.downloading) : paths.records;
    return render(reply, 'identity-checked', 'Your identity has been checked', { account: who.account, next, continuesDownload: Boolean(who.session.downloading) });
  });
}
