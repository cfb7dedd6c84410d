// did:jwk and did:key against published vectors.
//
// - did:jwk P-256: the example of the did:jwk spec (github.com/quartzjer/did-jwk spec.md §Examples).
// - did:jwk Ed25519: the spec has no Ed25519 example, so the DID is built here (by Buffer, not our
//   encoder) from the RFC 8037 Appendix A.2 public key, and checked against a signature made with
//   the RFC 8037 A.1 private key.
// - did:key: the W3C CCG did-method-key test vectors (test-vectors/nist-curves.json and
//   ed25519-x25519.json; the Ed25519 one is the key of the all-zero seed).
import assert from 'node:assert/strict';
import { createPrivateKey, sign } from 'node:crypto';
import { describe, it } from 'node:test';
import { compactVerify, importJWK } from 'jose';
import { base58btcEncode } from './encoding.ts';
import { didJwkFromPublicJwk, resolveDidJwk } from './did-jwk.ts';
import { didKeyFromPublicJwk, resolveDidKey } from './did-key.ts';
import { createDidResolver } from './resolve-did.ts';

const DID_JWK_P256 =
  'did:jwk:eyJjcnYiOiJQLTI1NiIsImt0eSI6IkVDIiwieCI6ImFjYklRaXVNczNpOF91c3pFakoydHBUdFJNNEVVM3l6OTFQSDZDZEgyVjAiLCJ5IjoiX0tjeUxqOXZXTXB0bm1LdG00NkdxRHo4d2Y3NEk1TEtncmwyR3pIM25TRSJ9';
const DID_JWK_P256_KEY = { kty: 'EC', crv: 'P-256', x: 'acbIQiuMs3i8_uszEjJ2tpTtRM4EU3yz91PH6CdH2V0', y: '_KcyLj9vWMptnmKtm46GqDz8wf74I5LKgrl2GzH3nSE' } as const;

const RFC8037 = { d: 'nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A', x: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo' };
const DID_JWK_ED25519 = `did:jwk:${Buffer.from(JSON.stringify({ kty: 'OKP', crv: 'Ed25519', x: RFC8037.x })).toString('base64url')}`;

const DID_KEY_P256 = 'did:key:zDnaerDaTF5BXEavCrfRZEk316dpbLsfPDZ3WJ5hRTPFU2169';
const DID_KEY_P256_KEY = { kty: 'EC', crv: 'P-256', x: 'fyNYMN0976ci7xqiSdag3buk-ZCwgXU4kz9XNkBlNUI', y: 'hW2ojTNfH7Jbi8--CJUo3OCbH3y5n91g-IMA9MLMbTU' } as const;
const DID_KEY_P256_2 = 'did:key:zDnaerx9CtbPJ1q36T5Ln5wYt3MQYeGRG5ehnPAmxcf5mDZpv';
const DID_KEY_P256_2_KEY = { kty: 'EC', crv: 'P-256', x: 'igrFmi0whuihKnj9R3Om1SoMph72wUGeFaBbzG2vzns', y: 'efsX5b10x8yjyrj4ny3pGfLcY7Xby1KzgqOdqnsrJIM' } as const;
const DID_KEY_ED25519 = 'did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp';
// publicKeyBase58 4zvwRjXUKGfvwnParsHAS3HuSVzV5cA4McphgmoCtajS of the vector, as a JWK x.
const DID_KEY_ED25519_X = 'O2onvM62pC1io6jQKm8Nc2UyFXcd4kOmOsBIoYtZ2ik';
const DID_KEY_P384 = 'did:key:z82LkvCwHNreneWpsgPEbV3gu1C6NFJEBg4srfJ5gdxEsMGRJUz2sG9FE42shbn2xkZJh54';

// A P-256 key whose x starts with a zero byte (generated once), and its SEC 1 compressed point.
const LEADING_ZERO_KEY = { kty: 'EC', crv: 'P-256', x: 'AN-tF7GfFu1LvkAenaV0VqdqmSHE2KBGVxGMTpogQww', y: 'JEKpImCwAO2XJjdCz7e9KqfMoABgAcO4EsXaoirDSl8' } as const;
const LEADING_ZERO_COMPRESSED = '0300dfad17b19f16ed4bbe401e9da57456a76a9921c4d8a04657118c4e9a20430c';

const resolver = createDidResolver({
  fetch: () => Promise.reject(new Error('no network in these tests')),
  clock: { now: () => new Date('2026-01-01T00:00:00Z') },
});

async function keyOf(didUrl: string, relationship: 'assertionMethod' | 'authentication' = 'assertionMethod') {
  const key = await resolver.resolveKey(didUrl, { relationship });
  if ('failure' in key) throw new Error(`${didUrl}: ${key.failure.code} ${key.failure.detail ?? ''}`);
  return key;
}

async function failureOf(didUrl: string): Promise<string> {
  const key = await resolver.resolveKey(didUrl);
  return 'failure' in key ? key.failure.code : 'resolved';
}

describe('did:jwk', () => {
  it('resolves the spec’s P-256 example to its JWK, as #0 and as the bare DID', async () => {
    for (const url of [`${DID_JWK_P256}#0`, DID_JWK_P256]) {
      const key = await keyOf(url);
      assert.deepEqual(key.jwk, DID_JWK_P256_KEY);
      assert.equal(key.alg, 'ES256');
      assert.equal(key.id, `${DID_JWK_P256}#0`);
    }
  });

  it('encodes a public key as the spec example does', () => {
    assert.equal(didJwkFromPublicJwk(DID_JWK_P256_KEY), DID_JWK_P256);
  });

  it('resolves an Ed25519 key that verifies an RFC 8037 signature', async () => {
    const key = await keyOf(`${DID_JWK_ED25519}#0`, 'authentication');
    assert.deepEqual(key.jwk, { kty: 'OKP', crv: 'Ed25519', x: RFC8037.x });
    assert.equal(key.alg, 'EdDSA');
    const privateKey = createPrivateKey({ key: { kty: 'OKP', crv: 'Ed25519', ...RFC8037 }, format: 'jwk' });
    const input = `${Buffer.from('{"alg":"EdDSA"}').toString('base64url')}.${Buffer.from('Example of Ed25519 signing').toString('base64url')}`;
    const jws = `${input}.${sign(null, Buffer.from(input), privateKey).toString('base64url')}`;
    // RFC 8037 A.4: Ed25519 is deterministic, so this is the RFC's own JWS.
    assert.equal(jws.split('.')[2], 'hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg');
    await compactVerify(jws, await importJWK(key.jwk, 'EdDSA'));
  });

  it('answers only the fragment #0 (did:jwk §"To create the DID URL")', async () => {
    assert.equal(await failureOf(`${DID_JWK_P256}#1`), 'verificationMethodNotFound');
  });

  it('rejects a did:jwk that carries a private key', async () => {
    const withD = `did:jwk:${Buffer.from(JSON.stringify({ kty: 'OKP', crv: 'Ed25519', ...RFC8037 })).toString('base64url')}`;
    const resolved = resolveDidJwk(withD);
    assert.ok('failure' in resolved && resolved.failure.code === 'invalidDid');
  });

  it('does not offer an encryption key (use: enc) for signatures', async () => {
    // The spec's X25519 example.
    const x25519 = 'did:jwk:eyJrdHkiOiJPS1AiLCJjcnYiOiJYMjU1MTkiLCJ1c2UiOiJlbmMiLCJ4IjoiM3A3YmZYdDl3YlRUVzJIQzdPUTFOei1EUThoYmVHZE5yZngtRkctSUswOCJ9';
    assert.equal(await failureOf(`${x25519}#0`), 'verificationMethodNotFound');
  });

  it('rejects values that are not base64url JSON JWKs', async () => {
    assert.equal(await failureOf('did:jwk:bm90IGpzb24#0'), 'invalidDid');
    assert.equal(await failureOf(`did:jwk:${Buffer.from('[1]').toString('base64url')}#0`), 'invalidDid');
  });
});

describe('did:key', () => {
  it('resolves the P-256 test vectors to their JWKs', async () => {
    for (const [did, jwk] of [
      [DID_KEY_P256, DID_KEY_P256_KEY],
      [DID_KEY_P256_2, DID_KEY_P256_2_KEY],
    ] as const) {
      const fragment = did.slice('did:key:'.length);
      const key = await keyOf(`${did}#${fragment}`);
      assert.deepEqual(key.jwk, jwk);
      assert.equal(key.alg, 'ES256');
      assert.equal(key.id, `${did}#${fragment}`);
    }
  });

  it('resolves the Ed25519 test vector to its JWK', async () => {
    const key = await keyOf(DID_KEY_ED25519, 'authentication');
    assert.deepEqual(key.jwk, { kty: 'OKP', crv: 'Ed25519', x: DID_KEY_ED25519_X });
    assert.equal(key.alg, 'EdDSA');
  });

  it('encodes public keys as the test vectors do', () => {
    assert.equal(didKeyFromPublicJwk(DID_KEY_P256_KEY), DID_KEY_P256);
    assert.equal(didKeyFromPublicJwk(DID_KEY_P256_2_KEY), DID_KEY_P256_2);
    assert.equal(didKeyFromPublicJwk({ kty: 'OKP', crv: 'Ed25519', x: DID_KEY_ED25519_X }), DID_KEY_ED25519);
  });

  it('gives 32-byte coordinates for a P-256 key whose x starts with a zero byte', async () => {
    const did = `did:key:z${base58btcEncode(Uint8Array.from([0x80, 0x24, ...Buffer.from(LEADING_ZERO_COMPRESSED, 'hex')]))}`;
    assert.equal(didKeyFromPublicJwk(LEADING_ZERO_KEY), did);
    const key = await keyOf(did);
    assert.deepEqual(key.jwk, LEADING_ZERO_KEY);
  });

  it('refuses curves DSP does not accept (P-384), and malformed values', async () => {
    assert.equal(await failureOf(DID_KEY_P384), 'unsupportedKey');
    assert.equal(await failureOf('did:key:z0OIl'), 'invalidDid');
    assert.equal(await failureOf(`${DID_KEY_P256}#other`), 'verificationMethodNotFound');
  });

  it('builds the same document as the vector’s, key for key', async () => {
    const resolved = await resolveDidKey(DID_KEY_P256);
    assert.ok('document' in resolved);
    const fragment = DID_KEY_P256.slice('did:key:'.length);
    assert.deepEqual(resolved.document.assertionMethod, [`${DID_KEY_P256}#${fragment}`]);
    assert.deepEqual(resolved.document.authentication, [`${DID_KEY_P256}#${fragment}`]);
  });
});
