// GET  /demo/training            the portal's front door: home when signed in, else sign in
// GET  /demo/training/sign-in    sign in with the portal's own account (D2W step 4: any method
//                                and strength; the strong check is the identity credential later)
// POST /demo/training/sign-in    email and password (argon2id); one message for a wrong email or
//                                password, so the form does not say which accounts exist
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { formErrors, parseForm } from '../../../platform/http/forms.ts';
import { hashPassword, verifyPassword } from '../../../platform/passwords.ts';
import { BASE_PATH, paths } from '../academy.ts';
import type { PortalContext } from '../portal.ts';
import { homeOf, render } from '../render.ts';

const zSignIn = z.object({
  email: z
    .string()
    .trim()
    .min(1, 'Enter your email address')
    .pipe(z.email('Enter an email address in the correct format, like name@example.com')),
  password: z.string().min(1, 'Enter your password'),
});

export function registerSignIn(app: FastifyInstance, ctx: PortalContext): void {
  // Checked when the email matches no account, so both answers take as long.
  let noAccountHash: Promise<string> | undefined;

  app.get(BASE_PATH, { config: { surface: 'page' } }, async (request, reply) => {
    const session = ctx.sessions.current(request);
    const account = session ? (await ctx.state.read()).accounts.find((a) => a.id === session.accountId) : undefined;
    return reply.redirect(account ? homeOf(account) : paths.signIn, 303);
  });

  app.get(paths.signIn, { config: { surface: 'page' } }, async (_request, reply) => render(reply, 'sign-in', 'Sign in', { values: {} }));

  app.post(paths.signIn, { config: { surface: 'page' } }, async (request, reply) => {
    const parsed = parseForm(zSignIn, request.body);
    // The password is never sent back into the page.
    if (!parsed.ok) return render(reply, 'sign-in', 'Sign in', { errors: parsed.errors, values: { email: parsed.values.email ?? '' } }, 400);
    const { email, password } = parsed.value;
    const account = (await ctx.state.read()).accounts.find((a) => a.email.toLowerCase() === email.toLowerCase());
    const valid = await verifyPassword(account?.passwordHash ?? (await (noAccountHash ??= hashPassword(randomUUID()))), password);
    if (!account || !valid) {
      const errors = formErrors([{ field: 'email', message: 'Enter a correct email address and password' }]);
      return render(reply, 'sign-in', 'Sign in', { errors, values: { email } }, 400);
    }
    ctx.sessions.start(reply, account.id);
    return reply.redirect(homeOf(account), 303);
  });
}
