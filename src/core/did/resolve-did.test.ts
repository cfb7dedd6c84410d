import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createOrganisationDidDocument } from './create-did-document.ts';
import type { DidDocument } from './did-document.ts';
import { createDidResolver, issuerKeyResolver, type DidFetch, type DidResolverOptions } from './resolve-did.ts';

const DID = 'did:web:trust.example.nhs.uk:orgs:RZX';
const URL_OF_DID = 'https://trust.example.nhs.uk/orgs/RZX/did.json';
const LOCAL_DID = 'did:web:localhost%3A3000:orgs:RZX';

const KEY_A = { kid: 'key-a', active: false, publicJwk: { kty: 'EC', crv: 'P-256', x: 'igrFmi0whuihKnj9R3Om1SoMph72wUGeFaBbzG2vzns', y: 'efsX5b10x8yjyrj4ny3pGfLcY7Xby1KzgqOdqnsrJIM' } };
const KEY_B = { kid: 'key-b', active: true, publicJwk: { kty: 'EC', crv: 'P-256', x: 'fyNYMN0976ci7xqiSdag3buk-ZCwgXU4kz9XNkBlNUI', y: 'hW2ojTNfH7Jbi8--CJUo3OCbH3y5n91g-IMA9MLMbTU' } };

/** A clock the test moves. */
function testClock() {
  let t = Date.parse('2026-03-01T09:00:00Z');
  return { now: () => new Date(t), advance: (ms: number) => (t += ms) };
}

/** A fake network: answers from a table, counts requests, records what was asked. */
function fakeFetch(routes: Record<string, { status: number; body: string; headers?: Record<string, string> } | (() => never)>) {
  const requests: { url: string; init: Parameters<DidFetch>[1] }[] = [];
  const fetch: DidFetch = async (url, init) => {
    requests.push({ url, init });
    const route = routes[url];
    if (!route) return { status: 404, headers: { get: () => null }, text: async () => 'not found' };
    if (typeof route === 'function') return route();
    const headers = new Map(Object.entries(route.headers ?? {}));
    return { status: route.status, headers: { get: (n: string) => headers.get(n.toLowerCase()) ?? null }, text: async () => route.body };
  };
  return { fetch, requests };
}

function json(document: unknown) {
  return { status: 200, body: JSON.stringify(document) };
}

function resolverWith(routes: Parameters<typeof fakeFetch>[0], options: Partial<DidResolverOptions> = {}) {
  const network = fakeFetch(routes);
  const clock = testClock();
  const resolver = createDidResolver({ fetch: network.fetch, clock, ...options });
  return { resolver, clock, requests: network.requests, routes };
}

async function code(promise: Promise<unknown>): Promise<string> {
  const r = (await promise) as { failure?: { code: string } };
  return r.failure?.code ?? 'resolved';
}

describe('did:web resolution', () => {
  const document = createOrganisationDidDocument(DID, [KEY_B, KEY_A]);

  it('fetches the document from the did:web URL and returns the key a DID URL names', async () => {
    const { resolver, requests } = resolverWith({ [URL_OF_DID]: json(document) });
    const key = await resolver.resolveKey(`${DID}#key-b`);
    assert.ok(!('failure' in key));
    assert.deepEqual(key.jwk, { kty: 'EC', crv: 'P-256', x: KEY_B.publicJwk.x, y: KEY_B.publicJwk.y });
    assert.equal(key.alg, 'ES256');
    assert.equal(requests.length, 1);
    assert.equal(requests[0]!.init.redirect, 'error');
  });

  it('finds a retired key for assertions but not for authentication', async () => {
    const { resolver } = resolverWith({ [URL_OF_DID]: json(document) });
    assert.equal(await code(resolver.resolveKey(`${DID}#key-a`)), 'resolved');
    assert.equal(await code(resolver.resolveKey(`${DID}#key-a`, { relationship: 'authentication' })), 'verificationMethodNotFound');
    assert.equal(await code(resolver.resolveKey(`${DID}#key-b`, { relationship: 'authentication' })), 'resolved');
  });

  it('lists every assertion key of a DID', async () => {
    const { resolver } = resolverWith({ [URL_OF_DID]: json(document) });
    const keys = await resolver.resolveKeys(DID);
    assert.ok('keys' in keys);
    assert.deepEqual(keys.keys.map((k) => k.id), [`${DID}#key-b`, `${DID}#key-a`]);
  });

  it('uses a fetched document until the cache time passes, then fetches it again', async () => {
    const { resolver, requests, clock } = resolverWith({ [URL_OF_DID]: json(document) }, { cacheTtlMs: 60_000 });
    await resolver.resolveKey(`${DID}#key-b`);
    clock.advance(59_000);
    await resolver.resolveKey(`${DID}#key-a`);
    assert.equal(requests.length, 1);
    clock.advance(2_000);
    await resolver.resolveKey(`${DID}#key-b`);
    assert.equal(requests.length, 2);
  });

  it('fetches once for concurrent resolutions of one DID', async () => {
    const { resolver, requests } = resolverWith({ [URL_OF_DID]: json(document) });
    await Promise.all([resolver.resolveKey(`${DID}#key-a`), resolver.resolveKey(`${DID}#key-b`), resolver.resolveDid(DID)]);
    assert.equal(requests.length, 1);
  });

  it('fetches a cached document again for an unknown kid, at most once per refetch interval', async () => {
    const { resolver, requests, clock, routes } = resolverWith({ [URL_OF_DID]: json(createOrganisationDidDocument(DID, [KEY_A])) }, { refetchAfterMissMs: 30_000 });
    assert.equal(await code(resolver.resolveKey(`${DID}#key-a`)), 'resolved');
    // The issuer rotates: key-b appears.
    routes[URL_OF_DID] = json(document);
    assert.equal(await code(resolver.resolveKey(`${DID}#key-b`)), 'verificationMethodNotFound');
    assert.equal(requests.length, 1, 'a miss right after a fetch does not fetch again');
    clock.advance(31_000);
    assert.equal(await code(resolver.resolveKey(`${DID}#key-b`)), 'resolved');
    assert.equal(requests.length, 2);
    assert.equal(await code(resolver.resolveKey(`${DID}#forged`)), 'verificationMethodNotFound');
    assert.equal(requests.length, 2, 'forged kids do not make us fetch more often');
  });

  it('does not cache failures', async () => {
    const { resolver, requests, routes } = resolverWith({ [URL_OF_DID]: { status: 503, body: '' } });
    assert.equal(await code(resolver.resolveKey(`${DID}#key-b`)), 'fetchFailed');
    routes[URL_OF_DID] = json(document);
    assert.equal(await code(resolver.resolveKey(`${DID}#key-b`)), 'resolved');
    assert.equal(requests.length, 2);
  });

  it('refuses the document of another DID (its id must be the DID resolved)', async () => {
    const other = createOrganisationDidDocument('did:web:evil.example', [KEY_B]);
    const { resolver } = resolverWith({ [URL_OF_DID]: json(other) });
    assert.equal(await code(resolver.resolveKey(`${DID}#key-b`)), 'invalidDidDocument');
  });

  it('ignores verification methods that belong to another DID', async () => {
    const borrowed: DidDocument = {
      id: DID,
      verificationMethod: [{ id: 'did:web:other.example#key-b', type: 'JsonWebKey2020', controller: 'did:web:other.example', publicKeyJwk: KEY_B.publicJwk }],
      assertionMethod: ['did:web:other.example#key-b'],
    };
    const { resolver } = resolverWith({ [URL_OF_DID]: json(borrowed) });
    assert.equal(await code(resolver.resolveKey(DID)), 'verificationMethodNotFound');
  });

  it('resolves relative references against the DID', async () => {
    const relative: DidDocument = {
      id: DID,
      verificationMethod: [{ id: '#k1', type: 'JsonWebKey2020', controller: DID, publicKeyJwk: KEY_B.publicJwk }],
      assertionMethod: ['#k1'],
    };
    const { resolver } = resolverWith({ [URL_OF_DID]: json(relative) });
    assert.equal(await code(resolver.resolveKey(`${DID}#k1`)), 'resolved');
    assert.equal(await code(resolver.resolveKey(DID)), 'resolved', 'a bare DID with one key names that key');
  });

  it('answers a bare DID with several keys as ambiguous', async () => {
    const { resolver } = resolverWith({ [URL_OF_DID]: json(document) });
    assert.equal(await code(resolver.resolveKey(DID)), 'invalidDidUrl');
  });

  it('maps HTTP and content failures to codes', async () => {
    const cases: [Parameters<typeof fakeFetch>[0][string], string][] = [
      [{ status: 404, body: '' }, 'notFound'],
      [{ status: 410, body: '' }, 'notFound'],
      [{ status: 500, body: '' }, 'fetchFailed'],
      [{ status: 200, body: 'not json' }, 'invalidDidDocument'],
      [{ status: 200, body: '{"verificationMethod":[]}' }, 'invalidDidDocument'],
      [{ status: 200, body: 'x'.repeat(70_000) }, 'fetchFailed'],
      [{ status: 200, body: '{}', headers: { 'content-length': '1000000' } }, 'fetchFailed'],
      [
        () => {
          throw new TypeError('fetch failed');
        },
        'fetchFailed',
      ],
    ];
    for (const [route, expected] of cases) {
      const { resolver } = resolverWith({ [URL_OF_DID]: route });
      assert.equal(await code(resolver.resolveKey(`${DID}#key-b`)), expected, JSON.stringify(route));
    }
  });

  it('refuses keys that are not public P-256 or Ed25519 signing keys', async () => {
    const bad: DidDocument = {
      id: DID,
      verificationMethod: [
        { id: `${DID}#rsa`, type: 'JsonWebKey2020', controller: DID, publicKeyJwk: { kty: 'RSA', n: 'AQAB', e: 'AQAB' } },
        { id: `${DID}#private`, type: 'JsonWebKey2020', controller: DID, publicKeyJwk: { ...KEY_B.publicJwk, d: 'YjRs6vNvw4sYrzVVY8ipkEpDAD9PFqw1sUnvPRMA-WI' } },
        { id: `${DID}#enc`, type: 'JsonWebKey2020', controller: DID, publicKeyJwk: { ...KEY_B.publicJwk, use: 'enc' } },
        { id: `${DID}#alg`, type: 'JsonWebKey2020', controller: DID, publicKeyJwk: { ...KEY_B.publicJwk, alg: 'ES384' } },
      ],
      assertionMethod: [`${DID}#rsa`, `${DID}#private`, `${DID}#enc`, `${DID}#alg`],
    };
    const { resolver } = resolverWith({ [URL_OF_DID]: json(bad) });
    for (const f of ['rsa', 'private', 'enc', 'alg']) assert.equal(await code(resolver.resolveKey(`${DID}#${f}`)), 'unsupportedKey', f);
  });

  it('does not resolve loopback DIDs unless allowed, and then over http', async () => {
    const local = createOrganisationDidDocument(LOCAL_DID, [KEY_B]);
    const routes = { 'http://localhost:3000/orgs/RZX/did.json': json(local) };
    const refused = resolverWith(routes);
    assert.equal(await code(refused.resolver.resolveKey(`${LOCAL_DID}#key-b`)), 'notAllowed');
    assert.equal(refused.requests.length, 0);
    const allowed = resolverWith(routes, { allowLoopback: true });
    assert.equal(await code(allowed.resolver.resolveKey(`${LOCAL_DID}#key-b`)), 'resolved');
  });

  it('reads our own organisations’ documents from `local` without fetching', async () => {
    const { resolver, requests } = resolverWith({}, { local: async (did) => (did === DID ? document : did.startsWith(`${DID}`) ? 'notFound' : undefined) });
    assert.equal(await code(resolver.resolveKey(`${DID}#key-b`)), 'resolved');
    assert.equal(await code(resolver.resolveKey(`${DID}X#key-b`)), 'notFound');
    assert.equal(requests.length, 0);
    assert.equal(await code(resolver.resolveKey('did:web:other.example#key-b')), 'notFound');
    assert.equal(requests.length, 1);
  });

  it('refuses DID methods it does not resolve and DID URLs with paths or queries', async () => {
    const { resolver } = resolverWith({});
    assert.equal(await code(resolver.resolveKey('did:ion:EiAbc#key-1')), 'methodNotSupported');
    assert.equal(await code(resolver.resolveKey(`${DID}/path#key-b`)), 'invalidDidUrl');
    assert.equal(await code(resolver.resolveKey(`${DID}?versionId=1#key-b`)), 'invalidDidUrl');
    assert.equal(await code(resolver.resolveKey('https://example.com#key-b')), 'invalidDidUrl');
    assert.equal(await code(resolver.resolveDid(`${DID}#key-b`)), 'invalidDid');
  });
});

describe('issuer keys for credential verification', () => {
  const document = createOrganisationDidDocument(DID, [KEY_B, KEY_A]);

  it('returns the JWK of an assertion key of the issuer for the algorithm of the JWS', async () => {
    const { resolver } = resolverWith({ [URL_OF_DID]: json(document) });
    const resolve = issuerKeyResolver(resolver);
    assert.deepEqual(await resolve({ issuer: DID, kid: `${DID}#key-a`, alg: 'ES256' }), { kty: 'EC', crv: 'P-256', x: KEY_A.publicJwk.x, y: KEY_A.publicJwk.y });
  });

  it('refuses a kid of another DID, an algorithm the key is not for, and unknown keys, saying why', async () => {
    const { resolver } = resolverWith({ [URL_OF_DID]: json(document) });
    const failures: string[] = [];
    const resolve = issuerKeyResolver(resolver, (f) => failures.push(f.code));
    assert.equal(await resolve({ issuer: DID, kid: 'did:web:other.example#key-a', alg: 'ES256' }), undefined);
    assert.equal(await resolve({ issuer: DID, kid: `${DID}#key-a`, alg: 'EdDSA' }), undefined);
    assert.equal(await resolve({ issuer: DID, kid: `${DID}#key-z`, alg: 'ES256' }), undefined);
    assert.deepEqual(failures, ['invalidDidUrl', 'unsupportedKey', 'verificationMethodNotFound']);
  });
});
