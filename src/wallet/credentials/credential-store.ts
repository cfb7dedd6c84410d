// The holder's credentials behind an interface (memory here, files in ../node, IndexedDB in the
// web wallet). A record keeps the credential exactly as issued (every Disclosure) and what the
// wallet learnt about it when it arrived, so lists and choices need no parsing.
import type { CredentialFormat } from '../../core/credentials/index.ts';

export interface CredentialRecord {
  /** Chosen by the wallet (a UUID); what `show`, `delete` and `--choose` name. */
  id: string;
  format: CredentialFormat;
  /** The compact credential as issued: an SD-JWT with all its Disclosures, or a JWT. */
  credential: string;
  /** The DSP type id when the credential is one of ours, otherwise the `vct` or last VC type. */
  type: string;
  /** The credential's name from the issuer's metadata, if it gave one. */
  typeName?: string;
  /** The OpenID4VCI configuration it was issued under. */
  configurationId: string;
  issuer: {
    /** The credential issuer (an https URL). */
    url: string;
    /** The DID that signed it (`iss`). */
    did: string;
    /** From the issuer's metadata. */
    name?: string;
    logo?: { uri: string; altText?: string };
  };
  /** ISO 8601. */
  issuedAt?: string;
  expiresAt?: string;
  /** Where its status is published (Token Status List or Bitstring Status List). */
  status?: { uri: string; index: number };
  /** The holder key (thumbprint) it is bound to. */
  keyId: string;
  receivedAt: string;
  /** What the wallet needs to tell the issuer later (credential_deleted), best effort. */
  notification?: { endpoint: string; id: string; accessToken: string };
}

export interface CredentialStore {
  /** Every record, oldest first. */
  list(): Promise<CredentialRecord[]>;
  get(id: string): Promise<CredentialRecord | undefined>;
  save(record: CredentialRecord): Promise<void>;
  /** True when there was such a record. */
  delete(id: string): Promise<boolean>;
}

export function createMemoryCredentialStore(initial: readonly CredentialRecord[] = []): CredentialStore {
  const records = new Map(initial.map((r) => [r.id, r]));
  return {
    async list() {
      return [...records.values()];
    },
    async get(id) {
      return records.get(id);
    },
    async save(record) {
      records.set(record.id, record);
    },
    async delete(id) {
      return records.delete(id);
    },
  };
}
