// What an external system asks the gateway for, read from the OIDC `scope` (docs/architecture.md
// §5, the direct-to-wallet standard; the scope encodes mode and credential types, DOMAIN.md §6.2):
//   verifying mode   `openid <CredentialType>…`          e.g. `openid Identity`
//   issuing mode     `openid issue.<CredentialType>…`    e.g. `openid issue.CoreSkill`
// One request is one mode: mixing them, or naming no credential type, is invalid_scope.
import { CREDENTIAL_TYPE_IDS, isCredentialTypeId, type CredentialTypeId } from '../credentials/index.ts';

export const ISSUE_SCOPE_PREFIX = 'issue.';

export type GatewayRequest = { mode: 'verify'; types: CredentialTypeId[] } | { mode: 'issue'; types: CredentialTypeId[] };

export type ScopeReading = { ok: true; request: GatewayRequest } | { ok: false; reason: string };

/** Every scope token the gateway knows: `openid`, each type, and `issue.` + each type. */
export const GATEWAY_SCOPES: readonly string[] = ['openid', ...CREDENTIAL_TYPE_IDS, ...CREDENTIAL_TYPE_IDS.map((t) => `${ISSUE_SCOPE_PREFIX}${t}`)];

export function readGatewayScope(scope: string): ScopeReading {
  const tokens = [...new Set(scope.split(' ').filter((t) => t.length > 0))];
  if (!tokens.includes('openid')) return { ok: false, reason: 'the openid scope is required' };
  const verify: CredentialTypeId[] = [];
  const issue: CredentialTypeId[] = [];
  for (const token of tokens) {
    if (token === 'openid') continue;
    if (token.startsWith(ISSUE_SCOPE_PREFIX)) {
      const type = token.slice(ISSUE_SCOPE_PREFIX.length);
      if (!isCredentialTypeId(type)) return { ok: false, reason: `unknown credential type in scope: ${type}` };
      issue.push(type);
    } else if (isCredentialTypeId(token)) {
      verify.push(token);
    } else {
      return { ok: false, reason: `unknown scope: ${token}` };
    }
  }
  if (verify.length > 0 && issue.length > 0) return { ok: false, reason: 'a request either verifies or issues credentials, not both' };
  if (issue.length > 0) return { ok: true, request: { mode: 'issue', types: issue } };
  if (verify.length > 0) return { ok: true, request: { mode: 'verify', types: verify } };
  return { ok: false, reason: 'name at least one credential type' };
}

/**
 * The scopes a client may request (its `scope` metadata): verifying Identity always (the
 * direct-to-wallet identity check), verifying and issuing the types it was registered for,
 * issuing only where its organisation's kind may issue the type.
 */
export function clientScopes(credentialTypes: readonly CredentialTypeId[], mayIssue: (type: CredentialTypeId) => boolean): string[] {
  const verify = new Set<CredentialTypeId>(['Identity', ...credentialTypes]);
  const issue = credentialTypes.filter(mayIssue);
  return ['openid', ...verify, ...issue.map((t) => `${ISSUE_SCOPE_PREFIX}${t}`)];
}
