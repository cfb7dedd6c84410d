// The gateway's OpenID provider for external systems (docs/architecture.md §5 and D30), built on
// oidc-provider (OpenID Certified) rather than written here. What we configure, and why:
// - authorization code flow only, PKCE S256 required for every client (RFC 9700 §2.1.1),
//   exact redirect URIs (RFC 9700 §4.1.3; oidc-provider compares strings exactly), `iss` in
//   every authorization response (RFC 9207; always on in oidc-provider 9);
// - pushed authorization requests (RFC 9126), required by issuing mode because its
//   authorization_details carry personal data that must not ride in a URL (checked in
//   ./authorization-details.ts), optional for verifying mode as in the D2W standard;
// - client authentication by client_secret_basic, client_secret_post or private_key_jwt;
//   secrets are compared against their hash (./client-secrets.ts);
// - ID tokens ES256 by default, RS256 per client; short-lived single-use codes (60 s);
// - every /authorize runs a fresh wallet session: the login prompt is always requested, so a
//   gateway session cookie never answers for a person by itself (./interaction.ts).
import { createHmac } from 'node:crypto';
import Provider, { errors, interactionPolicy, type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import type { JWK } from 'jose';
import { DSP_CREDENTIAL_DETAIL, GATEWAY_SCOPES, ISSUE_SCOPE_PREFIX, readCredentialDetail, readGatewayScope } from '../../core/oidc/index.ts';
import { CREDENTIAL_TYPE_IDS } from '../../core/credentials/index.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../store/database.ts';
import { findOidcClient } from '../../store/oidc-clients.ts';
import { findOrganisationById } from '../../store/organisations.ts';
import { createAdapterFactory } from './adapter.ts';
import { clientMetadata } from './client-metadata.ts';
import { verifyClientSecret } from './client-secrets.ts';
import { grantClaimsStore } from './grant-claims.ts';
import { singleUseRequestUri } from './par-single-use.ts';
import { GATEWAY_PATH, gatewayIssuer } from './paths.ts';
import { renderProviderError } from './render-error.ts';

export { GATEWAY_PATH, gatewayIssuer };
export const GATEWAY_RESOURCE = 'urn:dsp:gateway';

/** Where oidc-provider's routes live under /gateway. The interaction pages are ours (./interaction.ts). */
export const PROVIDER_ROUTES = {
  authorization: '/authorize',
  pushed_authorization_request: '/par',
  token: '/token',
  jwks: '/jwks',
  revocation: '/token/revocation',
  userinfo: '/userinfo',
  introspection: '/token/introspection',
  end_session: '/session/end',
} as const;

export interface GatewayProviderDeps {
  db: Db;
  clock: Clock;
  publicUrl: string;
  signingKeys: JWK[];
  cookieSecret: string;
  secureCookies: boolean;
  trustProxy: boolean;
  /** Lifetimes in seconds; tests shorten them. */
  ttl?: Partial<Record<'AuthorizationCode' | 'PushedAuthorizationRequest' | 'Interaction', number>>;
}

/** Claims each scope releases into the ID token (conformIdTokenClaims off: they go in the ID token itself). */
function scopeClaims(): Record<string, string[]> {
  const claims: Record<string, string[]> = { openid: ['sub'] };
  for (const type of CREDENTIAL_TYPE_IDS) {
    claims[type] = ['given_name', 'family_name', 'birthdate', 'verified_credentials'];
    claims[`${ISSUE_SCOPE_PREFIX}${type}`] = ['issued_credentials'];
  }
  return claims;
}

export function createGatewayProvider(deps: GatewayProviderDeps): Provider {
  const { db, clock } = deps;
  const claimsStore = grantClaimsStore(db, clock);

  // Every authorization request needs our interaction (a wallet session) once: the check asks for
  // the login prompt unless this request is the resumption of that interaction.
  const policy = interactionPolicy.base();
  policy.get('login')!.checks.add(
    new interactionPolicy.Check('wallet_session_required', 'every request is answered by a wallet session', (ctx) =>
      ctx.oidc.result?.login ? interactionPolicy.Check.NO_NEED_TO_PROMPT : interactionPolicy.Check.REQUEST_PROMPT,
    ),
    0,
  );

  const cookieKey = createHmac('sha256', deps.cookieSecret).update('dsp-gateway-oidc-cookies').digest('base64url');
  const ttl = { AuthorizationCode: 60, PushedAuthorizationRequest: 60, Interaction: 600, ...deps.ttl };

  const configuration: Configuration = {
    adapter: createAdapterFactory({
      db,
      clock,
      async clientMetadata(record) {
        const organisation = await findOrganisationById(db, record.organisationId);
        return organisation ? clientMetadata(record, organisation.kind) : undefined;
      },
    }),
    jwks: { keys: deps.signingKeys as never },
    cookies: {
      keys: [cookieKey],
      long: { signed: true, httpOnly: true, sameSite: 'lax', secure: deps.secureCookies },
      short: { signed: true, httpOnly: true, sameSite: 'lax', secure: deps.secureCookies },
    },
    routes: PROVIDER_ROUTES,
    responseTypes: ['code'],
    pkce: { required: () => true },
    clientAuthMethods: ['client_secret_basic', 'client_secret_post', 'private_key_jwt'],
    enabledJWA: {
      idTokenSigningAlgValues: ['ES256', 'RS256'],
      clientAuthSigningAlgValues: ['ES256', 'RS256', 'PS256', 'EdDSA'],
      requestObjectSigningAlgValues: ['ES256', 'RS256', 'PS256', 'EdDSA'],
    },
    clientDefaults: { grant_types: ['authorization_code'], response_types: ['code'], token_endpoint_auth_method: 'client_secret_basic', id_token_signed_response_alg: 'ES256' },
    allowOmittingSingleRegisteredRedirectUri: false,
    scopes: [...GATEWAY_SCOPES],
    claims: scopeClaims(),
    conformIdTokenClaims: false,
    issueRefreshToken: () => false,
    ttl: { ...ttl, AccessToken: 300, IdToken: 300, Session: 600, Grant: 600 },
    features: {
      devInteractions: { enabled: false },
      pushedAuthorizationRequests: { enabled: true, requirePushedAuthorizationRequests: false, allowUnregisteredRedirectUris: false },
      revocation: { enabled: true },
      userinfo: { enabled: false },
      introspection: { enabled: false },
      rpInitiatedLogout: { enabled: false },
      claimsParameter: { enabled: false },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => GATEWAY_RESOURCE,
        useGrantedResource: () => true,
        getResourceServerInfo: () => ({ scope: '', audience: GATEWAY_RESOURCE, accessTokenFormat: 'opaque' }),
      },
      richAuthorizationRequests: {
        enabled: true,
        types: {
          [DSP_CREDENTIAL_DETAIL]: {
            validate(ctx, detail) {
              // Personal data only over PAR (client-authenticated, never in a URL).
              if (ctx.oidc.route !== 'pushed_authorization_request' && !('PushedAuthorizationRequest' in ctx.oidc.entities)) {
                throw new errors.InvalidRequest('authorization_details may only be sent in a pushed authorization request');
              }
              const read = readCredentialDetail(detail);
              if (!read.ok) throw new errors.InvalidAuthorizationDetails(read.reason);
              // Each credential needs its issue.<type> scope, which the client must be allowed
              // (oidc-provider refuses scopes outside the client's with invalid_scope).
              const scope = readGatewayScope(String(ctx.oidc.params?.scope ?? ''));
              if (!scope.ok || scope.request.mode !== 'issue' || !scope.request.types.includes(read.credential.type)) {
                throw new errors.InvalidAuthorizationDetails(`credential_type ${read.credential.type} needs the scope ${ISSUE_SCOPE_PREFIX}${read.credential.type}`);
              }
            },
          },
        },
        authorizationDetailsForGrantSource: (ctx) => ctx.oidc.grant!.rar,
        authorizationDetailsForAccessToken: (_ctx, _token, source) => source?.rar,
        authorizationDetailsForIntrospection: (_ctx, token) => token.rar,
      },
    },
    interactions: {
      policy,
      url: (_ctx, interaction) => `${GATEWAY_PATH}/interaction/${interaction.uid}`,
    },
    async findAccount(ctx: KoaContextWithOIDC, sub: string, token) {
      const grantId = token?.grantId ?? ctx.oidc.entities.Grant?.jti;
      return {
        accountId: sub,
        async claims() {
          const stored = grantId ? await claimsStore.get(grantId) : undefined;
          return stored && stored.sub === sub ? stored : { sub };
        },
      };
    },
    async renderError(ctx, out, error) {
      renderProviderError(ctx, out, error);
    },
  };

  const provider = new Provider(gatewayIssuer(deps.publicUrl), configuration);
  provider.proxy = deps.trustProxy;

  // Secrets are stored hashed: compare the presented secret with the current (or, during a
  // rotation, the previous) hash. oidc-provider awaits this (lib/shared/client_auth.js).
  provider.Client.prototype.compareClientSecret = async function compareClientSecret(this: { clientId: string }, actual: string) {
    const record = await findOidcClient(db, this.clientId);
    return Boolean(record && !record.disabledAt && verifyClientSecret(record, actual, clock.now()));
  } as never;

  provider.use(singleUseRequestUri(db, clock, ttl.PushedAuthorizationRequest));
  return provider;
}
