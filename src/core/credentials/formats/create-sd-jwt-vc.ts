// Issues a credential as an SD-JWT VC (`dc+sd-jwt`, draft-ietf-oauth-sd-jwt-vc over RFC 9901)
// with @sd-jwt/sd-jwt-vc's SDJwtVcInstance.
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
import { digest } from '@sd-jwt/crypto-nodejs';
import { SDJwtVcInstance } from '@sd-jwt/sd-jwt-vc';
import { vctOf } from '../catalogue.ts';
import { prepareIssuance, type CredentialIssuance, type IssuedCredential } from './prepare-issuance.ts';
import { toSdJwtSigner } from './signer.ts';
import { jtiOf, numericDate } from './verification.ts';

export const SD_JWT_VC_TYP = 'dc+sd-jwt';

export interface SdJwtVcIssuance extends CredentialIssuance {
  /** Cryptographically secure random bytes (the core has no randomness of its own). */
  randomBytes: (length: number) => Uint8Array;
}

/** A salt generator over injected randomness: base64url of `length` random bytes. */
export function saltGenerator(randomBytes: (length: number) => Uint8Array): (length: number) => string {
  return (length) => Buffer.from(randomBytes(length)).toString('base64url');
}

/** Every subject field disclosable; array fields element by element as well. */
export function subjectDisclosureFrame(subject: Record<string, unknown>): Record<string, unknown> {
  const frame: Record<string, unknown> = { _sd: Object.keys(subject) };
  for (const [name, value] of Object.entries(subject)) {
    if (Array.isArray(value) && value.length > 0) frame[name] = { _sd: value.map((_, i) => i) };
  }
  return frame;
}

export async function createSdJwtVc(input: SdJwtVcIssuance): Promise<IssuedCredential> {
  const p = prepareIssuance(input);
  const sdjwt = new SDJwtVcInstance({
    signer: toSdJwtSigner(p.signer),
    signAlg: p.signer.alg,
    hasher: digest,
    hashAlg: 'sha-256',
    saltGenerator: saltGenerator(input.randomBytes),
  });
  const payload = {
    iss: p.issuer,
    iat: numericDate(p.issuedAt),
    nbf: numericDate(p.validFrom),
    ...(p.expiresAt ? { exp: numericDate(p.expiresAt) } : {}),
    vct: vctOf(p.type),
    jti: jtiOf(p.serialNumber),
    cnf: { jwk: p.holderJwk },
    ...(p.status ? { status: { status_list: { idx: p.status.index, uri: p.status.uri } } } : {}),
    ...p.subject,
  };
  const credential = await sdjwt.issue(payload, subjectDisclosureFrame(p.subject) as never, { header: { kid: p.signer.kid } });
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
