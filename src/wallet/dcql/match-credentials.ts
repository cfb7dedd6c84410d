// Which of the holder's credentials can answer each Credential Query of a DCQL query
// (OpenID4VP 1.0 §6), with the `dcql` package doing the matching (meta, claims, values).
// Every query gets the list of ALL its candidates, so the person can choose when several match
// (several access keys, one per trust) — the wallet never picks silently among them.
//
// Credential sets (§6.2): without them every query is required; with them, one option of each
// required set must be answered. Expired credentials are not offered (a verifier would refuse).
import { DcqlQuery } from 'dcql';
import { InvalidRequest } from '../errors.ts';
import type { CredentialRecord } from '../credentials/credential-store.ts';
import { decodeCredential } from '../credentials/decode-credential.ts';

export interface QueryCandidates {
  queryId: string;
  format: string;
  /** Top-level claim paths the query asks for (what would be disclosed). */
  claims: (string | number | null)[][];
  candidates: CredentialRecord[];
}

export interface CredentialSetOptions {
  /** Each option is a list of query ids that together answer the set. */
  options: string[][];
  required: boolean;
}

export interface DcqlMatch {
  query: DcqlQuery;
  queries: QueryCandidates[];
  credentialSets: CredentialSetOptions[];
  /** Whether every required set has an option whose every query has a candidate. */
  canBeSatisfied: boolean;
}

function dcqlInputOf(record: CredentialRecord) {
  const decoded = decodeCredential(record.format, record.credential);
  if (decoded.format === 'dc+sd-jwt') {
    return { credential_format: 'dc+sd-jwt' as const, vct: decoded.vct ?? '', claims: decoded.claims as never, cryptographic_holder_binding: true };
  }
  return { credential_format: 'jwt_vc_json' as const, type: decoded.types ?? [], claims: (decoded.vc ?? {}) as never, cryptographic_holder_binding: true };
}

export function matchCredentials(dcqlQuery: unknown, records: readonly CredentialRecord[], now: Date): DcqlMatch {
  let query: DcqlQuery;
  try {
    query = DcqlQuery.parse(dcqlQuery as DcqlQuery.Input);
    DcqlQuery.validate(query);
  } catch (error) {
    throw new InvalidRequest(`dcql_query: ${error instanceof Error ? error.message.slice(0, 200) : 'invalid'}`);
  }
  const usable = records.filter((r) => !r.expiresAt || new Date(r.expiresAt) > now);
  const result = usable.length ? DcqlQuery.query(query, usable.map(dcqlInputOf)) : undefined;

  const queries: QueryCandidates[] = query.credentials.map((credentialQuery) => {
    const match = result?.credential_matches[credentialQuery.id];
    const candidates = match?.success ? match.valid_credentials.map((v) => usable[v.input_credential_index]!) : [];
    const claims = (credentialQuery.claims ?? []).flatMap((c) => ('path' in c ? [c.path as (string | number | null)[]] : []));
    return { queryId: credentialQuery.id, format: credentialQuery.format, claims, candidates };
  });

  const credentialSets: CredentialSetOptions[] = query.credential_sets
    ? query.credential_sets.map((s) => ({ options: s.options.map((o) => [...o]), required: s.required !== false }))
    : query.credentials.map((c) => ({ options: [[c.id]], required: true }));
  const answerable = (option: string[]) => option.every((id) => (queries.find((q) => q.queryId === id)?.candidates.length ?? 0) > 0);
  const canBeSatisfied = credentialSets.every((s) => !s.required || s.options.some(answerable));
  return { query, queries, credentialSets, canBeSatisfied };
}
