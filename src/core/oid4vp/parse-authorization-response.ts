// The Authorization Response as it reaches the response endpoint (OpenID4VP 1.0 §8).
//
// - `direct_post` (§8.2): a form with `vp_token` (a JSON object, serialised) and `state`.
// - `direct_post.jwt` (§8.3): a form with one field, `response`, an encrypted JWT whose payload
//   holds the same members as top-level JSON members (vp_token as an object there).
// - An error response (§8.5): `error`, optional `error_description`, and `state`.
// - `vp_token` (§8.1): a JSON object keyed by credential query id; each value a non-empty array
//   of presentations. Our two formats present as strings (SD-JWT+KB, VP JWT).
//
// Security parameters are parsed strictly (STYLE.md: no lenient parsing): a duplicated form
// field arrives as an array and fails; members we do not know are ignored, as OAuth 2.0 says.
import { z } from 'zod';

const zState = z.string().min(16).max(128);

export const zVpToken = z.record(z.string().regex(/^[A-Za-z0-9_-]{1,64}$/), z.array(z.string().min(1).max(64_000)).min(1).max(4));
export type VpToken = z.infer<typeof zVpToken>;

const zErrorResponse = z.object({
  error: z.string().regex(/^[\x20-\x7e]{1,64}$/),
  error_description: z.string().max(1000).optional(),
  state: zState,
});

/** The form fields of a response POST. */
export const zResponseForm = z.union([
  z.object({ response: z.string().min(1).max(256_000) }),
  zErrorResponse,
  z.object({ vp_token: z.string().min(2).max(256_000), state: zState }),
]);
export type ResponseForm = z.infer<typeof zResponseForm>;

/** The payload of a decrypted direct_post.jwt response. */
export const zDecryptedResponse = z.union([zErrorResponse, z.object({ vp_token: zVpToken, state: zState })]);

export type AuthorizationResponse =
  | { kind: 'presentation'; state: string; vpToken: VpToken }
  | { kind: 'error'; state: string; error: string; description?: string };

export type ParsedResponseForm = { kind: 'encrypted'; jwe: string } | AuthorizationResponse;

export type ResponseParseResult = { ok: true; value: ParsedResponseForm } | { ok: false; detail: string };

export function parseResponseForm(body: unknown): ResponseParseResult {
  const form = zResponseForm.safeParse(body);
  if (!form.success) return { ok: false, detail: 'not a direct_post or direct_post.jwt response' };
  const f = form.data;
  if ('response' in f) return { ok: true, value: { kind: 'encrypted', jwe: f.response } };
  if ('error' in f) return { ok: true, value: errorOf(f) };
  let json: unknown;
  try {
    json = JSON.parse(f.vp_token);
  } catch {
    return { ok: false, detail: 'vp_token is not JSON' };
  }
  const vpToken = zVpToken.safeParse(json);
  if (!vpToken.success) return { ok: false, detail: 'vp_token is not an object of presentation arrays' };
  return { ok: true, value: { kind: 'presentation', state: f.state, vpToken: vpToken.data } };
}

export function parseDecryptedResponse(payload: unknown): { ok: true; value: AuthorizationResponse } | { ok: false; detail: string } {
  const parsed = zDecryptedResponse.safeParse(payload);
  if (!parsed.success) return { ok: false, detail: 'decrypted response has no vp_token and state, nor error and state' };
  const p = parsed.data;
  if ('error' in p) return { ok: true, value: errorOf(p) };
  return { ok: true, value: { kind: 'presentation', state: p.state, vpToken: p.vp_token } };
}

function errorOf(e: z.infer<typeof zErrorResponse>): AuthorizationResponse {
  return { kind: 'error', state: e.state, error: e.error, ...(e.error_description === undefined ? {} : { description: e.error_description }) };
}
