// A registered external system as oidc-provider sees it (OpenID Connect Dynamic Client
// Registration §2 metadata, though registration itself is by `dsp client add`). Exact redirect
// URIs, the authorization code flow only, and a `scope` limited to what the client may ask for.
import type { AdapterPayload } from 'oidc-provider';
import { isCredentialTypeId, mayIssue, type CredentialTypeId } from '../../core/credentials/index.ts';
import { DSP_CREDENTIAL_DETAIL, clientScopes } from '../../core/oidc/index.ts';
import type { OrganisationKind } from '../../core/passport/organisation.ts';
import type { OidcClientRecord } from '../../store/oidc-clients.ts';

export function clientMetadata(record: OidcClientRecord, organisationKind: OrganisationKind): AdapterPayload {
  const types = record.credentialTypes.filter((t): t is CredentialTypeId => isCredentialTypeId(t));
  return {
    client_id: record.clientId,
    // Never compared as plain text: compareClientSecret is replaced (./provider.ts) and no
    // HMAC-based method (client_secret_jwt, HS256) is enabled that would use it as a key.
    client_secret: record.secretHash,
    client_name: record.name,
    redirect_uris: record.redirectUris,
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: record.jwks ? 'private_key_jwt' : 'client_secret_basic',
    ...(record.jwks ? { jwks: record.jwks as AdapterPayload['jwks'] } : {}),
    id_token_signed_response_alg: record.idTokenSignedResponseAlg,
    scope: clientScopes(types, (t) => mayIssue(t, organisationKind)).join(' '),
    authorization_details_types: [DSP_CREDENTIAL_DETAIL],
  } as AdapterPayload;
}
