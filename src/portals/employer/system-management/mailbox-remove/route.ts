// Removing a team mailbox (DOMAIN.md E3): a confirmation page, then the removal.
//   GET  /trusts/{ods}/employer/system-management/mailboxes/{team}/remove
//   POST /trusts/{ods}/employer/system-management/mailboxes/{team}/remove
// A team without a mailbox: the GET answers 404; a repeated POST removes nothing more.
import type { FastifyInstance } from 'fastify';
import { TEAM_NAMES } from '../../../../core/passport/teams.ts';
import { scopeOf } from '../../../../store/scope.ts';
import { trustSettings } from '../../../../store/trust-settings.ts';
import type { EmployerPortalDeps } from '../../auth/deps.ts';
import { employerPage } from '../../auth/employer-context.ts';
import { teamOf } from '../mailbox/route.ts';
import { auditChange, notFound, systemPath } from '../shared.ts';

export function registerTeamMailboxRemovePage(app: FastifyInstance, deps: EmployerPortalDeps): void {
  const url = '/trusts/:ods/employer/system-management/mailboxes/:team/remove';

  app.get(url, { config: { surface: 'page' } }, async (request, reply) => {
    const found = await teamOf(request, reply);
    if (!found) return reply;
    const { ctx, team } = found;
    const mailbox = (await trustSettings(deps.database.db, scopeOf(ctx.organisation.id)).mailboxes()).find((m) => m.team === team);
    if (!mailbox) return notFound(reply);
    return employerPage(reply, ctx, 'portals/employer/system-management/mailbox-remove/page.njk', {
      pageTitle: `Remove the ${TEAM_NAMES[team] === 'HR' ? 'HR' : TEAM_NAMES[team].toLowerCase()} mailbox?`,
      navCurrent: systemPath(ctx.organisation),
      backHref: systemPath(ctx.organisation),
      action: systemPath(ctx.organisation, `/mailboxes/${team}/remove`),
      cancelHref: systemPath(ctx.organisation),
      mailbox,
    });
  });

  app.post(url, { config: { surface: 'page' } }, async (request, reply) => {
    const found = await teamOf(request, reply);
    if (!found) return reply;
    const { ctx, team } = found;
    await deps.database.transaction(async (tx) => {
      if (await trustSettings(tx, scopeOf(ctx.organisation.id)).removeMailbox(team)) {
        await auditChange(tx, deps, request, ctx, 'team-mailbox.removed', team, { team });
      }
    });
    return reply.redirect(`${systemPath(ctx.organisation)}?done=mailbox-removed#mailboxes`, 303);
  });
}
