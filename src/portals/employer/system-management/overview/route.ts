// System Management (DOMAIN.md E3; Senior Portal Administrators only): one page summarising the
// trust's settings, each with a link to change it.
//   GET /trusts/{ods}/employer/system-management
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { describeCriteria } from '../../../../core/passport/credentials-required.ts';
import { TEAMS, TEAM_NAMES } from '../../../../core/passport/teams.ts';
import { getCredentialType } from '../../../../core/credentials/catalogue.ts';
import { credentialsRequiredChecklists } from '../../../../store/credentials-required-checklists.ts';
import { jobRuns } from '../../../../store/job-runs.ts';
import { scopeOf } from '../../../../store/scope.ts';
import { trustSettings } from '../../../../store/trust-settings.ts';
import type { EmployerPortalDeps } from '../../auth/deps.ts';
import { employerContext, employerPage, employerPath } from '../../auth/employer-context.ts';
import { formatWhen, runViews, systemPath } from '../shared.ts';

/** What the pages that change something report when they send the user back here. */
export const OVERVIEW_NOTICES = {
  name: 'The organisation name has been changed.',
  mailbox: 'The team mailbox has been saved.',
  'mailbox-removed': 'The team mailbox has been removed.',
} as const;
export type OverviewNotice = keyof typeof OVERVIEW_NOTICES;

export function registerSystemManagementPage(app: FastifyInstance, deps: EmployerPortalDeps): void {
  app.get('/trusts/:ods/employer/system-management', { config: { surface: 'page' } }, async (request, reply) => {
    const ctx = await employerContext(request, reply, { senior: true });
    if (!ctx) return reply;
    const { organisation } = ctx;
    const db = deps.database.db;
    const scope = scopeOf(organisation.id);
    const [settings, mailboxes, latest, checklists] = await Promise.all([
      trustSettings(db, scope).get(),
      trustSettings(db, scope).mailboxes(),
      jobRuns(db, scope).latest(),
      credentialsRequiredChecklists(db, scope).list(),
    ]);
    const q = z.object({ done: z.enum(Object.keys(OVERVIEW_NOTICES) as [OverviewNotice]) }).safeParse(request.query);
    const autoProvideRun = runViews(latest).find((r) => r.job === 'auto-provide');
    return employerPage(reply, ctx, 'portals/employer/system-management/overview/page.njk', {
      pageTitle: 'System management',
      navCurrent: employerPath(organisation, '/system-management'),
      notice: q.success ? OVERVIEW_NOTICES[q.data.done] : undefined,
      links: {
        organisation: systemPath(organisation, '/organisation'),
        autoProvide: systemPath(organisation, '/auto-provide'),
        checklists: systemPath(organisation, '/checklists'),
        addChecklist: systemPath(organisation, '/checklists/new'),
      },
      teams: TEAMS.map((team) => {
        const mailbox = mailboxes.find((m) => m.team === team);
        return {
          team,
          name: TEAM_NAMES[team],
          email: mailbox?.email,
          weeklySummary: mailbox?.weeklySummary,
          href: systemPath(organisation, `/mailboxes/${team}`),
          removeHref: mailbox ? systemPath(organisation, `/mailboxes/${team}/remove`) : undefined,
        };
      }),
      autoProvide: {
        on: settings.autoProvide,
        changed: settings.updatedAt ? formatWhen(settings.updatedAt) : undefined,
        lastRun: autoProvideRun?.run,
      },
      checklists: checklists.map((c) => ({
        criteria: describeCriteria(c),
        types: c.credentialTypes.map((t) => getCredentialType(t).display.name).join(', '),
        count: c.credentialTypes.length,
      })),
    });
  });
}
