// RFC 9901's own examples (§5.1 issuance, §5.2 presentation, Appendix A.5 key) as vectors for
// the SD-JWT layer. Fixture: test/fixtures/rfc9901/section-5.json, transcribed from the RFC
// text; both signatures verify with the published key, which is how the transcription was
// checked. The RFC examples are typed `example+sd-jwt` and have no DSP claims, so they go
// through verifySdJwt, not verifySdJwtVc.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { digest } from '@sd-jwt/crypto-nodejs';
import type { JWK } from 'jose';
import rfc from '../../../../test/fixtures/rfc9901/section-5.json' with { type: 'json' };
import { b64json } from '../testing.ts';
import { verifySdJwt, type SdJwtVerifyInput } from './verify-sd-jwt.ts';

const KB_IAT = new Date(rfc.section5_2.keyBindingPayload.iat * 1000);

const input = (overrides: Partial<SdJwtVerifyInput> = {}): SdJwtVerifyInput => ({
  expectedTyp: rfc.typ,
  now: KB_IAT,
  resolveKey: async () => ({ jwk: rfc.issuerPublicJwk as JWK }),
  ...overrides,
});

const rfcKeyBinding = { audience: rfc.section5_2.keyBindingPayload.aud, nonce: rfc.section5_2.keyBindingPayload.nonce };

describe('RFC 9901 example vectors', () => {
  it('hashes each §5.1 Disclosure to the digest the RFC lists, and decodes it to its contents', () => {
    for (const d of rfc.section5_1.disclosures) {
      assert.equal(Buffer.from(digest(d.disclosure, 'sha-256')).toString('base64url'), d.digest, d.claim);
      assert.deepEqual(JSON.parse(Buffer.from(d.disclosure, 'base64url').toString('utf8')), d.contents, d.claim);
    }
  });

  it('verifies the §5.1 SD-JWT with the Appendix A.5 key, every Disclosure referenced', async () => {
    const result = await verifySdJwt(rfc.section5_1.sdJwt, input());
    assert.equal(result.ok, true, JSON.stringify(result.checks));
    assert.equal(result.checks.disclosures?.status, 'passed');
    assert.equal(result.checks.keyBinding?.status, 'skipped');
    const claims = result.contents?.claims ?? {};
    assert.equal(claims.given_name, 'John');
    assert.equal(claims.phone_number_verified, true);
    assert.deepEqual(claims.nationalities, ['US', 'DE']);
    assert.deepEqual(result.contents?.disclosedPaths, [
      'address', 'birthdate', 'email', 'family_name', 'given_name', 'nationalities.0', 'nationalities.1', 'phone_number',
      'phone_number_verified', 'updated_at',
    ]);
  });

  it('verifies the §5.2 presentation and its KB-JWT, and yields the RFC processed payload', async () => {
    const result = await verifySdJwt(rfc.section5_2.presentation, input({ keyBinding: rfcKeyBinding }));
    assert.equal(result.ok, true, JSON.stringify(result.checks));
    assert.equal(result.checks.keyBinding?.status, 'passed');
    assert.deepEqual(result.contents?.claims, rfc.section5_2.processedPayload);
    assert.deepEqual(result.contents?.keyBinding, { ...rfcKeyBinding, issuedAt: KB_IAT });
  });

  it('fails the §5.2 presentation for another nonce', async () => {
    const result = await verifySdJwt(rfc.section5_2.presentation, input({ keyBinding: { ...rfcKeyBinding, nonce: '0987654321' } }));
    assert.equal(result.ok, false);
    assert.deepEqual(result.checks.keyBinding, { status: 'failed', reason: 'kb_nonce_mismatch' });
  });

  it('fails the §5.2 presentation when a Disclosure in it was changed', async () => {
    const parts = rfc.section5_2.presentation.split('~');
    // family_name "Doe" becomes "Roe", salt kept.
    parts[1] = b64json(['eluV5Og3gSNII8EYnsxA_A', 'family_name', 'Roe']);
    const result = await verifySdJwt(parts.join('~'), input({ keyBinding: rfcKeyBinding }));
    assert.equal(result.ok, false);
    assert.equal(result.checks.disclosures?.status, 'failed');
    assert.equal(result.checks.disclosures?.status === 'failed' && result.checks.disclosures.reason, 'disclosure_unreferenced');
  });

  it('fails the §5.1 SD-JWT when the issuer key is not the RFC one', async () => {
    const other = { kty: 'EC', crv: 'P-256', x: rfc.section5_2.processedPayload.cnf.jwk.x, y: rfc.section5_2.processedPayload.cnf.jwk.y };
    const result = await verifySdJwt(rfc.section5_1.sdJwt, input({ resolveKey: async () => ({ jwk: other }) }));
    assert.deepEqual(result.checks.signature, { status: 'failed', reason: 'signature_invalid' });
  });

  it('refuses the RFC example under the dc+sd-jwt type it does not carry', async () => {
    const result = await verifySdJwt(rfc.section5_1.sdJwt, input({ expectedTyp: 'dc+sd-jwt' }));
    assert.deepEqual(result.checks.format, { status: 'failed', reason: 'wrong_typ', detail: 'example+sd-jwt' });
  });
});
