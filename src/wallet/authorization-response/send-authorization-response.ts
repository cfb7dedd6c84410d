// The Authorization Response (OpenID4VP 1.0 §8): posted to `response_uri` as a form.
// - direct_post (§8.2): `vp_token` (JSON) and `state`, or `error`/`error_description`/`state`.
// - direct_post.jwt (§8.3): the same members as the payload of a JWE in one `response` field,
//   encrypted with ECDH-ES to a key of the verifier's `client_metadata.jwks`, with an `enc` the
//   verifier lists (default A128GCM, §8.3). Error responses are encrypted too.
// The verifier may answer `{redirect_uri}` (same-device, §8.2): returned for the caller to follow.
import { CompactEncrypt, importJWK, type JWK } from 'jose';
import { InvalidRequest, UnexpectedAnswer, VerifierRejected } from '../errors.ts';
import { allowedUrl, formBody, jsonOf, send, type HttpPolicy } from '../http.ts';
import type { AuthorizationRequestParameters } from '../authorization-request/resolve-authorization-request.ts';

const SUPPORTED_ENC = ['A128GCM', 'A256GCM'] as const;

export type AuthorizationResponse = { vp_token: Record<string, string[]> } | { error: string; error_description?: string };

async function encrypt(parameters: AuthorizationRequestParameters, payload: Record<string, unknown>): Promise<string> {
  const keys = parameters.client_metadata?.jwks?.keys ?? [];
  const key = keys.find((k) => k.kty === 'EC' && (k.use === undefined || k.use === 'enc') && (k.alg === undefined || k.alg === 'ECDH-ES'));
  if (!key) throw new InvalidRequest('no ECDH-ES key in client_metadata.jwks');
  const offered = parameters.client_metadata?.encrypted_response_enc_values_supported ?? ['A128GCM'];
  const enc = SUPPORTED_ENC.find((e) => offered.includes(e));
  if (!enc) throw new InvalidRequest(`no supported enc in ${offered.join(',')}`);
  return new CompactEncrypt(new TextEncoder().encode(JSON.stringify(payload)))
    .setProtectedHeader({ alg: 'ECDH-ES', enc, ...(key.kid ? { kid: key.kid } : {}) })
    .encrypt(await importJWK(key as JWK, 'ECDH-ES'));
}

export async function sendAuthorizationResponse(
  http: HttpPolicy,
  parameters: AuthorizationRequestParameters,
  response: AuthorizationResponse,
): Promise<{ redirectUri?: string }> {
  const payload: Record<string, unknown> = { ...response, ...(parameters.state === undefined ? {} : { state: parameters.state }) };
  const fields: Record<string, string> =
    parameters.response_mode === 'direct_post.jwt'
      ? { response: await encrypt(parameters, payload) }
      : Object.fromEntries(Object.entries(payload).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
  const url = parameters.response_uri;
  const answer = await send(http, url, { method: 'POST', ...formBody(fields) });
  const body = answer.contentType === 'application/json' ? jsonOf(answer, url) : {};
  if (answer.status !== 200) throw new VerifierRejected(answer.status, typeof body.error === 'string' ? body.error : undefined, typeof body.error_description === 'string' ? body.error_description : undefined);
  if (body.redirect_uri === undefined) return {};
  if (typeof body.redirect_uri !== 'string') throw new UnexpectedAnswer(url, 'redirect_uri is not a string');
  allowedUrl(body.redirect_uri, http);
  return { redirectUri: body.redirect_uri };
}
