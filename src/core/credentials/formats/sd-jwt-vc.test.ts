import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { digest } from '@sd-jwt/crypto-nodejs';
import { SDJwtVcInstance } from '@sd-jwt/sd-jwt-vc';
import { decodeProtectedHeader } from 'jose';
import { CREDENTIAL_TYPE_IDS, expiryOf, vctOf, type CredentialSubject, type CredentialTypeId } from '../catalogue.ts';
import { SAMPLE_CLOCK, SAMPLE_CORE_SKILLS, SAMPLE_DSP_ID, SAMPLE_SUBJECTS } from '../samples.ts';
import {
  TEST_ISSUERS,
  b64json,
  countingRandomBytes,
  decodeB64json,
  holderSigner,
  impostorSigner,
  issuerKid,
  issuerSigner,
  resolveTestIssuerKey,
  testKey,
} from '../testing.ts';
import { CredentialPresentationError, createSdJwtVcPresentation } from './create-sd-jwt-vc-presentation.ts';
import { createSdJwtVc, saltGenerator, type SdJwtVcIssuance } from './create-sd-jwt-vc.ts';
import { toSdJwtSigner } from './signer.ts';
import { CHECK_NAMES, type CheckName, type CredentialVerification } from './verification.ts';
import { verifySdJwtVc, type VerifySdJwtVcOptions } from './verify-sd-jwt-vc.ts';
import { verifySdJwt } from './verify-sd-jwt.ts';

const SERIAL = '7c4e1b2a-9d8f-4a6b-b3c2-1e0f9a8b7c6d';
const STATUS = { uri: 'http://localhost:3000/orgs/RZX/token-status-lists/1', index: 90210 };
const HOUR = 60 * 60 * 1000;
const VERIFIER = 'decentralized_identifier:did:web:localhost%3A3000:orgs:RZY';
const NONCE = 'n-0S6_WzA2Mj';

function issuance(type: CredentialTypeId, overrides: Partial<SdJwtVcIssuance> = {}): SdJwtVcIssuance {
  return {
    type,
    subject: SAMPLE_SUBJECTS[type],
    issuer: TEST_ISSUERS.riverside.did,
    signer: issuerSigner('riverside'),
    holderJwk: testKey('holder').publicJwk,
    serialNumber: SERIAL,
    issuedAt: SAMPLE_CLOCK,
    status: STATUS,
    randomBytes: countingRandomBytes(),
    ...overrides,
  };
}

const verify = (sdJwt: string, options: Partial<VerifySdJwtVcOptions> = {}) =>
  verifySdJwtVc(sdJwt, { now: SAMPLE_CLOCK, resolveIssuerKey: resolveTestIssuerKey, ...options });

const present = (credential: string, disclose: string[], overrides: { audience?: string; nonce?: string; issuedAt?: Date; holder?: 'holder' | 'otherHolder' } = {}) =>
  createSdJwtVcPresentation({
    credential,
    disclose,
    keyBinding: { audience: overrides.audience ?? VERIFIER, nonce: overrides.nonce ?? NONCE, issuedAt: overrides.issuedAt ?? SAMPLE_CLOCK },
    holderSigner: holderSigner(overrides.holder ?? 'holder'),
  });

const kbExpectation = { keyBinding: { audience: VERIFIER, nonce: NONCE } };

function onlyFailure(result: CredentialVerification): { check: CheckName; reason: string } {
  const failed = CHECK_NAMES.filter((n) => result.checks[n].status === 'failed');
  assert.equal(result.ok, false);
  assert.equal(failed.length, 1, `expected one failed check, got ${failed.join(', ')}`);
  const check = failed[0] as CheckName;
  const r = result.checks[check];
  assert.ok(r.status === 'failed');
  return { check, reason: r.reason };
}

/** The parts of a compact SD-JWT: issuer JWT, Disclosures, KB-JWT ('' when none). */
function split(sdJwt: string): { jwt: string; disclosures: string[]; kb: string } {
  const parts = sdJwt.split('~');
  return { jwt: parts[0] as string, disclosures: parts.slice(1, -1), kb: parts.at(-1) as string };
}

const join = (jwt: string, disclosures: string[], kb = '') => [jwt, ...disclosures, kb].join('~');

/** An SD-JWT VC signed by Riverside's real key with claims no DSP issuer would put in it. */
async function rogueSdJwt(claims: Record<string, unknown>, sd: string[]): Promise<string> {
  const sdjwt = new SDJwtVcInstance({
    signer: toSdJwtSigner(issuerSigner('riverside')),
    signAlg: 'ES256',
    hasher: digest,
    hashAlg: 'sha-256',
    saltGenerator: saltGenerator(countingRandomBytes(7)),
  });
  return sdjwt.issue(claims as { iss: string; vct: string }, { _sd: sd } as never, { header: { kid: issuerKid('riverside') } });
}

describe('dc+sd-jwt issuance and verification', () => {
  for (const type of CREDENTIAL_TYPE_IDS) {
    it(`issues a ${type} from its sample data that verifies whole, with every check passed`, async () => {
      const issued = await createSdJwtVc(issuance(type));
      const result = await verify(issued.credential, { subjectValidation: 'complete' });
      assert.equal(result.ok, true, JSON.stringify(result.checks));
      for (const name of CHECK_NAMES) assert.equal(result.checks[name].status, name === 'keyBinding' ? 'skipped' : 'passed', name);
      assert.equal(result.credential?.type, type);
      assert.equal(result.credential?.typeVersion, 1);
      assert.deepEqual(result.credential?.subject, SAMPLE_SUBJECTS[type]);
      assert.equal(result.credential?.serialNumber, SERIAL);
      assert.deepEqual(result.credential?.expiresAt, expiryOf(type, SAMPLE_SUBJECTS[type], SAMPLE_CLOCK));
      assert.deepEqual(result.credential?.status, STATUS);
    });
  }

  it('issues every sample core skill, and an Ed25519-signed one verifies too', async () => {
    for (const skill of SAMPLE_CORE_SKILLS) {
      assert.equal((await verify((await createSdJwtVc(issuance('CoreSkill', { subject: skill }))).credential)).ok, true);
    }
    const academy = await createSdJwtVc(
      issuance('CoreSkill', { subject: SAMPLE_CORE_SKILLS[2] as CredentialSubject, issuer: TEST_ISSUERS.academy.did, signer: issuerSigner('academy') }),
    );
    assert.equal(decodeProtectedHeader(split(academy.credential).jwt).alg, 'EdDSA');
    assert.equal((await verify(academy.credential)).ok, true);
  });

  it('keeps only the SD-JWT VC claims in the clear and makes every subject field disclosable', async () => {
    const { credential } = await createSdJwtVc(issuance('ProfessionalRegistration'));
    const { jwt, disclosures } = split(credential);
    assert.deepEqual(decodeProtectedHeader(jwt), { typ: 'dc+sd-jwt', kid: issuerKid('riverside'), alg: 'ES256' });
    const signed = decodeB64json(jwt.split('.')[1] as string);
    assert.deepEqual(Object.keys(signed).sort(), ['_sd', '_sd_alg', 'cnf', 'exp', 'iat', 'iss', 'jti', 'nbf', 'status', 'vct']);
    assert.equal(signed.vct, vctOf('ProfessionalRegistration'));
    assert.equal(signed.vct, 'urn:dsp:credential:ProfessionalRegistration:1');
    assert.equal(signed.jti, `urn:uuid:${SERIAL}`);
    assert.deepEqual(signed.status, { status_list: { idx: STATUS.index, uri: STATUS.uri } });
    assert.deepEqual(signed.cnf, { jwk: testKey('holder').publicJwk });
    assert.equal(disclosures.length, Object.keys(SAMPLE_SUBJECTS.ProfessionalRegistration).length);
    assert.equal((signed._sd as string[]).length, disclosures.length);
  });

  it('makes each element of a list disclosable on its own', async () => {
    const { credential } = await createSdJwtVc(issuance('OccupationalHealth'));
    const oh = SAMPLE_SUBJECTS.OccupationalHealth as { vaccinations: unknown[]; clinicalTests: unknown[]; observations: unknown[] };
    const elements = oh.vaccinations.length + oh.clinicalTests.length + oh.observations.length;
    assert.equal(split(credential).disclosures.length, Object.keys(oh).length + elements);
  });

  it('draws its salts from the injected random source: same bytes, same digests and disclosures; other bytes, other salts', async () => {
    const a = await createSdJwtVc(issuance('Identity', { randomBytes: countingRandomBytes(1) }));
    const b = await createSdJwtVc(issuance('Identity', { randomBytes: countingRandomBytes(1) }));
    const c = await createSdJwtVc(issuance('Identity', { randomBytes: countingRandomBytes(2) }));
    // ECDSA signatures are randomised by the signer, so compare what the salts determine.
    const signedPart = (sdJwt: string) => split(sdJwt).jwt.split('.')[1];
    assert.equal(signedPart(a.credential), signedPart(b.credential));
    assert.deepEqual(split(a.credential).disclosures, split(b.credential).disclosures);
    assert.notEqual(signedPart(a.credential), signedPart(c.credential));
    assert.notEqual(split(a.credential).disclosures[0], split(c.credential).disclosures[0]);
    const salt = (JSON.parse(Buffer.from(split(a.credential).disclosures[0] as string, 'base64url').toString()) as string[])[0] as string;
    assert.equal(Buffer.from(salt, 'base64url').length, 16, '128-bit salts (RFC 9901 §9.3)');
  });
});

// Issuance and Disclosure processing are our own code (for speed, see create-sd-jwt-vc.ts and
// verify-sd-jwt.ts); @sd-jwt is the independent reading they must agree with.
describe('dc+sd-jwt as @sd-jwt reads it', () => {
  const sdJwtLibrary = new SDJwtVcInstance({ hasher: digest, hashAlg: 'sha-256' });
  const readOurs = (sdJwt: string) =>
    verifySdJwt(sdJwt, { expectedTyp: 'dc+sd-jwt', now: SAMPLE_CLOCK, resolveKey: async () => ({ jwk: testKey('riversideIssuer').publicJwk }) });

  for (const type of ['Identity', 'OccupationalHealth', 'CoreSkill'] as const) {
    it(`issues a ${type} whose claims and disclosable paths @sd-jwt reads exactly as we do`, async () => {
      const { credential } = await createSdJwtVc(issuance(type));
      const ours = await readOurs(credential);
      assert.equal(ours.ok, true, JSON.stringify(ours.checks));
      assert.deepEqual(ours.contents?.claims, await sdJwtLibrary.getClaims(credential));
      assert.deepEqual(ours.contents?.disclosedPaths, await sdJwtLibrary.presentableKeys(credential));
    });
  }

  it('processes a presentation of some claims and one list element as @sd-jwt does', async () => {
    const { credential } = await createSdJwtVc(issuance('OccupationalHealth'));
    const presentation = await present(credential, ['dspId', 'vaccinations.1', 'observations']);
    const ours = await readOurs(presentation);
    assert.equal(ours.ok, true, JSON.stringify(ours.checks));
    assert.deepEqual(ours.contents?.claims, await sdJwtLibrary.getClaims(presentation));
    assert.deepEqual(ours.contents?.disclosedPaths, await sdJwtLibrary.presentableKeys(presentation));
  });
});

describe('dc+sd-jwt presentations', () => {
  it('discloses only the chosen claims, bound to the holder key for this verifier and nonce', async () => {
    const { credential } = await createSdJwtVc(issuance('Identity'));
    const presentation = await present(credential, ['dspId', 'firstName', 'lastName']);
    assert.equal(split(presentation).disclosures.length, 3);
    const result = await verify(presentation, kbExpectation);
    assert.equal(result.ok, true, JSON.stringify(result.checks));
    assert.equal(result.checks.keyBinding.status, 'passed');
    assert.deepEqual(result.credential?.subject, { dspId: SAMPLE_DSP_ID, firstName: 'Olivia', lastName: 'Bennett' });
    assert.deepEqual([...(result.credential?.disclosedClaims ?? [])].sort(), ['dspId', 'firstName', 'lastName']);
    assert.deepEqual(result.keyBinding, { audience: VERIFIER, nonce: NONCE, issuedAt: SAMPLE_CLOCK });
  });

  it('discloses one element of a list without the others', async () => {
    const { credential } = await createSdJwtVc(issuance('OccupationalHealth'));
    const result = await verify(await present(credential, ['dspId', 'vaccinations.1']), kbExpectation);
    assert.equal(result.ok, true);
    assert.deepEqual(result.credential?.subject, {
      dspId: SAMPLE_DSP_ID,
      vaccinations: [{ code: 'HEPB002', description: 'Hepatitis B vaccination, dose 2', date: '2012-11-05' }],
    });
  });

  it('refuses to present a claim the credential does not have', async () => {
    const { credential } = await createSdJwtVc(issuance('Identity'));
    await assert.rejects(present(credential, ['passportNumber']), (e: unknown) => e instanceof CredentialPresentationError && e.code === 'unknown_claim');
  });

  it('fails the disclosures check when a disclosure was changed', async () => {
    const { credential } = await createSdJwtVc(issuance('DBSCheck'));
    const presentation = await present(credential, ['dspId', 'informationDisclosed', 'certificateNumber']);
    const { jwt, disclosures, kb } = split(presentation);
    const changed = disclosures.map((d) => {
      const [salt, name, value] = JSON.parse(Buffer.from(d, 'base64url').toString()) as [string, string, unknown];
      return name === 'informationDisclosed' ? b64json([salt, name, !value]) : d;
    });
    const result = await verify(join(jwt, changed, kb), kbExpectation);
    assert.equal(result.ok, false);
    assert.deepEqual(result.checks.disclosures, {
      status: 'failed',
      reason: 'disclosure_unreferenced',
      detail: 'a Disclosure matches no digest in the credential',
    });
    assert.equal(result.credential, undefined);
  });

  it("fails the disclosures check for a disclosure taken from someone else's credential", async () => {
    const mine = await createSdJwtVc(issuance('Identity'));
    const theirs = await createSdJwtVc(issuance('Identity', { randomBytes: countingRandomBytes(99) }));
    const { jwt, disclosures } = split(mine.credential);
    const foreign = split(theirs.credential).disclosures[0] as string;
    const result = await verify(join(jwt, [...disclosures.slice(1), foreign]));
    assert.deepEqual(onlyFailure(result), { check: 'disclosures', reason: 'disclosure_unreferenced' });
  });

  it('fails the disclosures check when the same disclosure is sent twice', async () => {
    const { credential } = await createSdJwtVc(issuance('Identity'));
    const { jwt, disclosures } = split(credential);
    const result = await verify(join(jwt, [...disclosures, disclosures[0] as string]));
    assert.deepEqual(onlyFailure(result), { check: 'disclosures', reason: 'disclosure_duplicated' });
  });

  it('fails the key binding check when a disclosure is dropped after the holder signed', async () => {
    const { credential } = await createSdJwtVc(issuance('Identity'));
    const { jwt, disclosures, kb } = split(await present(credential, ['dspId', 'firstName', 'birthDate']));
    const result = await verify(join(jwt, disclosures.slice(1), kb), kbExpectation);
    assert.deepEqual(onlyFailure(result), { check: 'keyBinding', reason: 'kb_sd_hash_mismatch' });
  });

  it('fails the key binding check for another nonce, another audience, or a stale proof', async () => {
    const { credential } = await createSdJwtVc(issuance('Identity'));
    const presentation = await present(credential, ['dspId']);
    assert.deepEqual(onlyFailure(await verify(presentation, { keyBinding: { audience: VERIFIER, nonce: 'other' } })), {
      check: 'keyBinding',
      reason: 'kb_nonce_mismatch',
    });
    assert.deepEqual(onlyFailure(await verify(presentation, { keyBinding: { audience: 'x509_hash:abc', nonce: NONCE } })), {
      check: 'keyBinding',
      reason: 'kb_audience_mismatch',
    });
    assert.deepEqual(onlyFailure(await verify(presentation, { ...kbExpectation, now: new Date(SAMPLE_CLOCK.getTime() + HOUR) })), {
      check: 'keyBinding',
      reason: 'kb_stale',
    });
  });

  it('fails the key binding check when another key signed the proof', async () => {
    const { credential } = await createSdJwtVc(issuance('Identity'));
    const result = await verify(await present(credential, ['dspId'], { holder: 'otherHolder' }), kbExpectation);
    assert.deepEqual(onlyFailure(result), { check: 'keyBinding', reason: 'kb_signature_invalid' });
  });

  it('fails the key binding check when a proof was required and none was sent', async () => {
    const { credential } = await createSdJwtVc(issuance('Identity'));
    assert.deepEqual(onlyFailure(await verify(credential, kbExpectation)), { check: 'keyBinding', reason: 'kb_missing' });
  });
});

describe('dc+sd-jwt verification failures, each by its own named check', () => {
  it('fails the signature check when the signed payload was changed', async () => {
    const { credential } = await createSdJwtVc(issuance('Identity', { expiresAt: new Date(SAMPLE_CLOCK.getTime() + HOUR) }));
    const { jwt, disclosures } = split(credential);
    const [h, p, s] = jwt.split('.') as [string, string, string];
    const result = await verify(join(`${h}.${b64json({ ...decodeB64json(p), exp: 4102444800 })}.${s}`, disclosures));
    assert.deepEqual(onlyFailure(result), { check: 'signature', reason: 'signature_invalid' });
    assert.deepEqual(result.checks.disclosures, { status: 'skipped', reason: 'prerequisite_failed' });
  });

  it('fails the signature check when signed with another key than the kid names', async () => {
    const { credential } = await createSdJwtVc(issuance('Identity', { signer: impostorSigner(issuerKid('riverside'), 'hillside') }));
    assert.deepEqual(onlyFailure(await verify(credential)), { check: 'signature', reason: 'signature_invalid' });
  });

  it('refuses alg none by name', async () => {
    const { credential } = await createSdJwtVc(issuance('Identity'));
    const { jwt, disclosures } = split(credential);
    const [h, p] = jwt.split('.') as [string, string];
    const result = await verify(join(`${b64json({ ...decodeB64json(h), alg: 'none' })}.${p}.`, disclosures));
    assert.deepEqual(onlyFailure(result), { check: 'algorithm', reason: 'alg_none' });
  });

  it('refuses HMAC algorithms by name', async () => {
    const { credential } = await createSdJwtVc(issuance('Identity'));
    const { jwt, disclosures } = split(credential);
    const [h, p, s] = jwt.split('.') as [string, string, string];
    const result = await verify(join(`${b64json({ ...decodeB64json(h), alg: 'HS512' })}.${p}.${s}`, disclosures));
    assert.deepEqual(onlyFailure(result), { check: 'algorithm', reason: 'alg_symmetric' });
  });

  it('fails the validity check once expired', async () => {
    const { credential } = await createSdJwtVc(issuance('Identity', { expiresAt: new Date(SAMPLE_CLOCK.getTime() + HOUR) }));
    const result = await verify(credential, { now: new Date(SAMPLE_CLOCK.getTime() + 2 * HOUR) });
    assert.deepEqual(onlyFailure(result), { check: 'validity', reason: 'expired' });
  });

  it('fails the validity check before its start', async () => {
    const { credential } = await createSdJwtVc(issuance('Identity', { validFrom: new Date(SAMPLE_CLOCK.getTime() + 24 * HOUR) }));
    assert.deepEqual(onlyFailure(await verify(credential)), { check: 'validity', reason: 'not_yet_valid' });
  });

  it('fails the schema check, naming the field, when a signed disclosed value breaks the schema', async () => {
    const claims = {
      iss: TEST_ISSUERS.riverside.did,
      iat: SAMPLE_CLOCK.getTime() / 1000,
      vct: vctOf('Identity'),
      jti: `urn:uuid:${SERIAL}`,
      cnf: { jwk: testKey('holder').publicJwk },
      dspId: SAMPLE_DSP_ID,
      birthDate: '12/04/1990',
    };
    const result = await verify(await rogueSdJwt(claims, ['dspId', 'birthDate']));
    assert.deepEqual(onlyFailure(result), { check: 'schema', reason: 'schema_violation' });
    const schema = result.checks.schema;
    assert.ok(schema.status === 'failed');
    assert.deepEqual(schema.errors?.map((e) => e.path), ['/birthDate']);
  });

  it('fails the schema check for a credential missing required fields when checked whole', async () => {
    const { credential } = await createSdJwtVc(issuance('Identity'));
    const { jwt, disclosures } = split(credential);
    const withoutOne = join(jwt, disclosures.slice(1));
    assert.equal((await verify(withoutOne)).ok, true, 'a presentation may leave claims out');
    assert.deepEqual(onlyFailure(await verify(withoutOne, { subjectValidation: 'complete' })), { check: 'schema', reason: 'schema_violation' });
  });

  it('fails the credential type check for a vct outside the catalogue or at an unknown version', async () => {
    const base = { iss: TEST_ISSUERS.riverside.did, iat: 1_790_000_000, jti: `urn:uuid:${SERIAL}`, cnf: { jwk: testKey('holder').publicJwk } };
    assert.deepEqual(onlyFailure(await verify(await rogueSdJwt({ ...base, vct: 'https://example.com/pid' }, []))), {
      check: 'credentialType',
      reason: 'unknown_type',
    });
    assert.deepEqual(onlyFailure(await verify(await rogueSdJwt({ ...base, vct: 'urn:dsp:credential:Identity:2' }, []))), {
      check: 'credentialType',
      reason: 'unsupported_version',
    });
  });

  it('fails the disclosures check when a disclosed name clashes with a plain claim', async () => {
    // A Disclosure named like a clear claim (`vct`), so that processing would overwrite the type.
    const clash = b64json(['c2FsdHNhbHRzYWx0c2FsdA', 'vct', 'urn:dsp:credential:DBSCheck:1']);
    const payload = {
      iss: TEST_ISSUERS.riverside.did,
      iat: 1_790_000_000,
      vct: vctOf('Identity'),
      jti: `urn:uuid:${SERIAL}`,
      cnf: { jwk: testKey('holder').publicJwk },
      _sd: [Buffer.from(digest(clash, 'sha-256')).toString('base64url')],
      _sd_alg: 'sha-256',
    };
    const signingInput = `${b64json({ typ: 'dc+sd-jwt', alg: 'ES256', kid: issuerKid('riverside') })}.${b64json(payload)}`;
    const signature = await toSdJwtSigner(issuerSigner('riverside'))(signingInput);
    const result = await verify(join(`${signingInput}.${signature}`, [clash]));
    assert.deepEqual(onlyFailure(result), { check: 'disclosures', reason: 'disclosure_claim_clash' });
  });

  it('fails the format check for a jwt_vc_json or other typ', async () => {
    const claims = { iss: TEST_ISSUERS.riverside.did, iat: 1, vct: vctOf('Identity') };
    const { jwt, disclosures } = split(await rogueSdJwt(claims, []));
    const [h, p, s] = jwt.split('.') as [string, string, string];
    const result = await verify(join(`${b64json({ ...decodeB64json(h), typ: 'vc+sd-jwt' })}.${p}.${s}`, disclosures));
    assert.deepEqual(onlyFailure(result), { check: 'format', reason: 'wrong_typ' });
    assert.deepEqual(onlyFailure(await verify('eyJhbGciOiJFUzI1NiJ9.e30.c2ln')), { check: 'format', reason: 'malformed' });
  });
});

describe('dc+sd-jwt claims the holder cannot hide', () => {
  it('does not accept a serial number that arrives only as a Disclosure', async () => {
    // A rogue issuer made jti selectively disclosable; a holder could then withhold it.
    const claims = {
      iss: TEST_ISSUERS.riverside.did,
      iat: SAMPLE_CLOCK.getTime() / 1000,
      vct: vctOf('Identity'),
      cnf: { jwk: testKey('holder').publicJwk },
      jti: `urn:uuid:${SERIAL}`,
      dspId: SAMPLE_DSP_ID,
    };
    const result = await verify(await rogueSdJwt(claims, ['dspId', 'jti']));
    assert.deepEqual(onlyFailure(result), { check: 'claims', reason: 'claim_missing' });
  });
});
