// One user (DOMAIN.md E2 "Edit"; Senior Portal Administrators only): their details and what a
// senior administrator may do to them. Each action is audited and acts once (a repeated post
// changes nothing more); nobody changes their own role or status or resets their own second factor.
//   GET  /trusts/{ods}/employer/users/{id}
//   POST /trusts/{ods}/employer/users/{id}/role                  change the role
//   POST /trusts/{ods}/employer/users/{id}/status                disable (ends their sessions) or enable
//   POST /trusts/{ods}/employer/users/{id}/reset-second-factor   they set one up at their next sign-in (E1.3)
//   POST /trusts/{ods}/employer/users/{id}/set-up-link           email a new set-up link (new password)
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { employerRoles } from '../../../core/passport/organisation.ts';
import { formErrors, parseForm, type FormErrors } from '../../../platform/http/forms.ts';
import { appendAudit } from '../../../store/audit-log.ts';
import { employerSecondFactors } from '../../../store/employer-second-factors.ts';
import { employerSessions } from '../../../store/employer-sessions.ts';
import { employerUserSetupLinks } from '../../../store/employer-user-setup-links.ts';
import { employerUsers, type EmployerUser } from '../../../store/employer-users.ts';
import { scopeOf } from '../../../store/scope.ts';
import type { EmployerPortalDeps } from '../auth/deps.ts';
import { employerContext, employerPage, employerPath, type EmployerContext } from '../auth/employer-context.ts';
import { formatDateTime, sendSetupLink } from '../auth/setup-links.ts';
import { signInPolicy } from '../auth/policy.ts';
import { roleNames, statusNames } from '../users/route.ts';

const zUserParams = z.object({ ods: z.string(), userId: z.uuid() });
const zRole = z.object({ role: z.enum(employerRoles, { error: 'Select a role' }) });
const zStatus = z.object({ status: z.enum(['active', 'disabled']) });

const notices = {
  role: 'The role has been changed.',
  disabled: 'The user has been disabled and signed out.',
  enabled: 'The user has been enabled.',
  reset: 'The second factor has been reset. They will set up a new one when they next sign in.',
  link: 'We have emailed them a new set-up link.',
} as const;

export function registerUserPage(app: FastifyInstance, deps: EmployerPortalDeps): void {
  /** The senior administrator and the user of the URL (of this trust only: another's id is a 404). */
  async function target(request: FastifyRequest, reply: FastifyReply): Promise<{ ctx: EmployerContext; user: EmployerUser } | undefined> {
    const ctx = await employerContext(request, reply, { senior: true });
    if (!ctx) return undefined;
    const params = zUserParams.safeParse(request.params);
    const user = params.success ? await employerUsers(deps.database.db, scopeOf(ctx.organisation.id)).findById(params.data.userId) : undefined;
    if (!user) {
      reply.page('errors/not-found.njk', { pageTitle: 'Page not found' }, 404);
      return undefined;
    }
    return { ctx, user };
  }

  async function render(reply: FastifyReply, ctx: EmployerContext, user: EmployerUser, extra: { errors?: FormErrors; values?: Record<string, string>; notice?: string } = {}, status = 200) {
    const scope = scopeOf(ctx.organisation.id);
    const now = deps.clock.now();
    const [factor, link, sessions] = await Promise.all([
      employerSecondFactors(deps.database.db, scope).find(user.id),
      employerUserSetupLinks(deps.database.db, scope).liveFor(user.id, now),
      employerSessions(deps.database.db, scope).countLive(user.id, now, signInPolicy.idleMs),
    ]);
    const base = employerPath(ctx.organisation, `/users/${user.id}`);
    return employerPage(
      reply,
      ctx,
      'portals/employer/user/page.njk',
      {
        pageTitle: user.displayName,
        navCurrent: employerPath(ctx.organisation, '/users'),
        backHref: employerPath(ctx.organisation, '/users'),
        subject: {
          id: user.id,
          name: user.displayName,
          email: user.email,
          role: user.role,
          roleName: roleNames[user.role],
          status: user.status,
          statusName: statusNames[user.status],
          secondFactor: factor?.confirmedAt ? (factor.kind === 'totp' ? 'Authenticator app' : `Text message to a mobile ending in ${factor.mobile?.slice(-3)}`) : 'Not set up',
          hasSecondFactor: Boolean(factor),
          linkExpires: link ? formatDateTime(link.expiresAt) : undefined,
          sessions: String(sessions),
        },
        self: user.id === ctx.user.id,
        actions: { role: `${base}/role`, status: `${base}/status`, reset: `${base}/reset-second-factor`, link: `${base}/set-up-link` },
        values: extra.values ?? { role: user.role },
        errors: extra.errors,
        notice: extra.notice,
      },
      status,
    );
  }

  const refuseSelf = (reply: FastifyReply, ctx: EmployerContext, user: EmployerUser, field: string, message: string) => render(reply, ctx, user, { errors: formErrors([{ field, message }]) }, 400);
  const done = (reply: FastifyReply, ctx: EmployerContext, user: EmployerUser, what: keyof typeof notices) => reply.redirect(`${employerPath(ctx.organisation, `/users/${user.id}`)}?done=${what}`, 303);

  app.get('/trusts/:ods/employer/users/:userId', { config: { surface: 'page' } }, async (request, reply) => {
    const found = await target(request, reply);
    if (!found) return reply;
    const q = z.object({ done: z.enum(Object.keys(notices) as [keyof typeof notices]) }).safeParse(request.query);
    return render(reply, found.ctx, found.user, { notice: q.success ? notices[q.data.done] : undefined });
  });

  app.post('/trusts/:ods/employer/users/:userId/role', { config: { surface: 'page' } }, async (request, reply) => {
    const found = await target(request, reply);
    if (!found) return reply;
    const { ctx, user } = found;
    if (user.id === ctx.user.id) return refuseSelf(reply, ctx, user, 'role', 'You cannot change your own role. Ask another Senior Portal Administrator');
    const form = parseForm(zRole, request.body);
    if (!form.ok) return render(reply, ctx, user, { errors: form.errors, values: form.values }, 400);
    await deps.database.transaction(async (tx) => {
      if (await employerUsers(tx, scopeOf(ctx.organisation.id)).changeRole(user.id, form.value.role)) {
        await appendAudit(tx, { organisationId: ctx.organisation.id, actor: `user:${ctx.user.id}`, action: 'employer-user.role-changed', subject: user.id, correlationId: request.id, details: { from: user.role, to: form.value.role } }, deps.clock);
      }
    });
    return done(reply, ctx, user, 'role');
  });

  app.post('/trusts/:ods/employer/users/:userId/status', { config: { surface: 'page' } }, async (request, reply) => {
    const found = await target(request, reply);
    if (!found) return reply;
    const { ctx, user } = found;
    if (user.id === ctx.user.id) return refuseSelf(reply, ctx, user, 'status', 'You cannot disable your own account');
    const form = parseForm(zStatus, request.body);
    if (!form.ok) return render(reply, ctx, user, { errors: formErrors([{ field: 'status', message: 'Choose whether to disable or enable the user' }]) }, 400);
    await deps.database.transaction(async (tx) => {
      const scope = scopeOf(ctx.organisation.id);
      if (!(await employerUsers(tx, scope).setStatus(user.id, form.value.status))) return;
      if (form.value.status === 'disabled') await employerSessions(tx, scope).endAllOf(user.id);
      await appendAudit(tx, { organisationId: ctx.organisation.id, actor: `user:${ctx.user.id}`, action: form.value.status === 'disabled' ? 'employer-user.disabled' : 'employer-user.enabled', subject: user.id, correlationId: request.id }, deps.clock);
    });
    return done(reply, ctx, user, form.value.status === 'disabled' ? 'disabled' : 'enabled');
  });

  app.post('/trusts/:ods/employer/users/:userId/reset-second-factor', { config: { surface: 'page' } }, async (request, reply) => {
    const found = await target(request, reply);
    if (!found) return reply;
    const { ctx, user } = found;
    if (user.id === ctx.user.id) return refuseSelf(reply, ctx, user, 'reset', 'You cannot reset your own second factor. Ask another Senior Portal Administrator');
    await deps.database.transaction(async (tx) => {
      const scope = scopeOf(ctx.organisation.id);
      if (!(await employerSecondFactors(tx, scope).remove(user.id))) return;
      // Whoever is signed in as them now signed in with the old factor.
      const ended = await employerSessions(tx, scope).endAllOf(user.id);
      await appendAudit(tx, { organisationId: ctx.organisation.id, actor: `user:${ctx.user.id}`, action: 'employer-user.second-factor-reset', subject: user.id, correlationId: request.id, details: { sessionsEnded: ended } }, deps.clock);
    });
    return done(reply, ctx, user, 'reset');
  });

  app.post('/trusts/:ods/employer/users/:userId/set-up-link', { config: { surface: 'page' } }, async (request, reply) => {
    const found = await target(request, reply);
    if (!found) return reply;
    const { ctx, user } = found;
    if (user.status === 'disabled') return render(reply, ctx, user, { errors: formErrors([{ field: 'link', message: 'Enable the user before sending them a set-up link' }]) }, 400);
    await deps.database.transaction(async (tx) => {
      await sendSetupLink(tx, deps, ctx.organisation, user, `user:${ctx.user.id}`);
      await appendAudit(tx, { organisationId: ctx.organisation.id, actor: `user:${ctx.user.id}`, action: 'employer-user.set-up-link-sent', subject: user.id, correlationId: request.id }, deps.clock);
    });
    return done(reply, ctx, user, 'link');
  });
}
