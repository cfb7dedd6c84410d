import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createOrganisationDidDocument } from './create-did-document.ts';
import { findVerificationMethod, keyOfVerificationMethod } from './did-document.ts';

const DID = 'did:web:localhost%3A3000:orgs:RZX';

// Two P-256 public keys (the did:key spec vectors) shaped as the key store publishes them; the
// kids stand in for RFC 7638 thumbprints.
const ACTIVE = {
  kid: 'Yy7KnnWgrYKNTlUXX1M9YRQGhqAQi4n4h_gYd5jkvqk',
  active: true,
  publicJwk: { kty: 'EC', crv: 'P-256', x: 'fyNYMN0976ci7xqiSdag3buk-ZCwgXU4kz9XNkBlNUI', y: 'hW2ojTNfH7Jbi8--CJUo3OCbH3y5n91g-IMA9MLMbTU', kid: 'Yy7KnnWgrYKNTlUXX1M9YRQGhqAQi4n4h_gYd5jkvqk', alg: 'ES256', use: 'sig' },
};
const RETIRED = {
  kid: 'oKIywvGUpTVTyxMQ3bwIIeQUudfr_CkLMjCE19ECD-U',
  active: false,
  publicJwk: { kty: 'EC', crv: 'P-256', x: 'igrFmi0whuihKnj9R3Om1SoMph72wUGeFaBbzG2vzns', y: 'efsX5b10x8yjyrj4ny3pGfLcY7Xby1KzgqOdqnsrJIM', kid: 'oKIywvGUpTVTyxMQ3bwIIeQUudfr_CkLMjCE19ECD-U', alg: 'ES256', use: 'sig' },
};

describe('organisation DID documents', () => {
  const document = createOrganisationDidDocument(DID, [ACTIVE, RETIRED]);

  it('has the DID v1 and JWS 2020 contexts and the DID as its id', () => {
    assert.deepEqual(document['@context'], ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/suites/jws-2020/v1']);
    assert.equal(document.id, DID);
  });

  it('lists every key, active and retired, as a JsonWebKey2020 whose id is did#kid', () => {
    assert.deepEqual(
      document.verificationMethod?.map((m) => [m.id, m.type, m.controller]),
      [
        [`${DID}#${ACTIVE.kid}`, 'JsonWebKey2020', DID],
        [`${DID}#${RETIRED.kid}`, 'JsonWebKey2020', DID],
      ],
    );
  });

  it('lists retired keys under assertionMethod so credentials they signed still verify', () => {
    assert.deepEqual(document.assertionMethod, [`${DID}#${ACTIVE.kid}`, `${DID}#${RETIRED.kid}`]);
    const found = findVerificationMethod(document, DID, RETIRED.kid, 'assertionMethod');
    assert.ok('method' in found);
    const key = keyOfVerificationMethod(found.method, DID);
    assert.ok(!('failure' in key));
    assert.deepEqual(key.jwk, { kty: 'EC', crv: 'P-256', x: RETIRED.publicJwk.x, y: RETIRED.publicJwk.y });
  });

  it('lists only the active key under authentication', () => {
    assert.deepEqual(document.authentication, [`${DID}#${ACTIVE.kid}`]);
  });

  it('publishes no private key members, and refuses a key that has them', () => {
    const json = JSON.stringify(document);
    for (const member of ['"d"', '"p"', '"q"', '"dp"', '"dq"', '"qi"', '"k"']) assert.ok(!json.includes(`${member}:`), member);
    const leaked = { ...ACTIVE, publicJwk: { ...ACTIVE.publicJwk, d: 'YjRs6vNvw4sYrzVVY8ipkEpDAD9PFqw1sUnvPRMA-WI' } };
    assert.throws(() => createOrganisationDidDocument(DID, [leaked]), TypeError);
  });

  it('publishes only the public JWK members it knows', () => {
    const extra = { ...ACTIVE, publicJwk: { ...ACTIVE.publicJwk, x5c: ['MII…'], ext: true } };
    const [method] = createOrganisationDidDocument(DID, [extra]).verificationMethod ?? [];
    assert.deepEqual(Object.keys(method?.publicKeyJwk ?? {}).sort(), ['alg', 'crv', 'kid', 'kty', 'use', 'x', 'y']);
  });

  it('is a valid document with no keys for an organisation that has none yet', () => {
    const empty = createOrganisationDidDocument(DID, []);
    assert.deepEqual([empty.verificationMethod, empty.assertionMethod, empty.authentication], [[], [], []]);
  });
});
