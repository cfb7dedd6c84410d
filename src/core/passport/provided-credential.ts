// A credential a trust provides to a staff passport (DOMAIN.md §3 "Credential lifecycle", E7,
// E10, S4): offered in the employee portal, `pending` until the person accepts it into their
// wallet. Pure rules: which state changes are allowed, and when a credential has expired.
import type { CredentialSubject, CredentialTypeId } from '../credentials/catalogue.ts';

/**
 * - `pending`: provided, awaiting the person's review (S4);
 * - `accepted`: added to the wallet (an issued credential with a serial number exists);
 * - `declined`: the person rejected it, with a reason (S4);
 * - `withdrawn`: the trust took it back while pending (E10);
 * - `archived`: hidden from the default view (E10): by hand, or because a newer version replaced it;
 * - `expired`: past its expiry (DOMAIN.md §9 #19);
 * - `revoked`: the trust revoked the issued credential (E10).
 */
export const PROVIDED_STATES = ['pending', 'accepted', 'declined', 'withdrawn', 'archived', 'expired', 'revoked'] as const;
export type ProvidedState = (typeof PROVIDED_STATES)[number];

/** Where it came from: ESR (by hand or automatically, E7), typed by HR, or asked for by the person (E8). */
export const PROVIDED_SOURCES = ['esr', 'manual', 'request'] as const;
export type ProvidedSource = (typeof PROVIDED_SOURCES)[number];

export const PROVIDED_ACTIONS = ['accept', 'decline', 'withdraw', 'archive', 'supersede', 'restore', 'expire', 'revoke'] as const;
export type ProvidedAction = (typeof PROVIDED_ACTIONS)[number];

/**
 * The states each action may start from. `supersede` is the automatic archive: a pending version
 * is archived when a newer one is provided (it can no longer be accepted), an accepted one when
 * the newer one is accepted (E10: "automatic when a newer version … is accepted"). `restore`
 * brings back only what had been accepted (the caller checks there is a serial number).
 */
export const TRANSITIONS: Readonly<Record<ProvidedAction, { from: readonly ProvidedState[]; to: ProvidedState }>> = {
  accept: { from: ['pending'], to: 'accepted' },
  decline: { from: ['pending'], to: 'declined' },
  withdraw: { from: ['pending'], to: 'withdrawn' },
  archive: { from: ['accepted', 'declined', 'withdrawn', 'expired', 'revoked'], to: 'archived' },
  supersede: { from: ['pending', 'accepted'], to: 'archived' },
  restore: { from: ['archived'], to: 'accepted' },
  expire: { from: ['pending', 'accepted'], to: 'expired' },
  revoke: { from: ['accepted'], to: 'revoked' },
};

export type TransitionDecision = { outcome: 'allowed'; to: ProvidedState } | { outcome: 'not_allowed'; from: ProvidedState };

export function decideTransition(state: ProvidedState, action: ProvidedAction): TransitionDecision {
  const rule = TRANSITIONS[action];
  return rule.from.includes(state) ? { outcome: 'allowed', to: rule.to } : { outcome: 'not_allowed', from: state };
}

/** States the expiry sweep looks at: an offer nobody accepted, or a credential in the wallet. */
export const EXPIRABLE_STATES: readonly ProvidedState[] = TRANSITIONS.expire.from;

/**
 * A credential has expired once `now` reaches its expiry instant. The catalogue's expiry rules
 * already put that instant at the end of the last valid day (src/core/credentials/catalogue/expiry.ts).
 */
export function hasExpired(expiresAt: Date | null, now: Date): boolean {
  return expiresAt !== null && expiresAt.getTime() <= now.getTime();
}

export interface ProvidedCredential {
  id: string;
  organisationId: string;
  passportId: string;
  credentialType: CredentialTypeId;
  subject: CredentialSubject;
  title: string;
  source: ProvidedSource;
  slotKey: string;
  dedupeKey: string | null;
  supersedes: string | null;
  state: ProvidedState;
  stateReason: string | null;
  expiresAt: Date | null;
  serialNumber: string | null;
  providedAt: Date;
  providedBy: string;
  stateChangedAt: Date;
  jobRunId: string | null;
}
