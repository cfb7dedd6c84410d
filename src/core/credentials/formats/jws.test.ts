// ./jws.ts checks signatures with node:crypto instead of jose's compactVerify, for speed; it
// must accept exactly the tokens compactVerify accepts. These tests hold the two side by side on
// valid tokens and on every way we know to bend one.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compactVerify, decodeProtectedHeader, importJWK, type JWK } from 'jose';
import { b64json, issuerSigner, testKey } from '../testing.ts';
import { signCompactJws, verifyCompactJws } from './jws.ts';
import type { Signer, SigningAlgorithm } from './signer.ts';
import type { JsonObject } from './verification.ts';

const PAYLOAD = { iss: 'did:web:localhost%3A3000:orgs:RZX', iat: 1_790_000_000, name: 'Olivia Bennett' };

/** Signs exactly the header and payload parts given (already encoded), as a forger with the key could. */
async function signParts(signer: Signer, headerPart: string, payloadPart: string): Promise<string> {
  const signature = await signer.sign(Buffer.from(`${headerPart}.${payloadPart}`));
  return `${headerPart}.${payloadPart}.${Buffer.from(signature).toString('base64url')}`;
}

async function joseAccepts(compact: string, jwk: JWK, alg: SigningAlgorithm): Promise<boolean> {
  try {
    await compactVerify(compact, await importJWK(jwk, alg), { algorithms: [alg] });
    return true;
  } catch {
    return false;
  }
}

async function oursAccepts(compact: string, jwk: JWK, alg: SigningAlgorithm, cacheKey: boolean): Promise<boolean> {
  let header: JsonObject;
  try {
    header = decodeProtectedHeader(compact) as JsonObject;
  } catch {
    return false; // every caller refuses the token at its format check before verifying
  }
  return verifyCompactJws(compact, header, jwk, alg, { cacheKey });
}

const ISSUERS = [
  { name: 'ES256', alg: 'ES256', signer: issuerSigner('riverside'), key: testKey('riversideIssuer'), other: testKey('hillsideIssuer') },
  { name: 'EdDSA', alg: 'EdDSA', signer: issuerSigner('academy'), key: testKey('academyIssuer'), other: testKey('academyIssuer') },
] as const;

describe('JWS signatures checked with node:crypto', () => {
  for (const { name, alg, signer, key, other } of ISSUERS) {
    it(`accepts and refuses the same ${name} tokens as jose's compactVerify`, async () => {
      const h = (header: JsonObject) => b64json({ alg, ...header });
      const p = b64json(PAYLOAD);
      const valid = await signCompactJws({ alg, typ: 'JWT' }, PAYLOAD, signer);
      const [vh, vp, vs] = valid.split('.') as [string, string, string];
      const tokens: Record<string, string> = {
        valid,
        'payload changed': `${vh}.${b64json({ ...PAYLOAD, name: 'Mallory' })}.${vs}`,
        'signature truncated': `${vh}.${vp}.${vs.slice(0, -4)}`,
        'signature empty': `${vh}.${vp}.`,
        'signature padded': `${vh}.${vp}.${vs}=`,
        'signature in base64 alphabet': `${vh}.${vp}.${vs.replace(/-/g, '+').replace(/_/g, '/')}`,
        'signature with a space': `${vh}.${vp}.${vs.slice(0, 8)} ${vs.slice(8)}`,
        'four parts': `${valid}.x`,
        'non-ASCII payload part': `${vh}.${vp}é.${vs}`,
        'crit b64 true': await signParts(signer, h({ crit: ['b64'], b64: true }), p),
        'crit b64 false': await signParts(signer, h({ crit: ['b64'], b64: false }), p),
        'crit b64 not a boolean': await signParts(signer, h({ crit: ['b64'], b64: 'false' }), p),
        'crit b64 missing': await signParts(signer, h({ crit: ['b64'] }), p),
        'crit unknown extension': await signParts(signer, h({ crit: ['exp'], exp: 1 }), p),
        'crit empty': await signParts(signer, h({ crit: [] }), p),
        'crit not an array': await signParts(signer, h({ crit: 'b64', b64: true }), p),
        'crit with an empty name': await signParts(signer, h({ crit: [''] }), p),
        'b64 false without crit': await signParts(signer, h({ b64: false }), p),
        'alg of another family': await signParts(signer, b64json({ alg: alg === 'ES256' ? 'EdDSA' : 'ES256' }), p),
        'alg missing': await signParts(signer, b64json({ typ: 'JWT' }), p),
      };
      const keys: Record<string, JWK> = {
        'the key': key.publicJwk,
        'another key': { ...other.publicJwk, ...(alg === 'EdDSA' ? { x: testKey('riversideIssuer').publicJwk.x } : {}) },
        'key_ops verify': { ...key.publicJwk, key_ops: ['verify'] },
        'key_ops sign': { ...key.publicJwk, key_ops: ['sign'] },
        'key_ops empty': { ...key.publicJwk, key_ops: [] },
        'use enc': { ...key.publicJwk, use: 'enc' },
        'ext not a boolean': { ...key.publicJwk, ext: 'yes' as unknown as boolean },
        'alg of another family on the key': { ...key.publicJwk, alg: 'RS256' },
      };
      for (const [keyName, jwk] of Object.entries(keys)) {
        for (const [tokenName, token] of Object.entries(tokens)) {
          const expected = await joseAccepts(token, jwk, alg);
          // Twice with the cache (a miss, then a hit) and once without.
          for (const cacheKey of [true, true, false]) {
            assert.equal(await oursAccepts(token, jwk, alg, cacheKey), expected, `${tokenName} with ${keyName} (cache ${String(cacheKey)})`);
          }
        }
      }
      assert.equal(await oursAccepts(valid, key.publicJwk, alg, true), true);
    });
  }

  it('keeps imported keys apart: a cached key never verifies another key’s signature', async () => {
    const riverside = await signCompactJws({ alg: 'ES256' }, PAYLOAD, issuerSigner('riverside'));
    const hillside = await signCompactJws({ alg: 'ES256' }, PAYLOAD, issuerSigner('hillside'));
    const riversideKey = testKey('riversideIssuer').publicJwk;
    assert.equal(await oursAccepts(riverside, riversideKey, 'ES256', true), true);
    assert.equal(await oursAccepts(hillside, riversideKey, 'ES256', true), false);
    assert.equal(await oursAccepts(hillside, testKey('hillsideIssuer').publicJwk, 'ES256', true), true);
  });

  it('builds the compact serialisation jose verifies (RFC 7515 §7.1)', async () => {
    const token = await signCompactJws({ alg: 'ES256', typ: 'JWT', kid: 'did:web:example#key-1' }, PAYLOAD, issuerSigner('riverside'));
    const { payload, protectedHeader } = await compactVerify(token, await importJWK(testKey('riversideIssuer').publicJwk, 'ES256'));
    assert.deepEqual(protectedHeader, { alg: 'ES256', typ: 'JWT', kid: 'did:web:example#key-1' });
    assert.deepEqual(JSON.parse(Buffer.from(payload).toString('utf8')), PAYLOAD);
  });
});
