// A Credential Offer (OpenID4VCI 1.0 §4.1): from `openid-credential-offer://?credential_offer=…`
// (by value) or `?credential_offer_uri=…` (by reference, fetched with GET, §4.1.3). Any scheme is
// accepted as long as it carries one of the two parameters (an https same-device link does too).
// The offer is untrusted input: parsed loosely (unknown members ignored, §4.1.1), but every
// member we rely on must have the right shape.
import { z } from 'zod';
import { InvalidOfferUri, OfferUnavailable, UnexpectedAnswer } from '../errors.ts';
import { allowedUrl, jsonOf, send, type HttpPolicy } from '../http.ts';

export const PRE_AUTHORIZED_GRANT = 'urn:ietf:params:oauth:grant-type:pre-authorized_code';

export const zTxCode = z.object({
  input_mode: z.enum(['numeric', 'text']).optional(),
  length: z.number().int().positive().optional(),
  description: z.string().max(300).optional(),
});

export const zCredentialOffer = z.object({
  credential_issuer: z.string().url(),
  credential_configuration_ids: z.array(z.string().min(1)).min(1),
  grants: z
    .object({
      [PRE_AUTHORIZED_GRANT]: z
        .object({ 'pre-authorized_code': z.string().min(1), tx_code: zTxCode.optional(), authorization_server: z.string().url().optional() })
        .optional(),
      authorization_code: z.object({ issuer_state: z.string().optional() }).optional(),
    })
    .optional(),
});
export type CredentialOfferObject = z.infer<typeof zCredentialOffer>;

export async function resolveCredentialOffer(offerUri: string, http: HttpPolicy): Promise<CredentialOfferObject> {
  // Step: parse the link.
  let params: URLSearchParams;
  try {
    params = new URL(offerUri.trim()).searchParams;
  } catch {
    throw new InvalidOfferUri('not a URI');
  }
  const byValue = params.get('credential_offer');
  const byReference = params.get('credential_offer_uri');
  if ((byValue === null) === (byReference === null)) throw new InvalidOfferUri('needs exactly one of credential_offer and credential_offer_uri');

  // Step: the offer itself, by value or fetched.
  let json: unknown;
  if (byValue !== null) {
    try {
      json = JSON.parse(byValue);
    } catch {
      throw new InvalidOfferUri('credential_offer is not JSON');
    }
  } else {
    const url = allowedUrl(byReference!, http).toString();
    const answer = await send(http, url, { headers: { accept: 'application/json' } });
    if (answer.status !== 200) throw new OfferUnavailable(answer.status);
    json = jsonOf(answer, url);
  }

  // Step: parse.
  const parsed = zCredentialOffer.safeParse(json);
  if (!parsed.success) {
    if (byReference !== null) throw new UnexpectedAnswer(byReference, `not a credential offer: ${parsed.error.issues[0]?.message}`);
    throw new InvalidOfferUri(`not a credential offer: ${parsed.error.issues[0]?.message}`);
  }
  allowedUrl(parsed.data.credential_issuer, http);
  return parsed.data;
}
