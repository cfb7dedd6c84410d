// Issuing mode's payload: RFC 9396 authorization details of type `dsp_credential`, pushed by the
// client over PAR (RFC 9126) so personal data never travels in a URL (STANDARDS.md e.1):
//   {"type":"dsp_credential","credential_type":"CoreSkill","dsp_unique_identifier":"…","claims":{…}}
// Each must name a type the request's scope issues, carry a well-formed DSP unique identifier,
// and have claims that, with that identifier, match the type's subject schema exactly.
import { z } from 'zod';
import { DSP_ID_FIELD, isCredentialTypeId, validateSubject, type CredentialSubject, type CredentialTypeId } from '../credentials/index.ts';

export const DSP_CREDENTIAL_DETAIL = 'dsp_credential';

const zDetail = z.strictObject({
  type: z.literal(DSP_CREDENTIAL_DETAIL),
  credential_type: z.string(),
  dsp_unique_identifier: z.uuid(),
  claims: z.record(z.string(), z.unknown()),
});

export interface CredentialToIssue {
  type: CredentialTypeId;
  dspId: string;
  subject: CredentialSubject;
}

export type DetailReading = { ok: true; credential: CredentialToIssue } | { ok: false; reason: string };

/** One authorization detail, checked against the catalogue (pure; the client's allowance is checked by the caller). */
export function readCredentialDetail(detail: unknown): DetailReading {
  const parsed = zDetail.safeParse(detail);
  if (!parsed.success) return { ok: false, reason: 'a dsp_credential detail needs credential_type, dsp_unique_identifier (a UUID) and claims' };
  const { credential_type: type, dsp_unique_identifier: dspId, claims } = parsed.data;
  if (!isCredentialTypeId(type)) return { ok: false, reason: `unknown credential_type ${type}` };
  if (DSP_ID_FIELD in claims && claims[DSP_ID_FIELD] !== dspId) return { ok: false, reason: 'claims name a different DSP unique identifier' };
  const subject = { ...claims, [DSP_ID_FIELD]: dspId } as CredentialSubject;
  const errors = validateSubject(type, subject);
  if (errors.length > 0) {
    const first = errors.slice(0, 3).map((e) => `${e.path || '/'} ${e.message}`).join('; ');
    return { ok: false, reason: `claims do not match the ${type} schema: ${first}` };
  }
  return { ok: true, credential: { type, dspId, subject } };
}

/**
 * All the details of an issuing request: each valid, one DSP unique identifier throughout (one
 * person's wallet), and the set of types equal to the scope's.
 */
export function readCredentialDetails(details: readonly unknown[], scopeTypes: readonly CredentialTypeId[]): { ok: true; credentials: CredentialToIssue[] } | { ok: false; reason: string } {
  if (details.length === 0) return { ok: false, reason: 'issuing needs authorization_details of type dsp_credential' };
  const credentials: CredentialToIssue[] = [];
  for (const detail of details) {
    const read = readCredentialDetail(detail);
    if (!read.ok) return read;
    credentials.push(read.credential);
  }
  if (new Set(credentials.map((c) => c.dspId)).size !== 1) return { ok: false, reason: 'every credential of one request is for the same person' };
  const detailTypes = new Set(credentials.map((c) => c.type));
  const wanted = new Set(scopeTypes);
  if (detailTypes.size !== wanted.size || [...wanted].some((t) => !detailTypes.has(t))) {
    return { ok: false, reason: 'authorization_details must match the issue.<type> scopes one to one' };
  }
  if (credentials.length !== detailTypes.size) return { ok: false, reason: 'one credential per type in a request' };
  return { ok: true, credentials };
}
