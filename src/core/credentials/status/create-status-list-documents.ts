// The signed list documents a verifier fetches, built from the entries that are not valid.
//
// Bitstring lists (for jwt_vc_json) — a BitstringStatusListCredential (Bitstring Status List
// v1.0 §2.2), which "MUST be a conforming document as defined in [VC-DATA-MODEL-2.0]", so it is
// a VCDM 2.0 credential secured as a JWT by VC-JOSE-COSE: the credential IS the JWT claims set
// (no `vc` wrapper), header typ `vc+jwt`, cty `vc`, served as `application/vc+jwt`:
//
//   header  {alg: ES256, kid: <issuer DID URL>, typ: "vc+jwt", cty: "vc"}
//   claims  @context: [https://www.w3.org/ns/credentials/v2]
//           id: <list URI>  (= statusListCredential; a verifier checks it, so one list cannot
//                            be served in place of another)
//           type: [VerifiableCredential, BitstringStatusListCredential]
//           issuer, validFrom, validUntil
//           credentialSubject {id: <uri>#list, type: BitstringStatusList, statusPurpose,
//                              encodedList, ttl (MILLISECONDS, §2.2)}
//           iss, iat, exp — the same issuer and validity as JWT claims, for JWT tooling; they
//                            never disagree with the VCDM properties.
//
// Token lists (for dc+sd-jwt) — a Status List Token (Token Status List, "Status List Token in
// JWT Format"), served as `application/statuslist+jwt`:
//
//   header  {alg: ES256, kid, typ: "statuslist+jwt"}
//   claims  iss (the credentials' iss: REQUIRED when the Referenced Token has one, and equal),
//           sub (= status_list.uri of the credentials), iat, exp, ttl (SECONDS),
//           status_list {bits: 2, lst}
//
// `ttl` tells caches how long to keep the document (we align HTTP Cache-Control with it, as
// §2.2 asks); `exp`/`validUntil` bound how long a copy can be replayed: the publisher re-signs
// lists well before they expire even when nothing changed.
import type { IssuerSigner } from '../formats/signer.ts';
import { numericDate } from '../formats/verification.ts';
import { signCompactJws } from '../formats/jws.ts';
import { TOKEN_LIST_BITS, type BitstringPurpose } from './status-rules.ts';
import { compressTokenStatusList, createBitstring, createTokenStatusBytes, encodeBitstring, type TokenStatusBits } from './status-list-encoding.ts';

export const VCDM_2_0_CONTEXT = 'https://www.w3.org/ns/credentials/v2';
export const BITSTRING_STATUS_LIST_TYP = 'vc+jwt';
export const STATUS_LIST_TOKEN_TYP = 'statuslist+jwt';

interface CommonInput {
  signer: IssuerSigner;
  /** The issuer DID (the organisation's, the same as in its credentials). */
  issuer: string;
  /** The URI the document is published at. */
  uri: string;
  /** Entries in the list. */
  size: number;
  now: Date;
  /** How long the signed document stays valid (exp / validUntil). */
  validitySeconds: number;
  /** How long a consumer may cache it (ttl). */
  ttlSeconds: number;
}

function checkTimes(input: CommonInput): void {
  if (!Number.isInteger(input.validitySeconds) || input.validitySeconds <= 0) throw new TypeError('validitySeconds must be a positive integer');
  if (!Number.isInteger(input.ttlSeconds) || input.ttlSeconds <= 0) throw new TypeError('ttlSeconds must be a positive integer');
}

/** ISO 8601 without milliseconds (XML Schema dateTimeStamp, as VCDM 2.0 §4.9 uses). */
function dateTime(date: Date): string {
  return new Date(Math.floor(date.getTime() / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

export interface BitstringStatusListCredentialInput extends CommonInput {
  purpose: BitstringPurpose;
  /** Indexes whose bit is set (revoked, for `revocation`; suspended, for `suspension`). */
  setIndexes: Iterable<number>;
}

/** A BitstringStatusListCredential as a compact VC-JOSE-COSE JWT. */
export async function createBitstringStatusListCredential(input: BitstringStatusListCredentialInput): Promise<string> {
  checkTimes(input);
  const encodedList = encodeBitstring(createBitstring(input.size, input.setIndexes));
  const iat = numericDate(input.now);
  const exp = iat + input.validitySeconds;
  const payload = {
    '@context': [VCDM_2_0_CONTEXT],
    id: input.uri,
    type: ['VerifiableCredential', 'BitstringStatusListCredential'],
    issuer: input.issuer,
    validFrom: dateTime(new Date(iat * 1000)),
    validUntil: dateTime(new Date(exp * 1000)),
    credentialSubject: {
      id: `${input.uri}#list`,
      type: 'BitstringStatusList',
      statusPurpose: input.purpose,
      encodedList,
      ttl: input.ttlSeconds * 1000,
    },
    iss: input.issuer,
    iat,
    exp,
  };
  const header = { alg: input.signer.alg, kid: input.signer.kid, typ: BITSTRING_STATUS_LIST_TYP, cty: 'vc' };
  return signCompactJws(header, payload, input.signer);
}

export interface StatusListTokenInput extends CommonInput {
  bits?: TokenStatusBits;
  /** [index, value] of every entry that is not VALID (0). */
  values: Iterable<readonly [number, number]>;
}

/** A Status List Token in JWT format. */
export async function createStatusListToken(input: StatusListTokenInput): Promise<string> {
  checkTimes(input);
  const bits = input.bits ?? TOKEN_LIST_BITS;
  const lst = compressTokenStatusList(createTokenStatusBytes(input.size, bits, input.values));
  const iat = numericDate(input.now);
  const payload = {
    iss: input.issuer,
    sub: input.uri,
    iat,
    exp: iat + input.validitySeconds,
    ttl: input.ttlSeconds,
    status_list: { bits, lst },
  };
  const header = { alg: input.signer.alg, kid: input.signer.kid, typ: STATUS_LIST_TOKEN_TYP };
  return signCompactJws(header, payload, input.signer);
}
