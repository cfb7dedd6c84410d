// An OpenID4VP 1.0 Authorization Request, resolved and authenticated, as named steps:
// parse the link → fetch the Request Object when by reference (GET, or POST with a fresh
// `wallet_nonce` when `request_uri_method=post`, §5.10) → authenticate the client identifier
// (§5.9.3) → parse the request parameters → check their addresses.
//
// Client identifiers (§5.9.3) we accept:
// - `decentralized_identifier:<DID>`: the request MUST be a signed Request Object whose `kid`
//   is a verification method of that DID (resolved with the injected fetch). An unsigned request
//   claiming a DID, a `kid` of another DID, a key the DID does not list, or a key in the header
//   (`jwk`, `x5c`) are all refused: anyone could make those.
// - `redirect_uri:<URL>`: unsigned only (§5.9.3 forbids signing), and the response goes to that
//   very URL (`response_uri` must equal it for direct_post).
// Any other prefix (or none: pre-registration, which a wallet without registrations cannot
// honour) is refused, because the wallet could not say who is asking.
import { base64url, decodeProtectedHeader, importJWK, jwtVerify, type JWK } from 'jose';
import { z } from 'zod';
import type { DidResolver } from '../../core/did/index.ts';
import {
  InvalidRequest,
  InvalidRequestUri,
  RequestClientIdMismatch,
  RequestKeyNotInDid,
  RequestSignatureInvalid,
  RequestUnavailable,
  SignedRequestWithRedirectUriClientId,
  UnsignedRequestWithDidClientId,
  UnsupportedClientIdPrefix,
  WalletNonceMismatch,
} from '../errors.ts';
import { allowedUrl, formBody, send, type HttpPolicy } from '../http.ts';

export const DID_PREFIX = 'decentralized_identifier:';
export const REDIRECT_URI_PREFIX = 'redirect_uri:';
const REQUEST_OBJECT_TYP = 'oauth-authz-req+jwt';
const REQUEST_OBJECT_MEDIA_TYPE = 'application/oauth-authz-req+jwt';

const zJsonString = <T extends z.ZodType>(schema: T) =>
  z.union([
    schema,
    z.string().transform((value, ctx) => {
      try {
        return JSON.parse(value) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'not JSON' });
        return z.NEVER;
      }
    }).pipe(schema),
  ]);

const zEncryptionJwk = z.looseObject({ kty: z.string(), kid: z.string().optional(), alg: z.string().optional(), use: z.string().optional() });

export const zAuthorizationRequest = z.looseObject({
  response_type: z.literal('vp_token'),
  client_id: z.string().min(1),
  nonce: z.string().min(1),
  state: z.string().optional(),
  response_mode: z.enum(['direct_post', 'direct_post.jwt']),
  response_uri: z.string().url(),
  dcql_query: zJsonString(z.looseObject({ credentials: z.array(z.looseObject({ id: z.string() })).min(1) })),
  client_metadata: zJsonString(
    z.looseObject({
      jwks: z.object({ keys: z.array(zEncryptionJwk) }).optional(),
      encrypted_response_enc_values_supported: z.array(z.string()).optional(),
      client_name: z.string().optional(),
    }),
  ).optional(),
  wallet_nonce: z.string().optional(),
});
export type AuthorizationRequestParameters = z.infer<typeof zAuthorizationRequest>;

export interface Verifier {
  /** The full client_id, prefix included (the audience of every presentation, §14.7). */
  clientId: string;
  prefix: 'decentralized_identifier' | 'redirect_uri';
  /** The DID (decentralized_identifier) or URL (redirect_uri) after the prefix. */
  identifier: string;
  /** Where the response goes, as a host a person can check. */
  responseHost: string;
  name?: string;
}

export interface ResolvedAuthorizationRequest {
  verifier: Verifier;
  parameters: AuthorizationRequestParameters;
  signed: boolean;
}

function clientIdPrefix(clientId: string): { prefix: Verifier['prefix']; identifier: string } {
  if (clientId.startsWith(DID_PREFIX)) return { prefix: 'decentralized_identifier', identifier: clientId.slice(DID_PREFIX.length) };
  if (clientId.startsWith(REDIRECT_URI_PREFIX)) return { prefix: 'redirect_uri', identifier: clientId.slice(REDIRECT_URI_PREFIX.length) };
  throw new UnsupportedClientIdPrefix(clientId);
}

function isSignedJwt(jwt: string): boolean {
  try {
    const header = decodeProtectedHeader(jwt);
    return header.alg !== undefined && header.alg !== 'none';
  } catch {
    return false;
  }
}

function unsignedPayload(jwt: string): Record<string, unknown> {
  const [, payload] = jwt.split('.');
  try {
    const value: unknown = JSON.parse(new TextDecoder().decode(base64url.decode(payload ?? '')));
    if (typeof value === 'object' && value !== null) return value as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw new InvalidRequest('Request Object is not a JWT');
}

/** §5.9.3 decentralized_identifier: the JAR's kid is a key the client's DID lists; the signature verifies with it. */
async function verifyDidSignedRequest(jar: string, did: string, deps: { didResolver: DidResolver; now: Date }): Promise<Record<string, unknown>> {
  let header;
  try {
    header = decodeProtectedHeader(jar);
  } catch {
    throw new RequestSignatureInvalid('header');
  }
  if (header.typ !== REQUEST_OBJECT_TYP) throw new RequestSignatureInvalid(`typ ${String(header.typ)}`);
  // Keys carried in the header prove nothing about the DID (ASVS 9.1.3).
  if (header.jwk || header.x5c || header.jku || header.x5u) throw new RequestKeyNotInDid(did, 'key in the header');
  if (typeof header.kid !== 'string' || !header.kid.startsWith(`${did}#`)) throw new RequestKeyNotInDid(did, 'kid is not a DID URL of the client');
  let key = await deps.didResolver.resolveKey(header.kid, { relationship: 'authentication' });
  if ('failure' in key && key.failure.code === 'verificationMethodNotFound') key = await deps.didResolver.resolveKey(header.kid, { relationship: 'assertionMethod' });
  if ('failure' in key) {
    if (key.failure.code === 'verificationMethodNotFound' || key.failure.code === 'notFound') throw new RequestKeyNotInDid(did, key.failure.code);
    throw new RequestSignatureInvalid(`DID resolution: ${key.failure.code}`);
  }
  if (header.alg !== key.alg) throw new RequestSignatureInvalid(`${String(header.alg)} header on an ${key.alg} key`);
  try {
    const { payload } = await jwtVerify(jar, await importJWK(key.jwk as JWK, key.alg), { typ: REQUEST_OBJECT_TYP, algorithms: ['ES256', 'EdDSA'], currentDate: deps.now, clockTolerance: 60 });
    return payload as Record<string, unknown>;
  } catch (error) {
    throw new RequestSignatureInvalid(error instanceof Error ? error.name : 'verify');
  }
}

export async function resolveAuthorizationRequest(
  requestUri: string,
  deps: { http: HttpPolicy; didResolver: DidResolver; now: Date; randomNonce: () => string },
): Promise<ResolvedAuthorizationRequest> {
  // Step: parse the link (openid4vp://, or any scheme carrying the parameters).
  let params: URLSearchParams;
  try {
    params = new URL(requestUri.trim()).searchParams;
  } catch {
    throw new InvalidRequestUri('not a URI');
  }
  const clientId = params.get('client_id');
  if (!clientId) throw new InvalidRequestUri('no client_id');
  const { prefix, identifier } = clientIdPrefix(clientId);

  // Step: the request, by reference (fetched), by value as a JWT, or as plain parameters.
  let jar: string | undefined;
  let walletNonce: string | undefined;
  const reference = params.get('request_uri');
  if (reference) {
    const method = params.get('request_uri_method') ?? 'get';
    if (method !== 'get' && method !== 'post') throw new InvalidRequestUri(`request_uri_method ${method}`);
    const url = allowedUrl(reference, deps.http).toString();
    const headers = { accept: `${REQUEST_OBJECT_MEDIA_TYPE}, application/jwt;q=0.9` };
    let answer;
    if (method === 'post') {
      walletNonce = deps.randomNonce();
      const form = formBody({ wallet_nonce: walletNonce, wallet_metadata: JSON.stringify(WALLET_METADATA) });
      answer = await send(deps.http, url, { method: 'POST', headers: { ...headers, ...form.headers }, body: form.body });
    } else {
      answer = await send(deps.http, url, { headers });
    }
    if (answer.status !== 200) throw new RequestUnavailable(answer.status);
    jar = answer.text.trim();
  } else if (params.get('request')) {
    jar = params.get('request')!;
  }

  // Step: authenticate the client identifier (§5.9.3).
  let raw: Record<string, unknown>;
  const signed = jar !== undefined && isSignedJwt(jar);
  if (prefix === 'decentralized_identifier') {
    if (!signed || jar === undefined) throw new UnsignedRequestWithDidClientId(identifier);
    raw = await verifyDidSignedRequest(jar, identifier, deps);
  } else {
    if (signed) throw new SignedRequestWithRedirectUriClientId();
    raw = jar !== undefined ? unsignedPayload(jar) : Object.fromEntries(params.entries());
  }

  // Step: parse the parameters.
  const parsed = zAuthorizationRequest.safeParse(raw);
  if (!parsed.success) throw new InvalidRequest(`${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message}`);
  const parameters = parsed.data;
  if (parameters.client_id !== clientId) throw new RequestClientIdMismatch('client_id inside differs from the link');
  if (walletNonce !== undefined && parameters.wallet_nonce !== walletNonce) throw new WalletNonceMismatch();

  // Step: addresses. redirect_uri: the response goes to the URL that names the client (§5.9.3).
  const responseUri = allowedUrl(parameters.response_uri, deps.http);
  if (prefix === 'redirect_uri' && parameters.response_uri !== identifier) throw new RequestClientIdMismatch('response_uri is not the redirect_uri client id');
  if (parameters.response_mode === 'direct_post.jwt' && !parameters.client_metadata?.jwks?.keys.length) throw new InvalidRequest('direct_post.jwt without client_metadata.jwks');

  const name = parameters.client_metadata?.client_name;
  return { verifier: { clientId, prefix, identifier, responseHost: responseUri.host, ...(name ? { name } : {}) }, parameters, signed };
}

/** What this wallet supports (§5.10 wallet_metadata; §B formats). */
export const WALLET_METADATA = {
  vp_formats_supported: { 'dc+sd-jwt': { 'sd-jwt_alg_values': ['ES256', 'EdDSA'], 'kb-jwt_alg_values': ['ES256'] }, jwt_vc_json: { alg_values: ['ES256'] } },
  client_id_prefixes_supported: ['decentralized_identifier', 'redirect_uri'],
  response_modes_supported: ['direct_post', 'direct_post.jwt'],
};
