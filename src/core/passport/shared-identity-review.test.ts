// The shared identity HR reviews (E5.4): what is shown, the Identity built from it, which DSP
// unique identifier it carries, and the passport expiry the expired-passport rule looks at.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SAMPLE_SUBJECTS } from '../credentials/index.ts';
import { validateSubject } from '../credentials/validate-subject.ts';
import type { SharedIdentity } from './shared-identity.ts';
import { dspIdForSharedIdentity, identityFromSharedIdentity, sharedPassportExpiry, viewOfSharedIdentity } from './shared-identity-review.ts';

const DSP = '3f2b7c1e-8d4a-4f6b-9c2e-5a1d7e9b0c42';
const shared = (claims: Record<string, unknown> = {}, type: SharedIdentity['type'] = 'DigitalIdentity'): SharedIdentity => ({
  v: 1,
  type,
  issuer: 'did:web:example:idsp',
  issuerName: 'Demo Identity Service (simulated)',
  serialNumber: 's-1',
  format: 'dc+sd-jwt',
  verifiedAt: '2026-11-20T10:15:00.000Z',
  issuedAt: '2026-11-18T14:02:11Z',
  expiresAt: null,
  claims: { ...(type === 'DigitalIdentity' ? SAMPLE_SUBJECTS.DigitalIdentity : SAMPLE_SUBJECTS.Identity), dspId: DSP, ...claims },
});
const now = new Date('2026-11-21T09:00:00Z');

describe('shared identity review', () => {
  it('builds a valid Identity of the DigitalIdentity fields only, with the IDSP as origin', () => {
    const built = identityFromSharedIdentity(shared(), { dspId: DSP, organisationName: 'Test Trust', now });
    assert.ok(built.ok);
    assert.deepEqual(validateSubject('Identity', built.subject), []);
    assert.equal(built.subject.GPG45profile, undefined);
    assert.deepEqual(built.subject.assurance, {
      origin: 'Demo Identity Service (simulated)', assurancePolicy: 'GPG 45', assuranceOutcome: 'H1A', provider: 'Test Trust',
      verifier: 'Demo Identity Service (simulated)', verificationMethod: 'Document Verification', pedigree: 'Sourced', lastRefresh: now.toISOString(),
    });
  });

  it('refuses claims that cannot make an Identity, and drops a photo that is not base64', () => {
    assert.equal(identityFromSharedIdentity(shared({ lastName: undefined }), { dspId: DSP, organisationName: 'T', now }).ok, false);
    assert.equal(identityFromSharedIdentity(shared({ birthDate: '12/04/1990' }), { dspId: DSP, organisationName: 'T', now }).ok, false);
    assert.equal(viewOfSharedIdentity(shared({ photograph: '"><script>' })).photograph, undefined);
  });

  it('takes the shared DSP unique identifier; refuses one different from the passport\'s', () => {
    assert.deepEqual(dspIdForSharedIdentity(null, shared()), { ok: true, dspId: DSP, setOnPassport: true });
    assert.deepEqual(dspIdForSharedIdentity(DSP, shared()), { ok: true, dspId: DSP, setOnPassport: false });
    assert.deepEqual(dspIdForSharedIdentity('0b5c3f86-9a63-4e53-8f0c-1f1f1f1f1f1f', shared()), { ok: false, problem: 'mismatch' });
    assert.deepEqual(dspIdForSharedIdentity(null, shared({ dspId: undefined })), { ok: false, problem: 'missing' });
  });

  it('gives the expired-passport rule a passport\'s expiry only', () => {
    assert.equal(sharedPassportExpiry(shared()), '2031-05-14');
    assert.equal(sharedPassportExpiry(shared({ identityDocumentType: 'Driving licence' })), undefined);
    assert.equal(sharedPassportExpiry(shared({}, 'Identity')), undefined);
  });
});
