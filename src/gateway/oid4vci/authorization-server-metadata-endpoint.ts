// GET /.well-known/oauth-authorization-server/orgs/{ods} — the issuer's own authorization
// server metadata (RFC 8414 §3, path-inserted; OpenID4VCI 1.0 §12.3). Only the pre-authorized
// code grant: wallets reach the token endpoint without client authentication (§6.1,
// `pre-authorized_grant_anonymous_access_supported`), optionally with DPoP (RFC 9449 §5.1).
//
// Steps: find the issuer → build → respond.
import type { FastifyInstance } from 'fastify';
import { HOLDER_KEY_ALGORITHMS, PRE_AUTHORIZED_CODE_GRANT, issuerUrls, organisationOfPath, type Oid4vciDeps } from './issuer-context.ts';

export function authorizationServerMetadata(publicUrl: string, odsCode: string) {
  const urls = issuerUrls(publicUrl, odsCode);
  return {
    issuer: urls.issuer,
    token_endpoint: urls.token,
    // RFC 8414 makes this REQUIRED; there is no authorization endpoint, so no response types.
    response_types_supported: [],
    grant_types_supported: [PRE_AUTHORIZED_CODE_GRANT],
    'pre-authorized_grant_anonymous_access_supported': true,
    token_endpoint_auth_methods_supported: ['none'],
    dpop_signing_alg_values_supported: [...HOLDER_KEY_ALGORITHMS],
  };
}

export function registerAuthorizationServerMetadataEndpoint(app: FastifyInstance, deps: Oid4vciDeps): void {
  app.get('/.well-known/oauth-authorization-server/orgs/:ods', { config: { surface: 'protocol' } }, async (request, reply) => {
    const organisation = await organisationOfPath(deps.database.db, request.params);
    return reply
      .header('cache-control', 'public, max-age=300')
      .header('access-control-allow-origin', '*')
      .send(authorizationServerMetadata(deps.publicUrl, organisation.odsCode));
  });
}
