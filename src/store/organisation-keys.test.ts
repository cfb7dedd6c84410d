import assert from 'node:assert/strict';
import { it } from 'node:test';
import { describeEachDatabase } from '../../test/support/databases.ts';
import { createLocalKeyManagement } from './key-store.ts';
import { addOrganisation } from './organisations.ts';
import {
  CREDENTIAL_SIGNING,
  credentialSigningKey,
  credentialSigningKeys,
  organisationDidDocument,
  provisionOrganisationKeys,
  rotateCredentialSigningKey,
} from './organisation-keys.ts';

const keys = createLocalKeyManagement({ keyEncryptionKey: Buffer.alloc(32, 7).toString('base64') });
const PUBLIC_URL = 'http://localhost:3000';

describeEachDatabase('organisation signing keys', (database) => {
  it('provisions one ES256 credential-signing key per organisation, idempotently', async () => {
    const { organisation } = await addOrganisation(database().db, { odsCode: 'RAA', name: 'Alpha Trust', kind: 'trust' });
    const first = await provisionOrganisationKeys(database().db, keys, organisation.id);
    const again = await provisionOrganisationKeys(database().db, keys, organisation.id);
    assert.equal(first.credentialSigning.kid, again.credentialSigning.kid);
    assert.equal(first.credentialSigning.alg, 'ES256');
    assert.equal(first.credentialSigning.purpose, CREDENTIAL_SIGNING);
    assert.equal((await credentialSigningKeys(database().db, keys, organisation.id)).length, 1);
  });

  it('creates the key on first use for an organisation added without one', async () => {
    const { organisation } = await addOrganisation(database().db, { odsCode: 'RAB', name: 'Beta Trust', kind: 'trust' });
    assert.equal((await credentialSigningKeys(database().db, keys, organisation.id)).length, 0);
    const key = await credentialSigningKey(database().db, keys, organisation.id);
    assert.equal(key.state, 'active');
  });

  it('rotation retires the active key, keeps it listed, and reports which one it was', async () => {
    const { organisation } = await addOrganisation(database().db, { odsCode: 'RAC', name: 'Gamma Trust', kind: 'trust' });
    const { credentialSigning: old } = await provisionOrganisationKeys(database().db, keys, organisation.id);
    const { key, retired } = await database().transaction((tx) => rotateCredentialSigningKey(tx, keys, organisation.id));
    assert.equal(retired?.kid, old.kid);
    assert.notEqual(key.kid, old.kid);
    const all = await credentialSigningKeys(database().db, keys, organisation.id);
    assert.deepEqual(all.map((k) => [k.kid, k.state]), [
      [key.kid, 'active'],
      [old.kid, 'retired'],
    ]);
    const second = await database().transaction((tx) => rotateCredentialSigningKey(tx, keys, organisation.id));
    assert.equal(second.retired?.kid, key.kid, 'the second rotation retires the first rotation’s key');
  });

  it('rotation of an organisation without a key creates its first one', async () => {
    const { organisation } = await addOrganisation(database().db, { odsCode: 'RAD', name: 'Delta Trust', kind: 'trust' });
    const { key, retired } = await database().transaction((tx) => rotateCredentialSigningKey(tx, keys, organisation.id));
    assert.equal(retired, undefined);
    assert.equal(key.alg, 'ES256');
  });

  it('builds the DID document of an organisation by its exact ODS code only', async () => {
    const { organisation } = await addOrganisation(database().db, { odsCode: 'RAE', name: 'Epsilon Trust', kind: 'trust' });
    const { credentialSigning } = await provisionOrganisationKeys(database().db, keys, organisation.id);
    const found = await organisationDidDocument(database().db, keys, PUBLIC_URL, 'RAE');
    assert.equal(found?.did, 'did:web:localhost%3A3000:orgs:RAE');
    assert.deepEqual(found?.document.assertionMethod, [`did:web:localhost%3A3000:orgs:RAE#${credentialSigning.kid}`]);
    assert.equal(await organisationDidDocument(database().db, keys, PUBLIC_URL, 'rae'), undefined);
    assert.equal(await organisationDidDocument(database().db, keys, PUBLIC_URL, 'ZZZ'), undefined);
  });

  it('never lists another organisation’s keys in a DID document', async () => {
    const a = await addOrganisation(database().db, { odsCode: 'RAF', name: 'Zeta Trust', kind: 'trust' });
    const b = await addOrganisation(database().db, { odsCode: 'RAG', name: 'Eta Trust', kind: 'trust' });
    const keyA = await credentialSigningKey(database().db, keys, a.organisation.id);
    const keyB = await credentialSigningKey(database().db, keys, b.organisation.id);
    const document = (await organisationDidDocument(database().db, keys, PUBLIC_URL, 'RAF'))!.document;
    const ids = document.verificationMethod?.map((m) => m.id) ?? [];
    assert.ok(ids.some((id) => id.endsWith(`#${keyA.kid}`)));
    assert.ok(!ids.some((id) => id.endsWith(`#${keyB.kid}`)));
  });
});
