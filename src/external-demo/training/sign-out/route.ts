// GET  /demo/training/sign-out   asks to confirm (signing out is a form post, with its CSRF token)
// POST /demo/training/sign-out   ends the session: the identity check goes with it
import type { FastifyInstance } from 'fastify';
import { paths } from '../academy.ts';
import type { PortalContext } from '../portal.ts';
import { render } from '../render.ts';

export function registerSignOut(app: FastifyInstance, ctx: PortalContext): void {
  app.get(paths.signOut, { config: { surface: 'page' } }, async (request, reply) => {
    const session = ctx.sessions.current(request);
    const account = session ? (await ctx.state.read()).accounts.find((a) => a.id === session.accountId) : undefined;
    if (!account) return reply.redirect(paths.signIn, 303);
    return render(reply, 'sign-out', 'Sign out', { account });
  });

  app.post(paths.signOut, { config: { surface: 'page' } }, async (request, reply) => {
    ctx.sessions.end(request, reply);
    return reply.redirect(paths.signIn, 303);
  });
}
