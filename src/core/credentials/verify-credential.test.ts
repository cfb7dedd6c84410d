import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CredentialTypeId } from './catalogue.ts';
import { SAMPLE_CLOCK, SAMPLE_SUBJECTS } from './samples.ts';
import { TEST_ISSUERS, countingRandomBytes, issuerSigner, resolveTestIssuerKey, testKey } from './testing.ts';
import { createJwtVc } from './formats/create-jwt-vc.ts';
import { createSdJwtVc } from './formats/create-sd-jwt-vc.ts';
import type { CredentialFormat } from './formats/verification.ts';
import { verifyCredential, verifyPresentedCredentials, type IssuerRecord, type StatusOutcome, type VerifyCredentialOptions } from './verify-credential.ts';

const registry: Record<string, IssuerRecord> = {
  [TEST_ISSUERS.riverside.did]: { did: TEST_ISSUERS.riverside.did, name: 'Riverside Hospitals NHS Foundation Trust', kind: 'trust' },
  [TEST_ISSUERS.academy.did]: { did: TEST_ISSUERS.academy.did, name: 'Northern Clinical Skills Academy', kind: 'external' },
  [TEST_ISSUERS.identityService.did]: { did: TEST_ISSUERS.identityService.did, name: 'Demo Identity Service (simulated)', kind: 'idsp' },
};

function options(overrides: Partial<VerifyCredentialOptions> & { status?: StatusOutcome | 'throw' } = {}): Omit<VerifyCredentialOptions, 'format'> {
  const status = overrides.status ?? { status: 'valid' };
  return {
    now: SAMPLE_CLOCK,
    resolveIssuerKey: resolveTestIssuerKey,
    lookupIssuer: async (did) => registry[did],
    checkStatus: async () => {
      if (status === 'throw') throw new Error('ECONNREFUSED');
      return status;
    },
    ...overrides,
  };
}

let serial = 0;
async function issue(format: CredentialFormat, type: CredentialTypeId, extra: { issuer?: 'riverside' | 'academy' | 'hillside' | 'identityService'; dspId?: string; withStatus?: boolean } = {}) {
  const issuer = extra.issuer ?? 'riverside';
  serial += 1;
  const input = {
    type,
    subject: extra.dspId ? { ...SAMPLE_SUBJECTS[type], dspId: extra.dspId } : SAMPLE_SUBJECTS[type],
    issuer: TEST_ISSUERS[issuer].did,
    signer: issuerSigner(issuer),
    holderJwk: testKey('holder').publicJwk,
    serialNumber: `00000000-0000-4000-8000-${String(serial).padStart(12, '0')}`,
    issuedAt: SAMPLE_CLOCK,
    ...(extra.withStatus === false ? {} : { status: { uri: 'http://localhost:3000/orgs/RZX/status/x', index: 42 } }),
  };
  const issued = format === 'jwt_vc_json' ? await createJwtVc(input) : await createSdJwtVc({ ...input, randomBytes: countingRandomBytes(serial) });
  return issued.credential;
}

for (const format of ['jwt_vc_json', 'dc+sd-jwt'] as const) {
  describe(`verifyCredential (${format})`, () => {
    const failed = (result: Awaited<ReturnType<typeof verifyCredential>>, check: string, reason: string) => {
      assert.equal(result.ok, false);
      const r = result.checks[check];
      assert.ok(r && r.status === 'failed', `${check} should have failed: ${JSON.stringify(result.checks)}`);
      assert.equal(r.reason, reason);
    };

    it('passes every check for a valid credential from a registered issuer allowed to issue its type', async () => {
      const result = await verifyCredential(await issue(format, 'Identity'), { ...options(), format });
      assert.equal(result.ok, true, JSON.stringify(result.checks));
      assert.equal(result.issuer?.name, 'Riverside Hospitals NHS Foundation Trust');
      assert.deepEqual(result.checks.status, { status: 'passed' });
    });

    it('fails the status check, by name, for a revoked credential', async () => {
      failed(await verifyCredential(await issue(format, 'Identity'), { ...options({ status: { status: 'revoked' } }), format }), 'status', 'revoked');
    });

    it('fails the status check, by name, for a suspended credential', async () => {
      failed(await verifyCredential(await issue(format, 'Identity'), { ...options({ status: { status: 'suspended' } }), format }), 'status', 'suspended');
    });

    it('fails closed when the status list cannot be reached or verified', async () => {
      failed(await verifyCredential(await issue(format, 'Identity'), { ...options({ status: 'throw' }), format }), 'status', 'status_unavailable');
      failed(await verifyCredential(await issue(format, 'Identity'), { ...options({ status: { status: 'unavailable', detail: 'signature' } }), format }), 'status', 'status_unavailable');
    });

    it('fails closed for a credential without a status entry', async () => {
      failed(await verifyCredential(await issue(format, 'Identity', { withStatus: false }), { ...options(), format }), 'status', 'status_missing');
    });

    it('fails the issuer check for an issuer that is not a registered organisation', async () => {
      // Hillside's key resolves (its DID document is reachable) but it is not in this registry.
      failed(await verifyCredential(await issue(format, 'Identity', { issuer: 'hillside' }), { ...options(), format }), 'issuer', 'issuer_unknown');
    });

    it('fails the issuer check for an external organisation issuing a type only trusts may issue', async () => {
      failed(await verifyCredential(await issue(format, 'RightToWork', { issuer: 'academy' }), { ...options(), format }), 'issuer', 'issuer_not_allowed');
    });

    it('passes a digital identity from a registered identity service provider', async () => {
      const result = await verifyCredential(await issue(format, 'DigitalIdentity', { issuer: 'identityService' }), { ...options(), format });
      assert.equal(result.ok, true, JSON.stringify(result.checks));
      assert.equal(result.issuer?.kind, 'idsp');
      assert.equal(result.credential?.subject.GPG45profile, 'H1A');
    });

    it('fails the issuer check for a trust issuing a digital identity: only identity service providers may', async () => {
      const result = await verifyCredential(await issue(format, 'DigitalIdentity'), { ...options(), format });
      failed(result, 'issuer', 'issuer_not_allowed');
      assert.equal(result.checks.signature?.status, 'passed', 'the credential itself is sound; only the issuer may not issue it');
    });

    it('fails the issuer check for an identity service provider issuing anything but a digital identity', async () => {
      failed(await verifyCredential(await issue(format, 'Identity', { issuer: 'identityService' }), { ...options(), format }), 'issuer', 'issuer_not_allowed');
      failed(await verifyCredential(await issue(format, 'RightToWork', { issuer: 'identityService' }), { ...options(), format }), 'issuer', 'issuer_not_allowed');
    });

    it('skips the platform checks when the signature does not verify', async () => {
      const credential = await issue(format, 'Identity');
      const tampered = credential.replace(/^([^.]+)\.([^.]+)/, (_m, h: string, p: string) => `${h}.${p.slice(0, -4)}AAAA`);
      const result = await verifyCredential(tampered, { ...options(), format });
      assert.equal(result.ok, false);
      assert.equal(result.checks.issuer?.status, 'skipped');
      assert.equal(result.checks.status?.status, 'skipped');
    });
  });
}

describe('credentials presented together', () => {
  it('pass for a digital identity and a trust’s credential about the same person', async () => {
    const result = await verifyPresentedCredentials(
      [{ compact: await issue('dc+sd-jwt', 'DigitalIdentity', { issuer: 'identityService' }), format: 'dc+sd-jwt' }, { compact: await issue('jwt_vc_json', 'AccessKey'), format: 'jwt_vc_json' }],
      options(),
    );
    assert.equal(result.ok, true);
    assert.equal(result.sameHolder.status, 'passed');
  });

  it('pass when they carry one DSP unique identifier', async () => {
    const result = await verifyPresentedCredentials(
      [{ compact: await issue('jwt_vc_json', 'Identity'), format: 'jwt_vc_json' }, { compact: await issue('dc+sd-jwt', 'RightToWork'), format: 'dc+sd-jwt' }],
      options(),
    );
    assert.equal(result.ok, true);
    assert.equal(result.sameHolder.status, 'passed');
  });

  it('fail, by name, when two credentials carry different DSP unique identifiers', async () => {
    const result = await verifyPresentedCredentials(
      [
        { compact: await issue('jwt_vc_json', 'Identity'), format: 'jwt_vc_json' },
        { compact: await issue('jwt_vc_json', 'RightToWork', { dspId: '11111111-2222-4333-8444-555555555555' }), format: 'jwt_vc_json' },
      ],
      options(),
    );
    assert.equal(result.ok, false);
    assert.ok(result.credentials.every((c) => c.ok), 'each credential is valid on its own');
    assert.equal(result.sameHolder.status, 'failed');
    assert.equal(result.sameHolder.status === 'failed' && result.sameHolder.reason, 'dsp_id_mismatch');
  });
});
