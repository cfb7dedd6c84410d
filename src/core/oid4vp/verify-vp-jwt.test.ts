import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SignJWT, importJWK } from 'jose';
import { createJwtVc } from '../credentials/formats/create-jwt-vc.ts';
import { SAMPLE_CLOCK, SAMPLE_SUBJECTS } from '../credentials/samples.ts';
import { TEST_ISSUERS, issuerSigner, testKey } from '../credentials/testing.ts';
import { verifyVpJwt } from './verify-vp-jwt.ts';

const audience = 'decentralized_identifier:did:web:localhost%3A3000:orgs:RZX';
const nonce = 'n-0S6_WzA2Mj';
const now = SAMPLE_CLOCK;
const seconds = Math.floor(now.getTime() / 1000);

async function vp(claims: Record<string, unknown>): Promise<string> {
  const { credential } = await createJwtVc({
    type: 'Identity', subject: SAMPLE_SUBJECTS.Identity, issuer: TEST_ISSUERS.riverside.did, signer: issuerSigner('riverside'),
    holderJwk: testKey('holder').publicJwk, serialNumber: '3a4b5c6d-7e8f-4a0b-8c1d-2e3f4a5b6c7d', issuedAt: now,
  });
  const key = await importJWK(testKey('holder').privateJwk, 'ES256');
  return new SignJWT({ vp: { '@context': ['https://www.w3.org/2018/credentials/v1'], type: ['VerifiablePresentation'], verifiableCredential: [credential] }, aud: audience, nonce, ...claims })
    .setProtectedHeader({ alg: 'ES256', typ: 'JWT' })
    .sign(key);
}

describe('VP JWT (jwt_vc_json presentations)', () => {
  it('accepts a VP dated by iat', async () => {
    assert.equal((await verifyVpJwt(await vp({ iat: seconds }), { audience, nonce, now })).ok, true);
  });

  it('accepts a VP dated only by nbf, as some wallets send (VCDM 1.1 §6.3.1)', async () => {
    assert.equal((await verifyVpJwt(await vp({ nbf: seconds }), { audience, nonce, now })).ok, true);
  });

  it('accepts an undated VP (the single-use nonce is the freshness proof), and refuses a stale one and one from the future', async () => {
    assert.equal((await verifyVpJwt(await vp({}), { audience, nonce, now })).ok, true);
    assert.equal((await verifyVpJwt(await vp({ iat: 'yesterday' }), { audience, nonce, now })).ok, false);
    assert.equal((await verifyVpJwt(await vp({ nbf: seconds - 3600 }), { audience, nonce, now })).ok, false);
    assert.equal((await verifyVpJwt(await vp({ iat: seconds + 3600 }), { audience, nonce, now })).ok, false);
  });

  it('refuses the wrong nonce and the wrong audience', async () => {
    const token = await vp({ iat: seconds });
    assert.deepEqual(await verifyVpJwt(token, { audience, nonce: 'other', now }), { ok: false, reason: 'nonce_mismatch' });
    assert.deepEqual(await verifyVpJwt(token, { audience: 'did:web:localhost%3A3000:orgs:RZX', nonce, now }), { ok: false, reason: 'audience_mismatch' });
  });
});
