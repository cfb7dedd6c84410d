// Credential Issuer Metadata (OpenID4VCI 1.0 §12.2) and its Authorization Server's metadata
// (RFC 8414), each at the well-known path *inserted* between host and path (§12.2.2, RFC 8414
// §3.1): issuer https://h/orgs/X → https://h/.well-known/openid-credential-issuer/orgs/X.
//
// §12.2.3: the `credential_issuer` in the metadata MUST be identical to the issuer identifier the
// offer named, or the wallet must not use it — otherwise a hostile server could describe itself
// as another issuer (STANDARDS e.3 "malicious offer / metadata"). The same rule holds for an
// AS's `issuer` (RFC 8414 §3.3).
import { z } from 'zod';
import { AuthorizationServerMismatch, OfferMetadataMismatch, UnexpectedAnswer } from '../errors.ts';
import { allowedUrl, jsonOf, send, type HttpPolicy } from '../http.ts';

const zDisplay = z.object({
  name: z.string().optional(),
  locale: z.string().optional(),
  logo: z.object({ uri: z.string(), alt_text: z.string().optional() }).optional(),
  description: z.string().optional(),
});

export const zCredentialConfiguration = z.object({
  format: z.string(),
  vct: z.string().optional(),
  credential_definition: z.object({ type: z.array(z.string()) }).optional(),
  cryptographic_binding_methods_supported: z.array(z.string()).optional(),
  proof_types_supported: z.record(z.string(), z.object({ proof_signing_alg_values_supported: z.array(z.string()).optional() })).optional(),
  credential_metadata: z.object({ display: z.array(zDisplay).optional() }).optional(),
  // Draft-era issuers put display at the top level.
  display: z.array(zDisplay).optional(),
});
export type CredentialConfiguration = z.infer<typeof zCredentialConfiguration>;

export const zIssuerMetadata = z.object({
  credential_issuer: z.string(),
  authorization_servers: z.array(z.string()).optional(),
  credential_endpoint: z.string().url(),
  nonce_endpoint: z.string().url().optional(),
  notification_endpoint: z.string().url().optional(),
  display: z.array(zDisplay).optional(),
  credential_configurations_supported: z.record(z.string(), zCredentialConfiguration),
});
export type IssuerMetadata = z.infer<typeof zIssuerMetadata>;

export const zAuthorizationServerMetadata = z.object({
  issuer: z.string(),
  token_endpoint: z.string().url(),
  'pre-authorized_grant_anonymous_access_supported': z.boolean().optional(),
});
export type AuthorizationServerMetadata = z.infer<typeof zAuthorizationServerMetadata>;

export function wellKnownUrl(identifier: string, suffix: string): string {
  const url = new URL(identifier);
  const path = url.pathname === '/' ? '' : url.pathname.replace(/\/$/, '');
  return `${url.origin}/.well-known/${suffix}${path}`;
}

async function fetchJson<T>(http: HttpPolicy, url: string, schema: z.ZodType<T>): Promise<T> {
  const answer = await send(http, url, { headers: { accept: 'application/json' } });
  if (answer.status !== 200) throw new UnexpectedAnswer(url, `HTTP ${answer.status}`);
  const parsed = schema.safeParse(jsonOf(answer, url));
  if (!parsed.success) throw new UnexpectedAnswer(url, `${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message}`);
  return parsed.data;
}

export async function fetchIssuerMetadata(credentialIssuer: string, http: HttpPolicy): Promise<IssuerMetadata> {
  const metadata = await fetchJson(http, wellKnownUrl(credentialIssuer, 'openid-credential-issuer'), zIssuerMetadata);
  if (metadata.credential_issuer !== credentialIssuer) throw new OfferMetadataMismatch(credentialIssuer, metadata.credential_issuer);
  for (const endpoint of [metadata.credential_endpoint, metadata.nonce_endpoint, metadata.notification_endpoint]) if (endpoint) allowedUrl(endpoint, http);
  return metadata;
}

export async function fetchAuthorizationServerMetadata(authorizationServer: string, http: HttpPolicy): Promise<AuthorizationServerMetadata> {
  const metadata = await fetchJson(http, wellKnownUrl(authorizationServer, 'oauth-authorization-server'), zAuthorizationServerMetadata);
  if (metadata.issuer !== authorizationServer) throw new AuthorizationServerMismatch(authorizationServer, metadata.issuer);
  allowedUrl(metadata.token_endpoint, http);
  return metadata;
}

/** The display entry for a locale (en-GB, then any English, then the first). */
export function displayFor<T extends { locale?: string | undefined }>(displays: readonly T[] | undefined, locale = 'en-GB'): T | undefined {
  if (!displays?.length) return undefined;
  return displays.find((d) => d.locale === locale) ?? displays.find((d) => d.locale?.startsWith('en')) ?? displays.find((d) => d.locale === undefined) ?? displays[0];
}
