// The gateway's OIDC face, as pure rules: what a scope asks for, what an issuing request carries,
// and what the ID token says (docs/architecture.md D30).
export { GATEWAY_SCOPES, ISSUE_SCOPE_PREFIX, clientScopes, readGatewayScope, type GatewayRequest, type ScopeReading } from './scope.ts';
export { DSP_CREDENTIAL_DETAIL, readCredentialDetail, readCredentialDetails, type CredentialToIssue, type DetailReading } from './authorization-details.ts';
export { issuedCredentialClaims, verifiedIdentityClaims, type GatewayClaims, type IssuedCredentialInput, type VerifiedCredentialInput } from './id-token-claims.ts';
