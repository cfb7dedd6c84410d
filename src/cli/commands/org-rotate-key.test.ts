import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { describeEachDatabase } from '../../../test/support/databases.ts';
import { testConfig } from '../../../test/support/app.ts';
import { createServices } from '../../app.ts';
import { createLogger } from '../../platform/logger.ts';
import { systemClock } from '../../platform/clock.ts';
import { listAudit } from '../../store/audit-log.ts';
import { credentialSigningKeys, provisionOrganisationKeys } from '../../store/organisation-keys.ts';
import { addOrganisation } from '../../store/organisations.ts';
import type { Runtime } from '../command.ts';
import { executeCommand } from '../execute.ts';

describeEachDatabase('dsp org rotate-key', (database) => {
  let runtime: Runtime;
  let organisationId: string;

  before(async () => {
    const config = testConfig();
    const logger = createLogger('silent');
    runtime = { config, logger, database: database(), clock: systemClock, correlationId: 'test-rotate-key', ...createServices(config, logger, database(), systemClock) };
    organisationId = (await addOrganisation(database().db, { odsCode: 'RZX', name: 'Riverside NHS Foundation Trust', kind: 'trust' })).organisation.id;
  });
  after(async () => {
    await runtime.close();
  });

  it('makes a new active key, retires the old one and writes an audit entry', async () => {
    const { credentialSigning: old } = await provisionOrganisationKeys(database().db, runtime.keys, organisationId);
    const out = await executeCommand(runtime, ['org', 'rotate-key', '--org', 'rzx', '--json']);
    assert.equal(out.exitCode, 0, out.stderr);
    const json = JSON.parse(out.stdout) as { outcome: string; organisation: { ods: string; did: string }; kid: string; retiredKid: string | null };
    assert.equal(json.outcome, 'rotated');
    assert.equal(json.organisation.ods, 'RZX');
    assert.equal(json.organisation.did, 'did:web:localhost%3A3000:orgs:RZX');
    assert.equal(json.retiredKid, old.kid);
    assert.notEqual(json.kid, old.kid);

    const all = await credentialSigningKeys(database().db, runtime.keys, organisationId);
    assert.deepEqual(all.map((k) => [k.kid, k.state]), [
      [json.kid, 'active'],
      [old.kid, 'retired'],
    ]);

    const [entry] = await listAudit(database().db, organisationId, { action: 'organisation.key-rotated' });
    assert.equal(entry?.actor, 'system:cli');
    assert.equal(entry?.subject, organisationId);
    assert.equal(entry?.correlationId, 'test-rotate-key');
    assert.deepEqual(entry?.details, { oldKid: old.kid, newKid: json.kid });
  });

  it('prints the new kid as text', async () => {
    const out = await executeCommand(runtime, ['org', 'rotate-key', '--org', 'RZX']);
    assert.equal(out.exitCode, 0, out.stderr);
    const [active] = await credentialSigningKeys(database().db, runtime.keys, organisationId);
    assert.match(out.stdout, new RegExp(`^New credential-signing key for RZX Riverside NHS Foundation Trust: ${active!.kid}$`, 'm'));
  });

  it('refuses an unknown organisation as a usage error and changes nothing', async () => {
    const before = (await listAudit(database().db, organisationId)).length;
    const out = await executeCommand(runtime, ['org', 'rotate-key', '--org', 'NOPE1']);
    assert.equal(out.exitCode, 2);
    assert.match(out.stderr, /No organisation with ODS code NOPE1/);
    assert.equal((await listAudit(database().db, organisationId)).length, before);
  });

  it('requires --org', async () => {
    const out = await executeCommand(runtime, ['org', 'rotate-key', '--json']);
    assert.equal(out.exitCode, 2);
    assert.deepEqual(JSON.parse(out.stdout), { error: 'usage', message: '--org is required' });
  });
});
