// The operations `npm run bench` times, shared by the main thread and the worker threads
// (./worker.ts), so one core and two cores run exactly the same code.
//
// Each task is built once (keys imported, credentials issued ahead of verifying) and then
// returns a step that performs one operation. The raw ES256 ceiling signs and verifies with
// node:crypto over a cached KeyObject, which is what the key-management local custody does
// (docs/architecture.md D14); the credential tasks sign through createLocalSigner (also a
// cached KeyObject) and resolve issuer keys in memory, like a cached DID resolution.
import { createPrivateKey, createPublicKey, randomBytes, randomUUID, sign, verify, type JsonWebKey } from 'node:crypto';
import { SAMPLE_CLOCK, SAMPLE_SUBJECTS } from '../src/core/credentials/samples.ts';
import { createJwtVc } from '../src/core/credentials/formats/create-jwt-vc.ts';
import { createSdJwtVc } from '../src/core/credentials/formats/create-sd-jwt-vc.ts';
import { createSdJwtVcPresentation } from '../src/core/credentials/formats/create-sd-jwt-vc-presentation.ts';
import type { CredentialIssuance } from '../src/core/credentials/formats/prepare-issuance.ts';
import type { CredentialVerification } from '../src/core/credentials/formats/verification.ts';
import { verifyJwtVc } from '../src/core/credentials/formats/verify-jwt-vc.ts';
import { verifySdJwtVc } from '../src/core/credentials/formats/verify-sd-jwt-vc.ts';
import { TEST_ISSUERS, holderSigner, issuerKid, issuerSigner, resolveTestIssuerKey, testKey } from '../src/core/credentials/testing.ts';

export const TASK_NAMES = [
  'raw-es256-sign',
  'raw-es256-verify',
  'jwt_vc_json-issue',
  'jwt_vc_json-verify',
  'dc+sd-jwt-issue',
  'dc+sd-jwt-verify',
  'dc+sd-jwt-verify-presentation',
] as const;
export type TaskName = (typeof TASK_NAMES)[number];

export type Step = () => unknown;

/** The subject every credential task issues: a full Identity credential (address, assurance). */
export const BENCH_CREDENTIAL_TYPE = 'Identity' as const;

const AUDIENCE = 'x509_san_dns:verifier.example.nhs.uk';
const NONCE = 'n-0S6_WzA2Mj';

function issuance(): CredentialIssuance {
  return {
    type: BENCH_CREDENTIAL_TYPE,
    subject: SAMPLE_SUBJECTS[BENCH_CREDENTIAL_TYPE],
    issuer: TEST_ISSUERS.riverside.did,
    signer: issuerSigner('riverside'),
    holderJwk: testKey('holder').publicJwk,
    serialNumber: randomUUID(),
    issuedAt: SAMPLE_CLOCK,
    status: { uri: 'https://localhost:3000/orgs/RZX/status/1', index: 48_213 },
  };
}

/** A ~300-byte JWS signing input, the size of a small VC-JWT (DEPENDENCIES.md micro-benchmarks). */
function rawSigningInput(): Buffer {
  const header = Buffer.from(JSON.stringify({ alg: 'ES256', typ: 'JWT', kid: issuerKid('riverside') })).toString('base64url');
  const payload = Buffer.from(
    JSON.stringify({ iss: TEST_ISSUERS.riverside.did, sub: 'did:jwk:holder', iat: 1_795_000_000, jti: randomUUID(), vc: { type: ['VerifiableCredential'] } }),
  ).toString('base64url');
  return Buffer.from(`${header}.${payload}`);
}

function expectVerified(result: CredentialVerification, what: string): void {
  if (!result.ok) throw new Error(`bench fixture did not verify (${what}): ${JSON.stringify(result.checks)}`);
}

/** Sizes of what the credential tasks handle, for the report. */
export interface FixtureSizes {
  rawSigningInputBytes: number;
  jwtVcBytes: number;
  sdJwtVcBytes: number;
  sdJwtPresentationBytes: number;
}

export async function fixtureSizes(): Promise<FixtureSizes> {
  const jwt = await createJwtVc(issuance());
  const sd = await createSdJwtVc({ ...issuance(), randomBytes });
  const presentation = await presentationOf(sd.credential);
  return {
    rawSigningInputBytes: rawSigningInput().length,
    jwtVcBytes: jwt.credential.length,
    sdJwtVcBytes: sd.credential.length,
    sdJwtPresentationBytes: presentation.length,
  };
}

/** What a wallet presents for an Identity check: name and date of birth, with a KB-JWT. */
function presentationOf(credential: string): Promise<string> {
  return createSdJwtVcPresentation({
    credential,
    disclose: ['dspId', 'firstName', 'lastName', 'birthDate'],
    keyBinding: { audience: AUDIENCE, nonce: NONCE, issuedAt: SAMPLE_CLOCK },
    holderSigner: holderSigner(),
  });
}

/** Builds the task and checks once, outside the timed loop, that it does what it says. */
export async function prepareTask(name: TaskName): Promise<Step> {
  switch (name) {
    case 'raw-es256-sign':
    case 'raw-es256-verify': {
      const k = testKey('riversideIssuer');
      const privateKey = createPrivateKey({ key: k.privateJwk as JsonWebKey, format: 'jwk' });
      const publicKey = createPublicKey({ key: k.publicJwk as JsonWebKey, format: 'jwk' });
      const input = rawSigningInput();
      const signature = sign('sha256', input, { key: privateKey, dsaEncoding: 'ieee-p1363' });
      if (!verify('sha256', input, { key: publicKey, dsaEncoding: 'ieee-p1363' }, signature)) throw new Error('raw ES256 fixture');
      return name === 'raw-es256-sign'
        ? () => sign('sha256', input, { key: privateKey, dsaEncoding: 'ieee-p1363' })
        : () => verify('sha256', input, { key: publicKey, dsaEncoding: 'ieee-p1363' }, signature);
    }
    case 'jwt_vc_json-issue': {
      const input = issuance();
      return () => createJwtVc({ ...input, serialNumber: randomUUID() });
    }
    case 'jwt_vc_json-verify': {
      const { credential } = await createJwtVc(issuance());
      const options = { now: SAMPLE_CLOCK, resolveIssuerKey: resolveTestIssuerKey };
      expectVerified(await verifyJwtVc(credential, options), name);
      return () => verifyJwtVc(credential, options);
    }
    case 'dc+sd-jwt-issue': {
      const input = { ...issuance(), randomBytes };
      return () => createSdJwtVc({ ...input, serialNumber: randomUUID() });
    }
    case 'dc+sd-jwt-verify': {
      // The credential as the wallet receives it (every Disclosure, no KB-JWT): one signature.
      const { credential } = await createSdJwtVc({ ...issuance(), randomBytes });
      const options = { now: SAMPLE_CLOCK, resolveIssuerKey: resolveTestIssuerKey, subjectValidation: 'complete' as const };
      expectVerified(await verifySdJwtVc(credential, options), name);
      return () => verifySdJwtVc(credential, options);
    }
    case 'dc+sd-jwt-verify-presentation': {
      // A verifier's view: some Disclosures and a KB-JWT, so two signatures per verification.
      const { credential } = await createSdJwtVc({ ...issuance(), randomBytes });
      const presentation = await presentationOf(credential);
      const options = { now: SAMPLE_CLOCK, resolveIssuerKey: resolveTestIssuerKey, keyBinding: { audience: AUDIENCE, nonce: NONCE } };
      expectVerified(await verifySdJwtVc(presentation, options), name);
      return () => verifySdJwtVc(presentation, options);
    }
  }
}
