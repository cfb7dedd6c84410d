// Issue → verify → rotate → revoke, through the real issuing path, key-management port, status
// ledger, published status lists and DID documents, on both database engines.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { describeEachDatabase } from '../../../test/support/databases.ts';
import { testApp } from '../../../test/support/app.ts';
import { createSdJwtVc, SAMPLE_SUBJECTS, type CredentialFormat } from '../../core/credentials/index.ts';
import { testKey } from '../../core/credentials/testing.ts';
import { organisationDid } from '../../core/did/index.ts';
import type { Organisation } from '../../core/passport/organisation.ts';
import { systemClock } from '../../platform/clock.ts';
import { addOrganisation } from '../../store/organisations.ts';
import { provisionOrganisationKeys, rotateCredentialSigningKey } from '../../store/organisation-keys.ts';
import { scopeOf } from '../../store/scope.ts';
import { statusLedger } from '../../store/status-ledger.ts';
import { issueCredential, organisationSigner, type IssueCredentialDeps } from '../issuance/issue-credential.ts';
import { createCredentialVerifier, type CredentialVerifier } from './credential-verifier.ts';

const publicUrl = 'http://localhost:3000';

describeEachDatabase('issuing and verifying DSP credentials', (database) => {
  let app: Awaited<ReturnType<typeof testApp>>;
  let trust: Organisation;
  let academy: Organisation;
  let deps: IssueCredentialDeps;
  let verifier: CredentialVerifier;

  before(async () => {
    app = await testApp(database(), { DSP_PUBLIC_URL: publicUrl });
    const { db } = database();
    trust = (await addOrganisation(db, { odsCode: 'RVA', name: 'Verifier Test Trust', kind: 'trust' })).organisation;
    academy = (await addOrganisation(db, { odsCode: 'XVA01', name: 'Verifier Test Academy', kind: 'external' })).organisation;
    for (const o of [trust, academy]) await provisionOrganisationKeys(db, app.services.keys, o.id);
    deps = { keys: app.services.keys, clock: systemClock, publicUrl };
    verifier = createCredentialVerifier({ db, keys: app.services.keys, clock: systemClock, publicUrl, allowLoopback: true });
  });
  after(() => app.close());

  const issue = (format: CredentialFormat, organisation = trust) =>
    database().transaction((tx) =>
      issueCredential(tx, deps, {
        organisation, type: 'Identity', format, subject: SAMPLE_SUBJECTS.Identity, holderJwk: testKey('holder').publicJwk, actor: 'test', correlationId: 'test',
      }),
    );

  for (const format of ['jwt_vc_json', 'dc+sd-jwt'] as const) {
    it(`issues a ${format} credential that passes every check, including issuer trust and live status`, async () => {
      const issued = await issue(format);
      assert.equal(issued.outcome, 'issued');
      const result = await verifier.verify(issued.outcome === 'issued' ? issued.credential.credential : '', { format });
      assert.equal(result.ok, true, JSON.stringify(result.checks));
      assert.equal(result.issuer?.name, 'Verifier Test Trust');
    });

    it(`keeps verifying a ${format} credential signed before a key rotation`, async () => {
      const before = await issue(format);
      await database().transaction((tx) => rotateCredentialSigningKey(tx, app.services.keys, trust.id));
      const after = await issue(format);
      for (const issued of [before, after]) {
        assert.ok(issued.outcome === 'issued');
        const result = await verifier.verify(issued.credential.credential, { format });
        assert.equal(result.ok, true, JSON.stringify(result.checks));
      }
    });

    it(`fails the status check of a revoked ${format} credential as soon as it is revoked`, async () => {
      const issued = await issue(format);
      assert.ok(issued.outcome === 'issued');
      assert.equal((await verifier.verify(issued.credential.credential, { format })).ok, true);
      await database().transaction((tx) =>
        statusLedger(tx, scopeOf(trust.id)).revoke({ serialNumber: issued.serialNumber, reason: 'LeavingOrganisation', actor: 'test', correlationId: 'test' }, systemClock),
      );
      const result = await verifier.verify(issued.credential.credential, { format });
      assert.equal(result.ok, false);
      assert.deepEqual(result.checks.status, { status: 'failed', reason: 'revoked' });
    });
  }

  it('refuses to issue a type the organisation kind may not issue', async () => {
    const result = await database().transaction((tx) =>
      issueCredential(tx, deps, { organisation: academy, type: 'RightToWork', format: 'jwt_vc_json', subject: SAMPLE_SUBJECTS.RightToWork, holderJwk: testKey('holder').publicJwk, actor: 'test', correlationId: 'test' }),
    );
    assert.equal(result.outcome, 'not_allowed');
  });

  it('gives a jwt_vc_json credential one credentialStatus object (wallets refuse an array, D27)', async () => {
    const issued = await issue('jwt_vc_json');
    assert.ok(issued.outcome === 'issued');
    const payload = JSON.parse(Buffer.from(issued.credential.credential.split('.')[1]!, 'base64url').toString('utf8'));
    assert.equal(Array.isArray(payload.vc.credentialStatus), false);
    assert.equal(payload.vc.credentialStatus.statusPurpose, 'revocation');
  });

  for (const format of ['jwt_vc_json', 'dc+sd-jwt'] as const) {
    it(`fails the status check of a suspended ${format} credential, and passes again once unsuspended`, async () => {
      const issued = await issue(format);
      assert.ok(issued.outcome === 'issued');
      const change = { serialNumber: issued.serialNumber, reason: 'Other' as const, actor: 'test', correlationId: 'test' };
      await database().transaction((tx) => statusLedger(tx, scopeOf(trust.id)).suspend(change, systemClock));
      const suspended = await verifier.verify(issued.credential.credential, { format });
      assert.deepEqual(suspended.checks.status, { status: 'failed', reason: 'suspended' });
      await database().transaction((tx) => statusLedger(tx, scopeOf(trust.id)).unsuspend(change, systemClock));
      assert.equal((await verifier.verify(issued.credential.credential, { format })).ok, true);
    });
  }

  it('fails closed when a credential points at a status list this deployment does not publish', async () => {
    const signer = await organisationSigner(database().db, deps, trust);
    const { credential } = await createSdJwtVc({
      type: 'Identity', subject: SAMPLE_SUBJECTS.Identity, issuer: organisationDid(publicUrl, trust.odsCode), signer,
      holderJwk: testKey('holder').publicJwk, serialNumber: '6f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d', issuedAt: new Date(),
      status: { uri: 'https://status.elsewhere.example/lists/1', index: 7 },
      randomBytes: (n) => new Uint8Array(n).fill(3),
    });
    const result = await verifier.verify(credential, { format: 'dc+sd-jwt' });
    assert.equal(result.checks.signature?.status, 'passed');
    assert.equal(result.checks.status?.status, 'failed');
    assert.equal(result.checks.status?.status === 'failed' && result.checks.status.reason, 'status_unavailable');
  });
});
