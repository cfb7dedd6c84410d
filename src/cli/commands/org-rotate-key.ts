// dsp org rotate-key --org CODE
// Replaces an organisation's credential-signing key. The old key is retired: it signs nothing
// more but stays in the organisation's DID document, so credentials it signed still verify.
// The rotation and its audit entry commit together or not at all.
import { organisationDid } from '../../core/did/index.ts';
import { appendAudit } from '../../store/audit-log.ts';
import { rotateCredentialSigningKey } from '../../store/organisation-keys.ts';
import { findOrganisationByOds } from '../../store/organisations.ts';
import { UsageError, cliActor, requireString, type Command } from '../command.ts';

export const orgRotateKey: Command = {
  words: ['org', 'rotate-key'],
  usage: 'dsp org rotate-key --org CODE [--json]',
  summary: "Rotate an organisation's credential-signing key (the old key stays in its DID document to verify what it signed)",
  options: { org: { type: 'string' } },
  async run(runtime, values) {
    const ods = requireString(values, 'org');
    return runtime.database.transaction(async (tx) => {
      const organisation = await findOrganisationByOds(tx, ods);
      if (!organisation) throw new UsageError(`No organisation with ODS code ${ods.toUpperCase()}; add it first with dsp org add`);
      const { key, retired } = await rotateCredentialSigningKey(tx, runtime.keys, organisation.id);
      await appendAudit(
        tx,
        {
          organisationId: organisation.id,
          actor: cliActor,
          action: 'organisation.key-rotated',
          subject: organisation.id,
          correlationId: runtime.correlationId,
          details: { oldKid: retired?.kid ?? null, newKid: key.kid },
        },
        runtime.clock,
      );
      const did = organisationDid(runtime.config.http.publicUrl, organisation.odsCode);
      return {
        text: [
          `New credential-signing key for ${organisation.odsCode} ${organisation.name}: ${key.kid}`,
          retired ? `Retired ${retired.kid} (still listed in ${did} for verifying what it signed)` : 'There was no key before this one.',
        ].join('\n'),
        json: {
          outcome: 'rotated',
          organisation: { id: organisation.id, ods: organisation.odsCode, name: organisation.name, did },
          kid: key.kid,
          retiredKid: retired?.kid ?? null,
        },
      };
    });
  },
};
