// What the gateway's ID token says (docs/architecture.md §5, "Gateway, as seen by an external
// system"): `sub` is the DSP unique identifier in both modes.
//   verifying mode: given_name, family_name, birthdate from the identity credential, and
//     verified_credentials: [{type, issuer, issuer_name, claims, serial_number, issued_at,
//     expires_at?, status: "valid"}] — only credentials that verified (a failed presentation
//     never reaches this point: the flow ends with access_denied instead).
//   issuing mode: issued_credentials: [{type, serial_number, issuer, issued_at, expires_at?}].
// Times are NumericDate seconds (RFC 7519 §2).
import { DSP_ID_FIELD } from '../credentials/index.ts';

export interface VerifiedCredentialInput {
  type: string;
  issuer: string;
  issuerName: string;
  claims: Record<string, unknown>;
  serialNumber: string;
  issuedAt: string;
  expiresAt: string | null;
}

export interface IssuedCredentialInput {
  type: string;
  serialNumber: string;
  issuer: string;
  issuedAt: Date;
  expiresAt: Date | null;
}

export type GatewayClaims = Record<string, unknown> & { sub: string };

const seconds = (iso: string | Date) => Math.floor(new Date(iso).getTime() / 1000);

export function verifiedIdentityClaims(dspId: string, credentials: readonly VerifiedCredentialInput[]): GatewayClaims {
  const identity = credentials.find((c) => c.type === 'Identity');
  const claims: GatewayClaims = { sub: dspId };
  if (identity) {
    const { firstName, lastName, birthDate } = identity.claims;
    if (typeof firstName === 'string') claims.given_name = firstName;
    if (typeof lastName === 'string') claims.family_name = lastName;
    if (typeof birthDate === 'string') claims.birthdate = birthDate;
  }
  claims.verified_credentials = credentials.map((c) => {
    const { [DSP_ID_FIELD]: _dspId, ...rest } = c.claims;
    return {
      type: c.type,
      issuer: c.issuer,
      issuer_name: c.issuerName,
      claims: rest,
      serial_number: c.serialNumber,
      issued_at: seconds(c.issuedAt),
      ...(c.expiresAt ? { expires_at: seconds(c.expiresAt) } : {}),
      status: 'valid',
    };
  });
  return claims;
}

export function issuedCredentialClaims(dspId: string, issued: readonly IssuedCredentialInput[]): GatewayClaims {
  return {
    sub: dspId,
    issued_credentials: issued.map((c) => ({
      type: c.type,
      serial_number: c.serialNumber,
      issuer: c.issuer,
      issued_at: seconds(c.issuedAt),
      ...(c.expiresAt ? { expires_at: seconds(c.expiresAt) } : {}),
    })),
  };
}
