import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { getListFromStatusListJWT } from '@sd-jwt/jwt-status-list';
// @ts-expect-error -- @digitalbazaar/vc-bitstring-status-list ships no types; used here only as an independent decoder.
import { decodeList } from '@digitalbazaar/vc-bitstring-status-list';
import { SAMPLE_CLOCK } from '../samples.ts';
import { TEST_ISSUERS, b64json, decodeB64json, impostorSigner, issuerKid, issuerSigner, resolveTestIssuerKey } from '../testing.ts';
import { createBitstringStatusListCredential, createStatusListToken } from './create-status-list-documents.ts';
import { createStatusChecker } from './create-status-checker.ts';
import { signCompactJws } from '../formats/jws.ts';
import { createBitstring, encodeBitstring } from './status-list-encoding.ts';
import { TOKEN_STATUS, type BitstringPurpose } from './status-rules.ts';
import { verifyCredentialStatus, type VerifyCredentialStatusInput } from './verify-credential-status.ts';

const SIZE = 131_072;
const ISSUER = TEST_ISSUERS.riverside.did;
const TOKEN_URI = 'http://localhost:3000/orgs/RZX/status/token/8c0f6d1e-0b7a-4f55-9d8e-3f2a1b4c5d6e';
const BITSTRING_URI = (purpose: BitstringPurpose) => `http://localhost:3000/orgs/RZX/status/bitstring/1f6e2d3c-4b5a-4978-8a6b-5c4d3e2f1a0b/${purpose}`;
const HOUR = 3600_000;
const common = { signer: issuerSigner('riverside'), issuer: ISSUER, size: SIZE, now: SAMPLE_CLOCK, validitySeconds: 86_400, ttlSeconds: 300 };

const tokenList = (overrides: Partial<Parameters<typeof createStatusListToken>[0]> = {}) =>
  createStatusListToken({ ...common, uri: TOKEN_URI, values: [[42, TOKEN_STATUS.INVALID], [4711, TOKEN_STATUS.SUSPENDED]], ...overrides });

const bitstringList = (purpose: BitstringPurpose, overrides: Partial<Parameters<typeof createBitstringStatusListCredential>[0]> = {}) =>
  createBitstringStatusListCredential({ ...common, uri: BITSTRING_URI(purpose), purpose, setIndexes: purpose === 'revocation' ? [42] : [4711], ...overrides });

function check(document: string, kind: 'token' | 'bitstring', index: number, extra: Partial<VerifyCredentialStatusInput> = {}) {
  const purpose = (extra.reference?.purpose ?? 'revocation') as BitstringPurpose;
  return verifyCredentialStatus({
    document,
    kind,
    reference: kind === 'token' ? { uri: TOKEN_URI, index } : { uri: BITSTRING_URI(purpose), index, purpose },
    issuer: ISSUER,
    resolveIssuerKey: resolveTestIssuerKey,
    now: new Date(SAMPLE_CLOCK.getTime() + HOUR),
    ...extra,
  });
}

/** Replaces the claims of a compact JWS, keeping the original signature. */
function withClaims(jws: string, change: (claims: Record<string, unknown>) => void): string {
  const [h, p, s] = jws.split('.');
  const claims = decodeB64json(p!);
  change(claims);
  return `${h}.${b64json(claims)}.${s}`;
}

describe('Status List Token (dc+sd-jwt)', () => {
  it('is a statuslist+jwt with sub = its URI, iat, exp, ttl and a 2-bit status_list', async () => {
    const jwt = await tokenList();
    assert.deepEqual(decodeProtectedHeader(jwt), { alg: 'ES256', kid: issuerKid('riverside'), typ: 'statuslist+jwt' });
    const claims = decodeJwt(jwt);
    assert.equal(claims.sub, TOKEN_URI);
    assert.equal(claims.iss, ISSUER);
    assert.equal(claims.iat, Math.floor(SAMPLE_CLOCK.getTime() / 1000));
    assert.equal(claims.exp, (claims.iat as number) + 86_400);
    assert.equal(claims.ttl, 300);
    assert.equal((claims.status_list as { bits: number }).bits, 2);
  });

  it('decodes with @sd-jwt/jwt-status-list to exactly the revoked and suspended indexes', async () => {
    const list = getListFromStatusListJWT(await tokenList());
    const found: [number, number][] = [];
    for (let i = 0; i < SIZE; i++) if (list.getStatus(i) !== 0) found.push([i, list.getStatus(i)]);
    assert.deepEqual(found, [[42, 1], [4711, 2]]);
  });

  it('reads revoked, suspended and valid entries', async () => {
    const jwt = await tokenList();
    assert.deepEqual(await check(jwt, 'token', 42), { ok: true, status: 'revoked', list: { issuer: ISSUER, issuedAt: new Date(Math.floor(SAMPLE_CLOCK.getTime() / 1000) * 1000), expiresAt: new Date(Math.floor(SAMPLE_CLOCK.getTime() / 1000) * 1000 + 86_400_000), ttlSeconds: 300 } });
    assert.equal((await check(jwt, 'token', 4711) as { status: string }).status, 'suspended');
    assert.equal((await check(jwt, 'token', 43) as { status: string }).status, 'valid');
  });

  it('fails the signature check when the list was changed after signing', async () => {
    const jwt = await tokenList();
    const valid = await tokenList({ values: [] });
    // Swap in the status_list of a list where nothing is revoked, keeping the original signature.
    const tampered = withClaims(jwt, (c) => {
      c.status_list = decodeJwt(valid).status_list;
    });
    assert.deepEqual(await check(tampered, 'token', 42), { ok: false, failure: 'signature_invalid' });
  });

  it('fails when signed by another key than the issuer’s', async () => {
    const forged = await tokenList({ signer: impostorSigner(issuerKid('riverside'), 'hillside'), values: [] });
    assert.equal((await check(forged, 'token', 42) as { failure: string }).failure, 'signature_invalid');
  });

  it('fails when the list is another issuer’s', async () => {
    const other = await tokenList({ signer: issuerSigner('hillside'), issuer: TEST_ISSUERS.hillside.did });
    assert.equal((await check(other, 'token', 42) as { failure: string }).failure, 'issuer_mismatch');
  });

  it('fails when sub is not the URI the credential points at (a list served in place of another)', async () => {
    const other = await tokenList({ uri: `${TOKEN_URI}x` });
    assert.equal((await check(other, 'token', 42) as { failure: string }).failure, 'subject_mismatch');
  });

  it('fails when the list has expired', async () => {
    const jwt = await tokenList();
    const later = new Date(SAMPLE_CLOCK.getTime() + 25 * HOUR);
    assert.equal((await check(jwt, 'token', 43, { now: later }) as { failure: string }).failure, 'expired');
  });

  it('fails for an index outside the list', async () => {
    const jwt = await tokenList();
    assert.equal((await check(jwt, 'token', SIZE) as { failure: string }).failure, 'index_out_of_range');
  });

  it('fails for a status value it does not understand (0x03), rather than treating it as valid', async () => {
    const jwt = await tokenList({ values: [[7, 3]] });
    assert.deepEqual(await check(jwt, 'token', 7), { ok: false, failure: 'status_unrecognised', detail: '0x03' });
  });

  it('refuses a bitstring credential where a token list is expected, and unsigned or MAC-signed lists', async () => {
    assert.equal((await check(await bitstringList('revocation'), 'token', 42) as { failure: string }).failure, 'wrong_list_type');
    const jwt = await tokenList();
    const [, p] = jwt.split('.');
    const none = `${b64json({ alg: 'none', typ: 'statuslist+jwt' })}.${p}.AA`;
    assert.equal((await check(none, 'token', 42) as { failure: string }).failure, 'alg_not_allowed');
    const hs = `${b64json({ alg: 'HS256', typ: 'statuslist+jwt', kid: issuerKid('riverside') })}.${p}.AA`;
    assert.equal((await check(hs, 'token', 42) as { failure: string }).failure, 'alg_not_allowed');
    assert.equal((await check('not a jwt', 'token', 42) as { failure: string }).failure, 'malformed');
  });
});

describe('BitstringStatusListCredential (jwt_vc_json)', () => {
  it('is a VCDM 2.0 credential secured as vc+jwt, with a multibase GZIP encodedList and ttl in milliseconds', async () => {
    const jwt = await bitstringList('revocation');
    assert.deepEqual(decodeProtectedHeader(jwt), { alg: 'ES256', kid: issuerKid('riverside'), typ: 'vc+jwt', cty: 'vc' });
    const vc = decodeJwt(jwt) as Record<string, unknown> & { credentialSubject: Record<string, unknown> };
    assert.deepEqual(vc['@context'], ['https://www.w3.org/ns/credentials/v2']);
    assert.deepEqual(vc.type, ['VerifiableCredential', 'BitstringStatusListCredential']);
    assert.equal(vc.id, BITSTRING_URI('revocation'));
    assert.equal(vc.issuer, ISSUER);
    assert.equal(vc.vc, undefined, 'VC-JOSE-COSE: no vc claim');
    assert.equal(vc.credentialSubject.type, 'BitstringStatusList');
    assert.equal(vc.credentialSubject.statusPurpose, 'revocation');
    assert.equal(vc.credentialSubject.ttl, 300_000);
    assert.match(vc.credentialSubject.encodedList as string, /^u[A-Za-z0-9_-]+$/);
  });

  it('decodes with @digitalbazaar/vc-bitstring-status-list to exactly the revoked indexes', async () => {
    const jwt = await bitstringList('revocation', { setIndexes: [3, 42, 99_999] });
    const subject = (decodeJwt(jwt) as { credentialSubject: { encodedList: string } }).credentialSubject;
    const list = (await decodeList({ encodedList: subject.encodedList })) as { length: number; getStatus(i: number): boolean };
    const found: number[] = [];
    for (let i = 0; i < list.length; i++) if (list.getStatus(i)) found.push(i);
    assert.deepEqual(found, [3, 42, 99_999]);
  });

  it('reads a set revocation bit as revoked and a set suspension bit as suspended', async () => {
    const revocation = await bitstringList('revocation');
    const suspension = await bitstringList('suspension');
    assert.equal((await check(revocation, 'bitstring', 42) as { status: string }).status, 'revoked');
    assert.equal((await check(revocation, 'bitstring', 4711) as { status: string }).status, 'valid');
    const asSuspension = { reference: { uri: BITSTRING_URI('suspension'), index: 4711, purpose: 'suspension' as const } };
    assert.equal((await check(suspension, 'bitstring', 4711, asSuspension) as { status: string }).status, 'suspended');
  });

  it('fails the signature check when the list was changed after signing', async () => {
    const jwt = await bitstringList('revocation');
    const tampered = withClaims(jwt, (c) => {
      (c.credentialSubject as Record<string, unknown>).encodedList = encodeBitstring(createBitstring(SIZE, []));
    });
    assert.deepEqual(await check(tampered, 'bitstring', 42), { ok: false, failure: 'signature_invalid' });
  });

  it('fails when the list is published for another purpose than the entry names', async () => {
    const suspension = await bitstringList('suspension', { uri: BITSTRING_URI('revocation') });
    assert.equal((await check(suspension, 'bitstring', 42) as { failure: string }).failure, 'purpose_mismatch');
  });

  it('fails when id is not the statusListCredential URL', async () => {
    const suspension = await bitstringList('suspension');
    assert.equal((await check(suspension, 'bitstring', 42) as { failure: string }).failure, 'subject_mismatch');
  });

  it('fails when the list is past validUntil, or shorter than 131,072 entries', async () => {
    const jwt = await bitstringList('revocation');
    assert.equal((await check(jwt, 'bitstring', 42, { now: new Date(SAMPLE_CLOCK.getTime() + 25 * HOUR) }) as { failure: string }).failure, 'expired');
    const short = await bitstringList('revocation', { size: 1024, setIndexes: [] });
    assert.equal((await check(short, 'bitstring', 42) as { failure: string }).failure, 'list_too_short');
  });

  it('fails for an index outside the list, and for a token list where a bitstring is expected', async () => {
    assert.equal((await check(await bitstringList('revocation'), 'bitstring', SIZE) as { failure: string }).failure, 'index_out_of_range');
    assert.equal((await check(await tokenList(), 'bitstring', 42) as { failure: string }).failure, 'wrong_list_type');
  });

  it('refuses a signer whose kid or alg differ from the header it is asked to sign', async () => {
    await assert.rejects(signCompactJws({ alg: 'EdDSA', kid: issuerKid('riverside') }, {}, issuerSigner('riverside')), TypeError);
  });
});

describe('status check for verifyCredential', () => {
  const now = new Date(SAMPLE_CLOCK.getTime() + HOUR);
  const checker = (fetchStatusList: (uri: string) => Promise<string>) => createStatusChecker({ fetchStatusList, resolveIssuerKey: resolveTestIssuerKey, now });
  const context = { format: 'dc+sd-jwt' as const, issuer: ISSUER };

  it('answers revoked, suspended or valid from the list the reference names', async () => {
    const jwt = await tokenList();
    const fetched: string[] = [];
    const check = checker(async (uri) => {
      fetched.push(uri);
      return jwt;
    });
    assert.deepEqual(await check({ uri: TOKEN_URI, index: 42 }, context), { status: 'revoked' });
    assert.deepEqual(await check({ uri: TOKEN_URI, index: 4711 }, context), { status: 'suspended' });
    assert.deepEqual(await check({ uri: TOKEN_URI, index: 1 }, context), { status: 'valid' });
    assert.deepEqual(fetched, [TOKEN_URI, TOKEN_URI, TOKEN_URI]);
  });

  it('fails closed: a list that cannot be fetched or does not verify is unavailable, never valid', async () => {
    assert.deepEqual(await checker(async () => Promise.reject(new TypeError('fetch failed')))({ uri: TOKEN_URI, index: 1 }, context), {
      status: 'unavailable',
      detail: 'status list not retrieved (TypeError)',
    });
    const tampered = withClaims(await tokenList(), (c) => {
      c.ttl = 1;
    });
    assert.deepEqual(await checker(async () => tampered)({ uri: TOKEN_URI, index: 1 }, context), { status: 'unavailable', detail: 'signature_invalid' });
    const bitstring = await bitstringList('revocation');
    assert.deepEqual(await checker(async () => bitstring)({ uri: TOKEN_URI, index: 1 }, context), { status: 'unavailable', detail: 'wrong_list_type' });
  });
});

describe('signed list round trip (property)', () => {
  it('a verifier reads back exactly the states written, for random sets of revoked and suspended indexes', async () => {
    const now = new Date(SAMPLE_CLOCK.getTime() + HOUR);
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.tuple(fc.integer({ min: 0, max: SIZE - 1 }), fc.constantFrom(TOKEN_STATUS.INVALID, TOKEN_STATUS.SUSPENDED)), { maxLength: 40, selector: ([i]) => i }),
        fc.integer({ min: 0, max: SIZE - 1 }),
        async (written, probe) => {
          const expected = new Map(written);
          const token = await tokenList({ values: written });
          const revocation = await bitstringList('revocation', { setIndexes: written.filter(([, v]) => v === TOKEN_STATUS.INVALID).map(([i]) => i) });
          const suspension = await bitstringList('suspension', { setIndexes: written.filter(([, v]) => v === TOKEN_STATUS.SUSPENDED).map(([i]) => i) });
          const want = (i: number) => (expected.get(i) === TOKEN_STATUS.INVALID ? 'revoked' : expected.get(i) === TOKEN_STATUS.SUSPENDED ? 'suspended' : 'valid');
          for (const index of [...expected.keys(), probe]) {
            const fromToken = await verifyCredentialStatus({ document: token, kind: 'token', reference: { uri: TOKEN_URI, index }, issuer: ISSUER, resolveIssuerKey: resolveTestIssuerKey, now });
            assert.deepEqual(fromToken.ok && fromToken.status, want(index));
            const revoked = await verifyCredentialStatus({ document: revocation, kind: 'bitstring', reference: { uri: BITSTRING_URI('revocation'), index, purpose: 'revocation' }, issuer: ISSUER, resolveIssuerKey: resolveTestIssuerKey, now });
            const suspended = await verifyCredentialStatus({ document: suspension, kind: 'bitstring', reference: { uri: BITSTRING_URI('suspension'), index, purpose: 'suspension' }, issuer: ISSUER, resolveIssuerKey: resolveTestIssuerKey, now });
            assert.equal(revoked.ok && revoked.status === 'revoked', want(index) === 'revoked');
            assert.equal(suspended.ok && suspended.status === 'suspended', want(index) === 'suspended');
          }
        },
      ),
      { numRuns: 15 },
    );
  });
});
