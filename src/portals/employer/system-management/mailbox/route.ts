// A team mailbox (DOMAIN.md E3 "Notification settings"): HR, occupational health, education and
// training — each an email address and whether it gets the weekly summary of outstanding actions
// (the weekly-summary job sends it; expiry notices go to it whatever the choice).
//   GET  /trusts/{ods}/employer/system-management/mailboxes/{team}   add (none yet) or change
//   POST /trusts/{ods}/employer/system-management/mailboxes/{team}   email, weeklySummary (yes|no)
// Saving what is already stored changes nothing and is not audited (a double submit acts once).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { TEAMS, TEAM_NAMES, type Team } from '../../../../core/passport/teams.ts';
import { parseForm, type FormErrors } from '../../../../platform/http/forms.ts';
import { scopeOf } from '../../../../store/scope.ts';
import { trustSettings } from '../../../../store/trust-settings.ts';
import type { EmployerPortalDeps } from '../../auth/deps.ts';
import { employerContext, employerPage, type EmployerContext } from '../../auth/employer-context.ts';
import { auditChange, notFound, systemPath } from '../shared.ts';

const zTeamParams = z.object({ team: z.enum(TEAMS) });

export const zMailboxForm = z.object({
  email: z
    .string({ error: 'Enter the team’s email address' })
    .trim()
    .min(1, 'Enter the team’s email address')
    .max(254, 'Email address must be 254 characters or fewer')
    .toLowerCase()
    .pipe(z.email({ error: 'Enter an email address in the correct format, like hr.team@example.nhs.uk' })),
  weeklySummary: z.enum(['yes', 'no'], { error: 'Select yes if this mailbox should get the weekly summary' }),
});

/** The senior administrator and the team of the URL (an unknown team is a 404). */
export async function teamOf(request: FastifyRequest, reply: FastifyReply): Promise<{ ctx: EmployerContext; team: Team } | undefined> {
  const ctx = await employerContext(request, reply, { senior: true });
  if (!ctx) return undefined;
  const params = zTeamParams.safeParse(request.params);
  if (!params.success) {
    notFound(reply);
    return undefined;
  }
  return { ctx, team: params.data.team };
}

export function registerTeamMailboxPage(app: FastifyInstance, deps: EmployerPortalDeps): void {
  const url = '/trusts/:ods/employer/system-management/mailboxes/:team';

  function render(reply: FastifyReply, ctx: EmployerContext, team: Team, adding: boolean, values: Record<string, string>, errors?: FormErrors, status = 200) {
    const name = TEAM_NAMES[team];
    return employerPage(
      reply,
      ctx,
      'portals/employer/system-management/mailbox/page.njk',
      {
        pageTitle: `${adding ? 'Add' : 'Change'} the ${name === 'HR' ? 'HR' : name.toLowerCase()} mailbox`,
        teamName: name,
        navCurrent: systemPath(ctx.organisation),
        backHref: systemPath(ctx.organisation),
        action: systemPath(ctx.organisation, `/mailboxes/${team}`),
        values,
        errors,
      },
      status,
    );
  }

  app.get(url, { config: { surface: 'page' } }, async (request, reply) => {
    const found = await teamOf(request, reply);
    if (!found) return reply;
    const { ctx, team } = found;
    const mailbox = (await trustSettings(deps.database.db, scopeOf(ctx.organisation.id)).mailboxes()).find((m) => m.team === team);
    return render(reply, ctx, team, !mailbox, mailbox ? { email: mailbox.email, weeklySummary: mailbox.weeklySummary ? 'yes' : 'no' } : {});
  });

  app.post(url, { config: { surface: 'page' } }, async (request, reply) => {
    const found = await teamOf(request, reply);
    if (!found) return reply;
    const { ctx, team } = found;
    const form = parseForm(zMailboxForm, request.body);
    if (!form.ok) {
      const mailbox = (await trustSettings(deps.database.db, scopeOf(ctx.organisation.id)).mailboxes()).find((m) => m.team === team);
      return render(reply, ctx, team, !mailbox, form.values, form.errors, 400);
    }
    const weeklySummary = form.value.weeklySummary === 'yes';
    await deps.database.transaction(async (tx) => {
      const settings = trustSettings(tx, scopeOf(ctx.organisation.id));
      const before = (await settings.mailboxes()).find((m) => m.team === team);
      if (await settings.setMailbox(team, form.value.email, weeklySummary)) {
        // The address is the team's, not a person's, but the audit log keeps identifiers only.
        await auditChange(tx, deps, request, ctx, before ? 'team-mailbox.changed' : 'team-mailbox.added', team, {
          team,
          weeklySummary,
          emailChanged: before ? before.email !== form.value.email : true,
        });
      }
    });
    return reply.redirect(`${systemPath(ctx.organisation)}?done=mailbox#mailboxes`, 303);
  });
}
