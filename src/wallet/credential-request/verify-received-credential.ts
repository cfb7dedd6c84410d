// Checks a credential the moment it arrives, before the wallet keeps it: the issuer's signature
// against a key its DID lists (DID resolution through the injected fetch: did:web, did:jwk,
// did:key), the SD-JWT Disclosures, and that it is bound to the key this wallet proved (else the
// holder could never present it). Format, type, validity and schema rules stay the verifier's:
// a general holder keeps credentials of types it does not know.
//
// The signature checks are the core's pipelines (verifySdJwtVc / verifyJwtVc).
import { calculateJwkThumbprint, type JWK } from 'jose';
import { verifyJwtVc, verifySdJwtVc, type CheckName, type CredentialFormat, type CredentialVerification } from '../../core/credentials/index.ts';
import { didJwkFromPublicJwk, issuerKeyResolver, type DidResolver, type PublicKeyJwk } from '../../core/did/index.ts';
import { CredentialInvalid, CredentialNotBoundToWallet, CredentialSignatureInvalid } from '../errors.ts';
import { decodeCredential, type DecodedCredential } from '../credentials/decode-credential.ts';
import type { HolderKey } from '../keys/key-store.ts';

/** Checks whose failure means the credential cannot be trusted or read at all. */
const STRUCTURAL: readonly CheckName[] = ['format', 'algorithm', 'disclosures'];
const AUTHENTICITY: readonly CheckName[] = ['issuerKey', 'signature'];

export interface ReceivedCredential {
  decoded: DecodedCredential;
  verification: CredentialVerification;
  issuerDid: string;
}

export async function verifyReceivedCredential(
  input: { format: CredentialFormat; credential: string; key: HolderKey },
  deps: { didResolver: DidResolver; now: Date },
): Promise<ReceivedCredential> {
  // Step: read it (nothing trusted yet; only to name the issuer in messages).
  let decoded: DecodedCredential;
  try {
    decoded = decodeCredential(input.format, input.credential);
  } catch {
    throw new CredentialInvalid('undecodable');
  }
  const issuerDid = typeof decoded.claims.iss === 'string' ? decoded.claims.iss : 'an unknown issuer';

  // Step: the issuer's signature, with the key its DID lists under assertionMethod.
  const options = { now: deps.now, resolveIssuerKey: issuerKeyResolver(deps.didResolver) };
  const verification =
    input.format === 'dc+sd-jwt' ? await verifySdJwtVc(input.credential, { ...options, subjectValidation: 'complete' }) : await verifyJwtVc(input.credential, options);
  for (const name of AUTHENTICITY) {
    const check = verification.checks[name];
    if (check.status !== 'passed') throw new CredentialSignatureInvalid(issuerDid, `${name}: ${check.status === 'failed' ? check.reason : check.reason}`);
  }
  for (const name of STRUCTURAL) {
    const check = verification.checks[name];
    if (check.status === 'failed') throw new CredentialInvalid(`${name}: ${check.reason}`);
  }

  // Step: bound to our key (cnf.jwk, RFC 7800; or a did:jwk subject).
  const cnf = decoded.claims.cnf as { jwk?: JWK } | undefined;
  const boundTo = cnf?.jwk ? await calculateJwkThumbprint(cnf.jwk).catch(() => undefined) : undefined;
  const subject = decoded.claims.sub ?? (decoded.vc?.credentialSubject as { id?: unknown } | undefined)?.id;
  const ourDid = didJwkFromPublicJwk(input.key.publicJwk as PublicKeyJwk);
  if (boundTo !== input.key.id && subject !== ourDid) throw new CredentialNotBoundToWallet();

  return { decoded, verification, issuerDid };
}
