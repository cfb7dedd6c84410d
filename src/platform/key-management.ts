// The key-management port. Callers (issuers, the did:web document, the OIDC provider, TOTP,
// client registration) ask it to create, list, rotate and use keys, and to seal and open other
// secrets; they never see private key material, so a custody that keeps keys in an HSM or a
// cloud KMS can replace the local one without touching them.
//
// Two layers:
// - `KeyManagement<Conn>`: what callers use. Every organisation-scoped operation takes the
//   organisation id (null = the platform's own keys) and every lookup is filtered by it. It is
//   generic over the connection type because platform may not import the store; the store's
//   implementation is `KeyManagement<Db>` (src/store/key-store.ts).
// - `KeyCustody`: where private keys live and how they sign and seal. The local custody
//   (./local-key-custody.ts) seals private keys under the key-encryption key (KEK) from
//   configuration; an HSM/KMS custody would keep a key reference in the same column.
import { z } from 'zod';

/** JWS algorithms of managed keys (RFC 7518 §3.4 ES256 on P-256; RFC 8037 EdDSA on Ed25519). */
export const KEY_ALGORITHMS = ['ES256', 'EdDSA'] as const;
export type KeyAlgorithm = (typeof KEY_ALGORITHMS)[number];

export type KeyState = 'active' | 'retired';

const b64u = z.string().regex(/^[A-Za-z0-9_-]+$/);

/**
 * The public half of a managed key as published (e.g. in a did:web document): the RFC 7517
 * members, with `kid` the RFC 7638 thumbprint. We own this format, so it is parsed strictly.
 */
export const zPublicJwk = z.discriminatedUnion('kty', [
  z.strictObject({ kty: z.literal('EC'), crv: z.literal('P-256'), x: b64u, y: b64u, kid: b64u, alg: z.literal('ES256'), use: z.literal('sig') }),
  z.strictObject({ kty: z.literal('OKP'), crv: z.literal('Ed25519'), x: b64u, kid: b64u, alg: z.literal('EdDSA'), use: z.literal('sig') }),
]);
export type PublicJwk = z.infer<typeof zPublicJwk>;

/** A managed key as callers see it: identifiers and the public key only. */
export interface ManagedKey {
  id: string;
  organisationId: string | null;
  purpose: string;
  alg: KeyAlgorithm;
  kid: string;
  publicJwk: PublicJwk;
  state: KeyState;
  createdAt: Date;
  retiredAt: Date | null;
}

export interface CreateKeyInput {
  /** null for the platform's own keys. */
  organisationId: string | null;
  /** What the key is for, e.g. `credential-signing`; one active key per (organisation, purpose). */
  purpose: string;
  alg: KeyAlgorithm;
}

export interface KeyManagement<Conn> {
  /**
   * Creates a key and makes it the active one for (organisation, purpose); an earlier active
   * key is retired in the same transaction, so there is never more than one.
   */
  createKey(db: Conn, input: CreateKeyInput): Promise<ManagedKey>;
  /** The active key for (organisation, purpose), creating one with `alg` when there is none. */
  ensureActiveKey(db: Conn, input: CreateKeyInput): Promise<ManagedKey>;
  /** The active key for (organisation, purpose), or undefined. */
  activeKey(db: Conn, organisationId: string | null, purpose: string): Promise<ManagedKey | undefined>;
  /** The organisation's keys for `purpose`, the active one first, then newest first. */
  listKeys(db: Conn, organisationId: string | null, purpose: string, options?: { includeRetired?: boolean }): Promise<ManagedKey[]>;
  /** One of the organisation's keys by kid, active or retired (to verify old signatures), or undefined. */
  getKey(db: Conn, organisationId: string | null, kid: string): Promise<ManagedKey | undefined>;
  /**
   * Replaces the active key with a new one (same algorithm unless `alg` is given); the old key
   * is retired but stays listed and resolvable. Throws KeyNotFound when there is no active key
   * and no `alg` to create the first one with.
   */
  rotate(db: Conn, organisationId: string | null, purpose: string, options?: { alg?: KeyAlgorithm }): Promise<ManagedKey>;
  /**
   * Signs `data` with the organisation's active key `kid`. The signature is in JOSE form
   * (ES256: IEEE P1363 r||s, 64 bytes, RFC 7518 §3.4; EdDSA: 64 bytes, RFC 8037 §3.1), so
   * `base64url(header).base64url(payload).base64url(signature)` is a valid compact JWS.
   * Throws KeyNotFound for a kid the organisation does not own, KeyRetired for a retired key.
   */
  sign(db: Conn, organisationId: string | null, kid: string, data: Uint8Array): Promise<Uint8Array>;
  /**
   * The active key for (organisation, purpose) with a signer bound to it, read in one lookup
   * (`activeKey` then `sign` would read the key twice), or undefined when there is none. The
   * signer signs with the key as read: use it at once, within the caller's transaction.
   */
  activeSigner(db: Conn, organisationId: string | null, purpose: string): Promise<{ key: ManagedKey; sign(data: Uint8Array): Promise<Uint8Array> } | undefined>;
  /**
   * Encrypts a secret (an OIDC client secret, a TOTP seed) for storage. `context` names where
   * it will be stored (e.g. `totp-seed:<user id>`) and must be given again to open it, so a
   * sealed value copied into another row does not open there.
   */
  seal(plaintext: Uint8Array | string, context: string): Promise<string>;
  /** Decrypts a sealed secret; throws SealedValueInvalid or UnknownKeyEncryptionKey. */
  open(sealed: string, context: string): Promise<Uint8Array>;
}

/** Which row a custody record belongs to: bound into the record so it cannot be moved. */
export interface KeyBinding {
  organisationId: string | null;
  purpose: string;
  alg: KeyAlgorithm;
}

/** A stored key as handed to its custody to sign with. */
export interface CustodyKey extends KeyBinding {
  kid: string;
  /** What the custody stored for this key (the `sealed` column). */
  custody: string;
}

/** Where private keys live. Only implementations of this ever touch private key material. */
export interface KeyCustody {
  /** Generates a key pair; returns the public JWK (kid = RFC 7638 thumbprint) and the record to store. */
  generate(binding: KeyBinding): Promise<{ publicJwk: PublicJwk; custody: string }>;
  sign(key: CustodyKey, data: Uint8Array): Promise<Uint8Array>;
  seal(plaintext: Uint8Array, context: string): Promise<string>;
  open(sealed: string, context: string): Promise<Uint8Array>;
}

/**
 * The sealing context of a managed private key: every column that identifies its row, so a
 * sealed key moved to another organisation, purpose or kid no longer opens.
 */
export function managedKeyContext(key: KeyBinding & { kid: string }): string {
  return `managed-key:${key.organisationId ?? 'platform'}:${key.purpose}:${key.alg}:${key.kid}`;
}

/** Errors of key management, with stable codes to branch on (STYLE.md rule 7). */
export class KeyManagementError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** A sealed value names a KEK this process does not hold (wrong or rotated-away KEK). */
export class UnknownKeyEncryptionKey extends KeyManagementError {
  constructor(readonly kekId: string) {
    super('ERR_KEK_UNKNOWN', `sealed under key-encryption key ${kekId}, which is not configured`);
  }
}

/** A sealed value is malformed, was changed, or is opened with another context. */
export class SealedValueInvalid extends KeyManagementError {
  constructor(reason: string) {
    super('ERR_SEALED_INVALID', `sealed value cannot be opened: ${reason}`);
  }
}

/** No key with this kid belongs to the organisation (whether or not another organisation has one). */
export class KeyNotFound extends KeyManagementError {
  constructor(message = 'no such key for this organisation') {
    super('ERR_KEY_NOT_FOUND', message);
  }
}

/** The key is retired: it still verifies old signatures but signs nothing new. */
export class KeyRetired extends KeyManagementError {
  constructor(readonly kid: string) {
    super('ERR_KEY_RETIRED', `key ${kid} is retired`);
  }
}
