// Issues a credential as `jwt_vc_json`: a W3C VC Data Model 1.1 credential encoded as a JWT
// (VCDM 1.1 §6.3.1), the shape Entra/Authenticator use and OpenID4VCI 1.0 Appendix A.1.1 names.
//
//   header  {alg: ES256|EdDSA, typ: "JWT", kid: <issuer DID URL>}
//   claims  iss  = issuer DID                      (VCDM `issuer`)
//           sub  = holder DID, or the RFC 9278 JWK thumbprint URI of the holder key
//           nbf  = start of validity               (VCDM `issuanceDate`)
//           iat  = issuance time
//           exp  = end of validity, when the type gives one (VCDM `expirationDate`)
//           jti  = urn:uuid:<serial number>        (VCDM `id`)
//           cnf  = {jwk: holder public key}        (RFC 7800 holder binding)
//           vc   = {@context, type: [VerifiableCredential, <Type>], credentialSubject,
//                   credentialStatus?: BitstringStatusListEntry, credentialSchema?}
//
// Per VCDM 1.1 §6.3.1 the properties carried by registered claims (id, issuer, issuanceDate,
// expirationDate, credentialSubject.id) are not repeated inside `vc`. No JSON-LD processing
// happens anywhere in DSP, so `@context` is the VCDM 1.1 base context only.
//
// The JWS is assembled in ./jws.ts with our signer (see ./signer.ts for why not jose), and
// verified in ./verify-jwt-vc.ts.
import { jwkThumbprintUri } from './jwk-thumbprint.ts';
import { signCompactJws } from './jws.ts';
import { CredentialIssueError, prepareIssuance, type CredentialIssuance, type IssuedCredential } from './prepare-issuance.ts';
import { jtiOf, numericDate, type StatusReference } from './verification.ts';

export const VCDM_1_1_CONTEXT = 'https://www.w3.org/2018/credentials/v1';

export interface JwtVcIssuance extends CredentialIssuance {
  /** Where the type's subject schema is published, to name it in `vc.credentialSchema`. */
  credentialSchemaUri?: string;
  /**
   * The entry in the issuer's suspension list (Bitstring Status List v1.0 §2.1 Example 1: one
   * index, a revocation list and a suspension list). With it, `credentialStatus` is the array of
   * both entries; `status` must then be the revocation entry.
   */
  suspensionStatus?: StatusReference;
}

/** BitstringStatusListEntry (W3C Bitstring Status List v1.0 §2.1). */
export function bitstringStatusEntry(status: StatusReference): Record<string, string> {
  return {
    id: `${status.uri}#${status.index}`,
    type: 'BitstringStatusListEntry',
    statusPurpose: status.purpose ?? 'revocation',
    statusListIndex: String(status.index),
    statusListCredential: status.uri,
  };
}

export async function createJwtVc(input: JwtVcIssuance): Promise<IssuedCredential> {
  const p = prepareIssuance(input);
  const sub = p.holderId ?? jwkThumbprintUri(p.holderJwk);
  if (sub === undefined) throw new CredentialIssueError('invalid_holder_key', 'holder key has no RFC 7638 thumbprint');
  const vc: Record<string, unknown> = {
    '@context': [VCDM_1_1_CONTEXT],
    type: ['VerifiableCredential', p.type],
    credentialSubject: p.subject,
  };
  if (input.suspensionStatus) {
    if (!p.status || (p.status.purpose ?? 'revocation') !== 'revocation' || input.suspensionStatus.purpose !== 'suspension')
      throw new CredentialIssueError('invalid_status', 'a suspension entry goes with a revocation entry');
    vc.credentialStatus = [bitstringStatusEntry(p.status), bitstringStatusEntry(input.suspensionStatus)];
  } else if (p.status) vc.credentialStatus = bitstringStatusEntry(p.status);
  if (input.credentialSchemaUri) vc.credentialSchema = { id: input.credentialSchemaUri, type: 'JsonSchema' };

  const payload: Record<string, unknown> = {
    iss: p.issuer,
    sub,
    nbf: numericDate(p.validFrom),
    iat: numericDate(p.issuedAt),
    ...(p.expiresAt ? { exp: numericDate(p.expiresAt) } : {}),
    jti: jtiOf(p.serialNumber),
    cnf: { jwk: p.holderJwk },
    vc,
  };
  const header = { alg: p.signer.alg, typ: 'JWT', kid: p.signer.kid };
  const credential = await signCompactJws(header, payload, p.signer);

  return {
    format: 'jwt_vc_json',
    credential,
    type: p.type,
    serialNumber: p.serialNumber,
    issuer: p.issuer,
    issuedAt: p.issuedAt,
    ...(p.expiresAt ? { expiresAt: p.expiresAt } : {}),
    ...(p.status ? { status: p.status } : {}),
  };
}
