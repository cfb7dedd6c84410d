// One presentation of one credential for one Credential Query (OpenID4VP 1.0 Appendix B), bound
// to this verifier and request: `aud` = the FULL client_id, prefix included (§14.7, client-id
// prefix confusion), and the request's `nonce` (§14.1, replay).
// - dc+sd-jwt (§B.3.6): the SD-JWT with only the Disclosures of the claims asked for, and a
//   KB-JWT {iat, aud, nonce, sd_hash} signed by the holder key (the core's presentation code).
// - jwt_vc_json (§B.1.3.1): a VP JWT {vp, iss, aud, nonce, iat, jti} that wraps the credential as
//   issued, signed by the holder key the credential is bound to.
import { createSdJwtVcPresentation } from '../../core/credentials/index.ts';
import { didJwkFromPublicJwk, type PublicKeyJwk } from '../../core/did/index.ts';
import type { CredentialRecord } from '../credentials/credential-store.ts';
import { decodeCredential, subjectClaimsOf } from '../credentials/decode-credential.ts';
import { signerOf, type KeyStore } from '../keys/key-store.ts';
import { signJwt } from '../keys/sign-jwt.ts';
import { CredentialNotFound } from '../errors.ts';

export async function createPresentation(
  keys: KeyStore,
  input: { record: CredentialRecord; claims: (string | number | null)[][]; audience: string; nonce: string; now: Date; jti: string },
): Promise<string> {
  const key = await keys.get(input.record.keyId);
  if (!key) throw new CredentialNotFound(input.record.id);
  if (input.record.format === 'dc+sd-jwt') {
    // Only subject claims the query names by their top-level name; paths into objects disclose
    // the object's claim (our credentials keep subject claims at the top level).
    const subject = subjectClaimsOf(decodeCredential('dc+sd-jwt', input.record.credential));
    const disclose = [...new Set(input.claims.map((path) => path[0]).filter((name): name is string => typeof name === 'string' && name in subject))];
    return createSdJwtVcPresentation({
      credential: input.record.credential,
      disclose,
      keyBinding: { audience: input.audience, nonce: input.nonce, issuedAt: input.now },
      holderSigner: signerOf(keys, key),
    });
  }
  // VCDM 1.1 §6.3.1: `iss` MUST represent the presentation's `holder` — the wallet key as a did:jwk,
  // named by `kid` (did:jwk's only verification method is `#0`). Credo's verifier refuses a VP JWT
  // with neither; ours verifies with the credential's bound key and ignores both.
  const holder = didJwkFromPublicJwk(key.publicJwk as PublicKeyJwk);
  return signJwt(
    keys,
    key,
    { typ: 'JWT', kid: `${holder}#0` },
    {
      iss: holder,
      aud: input.audience,
      nonce: input.nonce,
      iat: Math.floor(input.now.getTime() / 1000),
      // VC Data Model 1.1 §6.3.1: `jti` is the presentation's `id`, which §4.2 says MUST be a URI
      // (Credo's verifier rejects a bare UUID); a UUID becomes `urn:uuid:…` (RFC 4122 §3).
      jti: /^[a-z][a-z0-9+.-]*:/i.test(input.jti) ? input.jti : `urn:uuid:${input.jti}`,
      vp: { '@context': ['https://www.w3.org/2018/credentials/v1'], type: ['VerifiablePresentation'], verifiableCredential: [input.record.credential] },
    },
  );
}
