// The weekly summary (DOMAIN.md §2.1 "Team mailboxes", E3): every Monday at 08:00 Europe/London,
// an email of outstanding actions to each team mailbox a trust configured with the summary on.
// HR's counts the passport-level actions and HR's credentials; the other teams' count the
// credentials they look after (src/core/passport/teams.ts). All mailboxes of a trust are sent,
// and the run recorded as succeeded, in one transaction: a retry after a crash sends nothing twice.
import { employerPortalUrl } from '../core/passport/portal-links.ts';
import { credentialTypesOf, seesPassportActions, TEAM_NAMES } from '../core/passport/teams.ts';
import { invitations } from '../store/invitations.ts';
import { providedCredentials } from '../store/provided-credentials.ts';
import { staffPassports } from '../store/staff-passports.ts';
import { trustSettings } from '../store/trust-settings.ts';
import { londonDate } from './notify-person.ts';
import type { TrustJobDefinition } from './trust-jobs.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

export const weeklySummary: TrustJobDefinition = {
  name: 'weekly-summary',
  cron: '0 8 * * 1',
  description: 'Emails each team mailbox a trust configured a summary of outstanding actions (Mondays)',
  maxAttempts: 5,
  async run({ deps, organisation, scope, summary, finish }) {
    const { database, clock, notifier, publicUrl } = deps;
    await database.transaction(async (tx) => {
      const now = clock.now();
      const mailboxes = (await trustSettings(tx, scope).mailboxes()).filter((m) => m.weeklySummary);
      summary.mailboxes = 0;
      if (mailboxes.length > 0) {
        const credentials = providedCredentials(tx, scope);
        const byState = await credentials.countByTypeAndState();
        const expiry = await credentials.expiryCounts({ from: new Date(now.getTime() - 7 * DAY_MS), to: now, until: new Date(now.getTime() + 30 * DAY_MS) });
        const passports = staffPassports(tx, scope);
        const statuses = await passports.countByStatus();
        const common = { organisation_name: organisation.name, date: londonDate(now), link: employerPortalUrl(publicUrl, organisation.odsCode) };
        for (const mailbox of mailboxes) {
          const types = new Set<string>(credentialTypesOf(mailbox.team));
          const count = (state: string) => byState.filter((r) => types.has(r.credentialType) && r.state === state).reduce((n, r) => n + r.count, 0);
          const expired = expiry.filter((r) => types.has(r.credentialType)).reduce((n, r) => n + r.expired, 0);
          const expiring = expiry.filter((r) => types.has(r.credentialType)).reduce((n, r) => n + r.expiring, 0);
          const credentialCounts = { pending: String(count('pending')), declined: String(count('declined')), expired: String(expired), expiring: String(expiring) };
          if (seesPassportActions(mailbox.team)) {
            await notifier.send(tx, {
              organisationId: organisation.id,
              to: mailbox.email,
              template: 'weekly-summary-hr',
              personalisation: {
                ...common,
                ...credentialCounts,
                invited: String(await invitations(tx, scope).countLive(now)),
                identity_checks: String((statuses['identity-shared'] ?? 0) + (statuses['appointment-needed'] ?? 0)),
                esr_links: String(await passports.countNeedingEsrLink()),
              },
            });
          } else {
            await notifier.send(tx, {
              organisationId: organisation.id,
              to: mailbox.email,
              template: 'weekly-summary',
              personalisation: { ...common, ...credentialCounts, team: TEAM_NAMES[mailbox.team] },
            });
          }
          summary.mailboxes += 1;
        }
      }
      await finish(tx);
    });
  },
};
