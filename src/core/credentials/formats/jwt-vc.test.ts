import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SignJWT, calculateJwkThumbprintUri, decodeJwt, decodeProtectedHeader, importJWK } from 'jose';
import { CREDENTIAL_TYPE_IDS, expiryOf, type CredentialSubject, type CredentialTypeId } from '../catalogue.ts';
import { SAMPLE_CLOCK, SAMPLE_CORE_SKILLS, SAMPLE_SUBJECTS } from '../samples.ts';
import {
  TEST_ISSUERS,
  b64json,
  decodeB64json,
  impostorSigner,
  issuerKid,
  issuerSigner,
  resolveTestIssuerKey,
  testKey,
} from '../testing.ts';
import { createJwtVc, type JwtVcIssuance } from './create-jwt-vc.ts';
import { CredentialIssueError } from './prepare-issuance.ts';
import { CHECK_NAMES, type CheckName, type CredentialVerification } from './verification.ts';
import { verifyJwtVc } from './verify-jwt-vc.ts';

const SERIAL = '0d9e2f1a-3b4c-4d5e-8f60-718293a4b5c6';
const STATUS = { uri: 'http://localhost:3000/orgs/RZX/status-lists/1', index: 4711 };
const HOUR = 60 * 60 * 1000;

function issuance(type: CredentialTypeId, overrides: Partial<JwtVcIssuance> = {}): JwtVcIssuance {
  return {
    type,
    subject: SAMPLE_SUBJECTS[type],
    issuer: TEST_ISSUERS.riverside.did,
    signer: issuerSigner('riverside'),
    holderJwk: testKey('holder').publicJwk,
    serialNumber: SERIAL,
    issuedAt: SAMPLE_CLOCK,
    status: STATUS,
    ...overrides,
  };
}

const verify = (jwt: string, now: Date = SAMPLE_CLOCK) => verifyJwtVc(jwt, { now, resolveIssuerKey: resolveTestIssuerKey });

/** The one check that failed, with its reason; every other check passed or was skipped. */
function onlyFailure(result: CredentialVerification): { check: CheckName; reason: string } {
  const failed = CHECK_NAMES.filter((n) => result.checks[n].status === 'failed');
  assert.equal(result.ok, false);
  assert.equal(failed.length, 1, `expected one failed check, got ${failed.join(', ')}`);
  const check = failed[0] as CheckName;
  const r = result.checks[check];
  assert.ok(r.status === 'failed');
  return { check, reason: r.reason };
}

/** A validly signed token with whatever claims a rogue or buggy issuer chose. */
async function signRaw(payload: Record<string, unknown>, header: Record<string, unknown> = {}): Promise<string> {
  const key = await importJWK(testKey('riversideIssuer').privateJwk, 'ES256');
  return new SignJWT(payload).setProtectedHeader({ alg: 'ES256', typ: 'JWT', kid: issuerKid('riverside'), ...header }).sign(key);
}

describe('jwt_vc_json issuance and verification', () => {
  for (const type of CREDENTIAL_TYPE_IDS) {
    it(`issues a ${type} from its sample data that verifies with every check passed`, async () => {
      const issued = await createJwtVc(issuance(type));
      const result = await verify(issued.credential);
      assert.equal(result.ok, true, JSON.stringify(result.checks));
      for (const name of CHECK_NAMES) {
        const expected = name === 'disclosures' || name === 'keyBinding' ? 'skipped' : 'passed';
        assert.equal(result.checks[name].status, expected, name);
      }
      assert.equal(result.credential?.type, type);
      assert.deepEqual(result.credential?.subject, SAMPLE_SUBJECTS[type]);
      assert.equal(result.credential?.serialNumber, SERIAL);
      assert.equal(result.credential?.issuer, TEST_ISSUERS.riverside.did);
      assert.deepEqual(result.credential?.issuedAt, SAMPLE_CLOCK);
      assert.deepEqual(result.credential?.expiresAt, expiryOf(type, SAMPLE_SUBJECTS[type], SAMPLE_CLOCK));
      assert.deepEqual(result.credential?.status, { ...STATUS, purpose: 'revocation' });
    });
  }

  it('issues every sample core skill, one credential per competency', async () => {
    for (const skill of SAMPLE_CORE_SKILLS) {
      const result = await verify((await createJwtVc(issuance('CoreSkill', { subject: skill }))).credential);
      assert.equal(result.ok, true);
      assert.equal(result.credential?.subject.competencyName, skill.competencyName);
    }
  });

  it('puts the VCDM 1.1 claims where the JWT encoding puts them, with the serial number in jti', async () => {
    const { credential } = await createJwtVc(issuance('RightToWork'));
    const header = decodeProtectedHeader(credential);
    const claims = decodeJwt(credential);
    assert.deepEqual(header, { alg: 'ES256', typ: 'JWT', kid: issuerKid('riverside') });
    assert.equal(claims.iss, TEST_ISSUERS.riverside.did);
    assert.equal(claims.sub, await calculateJwkThumbprintUri(testKey('holder').publicJwk, 'sha256'));
    assert.equal(claims.jti, `urn:uuid:${SERIAL}`);
    assert.equal(claims.iat, SAMPLE_CLOCK.getTime() / 1000);
    assert.equal(claims.nbf, SAMPLE_CLOCK.getTime() / 1000);
    assert.equal(claims.exp, Date.parse('2031-05-15T00:00:00Z') / 1000);
    assert.deepEqual(claims.cnf, { jwk: testKey('holder').publicJwk });
    assert.deepEqual(claims.vc, {
      '@context': ['https://www.w3.org/2018/credentials/v1'],
      type: ['VerifiableCredential', 'RightToWork'],
      credentialSubject: SAMPLE_SUBJECTS.RightToWork,
      credentialStatus: {
        id: `${STATUS.uri}#4711`,
        type: 'BitstringStatusListEntry',
        statusPurpose: 'revocation',
        statusListIndex: '4711',
        statusListCredential: STATUS.uri,
      },
    });
  });

  it('leaves exp out when the type sets no expiry', async () => {
    const claims = decodeJwt((await createJwtVc(issuance('Identity'))).credential);
    assert.equal(claims.exp, undefined);
  });

  it('uses the holder DID as sub when the wallet proved one, and names the schema when asked', async () => {
    const holderId = `did:jwk:${b64json(testKey('holder').publicJwk)}`;
    const { credential } = await createJwtVc(issuance('Identity', { holderId, credentialSchemaUri: 'https://dsp.example/schemas/Identity/1' }));
    const claims = decodeJwt(credential);
    assert.equal(claims.sub, holderId);
    assert.deepEqual((claims.vc as Record<string, unknown>).credentialSchema, { id: 'https://dsp.example/schemas/Identity/1', type: 'JsonSchema' });
    const result = await verify(credential);
    assert.equal(result.ok, true);
    assert.equal(result.credential?.holder.id, holderId);
  });

  it('issues and verifies with an Ed25519 (EdDSA) issuer key', async () => {
    const { credential } = await createJwtVc(
      issuance('CoreSkill', { subject: SAMPLE_CORE_SKILLS[2] as CredentialSubject, issuer: TEST_ISSUERS.academy.did, signer: issuerSigner('academy') }),
    );
    assert.equal(decodeProtectedHeader(credential).alg, 'EdDSA');
    assert.equal((await verify(credential)).ok, true);
  });

  it('returns the status reference for a later status check and omits it when none was given', async () => {
    const { status: _none, ...noStatus } = issuance('Identity');
    const result = await verify((await createJwtVc(noStatus)).credential);
    assert.equal(result.ok, true);
    assert.equal(result.credential?.status, undefined);
  });
});

describe('jwt_vc_json verification failures, each by its own named check', () => {
  it('carries a revocation and a suspension entry over one index, and returns both to the verifier', async () => {
    const suspension = { uri: 'http://localhost:3000/orgs/RZX/status-lists/1/suspension', index: 4711, purpose: 'suspension' as const };
    const { credential } = await createJwtVc({ ...issuance('Identity'), status: { ...STATUS, purpose: 'revocation' }, suspensionStatus: suspension });
    const entries = (decodeJwt(credential).vc as { credentialStatus: { statusPurpose: string }[] }).credentialStatus;
    assert.deepEqual(entries.map((e) => e.statusPurpose), ['revocation', 'suspension']);
    const result = await verify(credential);
    assert.equal(result.ok, true);
    assert.equal(result.credential?.status?.purpose, 'revocation');
    assert.deepEqual(result.credential?.suspensionStatus, suspension);
  });

  it('fails the claims check for two status entries of the same purpose', async () => {
    const { credential } = await createJwtVc(issuance('Identity'));
    const payload = decodeJwt(credential) as Record<string, unknown> & { vc: Record<string, unknown> };
    const entry = (payload.vc as { credentialStatus: unknown }).credentialStatus;
    payload.vc = { ...payload.vc, credentialStatus: [entry, entry] };
    assert.equal(onlyFailure(await verify(await signRaw(payload))).check, 'claims');
  });

  it('resolves a relative kid (#fragment) against the issuer DID, as SD-JWT VC §3.5 allows and Credo signs', async () => {
    const { credential } = await createJwtVc(issuance('Identity'));
    const payload = decodeJwt(credential);
    const relative = await signRaw(payload, { kid: '#key-1' });
    assert.equal((await verify(relative)).ok, true);
    const unknown = await signRaw(payload, { kid: '#key-9' });
    assert.equal(onlyFailure(await verify(unknown)).check, 'issuerKey');
  });

  it('fails the signature check when the payload was changed after signing', async () => {
    const { credential } = await createJwtVc(issuance('DBSCheck'));
    const [h, p, s] = credential.split('.') as [string, string, string];
    const claims = decodeB64json(p);
    (claims.vc as { credentialSubject: Record<string, unknown> }).credentialSubject.informationDisclosed = true;
    const result = await verify(`${h}.${b64json(claims)}.${s}`);
    assert.deepEqual(onlyFailure(result), { check: 'signature', reason: 'signature_invalid' });
    assert.equal(result.credential, undefined);
    for (const later of ['claims', 'credentialType', 'validity', 'schema', 'holderBinding'] as const) {
      assert.deepEqual(result.checks[later], { status: 'skipped', reason: 'prerequisite_failed' });
    }
  });

  it('fails the signature check when signed with another key than the kid names', async () => {
    const { credential } = await createJwtVc(issuance('Identity', { signer: impostorSigner(issuerKid('riverside'), 'hillside') }));
    assert.deepEqual(onlyFailure(await verify(credential)), { check: 'signature', reason: 'signature_invalid' });
  });

  it("fails the issuer key check when the kid belongs to another organisation's DID", async () => {
    const token = await signRaw({ iss: TEST_ISSUERS.riverside.did, iat: 1 }, { kid: issuerKid('hillside') });
    assert.deepEqual(onlyFailure(await verify(token)), { check: 'issuerKey', reason: 'kid_not_of_issuer' });
  });

  it('fails the issuer key check when the resolver does not know the key', async () => {
    const token = await signRaw({ iss: TEST_ISSUERS.riverside.did, iat: 1 }, { kid: `${TEST_ISSUERS.riverside.did}#key-9` });
    assert.deepEqual(onlyFailure(await verify(token)), { check: 'issuerKey', reason: 'key_not_found' });
  });

  it('refuses alg none by name, before looking for a key', async () => {
    const { credential } = await createJwtVc(issuance('Identity'));
    const [h, p] = credential.split('.') as [string, string];
    const header = { ...decodeB64json(h), alg: 'none' };
    const result = await verify(`${b64json(header)}.${p}.`);
    assert.deepEqual(onlyFailure(result), { check: 'algorithm', reason: 'alg_none' });
    assert.deepEqual(result.checks.issuerKey, { status: 'skipped', reason: 'prerequisite_failed' });
  });

  it('refuses HMAC algorithms by name (a public key must never become an HMAC secret)', async () => {
    const { credential } = await createJwtVc(issuance('Identity'));
    const [h, p, s] = credential.split('.') as [string, string, string];
    const result = await verify(`${b64json({ ...decodeB64json(h), alg: 'HS256' })}.${p}.${s}`);
    assert.deepEqual(onlyFailure(result), { check: 'algorithm', reason: 'alg_symmetric' });
  });

  it('refuses algorithms outside the allow-list', async () => {
    const { credential } = await createJwtVc(issuance('Identity'));
    const [h, p, s] = credential.split('.') as [string, string, string];
    const result = await verify(`${b64json({ ...decodeB64json(h), alg: 'RS256' })}.${p}.${s}`);
    assert.deepEqual(onlyFailure(result), { check: 'algorithm', reason: 'alg_not_allowed' });
  });

  it('fails the validity check once expired, but still says which authentic credential it was', async () => {
    const { credential } = await createJwtVc(issuance('Identity', { expiresAt: new Date(SAMPLE_CLOCK.getTime() + HOUR) }));
    const result = await verify(credential, new Date(SAMPLE_CLOCK.getTime() + 2 * HOUR));
    assert.deepEqual(onlyFailure(result), { check: 'validity', reason: 'expired' });
    assert.equal(result.credential?.serialNumber, SERIAL);
  });

  it('tolerates clocks up to a minute apart at expiry, and no more', async () => {
    const { credential } = await createJwtVc(issuance('Identity', { expiresAt: new Date(SAMPLE_CLOCK.getTime() + HOUR) }));
    assert.equal((await verify(credential, new Date(SAMPLE_CLOCK.getTime() + HOUR + 30_000))).ok, true);
    assert.equal((await verify(credential, new Date(SAMPLE_CLOCK.getTime() + HOUR + 61_000))).ok, false);
  });

  it('fails the validity check before its start', async () => {
    const { credential } = await createJwtVc(issuance('Identity', { validFrom: new Date(SAMPLE_CLOCK.getTime() + 24 * HOUR) }));
    assert.deepEqual(onlyFailure(await verify(credential)), { check: 'validity', reason: 'not_yet_valid' });
  });

  it('fails the schema check, naming the field, when a signed subject breaks its schema', async () => {
    const { credential } = await createJwtVc(issuance('Identity'));
    const claims = decodeJwt(credential);
    const vc = claims.vc as { credentialSubject: Record<string, unknown> };
    vc.credentialSubject.birthDate = '12/04/1990';
    const result = await verify(await signRaw(claims));
    assert.deepEqual(onlyFailure(result), { check: 'schema', reason: 'schema_violation' });
    const schema = result.checks.schema;
    assert.ok(schema.status === 'failed');
    assert.deepEqual(schema.errors?.map((e) => e.path), ['/birthDate']);
  });

  it('fails the credential type check for a type outside the catalogue', async () => {
    const claims = decodeJwt((await createJwtVc(issuance('Identity'))).credential);
    (claims.vc as { type: string[] }).type = ['VerifiableCredential', 'NhsDspIdentityCredential'];
    assert.deepEqual(onlyFailure(await verify(await signRaw(claims))), { check: 'credentialType', reason: 'unknown_type' });
  });

  it('fails the claims check when the serial number is not a urn:uuid', async () => {
    const claims = decodeJwt((await createJwtVc(issuance('Identity'))).credential);
    claims.jti = 'serial-1';
    assert.deepEqual(onlyFailure(await verify(await signRaw(claims))), { check: 'claims', reason: 'claim_invalid' });
  });

  it('fails the holder binding check without cnf.jwk, and when sub is the thumbprint of another key', async () => {
    const claims = decodeJwt((await createJwtVc(issuance('Identity'))).credential);
    const { cnf: _cnf, ...unbound } = claims;
    assert.deepEqual(onlyFailure(await verify(await signRaw(unbound))), { check: 'holderBinding', reason: 'cnf_missing' });
    const otherSub = { ...claims, sub: await calculateJwkThumbprintUri(testKey('otherHolder').publicJwk, 'sha256') };
    assert.deepEqual(onlyFailure(await verify(await signRaw(otherSub))), { check: 'holderBinding', reason: 'subject_key_mismatch' });
  });

  it('fails the format check for an SD-JWT VC presented as jwt_vc_json', async () => {
    const token = await signRaw({ iss: TEST_ISSUERS.riverside.did, iat: 1 }, { typ: 'dc+sd-jwt' });
    assert.deepEqual(onlyFailure(await verify(token)), { check: 'format', reason: 'wrong_typ' });
    assert.deepEqual(onlyFailure(await verify('not a jwt')), { check: 'format', reason: 'malformed' });
  });
});

describe('jwt_vc_json issuance refusals', () => {
  const refused = async (input: JwtVcIssuance, code: string) => {
    await assert.rejects(createJwtVc(input), (e: unknown) => e instanceof CredentialIssueError && e.code === code);
  };

  it('signs nothing for a subject that breaks its schema, and lists the errors', async () => {
    await assert.rejects(
      createJwtVc(issuance('DBSCheck', { subject: { ...SAMPLE_SUBJECTS.DBSCheck, certificateNumber: '42' } })),
      (e: unknown) => e instanceof CredentialIssueError && e.code === 'invalid_subject' && e.errors[0]?.path === '/certificateNumber',
    );
  });

  it('refuses a credential whose data has already expired', async () => {
    await refused(issuance('TemporaryPlacement', { issuedAt: new Date('2027-03-01T09:00:00Z') }), 'already_expired');
  });

  it("refuses a signer whose kid is not the issuer's", async () => {
    await refused(issuance('Identity', { signer: issuerSigner('hillside') }), 'signer_not_of_issuer');
  });

  it('refuses a serial number that is not a UUID', async () => {
    await refused(issuance('Identity', { serialNumber: '42' }), 'invalid_serial_number');
  });

  it('refuses to bind a credential to a private key', async () => {
    await refused(issuance('Identity', { holderJwk: testKey('holder').privateJwk }), 'invalid_holder_key');
  });
});
