// A new user's emailed link (DOMAIN.md E2): set a password, then a second factor. Also how a
// senior administrator lets someone who forgot their password choose a new one (a new link).
//   GET  /trusts/{ods}/employer/set-up?token=…   the form, while the link is live (7 days, once)
//   POST /trusts/{ods}/employer/set-up           1. the link (live?)  2. the form (400; passwords are
//                                                never sent back)  3. the link used (one conditional
//                                                UPDATE: a second submission finds it used) and the
//                                                password set  4. a new session at enrolment
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { Organisation } from '../../../core/passport/organisation.ts';
import { parseForm } from '../../../platform/http/forms.ts';
import { hashPassword } from '../../../platform/passwords.ts';
import { appendAudit } from '../../../store/audit-log.ts';
import { employerSecondFactors } from '../../../store/employer-second-factors.ts';
import { employerSessions } from '../../../store/employer-sessions.ts';
import { employerUserSetupLinks } from '../../../store/employer-user-setup-links.ts';
import { employerUsers } from '../../../store/employer-users.ts';
import { scopeOf } from '../../../store/scope.ts';
import type { EmployerPortalDeps } from '../auth/deps.ts';
import { employerOrganisationOf, employerPath } from '../auth/employer-context.ts';
import { signInPolicy } from '../auth/policy.ts';
import { beginSession, preSignInContext, stagePath } from '../auth/sign-in-flow.ts';
import { digest } from '../auth/tokens.ts';
import { rateLimited } from '../sign-in/route.ts';

const zToken = z.string().regex(/^[A-Za-z0-9_-]{43}$/);

const zPasswords = z
  .object({
    token: z.string(),
    password: z
      .string()
      .min(1, 'Enter a password')
      .min(signInPolicy.minPasswordLength, `Your password must be at least ${signInPolicy.minPasswordLength} characters`)
      .max(256, 'Your password must be 256 characters or fewer'),
    confirmPassword: z.string().min(1, 'Enter your password again'),
  })
  .refine((v) => v.password === v.confirmPassword, { path: ['confirmPassword'], message: 'The passwords do not match' });

export function registerSetUpAccountPage(app: FastifyInstance, deps: EmployerPortalDeps): void {
  const title = 'Create your password';
  const template = 'portals/employer/set-up-account/page.njk';
  const linkNotUsable = (reply: FastifyReply, organisation: Organisation) =>
    reply.page('portals/employer/set-up-account/link-not-usable.njk', preSignInContext(organisation, 'This link cannot be used', { signIn: employerPath(organisation, '/sign-in') }), 400);

  app.get('/trusts/:ods/employer/set-up', { config: { surface: 'page' } }, async (request, reply) => {
    const organisation = await employerOrganisationOf(request, deps);
    if (!organisation) return reply.page('errors/not-found.njk', { pageTitle: 'Page not found' }, 404);
    const token = zToken.safeParse(z.object({ token: z.string() }).safeParse(request.query).data?.token);
    const live = token.success ? await employerUserSetupLinks(deps.database.db, scopeOf(organisation.id)).findLive(digest(token.data), deps.clock.now()) : undefined;
    if (!token.success || !live) return linkNotUsable(reply, organisation);
    return reply.page(template, preSignInContext(organisation, title, { action: employerPath(organisation, '/set-up'), token: token.data, minLength: signInPolicy.minPasswordLength }));
  });

  app.post('/trusts/:ods/employer/set-up', { config: { surface: 'page', ...rateLimited } }, async (request, reply) => {
    const organisation = await employerOrganisationOf(request, deps);
    if (!organisation) return reply.page('errors/not-found.njk', { pageTitle: 'Page not found' }, 404);
    const scope = scopeOf(organisation.id);
    const now = deps.clock.now();

    // 1. The link.
    const token = zToken.safeParse(z.object({ token: z.string() }).safeParse(request.body).data?.token);
    if (!token.success || !(await employerUserSetupLinks(deps.database.db, scope).findLive(digest(token.data), now))) return linkNotUsable(reply, organisation);

    // 2. The form.
    const form = parseForm(zPasswords, request.body);
    if (!form.ok) return reply.page(template, preSignInContext(organisation, title, { action: employerPath(organisation, '/set-up'), token: token.data, minLength: signInPolicy.minPasswordLength, errors: form.errors }), 400);

    // 3. The link used once, the password set; the user's other sessions end (a new password).
    const passwordHash = await hashPassword(form.value.password);
    const userId = await deps.database.transaction(async (tx) => {
      const used = await employerUserSetupLinks(tx, scope).consume(digest(token.data), now);
      if (!used || !(await employerUsers(tx, scope).setPassword(used.userId, passwordHash))) return undefined;
      await employerSessions(tx, scope).endAllOf(used.userId);
      await appendAudit(tx, { organisationId: organisation.id, actor: `user:${used.userId}`, action: 'employer-user.password-set', subject: used.userId, correlationId: request.id }, deps.clock);
      return used.userId;
    });
    if (!userId) return linkNotUsable(reply, organisation);

    // 4. Signed in up to the second factor: set one up now, or use the one already set up.
    const factor = await employerSecondFactors(deps.database.db, scope).find(userId);
    const stage = factor?.confirmedAt ? 'second-factor' : 'enrolment';
    await beginSession(request, reply, deps, organisation, userId, stage);
    return reply.redirect(stage === 'enrolment' ? stagePath(organisation, stage) : employerPath(organisation, '/sign-in'), 303);
  });
}
