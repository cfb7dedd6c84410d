import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DcqlQuery } from 'dcql';
import { vctOf } from '../credentials/index.ts';
import { createDcqlQuery, unansweredRequests } from './create-dcql-query.ts';

describe('DCQL queries from catalogue types', () => {
  it('selects dc+sd-jwt by vct_values and jwt_vc_json by type_values, tied by a required credential set', () => {
    const { query, bindings } = createDcqlQuery([{ id: 'identity', type: 'Identity' }]);
    assert.deepEqual(query.credentials.map((c) => [c.id, c.format, c.meta]), [
      ['identity_sd_jwt', 'dc+sd-jwt', { vct_values: [vctOf('Identity')] }],
      ['identity_jwt_vc', 'jwt_vc_json', { type_values: [['VerifiableCredential', 'Identity']] }],
    ]);
    assert.deepEqual(query.credential_sets, [{ options: [['identity_sd_jwt'], ['identity_jwt_vc']], required: true }]);
    assert.ok(bindings.every((b) => b.requestId === 'identity'));
    // The dcql package (what wallets use) accepts it.
    DcqlQuery.validate(DcqlQuery.parse(query as never));
  });

  it('always asks for dspId, beside a claim subset, so one presentation can be checked to be one person', () => {
    const { query } = createDcqlQuery([{ id: 'rtw', type: 'RightToWork', formats: ['dc+sd-jwt'], claims: [] }]);
    assert.deepEqual(query.credentials[0]?.claims, [{ path: ['dspId'] }]);
    assert.equal(query.credential_sets, undefined);
  });

  it('paths of jwt_vc_json claims start at credentialSubject', () => {
    const { query } = createDcqlQuery([{ id: 'id', type: 'Identity', formats: ['jwt_vc_json'], claims: ['lastName'] }]);
    assert.deepEqual(query.credentials[0]?.claims, [{ path: ['credentialSubject', 'lastName'] }, { path: ['credentialSubject', 'dspId'] }]);
  });

  it('refuses claims the type does not have, and duplicate ids', () => {
    assert.throws(() => createDcqlQuery([{ id: 'id', type: 'Identity', claims: ['shoeSize'] }]), TypeError);
    assert.throws(() => createDcqlQuery([{ id: 'a', type: 'Identity' }, { id: 'a', type: 'RightToWork' }]), TypeError);
  });

  it('counts a requested credential answered in any of its formats, and reports those left out', () => {
    const { bindings } = createDcqlQuery([{ id: 'identity', type: 'Identity' }, { id: 'rtw', type: 'RightToWork' }]);
    assert.deepEqual(unansweredRequests(bindings, ['identity_jwt_vc']), ['rtw']);
    assert.deepEqual(unansweredRequests(bindings, ['identity_sd_jwt', 'rtw_jwt_vc']), []);
  });
});
