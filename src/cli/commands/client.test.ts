import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { describeEachDatabase } from '../../../test/support/databases.ts';
import { testConfig } from '../../../test/support/app.ts';
import { createServices } from '../../app.ts';
import { createLogger } from '../../platform/logger.ts';
import type { Clock } from '../../platform/clock.ts';
import { listAudit } from '../../store/audit-log.ts';
import { findOidcClient } from '../../store/oidc-clients.ts';
import { addOrganisation } from '../../store/organisations.ts';
import { verifyClientSecret } from '../../gateway/oidc/client-secrets.ts';
import type { Runtime } from '../command.ts';
import { executeCommand } from '../execute.ts';

describeEachDatabase('dsp client', (database) => {
  let runtime: Runtime;
  let organisationId: string;
  let now = new Date('2026-11-21T10:00:00Z');
  const clock: Clock = { now: () => now };

  before(async () => {
    const config = testConfig();
    const logger = createLogger('silent');
    runtime = { config, logger, database: database(), clock, correlationId: 'test-client', ...createServices(config, logger, database(), clock) };
    organisationId = (await addOrganisation(database().db, { odsCode: 'XCL', name: 'Client Test Training', kind: 'external' })).organisation.id;
  });
  after(() => runtime.close());

  const add = (...extra: string[]) =>
    executeCommand(runtime, ['client', 'add', '--org', 'XCL', '--name', 'Skills LMS', '--redirect-uri', 'https://lms.example/callback', '--credential-type', 'CoreSkill', ...extra, '--json']);

  it('registers a client and prints its id and secret once, storing only a hash', async () => {
    const out = await add();
    assert.equal(out.exitCode, 0, out.stderr);
    const json = JSON.parse(out.stdout) as { client_id: string; client_secret: string; organisation_did: string; issuer: string };
    assert.match(json.client_id, /^dsp-xcl-[0-9a-f]{12}$/);
    assert.equal(json.issuer, 'http://localhost:3000/gateway');
    assert.equal(json.organisation_did, 'did:web:localhost%3A3000:orgs:XCL');
    const stored = await findOidcClient(database().db, json.client_id);
    assert.ok(stored);
    assert.notEqual(stored.secretHash, json.client_secret);
    assert.ok(!stored.secretHash.includes(json.client_secret));
    assert.ok(verifyClientSecret(stored, json.client_secret, now));
    assert.ok(!verifyClientSecret(stored, `${json.client_secret}x`, now));
    assert.deepEqual(stored.redirectUris, ['https://lms.example/callback']);
    assert.deepEqual(stored.credentialTypes, ['CoreSkill']);
    const [entry] = await listAudit(database().db, organisationId, { action: 'oidc_client.added' });
    assert.equal(entry?.subject, json.client_id);
    assert.ok(!JSON.stringify(entry?.details).includes(json.client_secret), 'the secret never reaches the audit log');
  });

  it('rotates a secret: the old one works for a day, then only the new one', async () => {
    const { client_id: id, client_secret: old } = JSON.parse((await add()).stdout) as { client_id: string; client_secret: string };
    const rotated = await executeCommand(runtime, ['client', 'rotate-secret', '--org', 'XCL', '--client-id', id, '--json']);
    assert.equal(rotated.exitCode, 0, rotated.stderr);
    const { client_secret: fresh } = JSON.parse(rotated.stdout) as { client_secret: string };
    let stored = (await findOidcClient(database().db, id))!;
    assert.ok(verifyClientSecret(stored, fresh, now));
    assert.ok(verifyClientSecret(stored, old, now), 'the old secret still works during the overlap');
    now = new Date(now.getTime() + 25 * 3_600_000);
    stored = (await findOidcClient(database().db, id))!;
    assert.ok(verifyClientSecret(stored, fresh, now));
    assert.ok(!verifyClientSecret(stored, old, now), 'the old secret stops after the overlap');
  });

  it('lists, disables and enables clients of the organisation only', async () => {
    const { client_id: id } = JSON.parse((await add()).stdout) as { client_id: string };
    const disabled = await executeCommand(runtime, ['client', 'disable', '--org', 'XCL', '--client-id', id, '--json']);
    assert.equal(disabled.exitCode, 0, disabled.stderr);
    assert.ok((await findOidcClient(database().db, id))?.disabledAt);
    const listed = JSON.parse((await executeCommand(runtime, ['client', 'list', '--org', 'XCL', '--json'])).stdout) as { clients: { client_id: string; status: string }[] };
    assert.equal(listed.clients.find((c) => c.client_id === id)?.status, 'disabled');
    await addOrganisation(database().db, { odsCode: 'XOT', name: 'Other', kind: 'external' });
    const elsewhere = await executeCommand(runtime, ['client', 'enable', '--org', 'XOT', '--client-id', id]);
    assert.equal(elsewhere.exitCode, 2, 'another organisation cannot touch it');
    assert.ok((await findOidcClient(database().db, id))?.disabledAt);
    assert.equal((await executeCommand(runtime, ['client', 'enable', '--org', 'XCL', '--client-id', id])).exitCode, 0);
    assert.equal((await findOidcClient(database().db, id))?.disabledAt, null);
  });

  it('refuses redirect URIs with fragments or without https, unknown types and unknown organisations', async () => {
    const cases: string[][] = [
      ['client', 'add', '--org', 'XCL', '--name', 'A', '--redirect-uri', 'https://lms.example/cb#x'],
      ['client', 'add', '--org', 'XCL', '--name', 'A', '--redirect-uri', 'not a url'],
      ['client', 'add', '--org', 'XCL', '--name', 'A', '--redirect-uri', 'https://lms.example/cb', '--credential-type', 'Passport'],
      ['client', 'add', '--org', 'XCL', '--name', 'A'],
      ['client', 'add', '--org', 'NOPE1', '--name', 'A', '--redirect-uri', 'https://lms.example/cb'],
    ];
    for (const argv of cases) {
      const out = await executeCommand(runtime, argv);
      assert.equal(out.exitCode, 2, `${argv.join(' ')}: ${out.stdout}`);
    }
  });
});
