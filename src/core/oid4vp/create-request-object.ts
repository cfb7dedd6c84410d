// The Authorization Request of a presentation (OpenID4VP 1.0 §5), as a signed Request Object
// (RFC 9101 JAR) passed by reference.
//
// - The wallet receives only `openid4vp://?client_id=…&request_uri=…&request_uri_method=post`
//   (§5.7 request_uri_method; RFC 9101 §5.2), keeping QR codes small and the request signed.
// - Client Identifier Prefix `decentralized_identifier:` (§5.9.3): the Request Object MUST be
//   signed with a key of the DID's document; the JOSE `kid` is that verification method's DID
//   URL. The full prefixed client_id is what KB-JWT and VP `aud` must carry (§14.7 prefix confusion).
// - `typ: oauth-authz-req+jwt` (RFC 9101 §10.8; ASVS 9.2.2 token type checks).
// - `aud: https://self-issued.me/v2` (§5.8: the static discovery audience of the Request Object).
// - No `iss`: OpenID4VP 1.0 names the verifier by the signed `client_id` alone, and RFC 9101 §4
//   only RECOMMENDS iss. Set to the prefixed client_id it broke interop: wallets on
//   @openid4vc/oauth2 (Credo 0.6) require a DID `kid` to start with `iss` and refused every
//   request (test/interop/credo-holder.test.ts); Credo's own verifier sends none either.
// - `wallet_nonce`, when the wallet POSTed one, is echoed (§5.10.1) so the wallet can tell this
//   Request Object was made for its own request, not replayed.
// - `response_mode` `direct_post` or `direct_post.jwt` (§8.2, §8.3). For the latter the
//   client_metadata carries the per-request ephemeral ECDH-ES P-256 key (§8.3, HAIP) with `alg`
//   and `kid` (the wallet echoes the kid in the JWE header), and the content encryptions accepted.
//
// Pure: nonce, state, keys, time and the signer are arguments.
import type { JWK } from 'jose';
import type { IssuerSigner } from '../credentials/index.ts';
import { signCompactJws } from '../credentials/formats/jws.ts';
import type { DcqlQuery } from './create-dcql-query.ts';

export const REQUEST_OBJECT_TYP = 'oauth-authz-req+jwt';
export const REQUEST_OBJECT_MEDIA_TYPE = 'application/oauth-authz-req+jwt';
export const DID_CLIENT_ID_PREFIX = 'decentralized_identifier:';
export const RESPONSE_MODES = ['direct_post', 'direct_post.jwt'] as const;
export type ResponseMode = (typeof RESPONSE_MODES)[number];
/** HAIP: a verifier must accept A128GCM and A256GCM (A128GCM is OpenID4VP's default, §8.3). */
export const RESPONSE_ENCRYPTION_ENCS = ['A128GCM', 'A256GCM'] as const;
export const RESPONSE_ENCRYPTION_ALG = 'ECDH-ES';
/** Request Objects live briefly: a wallet fetches and uses one within minutes. */
export const REQUEST_OBJECT_LIFETIME_SECONDS = 300;

export function didClientId(did: string): string {
  return `${DID_CLIENT_ID_PREFIX}${did}`;
}

/** The link a QR code and a same-device button carry (§5.7, RFC 9101 §5.2). */
export function createWalletRequestUri(clientId: string, requestUri: string): string {
  const query = new URLSearchParams({ client_id: clientId, request_uri: requestUri, request_uri_method: 'post' });
  return `openid4vp://?${query.toString()}`;
}

export interface RequestObjectInput {
  clientId: string;
  clientName: string;
  responseUri: string;
  responseMode: ResponseMode;
  nonce: string;
  state: string;
  dcqlQuery: DcqlQuery;
  /** direct_post.jwt: the public half of this request's ephemeral key, with its kid. */
  encryptionJwk?: JWK & { kid: string };
  walletNonce?: string;
  now: Date;
  signer: IssuerSigner;
}

export async function createRequestObject(input: RequestObjectInput): Promise<string> {
  if (input.responseMode === 'direct_post.jwt' && !input.encryptionJwk) throw new TypeError('direct_post.jwt needs an encryption key');
  const iat = Math.floor(input.now.getTime() / 1000);
  const algs = ['ES256', 'EdDSA'];
  const clientMetadata: Record<string, unknown> = {
    client_name: input.clientName,
    vp_formats_supported: {
      'dc+sd-jwt': { 'sd-jwt_alg_values': algs, 'kb-jwt_alg_values': algs },
      jwt_vc_json: { alg_values: algs },
    },
  };
  if (input.responseMode === 'direct_post.jwt' && input.encryptionJwk) {
    const { kty, crv, x, y, kid } = input.encryptionJwk;
    clientMetadata.jwks = { keys: [{ kty, crv, x, y, kid, use: 'enc', alg: RESPONSE_ENCRYPTION_ALG }] };
    clientMetadata.encrypted_response_enc_values_supported = [...RESPONSE_ENCRYPTION_ENCS];
  }
  const payload = {
    aud: 'https://self-issued.me/v2',
    iat,
    exp: iat + REQUEST_OBJECT_LIFETIME_SECONDS,
    client_id: input.clientId,
    response_type: 'vp_token',
    response_mode: input.responseMode,
    response_uri: input.responseUri,
    nonce: input.nonce,
    state: input.state,
    dcql_query: input.dcqlQuery,
    client_metadata: clientMetadata,
    ...(input.walletNonce ? { wallet_nonce: input.walletNonce } : {}),
  };
  return signCompactJws({ alg: input.signer.alg, kid: input.signer.kid, typ: REQUEST_OBJECT_TYP }, payload, input.signer);
}
