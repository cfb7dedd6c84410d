// The OpenID4VCI 1.0 credential issuer of every organisation (docs/architecture.md §5, D23):
//
//   GET  /.well-known/openid-credential-issuer/orgs/{ods}     issuer metadata
//   GET  /.well-known/oauth-authorization-server/orgs/{ods}   its authorization server's metadata
//   GET  /orgs/{ods}/credential-offers/{reference}            an offer, by reference
//   POST /orgs/{ods}/token                                    pre-authorized code grant (form)
//   POST /orgs/{ods}/nonce                                    c_nonce
//   POST /orgs/{ods}/credential                               one credential per request
//   POST /orgs/{ods}/notification                             wallet notifications
//
// Offers are made by createCredentialOffer (the portals, the OIDC face's issuing mode).
import type { FastifyInstance } from 'fastify';
import { setGlobalConfig } from '@openid4vc/utils';
import { registerAuthorizationServerMetadataEndpoint } from './authorization-server-metadata-endpoint.ts';
import { registerCredentialEndpoint } from './credential-endpoint.ts';
import { registerCredentialOfferEndpoint } from './credential-offer-endpoint.ts';
import { registerIssuerMetadataEndpoint } from './issuer-metadata-endpoint.ts';
import type { Oid4vciDeps } from './issuer-context.ts';
import { registerNonceEndpoint } from './nonce-endpoint.ts';
import { registerNotificationEndpoint } from './notification-endpoint.ts';
import { registerTokenEndpoint } from './token-endpoint.ts';

export { createCredentialOffer, type CredentialOffer, type CredentialOfferRequest, type HolderBinding } from './create-credential-offer.ts';
export { ALL_CONFIGURATION_IDS, configurationIdOf, issuerUrls, parseConfigurationId, type Oid4vciDeps } from './issuer-context.ts';

export function registerOid4vciIssuer(app: FastifyInstance, deps: Oid4vciDeps): void {
  if (deps.publicUrl.endsWith('/')) throw new TypeError('publicUrl must not end with a slash');
  // @openid4vc/* refuses http URLs; allow them only when we ourselves run on http (development, tests).
  if (new URL(deps.publicUrl).protocol === 'http:') setGlobalConfig({ allowInsecureUrls: true });
  registerIssuerMetadataEndpoint(app, deps);
  registerAuthorizationServerMetadataEndpoint(app, deps);
  registerCredentialOfferEndpoint(app, deps);
  registerTokenEndpoint(app, deps);
  registerNonceEndpoint(app, deps);
  registerCredentialEndpoint(app, deps);
  registerNotificationEndpoint(app, deps);
}
