// Fixed keys, DIDs, signers and a key resolver for tests of credential formats (STYLE.md rule 14:
// deterministic fixtures). Keys live in test/fixtures/keys/credential-test-keys.json, generated
// once; nothing here is for production use.
import type { JWK } from 'jose';
import fixture from '../../../test/fixtures/keys/credential-test-keys.json' with { type: 'json' };
import { createLocalSigner, type IssuerSigner, type Signer, type SigningAlgorithm } from './formats/signer.ts';
import type { ResolveIssuerKey } from './formats/verification.ts';

type KeyName = keyof typeof fixture.keys;

export interface TestKey {
  alg: SigningAlgorithm;
  publicJwk: JWK;
  privateJwk: JWK;
}

export function testKey(name: KeyName): TestKey {
  const k = fixture.keys[name];
  return { alg: k.alg as SigningAlgorithm, publicJwk: { ...k.publicJwk } as JWK, privateJwk: { ...k.privateJwk } as JWK };
}

/** The demo world's organisations as did:web DIDs on the default local URL (architecture §5). */
export const TEST_ISSUERS = {
  riverside: { did: 'did:web:localhost%3A3000:orgs:RZX', key: 'riversideIssuer' },
  hillside: { did: 'did:web:localhost%3A3000:orgs:RZY', key: 'hillsideIssuer' },
  academy: { did: 'did:web:localhost%3A3000:orgs:XTP01', key: 'academyIssuer' },
  identityService: { did: 'did:web:localhost%3A3000:orgs:IDSP01', key: 'identityServiceIssuer' },
} as const satisfies Record<string, { did: string; key: KeyName }>;

export type TestIssuer = keyof typeof TEST_ISSUERS;

export function issuerKid(issuer: TestIssuer): string {
  return `${TEST_ISSUERS[issuer].did}#key-1`;
}

export function issuerSigner(issuer: TestIssuer): IssuerSigner {
  const k = testKey(TEST_ISSUERS[issuer].key);
  return createLocalSigner(k.privateJwk, k.alg, issuerKid(issuer));
}

export function holderSigner(name: 'holder' | 'otherHolder' = 'holder'): Signer {
  const k = testKey(name);
  return createLocalSigner(k.privateJwk, k.alg);
}

/** Resolves each test issuer's `#key-1` to its public key, like DID resolution would. */
export const resolveTestIssuerKey: ResolveIssuerKey = async ({ issuer, kid }) => {
  for (const name of Object.keys(TEST_ISSUERS) as TestIssuer[]) {
    if (TEST_ISSUERS[name].did === issuer && issuerKid(name) === kid) return testKey(TEST_ISSUERS[name].key).publicJwk;
  }
  return undefined;
};

/** Deterministic "random" bytes for salts: a counter, so issued SD-JWTs are reproducible in tests. */
export function countingRandomBytes(seed = 1): (length: number) => Uint8Array {
  let counter = seed;
  return (length) => {
    const out = new Uint8Array(length);
    for (let i = 0; i < length; i += 1) out[i] = (counter * 31 + i * 17) & 0xff;
    counter += 1;
    return out;
  };
}

/** A signer that claims `kid` but signs with another key: what a forger without the issuer's key can do. */
export function impostorSigner(claimedKid: string, actual: TestIssuer): IssuerSigner {
  const real = issuerSigner(actual);
  return { alg: real.alg, kid: claimedKid, sign: (input) => real.sign(input) };
}

/** base64url of a JSON value, for building tampered tokens in tests. */
export function b64json(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

export function decodeB64json(part: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
}
