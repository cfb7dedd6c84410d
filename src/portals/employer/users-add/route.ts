// Adding a user (DOMAIN.md E2 "Add new account"; Senior Portal Administrators only): name, email
// and role; the new user is emailed a single-use link to create their password (7 days).
//   GET  /trusts/{ods}/employer/users/add
//   POST /trusts/{ods}/employer/users/add   1. the form (400, error summary, what was typed kept)
//                                           2. the user (invited), the link, the email, the audit
//                                              entry — one transaction; the same email again (a
//                                              double submission too) is refused, so it acts once
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { employerRoles } from '../../../core/passport/organisation.ts';
import { formErrors, parseForm } from '../../../platform/http/forms.ts';
import { appendAudit } from '../../../store/audit-log.ts';
import { employerUsers } from '../../../store/employer-users.ts';
import { scopeOf } from '../../../store/scope.ts';
import type { EmployerPortalDeps } from '../auth/deps.ts';
import { employerContext, employerPage, employerPath, type EmployerContext } from '../auth/employer-context.ts';
import { sendSetupLink } from '../auth/setup-links.ts';

const zNewUser = z.object({
  displayName: z.string().trim().min(1, 'Enter the person’s full name').max(200, 'The name must be 200 characters or fewer'),
  email: z
    .string()
    .trim()
    .toLowerCase()
    .min(1, 'Enter their email address')
    .max(320, 'Enter an email address in the correct format, like name@example.nhs.uk')
    .pipe(z.email({ error: 'Enter an email address in the correct format, like name@example.nhs.uk' })),
  role: z.enum(employerRoles, { error: 'Select a role' }),
});

export function registerUsersAddPage(app: FastifyInstance, deps: EmployerPortalDeps): void {
  const render = (ctx: EmployerContext, extra: Record<string, unknown>) => ({
    pageTitle: 'Add a user',
    navCurrent: employerPath(ctx.organisation, '/users'),
    backHref: employerPath(ctx.organisation, '/users'),
    action: employerPath(ctx.organisation, '/users/add'),
    values: {},
    ...extra,
  });

  app.get('/trusts/:ods/employer/users/add', { config: { surface: 'page' } }, async (request, reply) => {
    const ctx = await employerContext(request, reply, { senior: true });
    if (!ctx) return reply;
    return employerPage(reply, ctx, 'portals/employer/users-add/page.njk', render(ctx, {}));
  });

  app.post('/trusts/:ods/employer/users/add', { config: { surface: 'page' } }, async (request, reply) => {
    const ctx = await employerContext(request, reply, { senior: true });
    if (!ctx) return reply;
    const { organisation, user: actor } = ctx;

    // 1. The form.
    const form = parseForm(zNewUser, request.body);
    if (!form.ok) return employerPage(reply, ctx, 'portals/employer/users-add/page.njk', render(ctx, { errors: form.errors, values: form.values }), 400);

    // 2. The user, the link and the email, at once.
    const added = await deps.database.transaction(async (tx) => {
      const result = await employerUsers(tx, scopeOf(organisation.id)).add({ ...form.value, status: 'invited' });
      if (result.outcome === 'exists') return undefined;
      await sendSetupLink(tx, deps, organisation, result.user, `user:${actor.id}`);
      await appendAudit(tx, { organisationId: organisation.id, actor: `user:${actor.id}`, action: 'employer-user.added', subject: result.user.id, correlationId: request.id, details: { role: result.user.role } }, deps.clock);
      return result.user;
    });
    if (!added) {
      const errors = formErrors([{ field: 'email', message: 'There is already a user with this email address' }]);
      return employerPage(reply, ctx, 'portals/employer/users-add/page.njk', render(ctx, { errors, values: { ...form.value } }), 400);
    }
    return reply.redirect(`${employerPath(organisation, '/users')}?added=${added.id}`, 303);
  });
}
