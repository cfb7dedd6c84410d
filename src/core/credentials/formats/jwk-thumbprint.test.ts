import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { calculateJwkThumbprintUri, type JWK } from 'jose';
import { testKey } from '../testing.ts';
import { jwkThumbprintUri } from './jwk-thumbprint.ts';

describe('RFC 7638 JWK thumbprint URIs', () => {
  it('equals jose’s for P-256 and Ed25519 keys, whatever other members the JWK carries', async () => {
    for (const name of ['holder', 'otherHolder', 'riversideIssuer', 'academyIssuer'] as const) {
      const jwk = testKey(name).publicJwk;
      const expected = await calculateJwkThumbprintUri(jwk, 'sha256');
      assert.equal(jwkThumbprintUri(jwk), expected, name);
      assert.equal(jwkThumbprintUri({ ...jwk, kid: 'k-1', use: 'sig', alg: testKey(name).alg }), expected, `${name} with kid, use, alg`);
    }
  });

  it('hashes the required members in lexicographic order without whitespace (RFC 7638 §3.3)', () => {
    // Expected value computed outside this code base: base64url(SHA-256('{"crv":"P-256","kty":"EC","x":"AAAA","y":"BBBB"}')).
    const jwk = { y: 'BBBB', x: 'AAAA', kty: 'EC', crv: 'P-256' } as JWK;
    assert.equal(jwkThumbprintUri(jwk), 'urn:ietf:params:oauth:jwk-thumbprint:sha-256:lwGl3agdHIksq2_XBDEqf0uaLL38Nw_OLqL2Qq_D58I');
  });

  it('has none for keys missing a required member, or of a type credentials are not bound to', () => {
    assert.equal(jwkThumbprintUri({ kty: 'EC', crv: 'P-256', x: 'AAAA' }), undefined);
    assert.equal(jwkThumbprintUri({ kty: 'EC', crv: 'P-256', x: '', y: 'BBBB' }), undefined);
    assert.equal(jwkThumbprintUri({ kty: 'OKP', crv: 'Ed25519' }), undefined);
    assert.equal(jwkThumbprintUri({ kty: 'RSA', n: 'AQAB', e: 'AQAB' }), undefined);
    assert.equal(jwkThumbprintUri({ kty: 'EC', crv: 'P-256', x: 'é', y: 'BBBB' }), undefined);
  });
});
