// The rules of the status ledger, in our own names: what a credential's status can be, which
// changes are allowed, how each state is written into the two list formats, and where a list
// is published. Pure: the ledger (src/store/status-ledger.ts) applies these rules.
//
// Two list formats, one per credential format (docs/architecture.md §4):
// - `bitstring` lists back jwt_vc_json credentials: W3C Bitstring Status List v1.0
//   (Recommendation, 15 May 2025). A bitstring list is published as TWO
//   BitstringStatusListCredentials over the same index space, one with statusPurpose
//   `revocation` and one with `suspension` (the layout of the spec's §2.1 Example 1). We chose
//   this over one list with statusSize 2 and statusPurpose `message`, because `revocation`
//   (not reversible) and `suspension` (reversible) are the purposes the spec defines with
//   exactly our semantics (§2.2 statusPurpose table), so any conforming verifier understands
//   them, whereas `message` lists carry issuer-defined statusMessage dictionaries that a
//   verifier has to interpret and that libraries support far less (@digitalbazaar's checker
//   reads one bit per entry only).
// - `token` lists back dc+sd-jwt credentials: IETF Token Status List (draft-20, in the RFC
//   Editor queue) with `bits: 2`, so one entry holds VALID 0x00, INVALID 0x01 or SUSPENDED 0x02
//   ("Status Types Values"); HAIP 1.0 requires this mechanism for SD-JWT VC.
import type { StatusReference } from '../formats/verification.ts';

/** The list format that carries a credential format's status. */
export type StatusListKind = 'bitstring' | 'token';
export const STATUS_LIST_KINDS = ['bitstring', 'token'] as const satisfies readonly StatusListKind[];

/** Credential formats whose status the ledger tracks (OpenID4VCI 1.0 Appendix A format identifiers). */
export type StatusCredentialFormat = 'jwt_vc_json' | 'dc+sd-jwt';
export const STATUS_CREDENTIAL_FORMATS = ['jwt_vc_json', 'dc+sd-jwt'] as const satisfies readonly StatusCredentialFormat[];

export function listKindOf(format: StatusCredentialFormat): StatusListKind {
  return format === 'jwt_vc_json' ? 'bitstring' : 'token';
}

/** Where a credential stands. `revoked` is final; `suspended` can be lifted. */
export type CredentialStatusState = 'valid' | 'suspended' | 'revoked';
export const CREDENTIAL_STATUS_STATES = ['valid', 'suspended', 'revoked'] as const satisfies readonly CredentialStatusState[];

/** The two purposes a bitstring list is published for (Bitstring Status List v1.0 §2.2). */
export type BitstringPurpose = 'revocation' | 'suspension';
export const BITSTRING_PURPOSES = ['revocation', 'suspension'] as const satisfies readonly BitstringPurpose[];

/**
 * Why a credential was revoked or suspended: the reasons the NHS DSP service uses
 * (../shared/design/DOMAIN.md decision 4). Recorded in the ledger and the audit log, never
 * published in a list.
 */
export const STATUS_REASONS = ['TrainingExpiry', 'LeavingOrganisation', 'CredentialProvidedInError', 'Other'] as const;
export type StatusReason = (typeof STATUS_REASONS)[number];

export function isStatusReason(value: unknown): value is StatusReason {
  return typeof value === 'string' && (STATUS_REASONS as readonly string[]).includes(value);
}

/** Token Status List "Status Types Values". */
export const TOKEN_STATUS = { VALID: 0x00, INVALID: 0x01, SUSPENDED: 0x02 } as const;
/** Bits per entry of our token lists: two, so SUSPENDED (0x02) fits. */
export const TOKEN_LIST_BITS = 2;

/**
 * Entries per list. Bitstring Status List v1.0 §2.2: the uncompressed bitstring MUST be at
 * least 16KB (131,072 entries) — herd privacy: a verifier fetching a list learns nothing about
 * which of at least 131,072 credentials it is checking. We keep the same floor for token lists.
 */
export const MIN_STATUS_LIST_SIZE = 131_072;
export const DEFAULT_STATUS_LIST_SIZE = MIN_STATUS_LIST_SIZE;
/** A list stops taking new credentials once this share of its entries is used (see allocate-status-index.ts). */
export const DEFAULT_STATUS_LIST_FILL_LIMIT = 0.9;

export type StatusAction = 'revoke' | 'suspend' | 'unsuspend';

export type TransitionDecision =
  | { readonly change: true; readonly to: CredentialStatusState }
  | { readonly change: false; readonly outcome: 'already_revoked' | 'already_suspended' | 'not_suspended' | 'revoked' };

/**
 * Which change an action makes from a state. Revoking is idempotent and final (Bitstring Status
 * List v1.0 §2.2: revocation "is not reversible"; Token Status List: INVALID "is irreversible"),
 * so a revoked credential can be neither suspended nor unsuspended.
 */
export function decideTransition(from: CredentialStatusState, action: StatusAction): TransitionDecision {
  switch (action) {
    case 'revoke':
      return from === 'revoked' ? { change: false, outcome: 'already_revoked' } : { change: true, to: 'revoked' };
    case 'suspend':
      if (from === 'revoked') return { change: false, outcome: 'revoked' };
      return from === 'suspended' ? { change: false, outcome: 'already_suspended' } : { change: true, to: 'suspended' };
    case 'unsuspend':
      if (from === 'revoked') return { change: false, outcome: 'revoked' };
      return from === 'suspended' ? { change: true, to: 'valid' } : { change: false, outcome: 'not_suspended' };
  }
}

/** The most severe of several states (a serial number issued in two formats has two entries, changed together). */
export function combinedState(states: readonly CredentialStatusState[]): CredentialStatusState {
  if (states.includes('revoked')) return 'revoked';
  if (states.includes('suspended')) return 'suspended';
  return 'valid';
}

/** The value of a state in a token list. */
export function tokenStatusValueOf(state: CredentialStatusState): number {
  return state === 'revoked' ? TOKEN_STATUS.INVALID : state === 'suspended' ? TOKEN_STATUS.SUSPENDED : TOKEN_STATUS.VALID;
}

/** Whether a state sets the bit of a bitstring list published for `purpose`. */
export function bitstringBitOf(state: CredentialStatusState, purpose: BitstringPurpose): boolean {
  return purpose === 'revocation' ? state === 'revoked' : state === 'suspended';
}

/** A published list document: a token list has one, a bitstring list one per purpose. */
export type StatusListDocumentId =
  | { readonly kind: 'token'; readonly listId: string }
  | { readonly kind: 'bitstring'; readonly listId: string; readonly purpose: BitstringPurpose };

/** The documents a list is published as. */
export function documentsOf(kind: StatusListKind, listId: string): StatusListDocumentId[] {
  return kind === 'token' ? [{ kind, listId }] : BITSTRING_PURPOSES.map((purpose) => ({ kind, listId, purpose }));
}

/** The path of a list document under the public URL (see src/gateway/orgs/status-list.ts). */
export function statusListPath(odsCode: string, document: StatusListDocumentId): string {
  const base = `/orgs/${encodeURIComponent(odsCode)}/status/${document.kind}/${document.listId}`;
  return document.kind === 'bitstring' ? `${base}/${document.purpose}` : base;
}

/** The URI of a list document: `statusListCredential` (bitstring) or `status_list.uri` and `sub` (token). */
export function statusListUri(publicUrl: string, odsCode: string, document: StatusListDocumentId): string {
  return `${publicUrl.replace(/\/+$/, '')}${statusListPath(odsCode, document)}`;
}

/** The media type a list document is served with. */
export const STATUS_LIST_MEDIA_TYPES = {
  /** VC-JOSE-COSE §6.1: a JWT-secured VCDM 2.0 credential. */
  bitstring: 'application/vc+jwt',
  /** Token Status List "Status List Response". */
  token: 'application/statuslist+jwt',
} as const satisfies Record<StatusListKind, string>;

/**
 * The status references a credential carries for one ledger entry: for jwt_vc_json one
 * BitstringStatusListEntry per purpose (revocation and suspension, same index), for dc+sd-jwt
 * the Token Status List `status_list {idx, uri}`.
 */
export function statusReferencesOf(
  entry: { readonly kind: StatusListKind; readonly listId: string; readonly index: number },
  publicUrl: string,
  odsCode: string,
): StatusReference[] {
  return documentsOf(entry.kind, entry.listId).map((document) => ({
    uri: statusListUri(publicUrl, odsCode, document),
    index: entry.index,
    ...(document.kind === 'bitstring' ? { purpose: document.purpose } : {}),
  }));
}
