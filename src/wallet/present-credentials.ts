// Presenting credentials (OpenID4VP 1.0), in two calls so a person can look and choose between
// them: `resolvePresentationRequest` (fetch and authenticate the request, match DCQL, list
// candidates per query) and then `presentCredentials` (the chosen ones) or
// `declinePresentationRequest` (`access_denied`, §8.5).
import { InvalidChoice, ChoiceRequired, NoMatchingCredential } from './errors.ts';
import { resolveAuthorizationRequest, type AuthorizationRequestParameters, type Verifier } from './authorization-request/resolve-authorization-request.ts';
import { matchCredentials, type CredentialSetOptions, type QueryCandidates } from './dcql/match-credentials.ts';
import { createPresentation } from './presentation/create-presentation.ts';
import { sendAuthorizationResponse } from './authorization-response/send-authorization-response.ts';
import type { CredentialRecord } from './credentials/credential-store.ts';
import type { WalletContext } from './wallet-context.ts';

export interface PresentationRequest {
  verifier: Verifier;
  /** Every Credential Query with all the holder's credentials that match it. */
  queries: QueryCandidates[];
  credentialSets: CredentialSetOptions[];
  canBeSatisfied: boolean;
  /** The authenticated request parameters (nonce, state, response_uri, …). */
  parameters: AuthorizationRequestParameters;
}

export interface PresentResult {
  /** Query id → credential id, what was shared. */
  shared: { queryId: string; credentialId: string }[];
  /** Where the verifier wants the person's browser to go next (same-device). */
  redirectUri?: string;
}

/** Query id → credential id chosen by the person. */
export type Choices = Readonly<Record<string, string>>;

function randomNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export async function resolvePresentationRequest(context: WalletContext, requestUri: string): Promise<PresentationRequest> {
  // Step: fetch and authenticate the request.
  const { verifier, parameters } = await resolveAuthorizationRequest(requestUri, {
    http: context.http,
    didResolver: context.didResolver,
    now: context.clock.now(),
    randomNonce,
  });
  // Step: match the DCQL query against everything the wallet holds.
  const match = matchCredentials(parameters.dcql_query, await context.credentials.list(), context.clock.now());
  return { verifier, queries: match.queries, credentialSets: match.credentialSets, canBeSatisfied: match.canBeSatisfied, parameters };
}

/**
 * Which credential answers which query: for each credential set, the first option the holder
 * can answer (preferring one that contains a chosen query); within it, the chosen credential,
 * or the only candidate. Several candidates and no choice → ChoiceRequired.
 */
export function selectCredentials(request: PresentationRequest, choices: Choices = {}): { queryId: string; record: CredentialRecord }[] {
  // A choice may name a query id, or the id of a request before its format suffix (`identity`
  // for `identity_sd_jwt` / `identity_jwt_vc`), resolved to the query the credential answers.
  const resolved = new Map<string, string>();
  for (const [key, credentialId] of Object.entries(choices)) {
    const exact = request.queries.find((q) => q.queryId === key);
    const target = exact ?? request.queries.find((q) => q.queryId.startsWith(`${key}_`) && q.candidates.some((c) => c.id === credentialId));
    if (!target) throw new InvalidChoice(key, 'no such query');
    if (!target.candidates.some((c) => c.id === credentialId)) throw new InvalidChoice(target.queryId, `credential ${credentialId} does not match`);
    resolved.set(target.queryId, credentialId);
  }

  const candidatesOf = (id: string) => request.queries.find((q) => q.queryId === id)?.candidates ?? [];
  const answerable = (option: string[]) => option.every((id) => candidatesOf(id).length > 0);
  const selected: { queryId: string; record: CredentialRecord }[] = [];
  const missing: string[] = [];
  for (const set of request.credentialSets) {
    const options = set.options.filter(answerable);
    const option = options.find((o) => o.some((id) => resolved.has(id))) ?? options[0];
    if (!option) {
      if (set.required) missing.push(...(set.options[0] ?? []));
      continue;
    }
    for (const queryId of option) {
      if (selected.some((s) => s.queryId === queryId)) continue;
      const candidates = candidatesOf(queryId);
      const chosen = resolved.get(queryId);
      const record = chosen ? candidates.find((c) => c.id === chosen) : candidates.length === 1 ? candidates[0] : undefined;
      if (!record) throw new ChoiceRequired(queryId, candidates.map((c) => c.id));
      selected.push({ queryId, record });
    }
  }
  if (missing.length) {
    const wanted = [...new Set(missing.map((id) => request.queries.find((q) => q.queryId === id)).map((q) => q?.queryId.replace(/_(sd_jwt|jwt_vc)$/, '') ?? ''))];
    throw new NoMatchingCredential(missing, wanted);
  }
  return selected;
}

export async function presentCredentials(context: WalletContext, request: PresentationRequest, choices: Choices = {}): Promise<PresentResult> {
  // Step: what to share.
  const selected = selectCredentials(request, choices);
  // Step: one presentation per query, bound to this verifier (full client_id) and nonce.
  const vpToken: Record<string, string[]> = {};
  for (const { queryId, record } of selected) {
    const query = request.queries.find((q) => q.queryId === queryId)!;
    vpToken[queryId] = [
      await createPresentation(context.keys, {
        record,
        claims: query.claims,
        audience: request.verifier.clientId,
        nonce: request.parameters.nonce,
        now: context.clock.now(),
        jti: context.randomId(),
      }),
    ];
  }
  // Step: send it.
  const answer = await sendAuthorizationResponse(context.http, request.parameters, { vp_token: vpToken });
  return { shared: selected.map((s) => ({ queryId: s.queryId, credentialId: s.record.id })), ...answer };
}

/** The person said no (§8.5 `access_denied`); the verifier ends its session. */
export async function declinePresentationRequest(context: WalletContext, request: PresentationRequest): Promise<{ redirectUri?: string }> {
  return sendAuthorizationResponse(context.http, request.parameters, { error: 'access_denied', error_description: 'The holder declined to share credentials' });
}
