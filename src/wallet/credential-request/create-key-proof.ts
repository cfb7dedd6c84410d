// The key proof of a Credential Request (OpenID4VCI 1.0 §8.2.1.1, Appendix F.1): a JWT with
// `typ: openid4vci-proof+jwt`, the holder key as `jwk` (default) or as a did:jwk `kid`, and
// `aud` = the credential issuer, `iat`, and the issuer's `c_nonce`. No `iss`: the
// pre-authorized flow here is anonymous (§F.1: omitted when there is no client_id).
import { didJwkFromPublicJwk, DID_JWK_FRAGMENT, type PublicKeyJwk } from '../../core/did/index.ts';
import type { HolderKey, KeyStore } from '../keys/key-store.ts';
import { signJwt } from '../keys/sign-jwt.ts';

export type KeyReference = 'jwk' | 'did:jwk';

export async function createKeyProof(
  keys: KeyStore,
  key: HolderKey,
  input: { audience: string; nonce?: string; now: Date; keyReference: KeyReference },
): Promise<string> {
  const header =
    input.keyReference === 'did:jwk'
      ? { typ: 'openid4vci-proof+jwt', kid: `${didJwkFromPublicJwk(key.publicJwk as PublicKeyJwk)}#${DID_JWK_FRAGMENT}` }
      : { typ: 'openid4vci-proof+jwt', jwk: key.publicJwk };
  return signJwt(keys, key, header, { aud: input.audience, iat: Math.floor(input.now.getTime() / 1000), ...(input.nonce === undefined ? {} : { nonce: input.nonce }) });
}
