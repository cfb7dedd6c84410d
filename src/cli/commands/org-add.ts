// dsp org add --ods CODE --name NAME [--kind trust|external|idsp]
import { zOrganisationInput } from '../../core/passport/organisation.ts';
import { addOrganisation } from '../../store/organisations.ts';
import { appendAudit } from '../../store/audit-log.ts';
import { provisionOrganisationKeys } from '../../store/organisation-keys.ts';
import { UsageError, cliActor, requireString, type Command } from '../command.ts';

export const orgAdd: Command = {
  words: ['org', 'add'],
  usage: 'dsp org add --ods CODE --name NAME [--kind trust|external|idsp] [--json]',
  summary: 'Register an organisation (a trust, an external system such as a training provider, or an identity service provider)',
  options: { ods: { type: 'string' }, name: { type: 'string' }, kind: { type: 'string' } },
  async run(runtime, values) {
    const parsed = zOrganisationInput.safeParse({
      odsCode: requireString(values, 'ods'),
      name: requireString(values, 'name'),
      kind: values.kind ?? 'trust',
    });
    if (!parsed.success) throw new UsageError(parsed.error.issues.map((i) => `--${cliName(String(i.path[0]))}: ${i.message}`).join('\n'));
    const result = await runtime.database.transaction(async (tx) => {
      const added = await addOrganisation(tx, parsed.data);
      if (added.outcome === 'added') {
        const o = added.organisation;
        // Every organisation signs with its own key from the start: its DID document lists it.
        await provisionOrganisationKeys(tx, runtime.keys, o.id);
        await appendAudit(tx, { organisationId: o.id, actor: cliActor, action: 'organisation.added', subject: o.id, correlationId: runtime.correlationId, details: { ods: o.odsCode, kind: o.kind } }, runtime.clock);
      }
      return added;
    });
    const o = result.organisation;
    return {
      text: result.outcome === 'added' ? `Added ${o.kind} ${o.odsCode} ${o.name}` : `${o.odsCode} is already registered as ${o.name}`,
      json: { outcome: result.outcome, organisation: { id: o.id, ods: o.odsCode, name: o.name, kind: o.kind } },
      exitCode: result.outcome === 'added' ? 0 : 1,
    };
  },
};

function cliName(field: string): string {
  return field === 'odsCode' ? 'ods' : field;
}
