// The DID document route over real HTTP, resolved by our did:web resolver with the global fetch,
// as a verifier elsewhere would. Nothing leaves the machine: the DIDs are on localhost.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { compactVerify, importJWK } from 'jose';
import { describeEachDatabase } from '../../../test/support/databases.ts';
import { testApp } from '../../../test/support/app.ts';
import { createDidResolver, organisationDid, zDidDocument, type DidResolver } from '../../core/did/index.ts';
import { systemClock } from '../../platform/clock.ts';
import type { KeyManagement } from '../../platform/key-management.ts';
import type { Database, Db } from '../../store/database.ts';
import { addOrganisation } from '../../store/organisations.ts';
import { credentialSigningKey, provisionOrganisationKeys, rotateCredentialSigningKey } from '../../store/organisation-keys.ts';
import { createHttpDidResolver } from '../did/http-did-resolver.ts';
import { DID_DOCUMENT_MEDIA_TYPE } from './did-document.ts';
import { freePort } from '../../../test/support/free-port.ts';



/** The real app listening on localhost, its public URL on the port it listens on. */
async function listening(database: Database): Promise<{ baseUrl: string; keys: KeyManagement<Db>; close(): Promise<void> }> {
  const port = await freePort();
  const publicUrl = `http://localhost:${port}`;
  const app = await testApp(database, { DSP_PUBLIC_URL: publicUrl });
  await app.listen({ port, host: 'localhost' });
  return { baseUrl: publicUrl, keys: app.services.keys, close: () => app.close() };
}

function b64u(data: string | Uint8Array): string {
  return Buffer.from(data).toString('base64url');
}

describeEachDatabase('organisation DID documents over HTTP', (database) => {
  let http: Awaited<ReturnType<typeof listening>>;
  let organisationId: string;
  let did: string;
  let resolver: DidResolver;

  before(async () => {
    http = await listening(database());
    const added = await addOrganisation(database().db, { odsCode: 'RZX', name: 'Riverside NHS Foundation Trust', kind: 'trust' });
    organisationId = added.organisation.id;
    await provisionOrganisationKeys(database().db, http.keys, organisationId);
    did = organisationDid(http.baseUrl, 'RZX');
    // A fresh document after every miss, so a rotation is seen at once.
    resolver = createDidResolver({ fetch: (url, init) => fetch(url, init), clock: systemClock, allowLoopback: true, refetchAfterMissMs: 0 });
  });
  after(async () => {
    await http.close();
  });

  it('serves the DID document at /orgs/{ods}/did.json with its media type, caching and an ETag', async () => {
    const response = await fetch(`${http.baseUrl}/orgs/RZX/did.json`);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type')?.split(';')[0], DID_DOCUMENT_MEDIA_TYPE);
    assert.equal(response.headers.get('cache-control'), 'public, max-age=300');
    assert.match(response.headers.get('etag') ?? '', /^"[A-Za-z0-9_-]{43}"$/);
    assert.equal(response.headers.get('access-control-allow-origin'), '*');
    assert.equal(response.headers.get('cross-origin-resource-policy'), 'cross-origin');
    const document = zDidDocument.parse(await response.json());
    assert.equal(document.id, 'did:web:localhost%3A' + new URL(http.baseUrl).port + ':orgs:RZX');
    assert.equal(document.verificationMethod?.length, 1);
  });

  it('answers 304 to a request that already has the current ETag', async () => {
    const first = await fetch(`${http.baseUrl}/orgs/RZX/did.json`);
    const etag = first.headers.get('etag')!;
    const again = await fetch(`${http.baseUrl}/orgs/RZX/did.json`, { headers: { 'if-none-match': etag } });
    assert.equal(again.status, 304);
    assert.equal(await again.text(), '');
  });

  it('resolves the organisation’s key through the did:web resolver with the global fetch', async () => {
    const key = await credentialSigningKey(database().db, http.keys, organisationId);
    const resolved = await createHttpDidResolver({ clock: systemClock, allowLoopback: true }).resolveKey(`${did}#${key.kid}`);
    assert.ok(!('failure' in resolved), JSON.stringify(resolved));
    assert.equal(resolved.alg, 'ES256');
    assert.deepEqual(resolved.jwk, { kty: 'EC', crv: 'P-256', x: key.publicJwk.kty === 'EC' ? key.publicJwk.x : '', y: key.publicJwk.kty === 'EC' ? key.publicJwk.y : '' });
  });

  it('still resolves a key after rotation, so a signature made before it verifies; the new key resolves too', async () => {
    const old = await credentialSigningKey(database().db, http.keys, organisationId);
    const input = `${b64u(JSON.stringify({ alg: 'ES256', kid: `${did}#${old.kid}`, typ: 'JWT' }))}.${b64u(JSON.stringify({ iss: did, sub: 'before-rotation' }))}`;
    const jws = `${input}.${b64u(await http.keys.sign(database().db, organisationId, old.kid, Buffer.from(input)))}`;
    assert.ok(!('failure' in (await resolver.resolveKey(`${did}#${old.kid}`))), 'cached before the rotation');

    const { key: next, retired } = await database().transaction((tx) => rotateCredentialSigningKey(tx, http.keys, organisationId));
    assert.equal(retired?.kid, old.kid);
    assert.notEqual(next.kid, old.kid);

    // The resolver that cached the old document meets the new kid and fetches again.
    const newKey = await resolver.resolveKey(`${did}#${next.kid}`);
    assert.ok(!('failure' in newKey), JSON.stringify(newKey));

    // From the document served after the rotation, by that resolver and by one that never saw
    // the old document, the retired key is found by the kid in the JWS and verifies it.
    const header = JSON.parse(Buffer.from(jws.split('.')[0]!, 'base64url').toString()) as { kid: string };
    const fresh = createDidResolver({ fetch: (url, init) => fetch(url, init), clock: systemClock, allowLoopback: true });
    for (const r of [resolver, fresh]) {
      const oldKey = await r.resolveKey(header.kid);
      assert.ok(!('failure' in oldKey), JSON.stringify(oldKey));
      const { payload } = await compactVerify(jws, await importJWK(oldKey.jwk, oldKey.alg));
      assert.equal(JSON.parse(Buffer.from(payload).toString()).sub, 'before-rotation');
    }
    // The retired key no longer authenticates the organisation; the new one does.
    const oldAuth = await resolver.resolveKey(`${did}#${old.kid}`, { relationship: 'authentication' });
    assert.ok('failure' in oldAuth && oldAuth.failure.code === 'verificationMethodNotFound');
    assert.ok(!('failure' in (await resolver.resolveKey(`${did}#${next.kid}`, { relationship: 'authentication' }))));
  });

  it('lists active and retired keys and never a private member', async () => {
    const document = (await (await fetch(`${http.baseUrl}/orgs/RZX/did.json`)).json()) as Record<string, unknown>;
    const parsed = zDidDocument.parse(document);
    assert.equal(parsed.verificationMethod?.length, 2);
    assert.deepEqual(parsed.assertionMethod, parsed.verificationMethod?.map((m) => m.id));
    assert.equal(parsed.authentication?.length, 1);
    for (const m of parsed.verificationMethod ?? []) {
      assert.deepEqual(Object.keys(m.publicKeyJwk ?? {}).sort(), ['alg', 'crv', 'kid', 'kty', 'use', 'x', 'y']);
    }
    assert.doesNotMatch(JSON.stringify(document), /"(d|p|q|dp|dq|qi|k)":/);
  });

  it('answers 404 in the protocol error form for an unknown organisation', async () => {
    const response = await fetch(`${http.baseUrl}/orgs/NOPE1/did.json`);
    assert.equal(response.status, 404);
    assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
    assert.deepEqual(await response.json(), { error: 'not_found', error_description: 'No DID document for this organisation' });
    const failure = await resolver.resolveKey(`${organisationDid(http.baseUrl, 'NOPE1')}#k`);
    assert.ok('failure' in failure && failure.failure.code === 'notFound');
  });

  it('answers 404 for an ODS code spelt in another case, which is another DID', async () => {
    const response = await fetch(`${http.baseUrl}/orgs/rzx/did.json`);
    assert.equal(response.status, 404);
  });

  it('answers our own organisations from the database when the resolver is given them', async () => {
    const local = createHttpDidResolver({
      clock: systemClock,
      own: { db: database().db, keys: http.keys, publicUrl: http.baseUrl },
      fetch: () => Promise.reject(new Error('must not fetch')),
    });
    const key = await credentialSigningKey(database().db, http.keys, organisationId);
    assert.ok(!('failure' in (await local.resolveKey(`${did}#${key.kid}`))));
    const unknown = await local.resolveKey(`${organisationDid(http.baseUrl, 'NOPE1')}#k`);
    assert.ok('failure' in unknown && unknown.failure.code === 'notFound');
  });
});
