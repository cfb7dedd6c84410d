import assert from 'node:assert/strict';
import { randomBytes, randomUUID, type KeyObject } from 'node:crypto';
import { it } from 'node:test';
import { sql } from 'drizzle-orm';
import { compactVerify, importJWK } from 'jose';
import { describeEachDatabase } from '../../test/support/databases.ts';
import { KeyNotFound, KeyRetired, SealedValueInvalid, UnknownKeyEncryptionKey, type KeyAlgorithm } from '../platform/key-management.ts';
import { generateKeyPair } from '../platform/local-key-custody.ts';
import { createLocalKeyManagement } from './key-store.ts';
import { rowsOf, schema, type Database } from './database.ts';

// Fixed test KEKs (STYLE.md rule 14).
const KEK = Buffer.alloc(32, 7).toString('base64');
const OTHER_KEK = Buffer.alloc(32, 9).toString('base64');
const PURPOSE = 'credential-signing';

async function organisation(database: Database): Promise<string> {
  const id = randomUUID();
  await database.db.insert(schema.organisations).values({ id, odsCode: `T${randomBytes(3).toString('hex')}`, name: 'Test Trust', kind: 'trust' });
  return id;
}

/** Key management whose key generation records every private key, so the test can look for it at rest. */
function recordingKeyManagement(keyEncryptionKey = KEK) {
  const privateKeys: KeyObject[] = [];
  const keys = createLocalKeyManagement({
    keyEncryptionKey,
    generateKeyPair: (alg) => {
      const pair = generateKeyPair(alg);
      privateKeys.push(pair.privateKey);
      return pair;
    },
  });
  return { keys, privateKeys };
}

async function storedRow(database: Database, kid: string) {
  const [row] = await rowsOf<{ sealed: string; public_jwk: unknown }>(database.db, sql`select sealed, public_jwk from managed_keys where kid = ${kid}`);
  return row!;
}

const b64u = (bytes: Uint8Array | string) => Buffer.from(bytes).toString('base64url');

async function compactJws(sign: (data: Uint8Array) => Promise<Uint8Array>, alg: KeyAlgorithm, kid: string, payload: object): Promise<string> {
  const input = `${b64u(JSON.stringify({ alg, kid, typ: 'JWT' }))}.${b64u(JSON.stringify(payload))}`;
  const signature = await sign(Buffer.from(input, 'ascii'));
  return `${input}.${b64u(signature)}`;
}

describeEachDatabase('managed keys', (database) => {
  it('stores private keys only sealed: neither the PEM, the DER nor the JWK d appears at rest', async () => {
    const org = await organisation(database());
    const { keys, privateKeys } = recordingKeyManagement();
    for (const alg of ['ES256', 'EdDSA'] as const) {
      const key = await keys.createKey(database().db, { organisationId: org, purpose: `${PURPOSE}-${alg.toLowerCase()}`, alg });
      const privateKey = privateKeys.at(-1)!;
      const d = privateKey.export({ format: 'jwk' }).d!;
      const der = privateKey.export({ format: 'der', type: 'pkcs8' });
      const pemBody = (privateKey.export({ format: 'pem', type: 'pkcs8' }) as string).split('\n').filter((l) => l && !l.startsWith('-----'));
      const row = await storedRow(database(), key.kid);

      assert.match(row.sealed, /^v1\./);
      for (const needle of [d, Buffer.from(d, 'base64url').toString('hex'), Buffer.from(d, 'base64url').toString('base64'), der.toString('base64'), der.toString('base64url'), ...pemBody])
        assert.ok(!row.sealed.includes(needle), `sealed column contains private key material (${alg})`);
      assert.ok(!JSON.stringify(row.public_jwk).includes(d));
      assert.equal('d' in (row.public_jwk as object), false);
      assert.equal('d' in key.publicJwk, false);
    }
  });

  it('names keys by their RFC 7638 thumbprint and signs JWS that jose verifies with the public JWK', async () => {
    const org = await organisation(database());
    const { keys } = recordingKeyManagement();
    for (const alg of ['ES256', 'EdDSA'] as const) {
      const key = await keys.createKey(database().db, { organisationId: org, purpose: `jws-${alg.toLowerCase()}`, alg });
      assert.equal(key.kid, key.publicJwk.kid);
      assert.deepEqual({ alg: key.publicJwk.alg, use: key.publicJwk.use }, { alg, use: 'sig' });

      const jws = await compactJws((data) => keys.sign(database().db, org, key.kid, data), alg, key.kid, { iss: 'did:web:example', n: 1 });
      assert.equal(Buffer.from(jws.split('.')[2]!, 'base64url').length, 64, 'JOSE signatures are 64 bytes (ES256: r||s)');
      const { payload, protectedHeader } = await compactVerify(jws, await importJWK(key.publicJwk, alg));
      assert.deepEqual(JSON.parse(new TextDecoder().decode(payload)), { iss: 'did:web:example', n: 1 });
      assert.equal(protectedHeader.kid, key.kid);
    }
  });

  it('signs after a restart from the sealed key alone (a new process with the same KEK)', async () => {
    const org = await organisation(database());
    const key = await recordingKeyManagement().keys.createKey(database().db, { organisationId: org, purpose: PURPOSE, alg: 'ES256' });
    const restarted = createLocalKeyManagement({ keyEncryptionKey: KEK });
    const jws = await compactJws((data) => restarted.sign(database().db, org, key.kid, data), 'ES256', key.kid, { ok: true });
    await compactVerify(jws, await importJWK(key.publicJwk, 'ES256'));
  });

  it('cannot open a sealed key with another KEK: a typed error, not a signature', async () => {
    const org = await organisation(database());
    const key = await recordingKeyManagement().keys.createKey(database().db, { organisationId: org, purpose: PURPOSE, alg: 'ES256' });
    const wrong = createLocalKeyManagement({ keyEncryptionKey: OTHER_KEK });
    await assert.rejects(wrong.sign(database().db, org, key.kid, Buffer.from('x')), UnknownKeyEncryptionKey);
    const sealed = await recordingKeyManagement().keys.seal('client-secret-value', 'oidc-client-secret:c1');
    await assert.rejects(wrong.open(sealed, 'oidc-client-secret:c1'), UnknownKeyEncryptionKey);
  });

  it('seals other secrets bound to their context: another context does not open them', async () => {
    const { keys } = recordingKeyManagement();
    const sealed = await keys.seal('client-secret-value', 'oidc-client-secret:c1');
    assert.ok(!sealed.includes('client-secret-value'));
    assert.equal(new TextDecoder().decode(await keys.open(sealed, 'oidc-client-secret:c1')), 'client-secret-value');
    await assert.rejects(keys.open(sealed, 'oidc-client-secret:c2'), SealedValueInvalid);
  });

  it("refuses a sealed key copied into another key's row", async () => {
    const org = await organisation(database());
    const { keys } = recordingKeyManagement();
    const a = await keys.createKey(database().db, { organisationId: org, purpose: 'copy-a', alg: 'ES256' });
    const b = await keys.createKey(database().db, { organisationId: org, purpose: 'copy-b', alg: 'ES256' });
    await rowsOf(database().db, sql`update managed_keys set sealed = (select sealed from managed_keys where kid = ${a.kid}) where kid = ${b.kid}`);
    // A fresh process: nothing cached.
    const fresh = createLocalKeyManagement({ keyEncryptionKey: KEK });
    await assert.rejects(fresh.sign(database().db, org, b.kid, Buffer.from('x')), SealedValueInvalid);
  });

  it('keeps opened private keys in a bounded cache: a cached key signs without reopening, an evicted one is reopened', async () => {
    const org = await organisation(database());
    const keys = createLocalKeyManagement({ keyEncryptionKey: KEK, cacheSize: 1 });
    const a = await keys.createKey(database().db, { organisationId: org, purpose: 'cache-a', alg: 'ES256' });
    const b = await keys.createKey(database().db, { organisationId: org, purpose: 'cache-b', alg: 'EdDSA' });
    await keys.sign(database().db, org, a.kid, Buffer.from('x'));
    await keys.sign(database().db, org, b.kid, Buffer.from('x')); // evicts a
    // Break both sealed keys: only a key still in the cache can sign now.
    await rowsOf(database().db, sql`update managed_keys set sealed = 'v1.broken' where kid in (${a.kid}, ${b.kid})`);
    await keys.sign(database().db, org, b.kid, Buffer.from('x'));
    await assert.rejects(keys.sign(database().db, org, a.kid, Buffer.from('x')), SealedValueInvalid);
  });

  it('rotates: the new key is active, the old one is retired but still listed and resolvable, and signs no more', async () => {
    const org = await organisation(database());
    const { keys } = recordingKeyManagement();
    const first = await keys.createKey(database().db, { organisationId: org, purpose: PURPOSE, alg: 'ES256' });
    const second = await keys.rotate(database().db, org, PURPOSE);
    assert.notEqual(second.kid, first.kid);
    assert.equal(second.alg, 'ES256');
    assert.equal(second.state, 'active');

    assert.equal((await keys.activeKey(database().db, org, PURPOSE))!.kid, second.kid);
    assert.deepEqual((await keys.listKeys(database().db, org, PURPOSE)).map((k) => k.kid), [second.kid]);
    const all = await keys.listKeys(database().db, org, PURPOSE, { includeRetired: true });
    assert.deepEqual(all.map((k) => [k.kid, k.state]), [[second.kid, 'active'], [first.kid, 'retired']]);
    assert.ok(all[1]!.retiredAt instanceof Date);
    assert.equal((await keys.getKey(database().db, org, first.kid))!.state, 'retired');

    await assert.rejects(keys.sign(database().db, org, first.kid, Buffer.from('x')), KeyRetired);
    await keys.sign(database().db, org, second.kid, Buffer.from('x'));

    const third = await keys.rotate(database().db, org, PURPOSE, { alg: 'EdDSA' });
    assert.equal(third.alg, 'EdDSA');
    const states = (await keys.listKeys(database().db, org, PURPOSE, { includeRetired: true })).map((k) => k.state);
    assert.deepEqual(states, ['active', 'retired', 'retired']);
  });

  it('refuses to rotate when there is no key and no algorithm to start with', async () => {
    const org = await organisation(database());
    await assert.rejects(recordingKeyManagement().keys.rotate(database().db, org, PURPOSE), KeyNotFound);
  });

  it('keeps one active key per organisation and purpose under concurrent creation and rotation', async () => {
    const org = await organisation(database());
    const { keys } = recordingKeyManagement();
    const ensured = await Promise.all(
      Array.from({ length: 5 }, () => database().transaction((tx) => keys.ensureActiveKey(tx, { organisationId: org, purpose: PURPOSE, alg: 'ES256' }))),
    );
    assert.equal(new Set(ensured.map((k) => k.kid)).size, 1);
    await Promise.all(Array.from({ length: 5 }, () => database().transaction((tx) => keys.rotate(tx, org, PURPOSE))));
    const all = await keys.listKeys(database().db, org, PURPOSE, { includeRetired: true });
    assert.equal(all.length, 6);
    assert.equal(all.filter((k) => k.state === 'active').length, 1);
  });

  it("does not let organisation A use, list, resolve or rotate organisation B's keys", async () => {
    const orgA = await organisation(database());
    const orgB = await organisation(database());
    const { keys } = recordingKeyManagement();
    const keyB = await keys.createKey(database().db, { organisationId: orgB, purpose: PURPOSE, alg: 'ES256' });

    await assert.rejects(keys.sign(database().db, orgA, keyB.kid, Buffer.from('x')), KeyNotFound);
    await assert.rejects(keys.sign(database().db, null, keyB.kid, Buffer.from('x')), KeyNotFound);
    assert.equal(await keys.getKey(database().db, orgA, keyB.kid), undefined);
    assert.equal(await keys.activeKey(database().db, orgA, PURPOSE), undefined);
    assert.deepEqual(await keys.listKeys(database().db, orgA, PURPOSE, { includeRetired: true }), []);

    const keyA = await keys.createKey(database().db, { organisationId: orgA, purpose: PURPOSE, alg: 'ES256' });
    await keys.rotate(database().db, orgA, PURPOSE);
    assert.equal((await keys.getKey(database().db, orgB, keyB.kid))!.state, 'active', "A's rotation leaves B's key active");
    assert.equal(await keys.getKey(database().db, orgB, keyA.kid), undefined);
    await keys.sign(database().db, orgB, keyB.kid, Buffer.from('x'));
  });

  it('keeps platform keys (no organisation) apart from organisation keys', async () => {
    const org = await organisation(database());
    const { keys } = recordingKeyManagement();
    const platformKey = await keys.ensureActiveKey(database().db, { organisationId: null, purpose: 'gateway-id-token', alg: 'ES256' });
    assert.equal(platformKey.organisationId, null);
    assert.equal((await keys.ensureActiveKey(database().db, { organisationId: null, purpose: 'gateway-id-token', alg: 'ES256' })).kid, platformKey.kid);
    await keys.sign(database().db, null, platformKey.kid, Buffer.from('x'));
    await assert.rejects(keys.sign(database().db, org, platformKey.kid, Buffer.from('x')), KeyNotFound);
  });

  it('treats an organisation id in upper case as the same organisation', async () => {
    const org = await organisation(database());
    const { keys } = recordingKeyManagement();
    const key = await keys.createKey(database().db, { organisationId: org.toUpperCase(), purpose: PURPOSE, alg: 'ES256' });
    assert.equal(key.organisationId, org);
    await keys.sign(database().db, org, key.kid, Buffer.from('x'));
    const fresh = createLocalKeyManagement({ keyEncryptionKey: KEK });
    await fresh.sign(database().db, org.toUpperCase(), key.kid, Buffer.from('x'));
  });

  it('refuses unsupported algorithms and malformed purposes as misuse', async () => {
    const { keys } = recordingKeyManagement();
    await assert.rejects(keys.createKey(database().db, { organisationId: null, purpose: PURPOSE, alg: 'RS256' as KeyAlgorithm }), TypeError);
    await assert.rejects(keys.createKey(database().db, { organisationId: null, purpose: 'Has Spaces', alg: 'ES256' }), TypeError);
  });
});
