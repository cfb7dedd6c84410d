// The expiry sweep (DOMAIN.md §9 #19): credentials past their expiry become `expired`; each
// holder whose credential in the wallet expired is told on their chosen channels, and each team
// of the trust whose credentials expired is told at its mailbox (DOMAIN.md E3). Daily at 03:00
// Europe/London, after the UTC midnight at which credentials expire (catalogue/expiry.ts) and
// outside the hours the clocks change.
//
// Work goes in batches, one transaction each: the state change, its history, the holders' and
// the teams' messages commit together, so a sweep stopped half-way and run again tells nobody
// twice; rows are taken `for update skip locked`, so two sweeps at once split the work.
import { employeePortalUrl, employerPortalUrl } from '../core/passport/portal-links.ts';
import { TEAM_NAMES, teamOf, type Team } from '../core/passport/teams.ts';
import { passportHistory } from '../store/passport-history.ts';
import { providedCredentials, type ExpiredCredential } from '../store/provided-credentials.ts';
import { staffPassports } from '../store/staff-passports.ts';
import { trustSettings } from '../store/trust-settings.ts';
import { counted, londonDate, notifyPerson, titleList } from './notify-person.ts';
import type { TrustJobDefinition } from './trust-jobs.ts';

const BATCH = 500;

export const expirySweep: TrustJobDefinition = {
  name: 'expiry-sweep',
  cron: '0 3 * * *',
  description: 'Marks credentials past their expiry as expired; tells their holders and the teams that look after them',
  maxAttempts: 5,
  async run({ deps, organisation, scope, actor, summary, signal }) {
    const { database, clock, notifier, publicUrl } = deps;
    summary.expired = 0;
    summary.notified = 0;
    for (;;) {
      if (signal.aborted) throw new Error('stopped');
      const done = await database.transaction(async (tx) => {
        const now = clock.now();
        const expired = await providedCredentials(tx, scope).expireDue(now, BATCH);
        if (expired.length === 0) return true;
        await passportHistory(tx, scope).record(
          expired.map((c) => ({
            passportId: c.passportId,
            event: 'credential.expired' as const,
            actor,
            at: now,
            credentialId: c.id,
            details: { type: c.credentialType, title: c.title, was: c.previousState },
          })),
        );
        // Holders: about what was in their wallet (an offer never accepted only goes in the history).
        const inWallet = new Map<string, ExpiredCredential[]>();
        for (const c of expired) if (c.previousState === 'accepted') inWallet.set(c.passportId, [...(inWallet.get(c.passportId) ?? []), c]);
        const contacts = await staffPassports(tx, scope).contactsOf([...inWallet.keys()]);
        for (const [passportId, credentials] of inWallet) {
          const person = contacts.get(passportId);
          if (!person) continue;
          summary.notified! += await notifyPerson(tx, notifier, organisation.id, person, {
            email: 'credentials-expired-email',
            sms: 'credentials-expired-sms',
            personalisation: {
              name: person.givenName,
              organisation_name: organisation.name,
              credentials: counted(credentials.length, 'credential'),
              date: londonDate(now),
              titles: titleList(credentials.map((c) => c.title)),
              link: employeePortalUrl(publicUrl, organisation.odsCode),
            },
          });
        }
        // Teams: one message per team mailbox per batch, counting by type.
        const byTeam = new Map<Team, Map<string, number>>();
        for (const c of expired) {
          const team = teamOf(c.credentialType);
          const types = byTeam.get(team) ?? new Map<string, number>();
          types.set(c.title, (types.get(c.title) ?? 0) + 1);
          byTeam.set(team, types);
        }
        for (const mailbox of await trustSettings(tx, scope).mailboxes()) {
          const types = byTeam.get(mailbox.team);
          if (!types) continue;
          const count = [...types.values()].reduce((a, b) => a + b, 0);
          await notifier.send(tx, {
            organisationId: organisation.id,
            to: mailbox.email,
            template: 'credentials-expired-team',
            personalisation: {
              credentials: counted(count, 'credential'),
              date: londonDate(now),
              team: TEAM_NAMES[mailbox.team],
              organisation_name: organisation.name,
              by_type: [...types.entries()].map(([title, n]) => `${title} (${n})`).join(', '),
              link: employerPortalUrl(publicUrl, organisation.odsCode),
            },
          });
        }
        summary.expired! += expired.length;
        return expired.length < BATCH;
      });
      if (done) return;
    }
  },
};
