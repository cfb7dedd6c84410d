// Whether a credential still holds: expiry from the record, revocation and suspension from the
// issuer's status list, fetched with the wallet's fetch and verified by the core
// (verifyCredentialStatus: signed by the credential's issuer, fresh, covering the index). A
// list that cannot be fetched or checked leaves the status "not checked" — never "valid".
import { createDidResolver, issuerKeyResolver, type DidResolver } from '../../../core/did/index.ts';
import { verifyCredentialStatus, listKindOf, STATUS_LIST_MEDIA_TYPES, type BitstringPurpose } from '../../../core/credentials/status/index.ts';
import type { CredentialRecord } from '../../credentials/credential-store.ts';
import { decodeCredential } from '../../credentials/decode-credential.ts';
import { send, type HttpPolicy } from '../../http.ts';

export interface StatusView {
  state: 'valid' | 'expired' | 'revoked' | 'suspended' | 'unchecked';
  label: string;
  colour: 'green' | 'red' | 'grey' | 'orange';
  explanation?: string;
}

const RESTORED = 'Restored from a backup: you can view it, but it is tied to the key of the wallet it came from, so it cannot be shared from this one.';

let resolver: DidResolver | undefined;

interface Reference {
  uri: string;
  index: number;
  purpose?: BitstringPurpose;
}

/** Every status reference of the credential (a jwt_vc_json one has a revocation and a suspension entry). */
function referencesOf(record: CredentialRecord): Reference[] {
  if (record.format === 'jwt_vc_json') {
    const status = decodeCredential(record.format, record.credential).vc?.credentialStatus;
    const entries = (Array.isArray(status) ? status : status ? [status] : []) as Record<string, unknown>[];
    const references = entries.flatMap((e): Reference[] => {
      const index = Number(e.statusListIndex);
      const purpose: BitstringPurpose | undefined = e.statusPurpose === 'revocation' || e.statusPurpose === 'suspension' ? e.statusPurpose : undefined;
      return typeof e.statusListCredential === 'string' && Number.isSafeInteger(index) ? [{ uri: e.statusListCredential, index, ...(purpose ? { purpose } : {}) }] : [];
    });
    if (references.length) return references;
  }
  return record.status ? [record.status] : [];
}

export async function checkStatus(record: CredentialRecord, http: HttpPolicy, ownKey: boolean, now = new Date()): Promise<StatusView> {
  const note = ownKey ? {} : { explanation: RESTORED };
  if (record.expiresAt && new Date(record.expiresAt) <= now) return { state: 'expired', label: 'Expired', colour: 'red', explanation: `It expired on ${new Date(record.expiresAt).toLocaleDateString('en-GB')}. Ask the issuer for a new one.` };
  const references = referencesOf(record);
  if (!references.length) return { state: 'valid', label: 'Valid', colour: 'green', ...note };
  resolver ??= createDidResolver({ fetch: (url, init) => http.fetch(url, init), clock: { now: () => new Date() }, allowLoopback: http.allowLoopbackHttp ?? false });
  const kind = listKindOf(record.format);
  const states = [];
  for (const reference of references) {
    let document: string;
    try {
      // Revalidate every time (ETag): a list cached for its max-age could hide a fresh revocation.
      const answer = await send(http, reference.uri, { headers: { accept: STATUS_LIST_MEDIA_TYPES[kind] }, cache: 'no-cache' });
      if (answer.status !== 200) throw new Error(`HTTP ${answer.status}`);
      document = answer.text;
    } catch {
      return { state: 'unchecked', label: 'Status not checked', colour: 'grey', explanation: 'The wallet could not reach the issuer to check whether this credential is still valid. It will try again next time.' };
    }
    const result = await verifyCredentialStatus({ document, kind, reference, issuer: record.issuer.did, resolveIssuerKey: issuerKeyResolver(resolver), now });
    if (!result.ok) return { state: 'unchecked', label: 'Status not checked', colour: 'grey', explanation: 'The issuer’s status list could not be checked, so the wallet cannot say whether this credential is still valid.' };
    states.push(result.status);
  }
  if (states.includes('revoked')) return { state: 'revoked', label: 'Revoked', colour: 'red', explanation: 'The issuer has withdrawn this credential. Verifiers will not accept it.' };
  if (states.includes('suspended')) return { state: 'suspended', label: 'Suspended', colour: 'orange', explanation: 'The issuer has suspended this credential for now. Verifiers will not accept it while it is suspended.' };
  return { state: 'valid', label: 'Valid', colour: 'green', ...note };
}
