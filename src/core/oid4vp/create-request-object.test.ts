import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { TEST_ISSUERS, issuerSigner } from '../credentials/testing.ts';
import { createDcqlQuery } from './create-dcql-query.ts';
import { createRequestObject, didClientId } from './create-request-object.ts';

describe('the signed Request Object', () => {
  const make = () =>
    createRequestObject({
      clientId: didClientId(TEST_ISSUERS.riverside.did),
      clientName: 'Riverside',
      responseUri: 'http://localhost:3000/orgs/RZX/presentation-responses',
      responseMode: 'direct_post',
      nonce: 'n'.repeat(43),
      state: 's'.repeat(43),
      dcqlQuery: createDcqlQuery([{ id: 'identity', type: 'Identity' }]).query,
      now: new Date('2026-01-01T00:00:00Z'),
      signer: issuerSigner('riverside'),
    });

  it('names the verifier by its decentralized_identifier client_id and a DID-URL kid, and carries no iss (wallets on @openid4vc/oauth2 refuse an iss the DID kid does not start with)', async () => {
    const jar = await make();
    const header = decodeProtectedHeader(jar);
    const payload = decodeJwt(jar);
    assert.equal(header.typ, 'oauth-authz-req+jwt');
    assert.ok(String(header.kid).startsWith(`${TEST_ISSUERS.riverside.did}#`));
    assert.equal(payload.client_id, `decentralized_identifier:${TEST_ISSUERS.riverside.did}`);
    assert.equal(payload.aud, 'https://self-issued.me/v2');
    assert.equal('iss' in payload, false);
  });
});
