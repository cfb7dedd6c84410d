// Builds the DCQL query (OpenID4VP 1.0 §6) of a presentation request from catalogue types.
//
// - dc+sd-jwt credential queries select by `meta.vct_values` (§B.3.5: the `vct` of SD-JWT VC);
//   claim paths are the top-level subject claims (our SD-JWT VCs disclose subject fields at the
//   top level, see ../credentials/formats/create-sd-jwt-vc.ts).
// - jwt_vc_json credential queries select by `meta.type_values` (§B.1.1: arrays of type values
//   the credential's `type` must all contain); claim paths start at `credentialSubject`.
// - A requested credential the caller accepts in either format becomes one query per format,
//   tied together by a required `credential_sets` entry whose options are the alternatives
//   (§6.2), so the wallet answers with whichever it holds.
// - Without an explicit claim subset the type's required subject fields are requested: §6.4.1
//   says a query without `claims` asks only for what is always disclosed, which for SD-JWT VC
//   leaves out every subject field; optional fields are left out because DCQL has no optional
//   claims and a wallet cannot match a query naming a claim its credential lacks (§6.4.1).
//   `dspId` is always requested because the verifier must check that
//   every credential of one presentation carries the same DSP unique identifier (§4 of
//   docs/architecture.md).
//
// Pure: the query ids are derived from the caller's ids, so the same request gives the same query.
import { DSP_ID_FIELD, getCredentialType, vctOf, type CredentialFormat, type CredentialTypeId } from '../credentials/index.ts';

export const CREDENTIAL_FORMATS: readonly CredentialFormat[] = ['dc+sd-jwt', 'jwt_vc_json'];

export interface RequestedCredential {
  /** The caller's id for this credential (letters, digits, `_`, `-`); returned as `queryId`. */
  id: string;
  type: CredentialTypeId;
  /** Formats accepted; default both. */
  formats?: readonly CredentialFormat[];
  /** Subject fields wanted; default every field of the type. */
  claims?: readonly string[];
}

export interface DcqlClaimQuery {
  id?: string;
  path: (string | number | null)[];
}

export interface DcqlCredentialQuery {
  id: string;
  format: CredentialFormat;
  meta: { vct_values: string[] } | { type_values: string[][] };
  claims: DcqlClaimQuery[];
  require_cryptographic_holder_binding?: boolean;
}

export interface DcqlQuery {
  credentials: DcqlCredentialQuery[];
  credential_sets?: { options: string[][]; required?: boolean }[];
}

/** How a DCQL credential query id maps back to the caller's request. */
export interface QueryBinding {
  queryId: string;
  requestId: string;
  type: CredentialTypeId;
  format: CredentialFormat;
  claims: string[];
}

export interface BuiltDcqlQuery {
  query: DcqlQuery;
  bindings: QueryBinding[];
}

/** DCQL §6.1: ids are alphanumeric, underscore or hyphen. */
const QUERY_ID_RE = /^[A-Za-z0-9_-]{1,64}$/;
const FORMAT_SUFFIX: Record<CredentialFormat, string> = { 'dc+sd-jwt': 'sd_jwt', jwt_vc_json: 'jwt_vc' };

export function createDcqlQuery(requested: readonly RequestedCredential[]): BuiltDcqlQuery {
  if (requested.length === 0) throw new TypeError('a presentation request needs at least one credential');
  const seen = new Set<string>();
  const credentials: DcqlCredentialQuery[] = [];
  const bindings: QueryBinding[] = [];
  const sets: { options: string[][]; required: boolean }[] = [];

  for (const request of requested) {
    if (!QUERY_ID_RE.test(request.id) || seen.has(request.id)) throw new TypeError(`credential id ${request.id} is not a unique DCQL id`);
    seen.add(request.id);
    const definition = getCredentialType(request.type);
    const fields = definition.display.displayOrder;
    const required = definition.subjectSchema.required;
    const wanted = request.claims ?? (Array.isArray(required) ? required.filter((r): r is string => typeof r === 'string') : []);
    for (const claim of wanted) if (!fields.includes(claim)) throw new TypeError(`${request.type} has no claim ${claim}`);
    const claims = [...new Set([...wanted, DSP_ID_FIELD])];
    const formats = [...new Set(request.formats ?? CREDENTIAL_FORMATS)];
    if (formats.length === 0) throw new TypeError(`credential ${request.id} accepts no format`);

    const ids: string[] = [];
    for (const format of formats) {
      const queryId = formats.length === 1 ? request.id : `${request.id}_${FORMAT_SUFFIX[format]}`;
      if (seen.has(queryId) && queryId !== request.id) throw new TypeError(`credential id ${queryId} clashes`);
      seen.add(queryId);
      ids.push(queryId);
      credentials.push(
        format === 'dc+sd-jwt'
          ? { id: queryId, format, meta: { vct_values: [vctOf(request.type)] }, claims: claims.map((c) => ({ path: [c] })) }
          : { id: queryId, format, meta: { type_values: [['VerifiableCredential', request.type]] }, claims: claims.map((c) => ({ path: ['credentialSubject', c] })) },
      );
      bindings.push({ queryId, requestId: request.id, type: request.type, format, claims });
    }
    if (ids.length > 1) sets.push({ options: ids.map((id) => [id]), required: true });
  }
  return { query: { credentials, ...(sets.length > 0 ? { credential_sets: sets } : {}) }, bindings };
}

/**
 * Which requested credentials a response leaves unanswered: for each caller id, at least one of
 * its queries must have been answered. A verifier must not rely on the wallet having honoured the
 * query (OpenID4VP 1.0 §6.4.2, §14.4), so this runs on every response.
 */
export function unansweredRequests(bindings: readonly QueryBinding[], answeredQueryIds: readonly string[]): string[] {
  const answered = new Set(answeredQueryIds);
  const requestIds = [...new Set(bindings.map((b) => b.requestId))];
  return requestIds.filter((id) => !bindings.some((b) => b.requestId === id && answered.has(b.queryId)));
}
