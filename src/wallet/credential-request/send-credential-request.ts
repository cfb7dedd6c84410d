// Nonce Request (OpenID4VCI 1.0 §7) and Credential Request (§8): one credential per request,
// named by `credential_configuration_id`, with `proofs.jwt` (1.0 dropped the single `proof`).
// Immediate issuance only: a 202 with `transaction_id` (deferred, §9) is refused for now.
import { z } from 'zod';
import { DeferredIssuanceNotSupported, IssuerError, UnexpectedAnswer } from '../errors.ts';
import { jsonOf, send, type HttpPolicy } from '../http.ts';
import { zErrorResponse } from '../token/fetch-access-token.ts';

const zNonceResponse = z.object({ c_nonce: z.string().min(1) });
const zCredentialResponse = z.object({
  credentials: z.array(z.object({ credential: z.string().min(1) })).min(1),
  notification_id: z.string().min(1).optional(),
});

export async function fetchNonce(http: HttpPolicy, nonceEndpoint: string): Promise<string> {
  const answer = await send(http, nonceEndpoint, { method: 'POST' });
  const body = jsonOf(answer, nonceEndpoint);
  if (answer.status !== 200) {
    const error = zErrorResponse.safeParse(body);
    throw error.success ? new IssuerError(error.data.error, error.data.error_description) : new UnexpectedAnswer(nonceEndpoint, `HTTP ${answer.status}`);
  }
  const parsed = zNonceResponse.safeParse(body);
  if (!parsed.success) throw new UnexpectedAnswer(nonceEndpoint, 'no c_nonce');
  return parsed.data.c_nonce;
}

export async function sendCredentialRequest(
  http: HttpPolicy,
  credentialEndpoint: string,
  input: { accessToken: string; configurationId: string; proof: string },
): Promise<{ credentials: string[]; notificationId?: string }> {
  const answer = await send(http, credentialEndpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${input.accessToken}` },
    body: JSON.stringify({ credential_configuration_id: input.configurationId, proofs: { jwt: [input.proof] } }),
  });
  const body = jsonOf(answer, credentialEndpoint);
  if (answer.status === 202) throw new DeferredIssuanceNotSupported();
  if (answer.status !== 200) {
    const error = zErrorResponse.safeParse(body);
    throw error.success ? new IssuerError(error.data.error, error.data.error_description) : new UnexpectedAnswer(credentialEndpoint, `HTTP ${answer.status}`);
  }
  const parsed = zCredentialResponse.safeParse(body);
  if (!parsed.success) throw new UnexpectedAnswer(credentialEndpoint, 'not a credential response');
  return { credentials: parsed.data.credentials.map((c) => c.credential), ...(parsed.data.notification_id ? { notificationId: parsed.data.notification_id } : {}) };
}
