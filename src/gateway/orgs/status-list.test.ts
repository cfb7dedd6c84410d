import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { JWK } from 'jose';
import { decodeJwt } from 'jose';
import { getListFromStatusListJWT } from '@sd-jwt/jwt-status-list';
// @ts-expect-error -- @digitalbazaar/vc-bitstring-status-list ships no types; used here only as an independent decoder.
import { decodeList } from '@digitalbazaar/vc-bitstring-status-list';
import { describeEachDatabase } from '../../../test/support/databases.ts';
import { testConfig } from '../../../test/support/app.ts';
import { statusReferencesOf, verifyCredentialStatus, type BitstringPurpose, type StatusListKind } from '../../core/credentials/status/index.ts';
import type { ResolveIssuerKey } from '../../core/credentials/index.ts';
import { fixedClock } from '../../platform/clock.ts';
import { createHttpServer } from '../../platform/http/server.ts';
import { createLogger } from '../../platform/logger.ts';
import type { Database } from '../../store/database.ts';
import { createLocalKeyManagement } from '../../store/key-store.ts';
import { addOrganisation } from '../../store/organisations.ts';
import { scopeOf } from '../../store/scope.ts';
import { statusLedger, type StatusAllocation } from '../../store/status-ledger.ts';
import { registerStatusLists } from './status-list.ts';

const PUBLIC_URL = 'http://localhost:3000';
const clock = fixedClock(new Date('2026-11-21T10:00:00Z'));
const keys = createLocalKeyManagement({ keyEncryptionKey: Buffer.alloc(32, 7).toString('base64') });
const didOf = (organisation: { odsCode: string }) => `did:web:localhost%3A3000:orgs:${organisation.odsCode}`;

/** The gateway's status routes on the platform's HTTP server (same policy as the app). */
async function statusApp(database: Database): Promise<FastifyInstance> {
  const app = await createHttpServer({ config: testConfig(), logger: createLogger('silent') });
  registerStatusLists(app, { database, clock, keys, publicUrl: PUBLIC_URL, issuerDid: didOf, ttlSeconds: 300 });
  await app.ready();
  return app;
}

describeEachDatabase('status list documents over HTTP', (database) => {
  let app: FastifyInstance;
  let org: { id: string; odsCode: string };
  let other: { id: string; odsCode: string };
  const serials = Array.from({ length: 6 }, () => randomUUID());
  const vc: StatusAllocation[] = [];
  const sd: StatusAllocation[] = [];

  /** DID resolution for the test organisation: `${did}#${kid}` → the managed key's public JWK. */
  const resolveIssuerKey: ResolveIssuerKey = async ({ issuer, kid }) => {
    if (issuer !== didOf(org) || !kid.startsWith(`${issuer}#`)) return undefined;
    return (await keys.getKey(database().db, org.id, kid.slice(issuer.length + 1)))?.publicJwk as JWK | undefined;
  };

  before(async () => {
    app = await statusApp(database());
    org = (await addOrganisation(database().db, { odsCode: 'RZX', name: 'Riverside', kind: 'trust' })).organisation;
    other = (await addOrganisation(database().db, { odsCode: 'RZY', name: 'Hillside', kind: 'trust' })).organisation;
    const ledger = statusLedger(database().db, scopeOf(org.id));
    for (const serialNumber of serials) {
      vc.push(await ledger.allocate({ serialNumber, format: 'jwt_vc_json' }));
      sd.push(await ledger.allocate({ serialNumber, format: 'dc+sd-jwt' }));
    }
  });
  after(() => app.close());

  const ledger = () => statusLedger(database().db, scopeOf(org.id));
  const change = (serialNumber: string) => ({ serialNumber, reason: 'LeavingOrganisation' as const, actor: 'user:test', correlationId: randomUUID() });
  const pathOf = (uri: string) => new URL(uri).pathname;
  const tokenRef = (a: StatusAllocation) => statusReferencesOf(a, PUBLIC_URL, org.odsCode)[0]!;
  const bitstringRef = (a: StatusAllocation, purpose: BitstringPurpose) => statusReferencesOf(a, PUBLIC_URL, org.odsCode).find((r) => r.purpose === purpose)!;

  async function statusOf(kind: StatusListKind, reference: { uri: string; index: number; purpose?: BitstringPurpose }) {
    const res = await app.inject({ method: 'GET', url: pathOf(reference.uri), headers: { accept: kind === 'token' ? 'application/statuslist+jwt' : 'application/vc+jwt' } });
    assert.equal(res.statusCode, 200);
    const result = await verifyCredentialStatus({ document: res.body, kind, reference, issuer: didOf(org), resolveIssuerKey, now: clock.now() });
    assert.ok(result.ok, JSON.stringify(result));
    return result.status;
  }

  it('serves a Status List Token as application/statuslist+jwt, cacheable for its ttl, that verifies', async () => {
    const res = await app.inject({ method: 'GET', url: pathOf(tokenRef(sd[0]!).uri) });
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], 'application/statuslist+jwt');
    assert.equal(res.headers['cache-control'], 'public, max-age=300');
    assert.match(String(res.headers.etag), /^"[A-Za-z0-9_-]{32}"$/);
    assert.equal(res.headers['access-control-allow-origin'], '*');
    assert.equal(res.headers['cross-origin-resource-policy'], 'cross-origin');
    assert.equal(decodeJwt(res.body).sub, tokenRef(sd[0]!).uri);
    assert.equal(await statusOf('token', tokenRef(sd[0]!)), 'valid');
  });

  it('shows a revocation in both formats immediately after the revoke', async () => {
    assert.equal(await statusOf('bitstring', bitstringRef(vc[1]!, 'revocation')), 'valid');
    assert.equal((await ledger().revoke(change(serials[1]!), clock)).outcome, 'changed');
    assert.equal(await statusOf('token', tokenRef(sd[1]!)), 'revoked');
    assert.equal(await statusOf('bitstring', bitstringRef(vc[1]!, 'revocation')), 'revoked');
    assert.equal(await statusOf('bitstring', bitstringRef(vc[1]!, 'suspension')), 'valid');
    assert.equal(await statusOf('token', tokenRef(sd[0]!)), 'valid');
  });

  it('shows a suspension, and its lifting, immediately', async () => {
    await ledger().suspend(change(serials[2]!), clock);
    assert.equal(await statusOf('token', tokenRef(sd[2]!)), 'suspended');
    assert.equal(await statusOf('bitstring', bitstringRef(vc[2]!, 'suspension')), 'suspended');
    assert.equal(await statusOf('bitstring', bitstringRef(vc[2]!, 'revocation')), 'valid');
    await ledger().unsuspend(change(serials[2]!), clock);
    assert.equal(await statusOf('token', tokenRef(sd[2]!)), 'valid');
    assert.equal(await statusOf('bitstring', bitstringRef(vc[2]!, 'suspension')), 'valid');
  });

  it('publishes lists that decode, with each library’s own decoder, to exactly the revoked indexes', async () => {
    await ledger().revoke(change(serials[3]!), clock);
    await ledger().revoke(change(serials[4]!), clock);
    const revoked = [1, 3, 4];

    const token = await app.inject({ method: 'GET', url: pathOf(tokenRef(sd[0]!).uri) });
    const tokenList = getListFromStatusListJWT(token.body);
    const tokenFound: number[] = [];
    for (let i = 0; i < 131_072; i++) if (tokenList.getStatus(i) !== 0) tokenFound.push(i);
    assert.deepEqual(tokenFound, revoked.map((n) => sd[n]!.index).sort((a, b) => a - b));
    assert.ok(revoked.every((n) => tokenList.getStatus(sd[n]!.index) === 1));

    const bitstring = await app.inject({ method: 'GET', url: pathOf(bitstringRef(vc[0]!, 'revocation').uri) });
    const subject = (decodeJwt(bitstring.body) as { credentialSubject: { encodedList: string } }).credentialSubject;
    const list = (await decodeList({ encodedList: subject.encodedList })) as { length: number; getStatus(i: number): boolean };
    const bitstringFound: number[] = [];
    for (let i = 0; i < list.length; i++) if (list.getStatus(i)) bitstringFound.push(i);
    assert.deepEqual(bitstringFound, revoked.map((n) => vc[n]!.index).sort((a, b) => a - b));
  });

  it('answers 304 to a matching If-None-Match, and a new ETag once the list changed', async () => {
    const url = pathOf(tokenRef(sd[0]!).uri);
    const first = await app.inject({ method: 'GET', url });
    const etag = String(first.headers.etag);
    const again = await app.inject({ method: 'GET', url, headers: { 'if-none-match': etag } });
    assert.equal(again.statusCode, 304);
    assert.equal(again.body, '');
    assert.equal(again.headers['cache-control'], 'public, max-age=300');
    assert.equal((await app.inject({ method: 'GET', url })).body, first.body, 'the stored document is served until the list changes');
    await ledger().revoke(change(serials[5]!), clock);
    const changed = await app.inject({ method: 'GET', url, headers: { 'if-none-match': etag } });
    assert.equal(changed.statusCode, 200);
    assert.notEqual(changed.headers.etag, etag);
  });

  it('re-signs a list before it expires even when nothing changed', async () => {
    const url = pathOf(tokenRef(sd[0]!).uri);
    const before = decodeJwt((await app.inject({ method: 'GET', url })).body);
    clock.advance(13 * 3600_000);
    try {
      const later = decodeJwt((await app.inject({ method: 'GET', url })).body);
      assert.ok((later.iat as number) > (before.iat as number));
      assert.ok((later.exp as number) > (before.exp as number));
    } finally {
      clock.advance(-13 * 3600_000);
    }
  });

  it("answers 404 for an unknown list, a list of another kind, another organisation's list and malformed paths", async () => {
    const token = pathOf(tokenRef(sd[0]!).uri);
    const listId = sd[0]!.listId;
    const cases = [
      `/orgs/RZX/status/token/${randomUUID()}`,
      `/orgs/RZX/status/bitstring/${listId}/revocation`,
      `/orgs/RZX/status/bitstring/${vc[0]!.listId}/refresh`,
      token.replace('/RZX/', `/${other.odsCode}/`),
      token.replace('/RZX/', '/NOPE1/'),
      '/orgs/RZX/status/token/not-a-uuid',
    ];
    for (const url of cases) {
      const res = await app.inject({ method: 'GET', url });
      assert.equal(res.statusCode, 404, url);
      assert.deepEqual(res.json(), { error: 'not_found', error_description: 'Not found' });
    }
  });
});
