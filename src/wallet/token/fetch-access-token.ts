// Token Request with the pre-authorized code (OpenID4VCI 1.0 §6.1): a form POST with
// `pre-authorized_code` and, when the offer asked for one, `tx_code`. Errors (§6.3, RFC 6749
// §5.2): `invalid_grant` after a tx_code means a wrong code or a spent offer (the spec gives one
// code for both, and we never branch on the description); without one, a spent offer.
import { z } from 'zod';
import { IssuerError, TxCodeRejected, UnexpectedAnswer } from '../errors.ts';
import { formBody, jsonOf, send, type HttpPolicy } from '../http.ts';
import { PRE_AUTHORIZED_GRANT } from '../credential-offer/resolve-credential-offer.ts';

const zTokenResponse = z.object({ access_token: z.string().min(1), token_type: z.string(), expires_in: z.number().optional() });
export const zErrorResponse = z.object({ error: z.string(), error_description: z.string().optional() });

export interface AccessToken {
  accessToken: string;
  tokenType: string;
}

export async function fetchAccessToken(http: HttpPolicy, tokenEndpoint: string, input: { preAuthorizedCode: string; txCode?: string }): Promise<AccessToken> {
  const fields: Record<string, string> = { grant_type: PRE_AUTHORIZED_GRANT, 'pre-authorized_code': input.preAuthorizedCode };
  if (input.txCode !== undefined) fields.tx_code = input.txCode;
  const answer = await send(http, tokenEndpoint, { method: 'POST', ...formBody(fields) });
  const body = jsonOf(answer, tokenEndpoint);
  if (answer.status !== 200) {
    const error = zErrorResponse.safeParse(body);
    if (!error.success) throw new UnexpectedAnswer(tokenEndpoint, `HTTP ${answer.status}`);
    if (error.data.error === 'invalid_grant' && input.txCode !== undefined) throw new TxCodeRejected();
    throw new IssuerError(error.data.error, error.data.error_description);
  }
  const parsed = zTokenResponse.safeParse(body);
  if (!parsed.success) throw new UnexpectedAnswer(tokenEndpoint, 'not a token response');
  // RFC 6750 bearer tokens only: a DPoP-bound token would need DPoP proofs on every call.
  if (parsed.data.token_type.toLowerCase() !== 'bearer') throw new UnexpectedAnswer(tokenEndpoint, `token_type ${parsed.data.token_type}`);
  return { accessToken: parsed.data.access_token, tokenType: 'Bearer' };
}
