// dsp user add --org CODE --email EMAIL --role administrator|senior-administrator [--name NAME]
import { nameFromEmail, zEmployerUserInput } from '../../core/passport/organisation.ts';
import { employerUsers } from '../../store/employer-users.ts';
import { findOrganisationByOds } from '../../store/organisations.ts';
import { scopeOf } from '../../store/scope.ts';
import { appendAudit } from '../../store/audit-log.ts';
import { UsageError, cliActor, requireString, type Command } from '../command.ts';
import { sendSetupLink } from '../../portals/employer/auth/setup-links.ts';

export const userAdd: Command = {
  words: ['user', 'add'],
  usage: 'dsp user add --org CODE --email EMAIL --role administrator|senior-administrator [--name NAME] [--json]',
  summary: "Add an employer portal user to an organisation",
  options: { org: { type: 'string' }, email: { type: 'string' }, role: { type: 'string' }, name: { type: 'string' } },
  async run(runtime, values) {
    const ods = requireString(values, 'org');
    const email = requireString(values, 'email');
    const parsed = zEmployerUserInput.safeParse({
      email,
      role: requireString(values, 'role'),
      displayName: typeof values.name === 'string' ? values.name : nameFromEmail(email),
    });
    if (!parsed.success) throw new UsageError(parsed.error.issues.map((i) => `--${i.path[0] === 'displayName' ? 'name' : String(i.path[0])}: ${i.message}`).join('\n'));
    return runtime.database.transaction(async (tx) => {
      const organisation = await findOrganisationByOds(tx, ods);
      if (!organisation) throw new UsageError(`No organisation with ODS code ${ods.toUpperCase()}; add it first with dsp org add`);
      const result = await employerUsers(tx, scopeOf(organisation.id)).add(parsed.data);
      if (result.outcome === 'exists') {
        return { text: `${parsed.data.email} is already a user at ${organisation.odsCode}`, json: { outcome: 'exists' }, exitCode: 1 };
      }
      const u = result.user;
      await appendAudit(tx, { organisationId: organisation.id, actor: cliActor, action: 'employer-user.added', subject: u.id, correlationId: runtime.correlationId, details: { role: u.role } }, runtime.clock);
      // A trust's user is emailed the employer portal's set-up link (password, then second factor; D38).
      const linkSent = organisation.kind === 'trust';
      if (linkSent) await sendSetupLink(tx, { clock: runtime.clock, notifier: runtime.notifier, publicUrl: runtime.config.http.publicUrl }, organisation, u, cliActor);
      return {
        text: `Added ${u.role} ${u.email} (${u.displayName}) to ${organisation.odsCode} ${organisation.name}${linkSent ? '; emailed them a link to set their password' : ''}`,
        json: { outcome: 'added', user: { id: u.id, email: u.email, name: u.displayName, role: u.role, status: u.status, organisation: organisation.odsCode } },
      };
    });
  },
};
