// An organisation's credential-signing keys (architecture §4: "its own signing keys (ES256,
// P-256; rotation keeps old keys resolvable)") and the DID document that publishes them.
// Key material stays behind the key-management port (D14); this module only decides which
// purpose and algorithm an organisation's credentials are signed with.
import { createOrganisationDidDocument, organisationDid, type DidDocument } from '../core/did/index.ts';
import type { Organisation } from '../core/passport/organisation.ts';
import type { KeyAlgorithm, KeyManagement, ManagedKey } from '../platform/key-management.ts';
import type { Db } from './database.ts';
import { findOrganisationByOds } from './organisations.ts';

/** The key-management purpose of the keys that sign an organisation's credentials and status lists. */
export const CREDENTIAL_SIGNING = 'credential-signing';
/** ES256 on P-256 (architecture §4), which every wallet we interoperate with verifies. */
export const CREDENTIAL_SIGNING_ALG: KeyAlgorithm = 'ES256';

/**
 * The organisation's active credential-signing key, created on first use. Sign with
 * `keys.sign(db, organisationId, key.kid, bytes)` and put `${did}#${key.kid}` in the JWS `kid`.
 */
export function credentialSigningKey(db: Db, keys: KeyManagement<Db>, organisationId: string): Promise<ManagedKey> {
  return keys.ensureActiveKey(db, { organisationId, purpose: CREDENTIAL_SIGNING, alg: CREDENTIAL_SIGNING_ALG });
}

/**
 * Creates the keys a new organisation needs (today: its credential-signing key), so its DID
 * document lists a key from the start. Idempotent: call it when an organisation is added, in the
 * same transaction, and from the demo seed.
 */
export async function provisionOrganisationKeys(db: Db, keys: KeyManagement<Db>, organisationId: string): Promise<{ credentialSigning: ManagedKey }> {
  return { credentialSigning: await credentialSigningKey(db, keys, organisationId) };
}

/** Every credential-signing key the organisation has had, the active one first, then newest first. */
export function credentialSigningKeys(db: Db, keys: KeyManagement<Db>, organisationId: string): Promise<ManagedKey[]> {
  return keys.listKeys(db, organisationId, CREDENTIAL_SIGNING, { includeRetired: true });
}

/**
 * Replaces the organisation's credential-signing key; the old one is retired (signs nothing
 * more) but stays in the DID document, so what it signed still verifies. Creates the first key
 * when there is none (`retired` is then undefined). Run it inside the caller's transaction
 * together with the audit entry.
 */
export async function rotateCredentialSigningKey(
  db: Db,
  keys: KeyManagement<Db>,
  organisationId: string,
): Promise<{ key: ManagedKey; retired: ManagedKey | undefined }> {
  const key = await keys.rotate(db, organisationId, CREDENTIAL_SIGNING, { alg: CREDENTIAL_SIGNING_ALG });
  // rotate() holds the (organisation, purpose) lock until the transaction ends, so the list is
  // consistent: the new key first, then the key created just before it, which was the active one
  // (every key is created active and retired only by the next one).
  const [first, previous] = await credentialSigningKeys(db, keys, organisationId);
  if (first?.kid !== key.kid) throw new Error('rotateCredentialSigningKey: the new key is not the active one');
  return { key, retired: previous };
}

export interface OrganisationDidDocument {
  organisation: Organisation;
  did: string;
  document: DidDocument;
}

/**
 * The DID document of the organisation with exactly this ODS code (a DID is compared as a
 * string, so `orgs:rzx` is not `orgs:RZX`), or undefined when there is none.
 */
export async function organisationDidDocument(db: Db, keys: KeyManagement<Db>, publicUrl: string, odsCode: string): Promise<OrganisationDidDocument | undefined> {
  const organisation = await findOrganisationByOds(db, odsCode);
  if (!organisation || organisation.odsCode !== odsCode) return undefined;
  const did = organisationDid(publicUrl, organisation.odsCode);
  const all = await credentialSigningKeys(db, keys, organisation.id);
  const document = createOrganisationDidDocument(
    did,
    all.map((k) => ({ kid: k.kid, publicJwk: k.publicJwk, active: k.state === 'active' })),
  );
  return { organisation, did, document };
}
