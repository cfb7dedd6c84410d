// What every OpenID4VCI endpoint of an organisation shares: its dependencies, lifetimes, the
// issuer's URLs (docs/architecture.md §5: the credential issuer is `{publicUrl}/orgs/{ods}`),
// the credential configuration ids, and finding the organisation a path names.
import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { CREDENTIAL_TYPE_IDS, isCredentialTypeId, type CredentialFormat, type CredentialTypeId } from '../../core/credentials/index.ts';
import type { Organisation } from '../../core/passport/organisation.ts';
import type { Clock } from '../../platform/clock.ts';
import { NotFoundError } from '../../platform/errors.ts';
import type { KeyManagement } from '../../platform/key-management.ts';
import type { Database, Db } from '../../store/database.ts';
import { findOrganisationByOdsCached } from '../../store/organisations.ts';

export interface Oid4vciDeps {
  database: Database;
  clock: Clock;
  keys: KeyManagement<Db>;
  /** DSP_PUBLIC_URL, without a trailing slash. */
  publicUrl: string;
}

/** Lifetimes and limits (OpenID4VCI 1.0 §13.6: pre-authorized codes short-lived; RFC 9700 §2.2.1 for tokens). */
export const LIMITS = {
  accessTokenSeconds: 300,
  nonceSeconds: 300,
  /** A key proof's `iat` may be this old … */
  proofMaxAgeSeconds: 300,
  /** … or this far in the future (clock skew). */
  clockSkewSeconds: 60,
  dpopMaxAgeSeconds: 300,
  maxTxCodeAttempts: 5,
  txCodeLength: 6,
  defaultOfferSeconds: 600,
} as const;

export const PRE_AUTHORIZED_CODE_GRANT = 'urn:ietf:params:oauth:grant-type:pre-authorized_code';
export const PROOF_TYP = 'openid4vci-proof+jwt';
export const DPOP_TYP = 'dpop+jwt';
export const HOLDER_KEY_ALGORITHMS = ['ES256', 'EdDSA'] as const;
export const CREDENTIAL_FORMATS = ['jwt_vc_json', 'dc+sd-jwt'] as const satisfies readonly CredentialFormat[];

export interface IssuerUrls {
  issuer: string;
  credentialIssuerMetadata: string;
  authorizationServerMetadata: string;
  token: string;
  nonce: string;
  credential: string;
  notification: string;
  offer(id: string): string;
}

/** The issuer identifier and endpoints of one organisation (metadata at the path-inserted well-known URLs, OpenID4VCI 1.0 §12.2.2, RFC 8414 §3.1). */
export function issuerUrls(publicUrl: string, odsCode: string): IssuerUrls {
  const issuer = `${publicUrl}/orgs/${odsCode}`;
  return {
    issuer,
    credentialIssuerMetadata: `${publicUrl}/.well-known/openid-credential-issuer/orgs/${odsCode}`,
    authorizationServerMetadata: `${publicUrl}/.well-known/oauth-authorization-server/orgs/${odsCode}`,
    token: `${issuer}/token`,
    nonce: `${issuer}/nonce`,
    credential: `${issuer}/credential`,
    notification: `${issuer}/notification`,
    offer: (id) => `${issuer}/credential-offers/${id}`,
  };
}

/**
 * Credential configuration ids: `<Type>_<format>`, e.g. `Identity_jwt_vc_json`, `Identity_dc+sd-jwt`.
 * The type id first so a person reading a wallet's logs sees what it is; the format spelled as
 * the spec spells it so the id says which one without a lookup table.
 */
export function configurationIdOf(type: CredentialTypeId, format: CredentialFormat): string {
  return `${type}_${format}`;
}

export function parseConfigurationId(id: string): { type: CredentialTypeId; format: CredentialFormat } | undefined {
  for (const format of CREDENTIAL_FORMATS) {
    const suffix = `_${format}`;
    if (id.endsWith(suffix)) {
      const type = id.slice(0, -suffix.length);
      return isCredentialTypeId(type) ? { type, format } : undefined;
    }
  }
  return undefined;
}

export const ALL_CONFIGURATION_IDS = CREDENTIAL_TYPE_IDS.flatMap((type) => CREDENTIAL_FORMATS.map((format) => configurationIdOf(type, format)));

/** Secrets are stored as SHA-256 (base64url): high-entropy values need no slow hash. */
export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('base64url');
}

export function randomSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

const zOdsParam = z.object({ ods: z.string().regex(/^[A-Za-z0-9]{3,10}$/) });

/** Step "find the issuer": the organisation the path names, or 404 for any path that is not one. */
export async function organisationOfPath(db: Db, params: unknown): Promise<Organisation> {
  const parsed = zOdsParam.safeParse(params);
  if (!parsed.success) throw new NotFoundError();
  const organisation = await findOrganisationByOdsCached(db, parsed.data.ods);
  if (!organisation) throw new NotFoundError();
  return organisation;
}

/** Protocol responses carrying secrets must not be cached (RFC 6749 §5.1, OpenID4VCI 1.0 §7.2). */
export const NO_STORE = { 'cache-control': 'no-store', pragma: 'no-cache' } as const;
