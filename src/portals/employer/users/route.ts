// User management (DOMAIN.md E2; Senior Portal Administrators only, §9 #10): the trust's users.
//   GET /trusts/{ods}/employer/users[?added=<user id>]
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { employerSecondFactors } from '../../../store/employer-second-factors.ts';
import { employerUsers } from '../../../store/employer-users.ts';
import { scopeOf } from '../../../store/scope.ts';
import type { EmployerPortalDeps } from '../auth/deps.ts';
import { employerContext, employerPage, employerPath } from '../auth/employer-context.ts';

export const roleNames = { administrator: 'Portal Administrator', 'senior-administrator': 'Senior Portal Administrator' } as const;
export const statusNames = { invited: 'Invited', active: 'Active', disabled: 'Disabled' } as const;

export function registerUsersPage(app: FastifyInstance, deps: EmployerPortalDeps): void {
  app.get('/trusts/:ods/employer/users', { config: { surface: 'page' } }, async (request, reply) => {
    const ctx = await employerContext(request, reply, { senior: true });
    if (!ctx) return reply;
    const scope = scopeOf(ctx.organisation.id);
    const [users, factors] = await Promise.all([employerUsers(deps.database.db, scope).list(), employerSecondFactors(deps.database.db, scope).ofUsers()]);
    const added = z.object({ added: z.uuid() }).safeParse(request.query);
    const addedUser = added.success ? users.find((u) => u.id === added.data.added) : undefined;
    return employerPage(reply, ctx, 'portals/employer/users/page.njk', {
      pageTitle: 'Users',
      navCurrent: employerPath(ctx.organisation, '/users'),
      addHref: employerPath(ctx.organisation, '/users/add'),
      added: addedUser ? { name: addedUser.displayName, email: addedUser.email } : undefined,
      users: users.map((u) => {
        const factor = factors.get(u.id);
        return {
          name: u.displayName,
          email: u.email,
          role: roleNames[u.role],
          status: statusNames[u.status],
          secondFactor: factor?.confirmedAt ? (factor.kind === 'totp' ? 'Authenticator app' : 'Text message') : 'Not set up',
          href: employerPath(ctx.organisation, `/users/${u.id}`),
          you: u.id === ctx.user.id,
        };
      }),
    });
  });
}
