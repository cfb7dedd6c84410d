// Issues a credential as an SD-JWT VC (`dc+sd-jwt`, draft-ietf-oauth-sd-jwt-vc over RFC 9901).
//
//   header  {typ: "dc+sd-jwt", alg: ES256|EdDSA, kid: <issuer DID URL>}
//   always visible: iss (issuer DID), iat, nbf, exp (when the type gives one),
//                   vct = urn:dsp:credential:<Type>:<version> (../catalogue.ts vctOf),
//                   jti = urn:uuid:<serial number> (see verification.ts serialNumberFromJti),
//                   cnf.jwk (holder key), status.status_list {idx, uri} (Token Status List)
//   selectively disclosable: every subject field, as a top-level claim; array fields are also
//                   disclosable element by element (e.g. one vaccination of several).
//
// Salts are 128 bits (RFC 9901 §9.3) from the caller's injected random source.
//
// Why the SD-JWT is assembled here rather than by @sd-jwt/sd-jwt-vc's `issue`, as before: for
// our one, fixed disclosure policy it is a few lines (below), and the library's general
// machinery (async callbacks per claim, a pure-JavaScript base64, a random call per salt, the
// JWT serialised twice) cost more than the issuer's signature (bench/, `npm run bench`). The
// output has the same shape the library produced: Disclosures of list elements first, then of
// the subject fields in order; `_sd` digests sorted; `_sd_alg` last. The holder's side
// (./create-sd-jwt-vc-presentation.ts) still reads it with @sd-jwt, which the tests exercise.
import { hash } from 'node:crypto';
import { vctOf } from '../catalogue.ts';
import { signCompactJws } from './jws.ts';
import { prepareIssuance, type CredentialIssuance, type IssuedCredential } from './prepare-issuance.ts';
import { jtiOf, numericDate, type JsonObject } from './verification.ts';

export const SD_JWT_VC_TYP = 'dc+sd-jwt';

/** RFC 9901 §9.3: 128-bit salts. */
const SALT_BYTES = 16;

export interface SdJwtVcIssuance extends CredentialIssuance {
  /** Cryptographically secure random bytes (the core has no randomness of its own). */
  randomBytes: (length: number) => Uint8Array;
}

/** A salt generator over injected randomness, in @sd-jwt's shape (tests build rogue SD-JWTs with it). */
export function saltGenerator(randomBytes: (length: number) => Uint8Array): (length: number) => string {
  return (length) => Buffer.from(randomBytes(length)).toString('base64url');
}

/** Claims the issuer-signed JWT carries in the clear, and SD-JWT's own names: never a subject field. */
const RESERVED_NAMES = new Set(['iss', 'sub', 'iat', 'nbf', 'exp', 'vct', 'vct#integrity', 'cnf', 'status', 'jti', '_sd', '_sd_alg', '...']);

/**
 * Makes each subject field a Disclosure (RFC 9901 §4.2.1) and each element of a non-empty list
 * one as well (§4.2.2), with salts from one draw of `16 × count` random bytes.
 */
function discloseSubject(subject: JsonObject, randomBytes: (length: number) => Uint8Array): { digests: string[]; disclosures: string[] } {
  const names = Object.keys(subject);
  for (const name of names) if (RESERVED_NAMES.has(name)) throw new TypeError(`subject field ${name} would shadow an SD-JWT VC claim`);
  const lists = names.filter((n) => Array.isArray(subject[n]) && (subject[n] as unknown[]).length > 0);
  const count = names.length + lists.reduce((sum, n) => sum + (subject[n] as unknown[]).length, 0);
  const random = Buffer.from(randomBytes(SALT_BYTES * count));
  if (random.length !== SALT_BYTES * count) throw new TypeError('randomBytes returned the wrong number of bytes');
  let next = 0;
  const disclosures: string[] = [];
  const disclose = (content: unknown[]): string => {
    const salt = random.toString('base64url', next * SALT_BYTES, (next + 1) * SALT_BYTES);
    next += 1;
    const disclosure = Buffer.from(JSON.stringify([salt, ...content])).toString('base64url');
    disclosures.push(disclosure);
    // §4.2.3: the digest is over the base64url string itself. (crypto.hash: one-shot, no Hash object.)
    return hash('sha256', disclosure, 'base64url');
  };
  const listsWithDigests = new Map<string, unknown[]>();
  for (const name of lists) listsWithDigests.set(name, (subject[name] as unknown[]).map((element) => ({ '...': disclose([element]) })));
  const digests = names.map((name) => disclose([name, listsWithDigests.get(name) ?? subject[name]]));
  return { digests: digests.sort(), disclosures };
}

export async function createSdJwtVc(input: SdJwtVcIssuance): Promise<IssuedCredential> {
  const p = prepareIssuance(input);
  const { digests, disclosures } = discloseSubject(p.subject, input.randomBytes);
  const payload: JsonObject = {
    iss: p.issuer,
    iat: numericDate(p.issuedAt),
    nbf: numericDate(p.validFrom),
    ...(p.expiresAt ? { exp: numericDate(p.expiresAt) } : {}),
    vct: vctOf(p.type),
    jti: jtiOf(p.serialNumber),
    cnf: { jwk: p.holderJwk },
    ...(p.status ? { status: { status_list: { idx: p.status.index, uri: p.status.uri } } } : {}),
    _sd: digests,
    _sd_alg: 'sha-256',
  };
  const jwt = await signCompactJws({ typ: SD_JWT_VC_TYP, kid: p.signer.kid, alg: p.signer.alg }, payload, p.signer);
  // RFC 9901 §4: <Issuer-signed JWT>~<Disclosure 1>~…~<Disclosure N>~ (no KB-JWT at issuance).
  const credential = `${jwt}~${disclosures.map((d) => `${d}~`).join('')}`;
  return {
    format: 'dc+sd-jwt',
    credential,
    type: p.type,
    serialNumber: p.serialNumber,
    issuer: p.issuer,
    issuedAt: p.issuedAt,
    ...(p.expiresAt ? { expiresAt: p.expiresAt } : {}),
    ...(p.status ? { status: p.status } : {}),
  };
}
