// What a trust does with the credentials it provided to a staff passport (DOMAIN.md E10, "Bulk
// revoke for leavers"), each in the caller's transaction on the locked passport, so a double
// submit acts once (the second finds the credential already moved, by the store's conditional
// update) and another trust's ids are simply not found (every store call is scoped, D11):
//   - withdraw (pending only): state, history, audit. No email or text: live guidance (§8.1, §9
//     #15) says staff see it in their passport history only;
//   - revoke (accepted only: a provided credential is always one this trust issued; credentials
//     other organisations issued are never listed here): the status ledger revokes its serial
//     number (every later presentation fails verification), state with the reason (`Code` or
//     `Code: HR's words`, as the employee page reads it), history, audit, and the holder told by
//     email and text on the channels they chose;
//   - archive / restore: display only. Restore brings back only a credential still valid: one
//     revoked in the ledger or past its expiry stays archived;
//   - revoke all for a leaver: every accepted credential with LeavingOrganisation, one message,
//     the passport `deactivated` (§9 #17).
import { STATUS_REASONS, type StatusReason } from '../../../core/credentials/status/index.ts';
import type { Organisation } from '../../../core/passport/organisation.ts';
import { employeePortalUrl } from '../../../core/passport/portal-links.ts';
import { hasExpired, type ProvidedCredential } from '../../../core/passport/provided-credential.ts';
import { channelsFor, type StaffPassport } from '../../../core/passport/staff-passport.ts';
import { InvalidRecipient, type Notifier } from '../../../integrations/notify/index.ts';
import { counted, titleList } from '../../../jobs/notify-person.ts';
import type { Clock } from '../../../platform/clock.ts';
import { appendAudit } from '../../../store/audit-log.ts';
import type { Db } from '../../../store/database.ts';
import { passportHistory } from '../../../store/passport-history.ts';
import { providedCredentials } from '../../../store/provided-credentials.ts';
import type { OrganisationScope } from '../../../store/scope.ts';
import { staffPassports } from '../../../store/staff-passports.ts';
import { statusLedger } from '../../../store/status-ledger.ts';

/** The prototype's withdrawal reasons (DOMAIN.md E10). */
export const WITHDRAW_REASONS = {
  'issued-in-error': 'Credential issued in error',
  'updated-information': 'Updated information to be provided',
  'no-longer-valid': 'Information no longer valid or additional information required',
} as const;
export type WithdrawReason = keyof typeof WITHDRAW_REASONS;

/** The revocation reasons (DOMAIN.md §9 #4), as HR reads them. */
export const REVOKE_REASONS: Readonly<Record<StatusReason, string>> = {
  TrainingExpiry: 'The training it records has expired',
  LeavingOrganisation: 'The staff member is leaving the organisation',
  CredentialProvidedInError: 'It was provided in error',
  Other: 'Another reason',
};
/** What the holder is told (the employee page's words, src/portals/employee/credentials/credential-view.ts). */
const HOLDER_REASON: Readonly<Record<StatusReason, string>> = {
  TrainingExpiry: 'The training it records has expired',
  LeavingOrganisation: 'You have left the organisation',
  CredentialProvidedInError: 'It was provided in error',
  Other: 'Another reason',
};
export const REVOKE_REASON_CODES = STATUS_REASONS;

export interface LifecycleDeps {
  notifier: Notifier;
  clock: Clock;
  publicUrl: string;
}

export interface LifecycleActor {
  organisation: Pick<Organisation, 'id' | 'odsCode' | 'name'>;
  scope: OrganisationScope;
  /** `user:<id>`. */
  actor: string;
  correlationId: string;
}

export type LifecycleOutcome = 'done' | 'already' | 'not-allowed' | 'not-found';

/** The passport, locked, and its credential; `undefined` when either is not this trust's (or not this passport's). */
async function lockedCredential(tx: Db, who: LifecycleActor, passportId: string, credentialId: string): Promise<{ passport: StaffPassport; credential: ProvidedCredential } | undefined> {
  const passport = await staffPassports(tx, who.scope).lockForUpdate(passportId);
  if (!passport) return undefined;
  const credential = await providedCredentials(tx, who.scope).findById(credentialId);
  if (!credential || credential.passportId !== passport.id) return undefined;
  return { passport, credential };
}

async function record(tx: Db, deps: LifecycleDeps, who: LifecycleActor, c: ProvidedCredential, event: 'credential.withdrawn' | 'credential.revoked' | 'credential.archived' | 'credential.restored', details: Record<string, string | boolean> = {}) {
  const now = deps.clock.now();
  await passportHistory(tx, who.scope).record([{ passportId: c.passportId, event, actor: who.actor, at: now, credentialId: c.id, details: { credentialType: c.credentialType, title: c.title, ...details } }]);
  await appendAudit(
    tx,
    { organisationId: who.organisation.id, actor: who.actor, action: `provided-${event}`, subject: c.id, correlationId: who.correlationId, details: { passportId: c.passportId, credentialType: c.credentialType, ...details } },
    deps.clock,
  );
}

/** Email and text on the holder's channels; an address that no longer parses is skipped. */
async function tellRevoked(tx: Db, deps: LifecycleDeps, who: LifecycleActor, passport: StaffPassport, revoked: readonly ProvidedCredential[], reason: StatusReason, details?: string): Promise<void> {
  const personalisation = {
    name: passport.givenName,
    organisation_name: who.organisation.name,
    credentials: counted(revoked.length, 'credential'),
    titles: titleList(revoked.map((c) => c.title)),
    reason: details ? `${HOLDER_REASON[reason]}: ${details}` : HOLDER_REASON[reason],
    link: employeePortalUrl(deps.publicUrl, who.organisation.odsCode),
  };
  for (const { channel, to } of channelsFor(passport)) {
    try {
      if (channel === 'email') await deps.notifier.send(tx, { organisationId: who.organisation.id, channel, to, template: 'credentials-revoked-email', personalisation });
      else await deps.notifier.send(tx, { organisationId: who.organisation.id, channel, to, template: 'credentials-revoked-sms', personalisation });
    } catch (error) {
      if (!(error instanceof InvalidRecipient)) throw error;
    }
  }
}

/** Revokes in the ledger and moves the credential; `false` when it is no longer accepted (a double submit). */
async function revokeOne(tx: Db, deps: LifecycleDeps, who: LifecycleActor, c: ProvidedCredential, reason: StatusReason, details: string | undefined): Promise<boolean> {
  if (c.state !== 'accepted' || !c.serialNumber) return false;
  const moved = await providedCredentials(tx, who.scope).transition(c.id, 'revoke', { now: deps.clock.now(), reason: details ? `${reason}: ${details}` : reason });
  if (moved.outcome !== 'changed') return false;
  const ledger = await statusLedger(tx, who.scope).revoke({ serialNumber: c.serialNumber, reason, actor: who.actor, correlationId: who.correlationId }, deps.clock);
  // An accepted credential always has its status entry (issued in the same transaction): without
  // one it could not be made to fail verification, so nothing is changed.
  if (ledger.outcome === 'not_found') throw new Error(`provided credential ${c.id} has no status entry to revoke`);
  await record(tx, deps, who, c, 'credential.revoked', { reason });
  return true;
}

export async function withdrawCredential(tx: Db, deps: LifecycleDeps, who: LifecycleActor, passportId: string, credentialId: string, reason: WithdrawReason): Promise<LifecycleOutcome> {
  const found = await lockedCredential(tx, who, passportId, credentialId);
  if (!found) return 'not-found';
  const { credential } = found;
  if (credential.state === 'withdrawn') return 'already';
  const moved = await providedCredentials(tx, who.scope).transition(credential.id, 'withdraw', { now: deps.clock.now(), reason });
  if (moved.outcome !== 'changed') return 'not-allowed';
  await record(tx, deps, who, credential, 'credential.withdrawn', { reason });
  return 'done';
}

export async function revokeCredential(
  tx: Db,
  deps: LifecycleDeps,
  who: LifecycleActor,
  passportId: string,
  credentialId: string,
  form: { reason: StatusReason; details?: string | undefined },
): Promise<LifecycleOutcome> {
  const found = await lockedCredential(tx, who, passportId, credentialId);
  if (!found) return 'not-found';
  const { passport, credential } = found;
  if (credential.state === 'revoked') return 'already';
  if (!(await revokeOne(tx, deps, who, credential, form.reason, form.details))) return 'not-allowed';
  await tellRevoked(tx, deps, who, passport, [credential], form.reason, form.details);
  return 'done';
}

export async function archiveCredential(tx: Db, deps: LifecycleDeps, who: LifecycleActor, passportId: string, credentialId: string): Promise<LifecycleOutcome> {
  const found = await lockedCredential(tx, who, passportId, credentialId);
  if (!found) return 'not-found';
  const { credential } = found;
  if (credential.state === 'archived') return 'already';
  const moved = await providedCredentials(tx, who.scope).transition(credential.id, 'archive', { now: deps.clock.now() });
  if (moved.outcome !== 'changed') return 'not-allowed';
  await record(tx, deps, who, credential, 'credential.archived', { from: credential.state });
  return 'done';
}

/** Whether an archived credential may come back as accepted: it was in the wallet, is not revoked and has not expired. */
export async function restorable(db: Db, scope: OrganisationScope, c: ProvidedCredential, now: Date): Promise<boolean> {
  if (c.state !== 'archived' || !c.serialNumber || hasExpired(c.expiresAt, now)) return false;
  const entries = await statusLedger(db, scope).find(c.serialNumber);
  return entries.length > 0 && entries.every((e) => e.state === 'valid');
}

export async function restoreCredential(tx: Db, deps: LifecycleDeps, who: LifecycleActor, passportId: string, credentialId: string): Promise<LifecycleOutcome> {
  const found = await lockedCredential(tx, who, passportId, credentialId);
  if (!found) return 'not-found';
  const { credential } = found;
  if (credential.state === 'accepted') return 'already';
  if (!(await restorable(tx, who.scope, credential, deps.clock.now()))) return 'not-allowed';
  const moved = await providedCredentials(tx, who.scope).transition(credential.id, 'restore', { now: deps.clock.now() });
  if (moved.outcome !== 'changed') return 'not-allowed';
  await record(tx, deps, who, credential, 'credential.restored');
  return 'done';
}

/** The accepted credentials a leaver's revocation would revoke. */
export async function revocableOf(db: Db, scope: OrganisationScope, passportId: string): Promise<ProvidedCredential[]> {
  return (await providedCredentials(db, scope).listForPassport(passportId)).filter((c) => c.state === 'accepted' && c.serialNumber);
}

export async function revokeAllForLeaver(tx: Db, deps: LifecycleDeps, who: LifecycleActor, passportId: string): Promise<{ outcome: 'done' | 'already' | 'not-found'; revoked: number }> {
  const passport = await staffPassports(tx, who.scope).lockForUpdate(passportId);
  if (!passport) return { outcome: 'not-found', revoked: 0 };
  const revoked: ProvidedCredential[] = [];
  for (const c of await revocableOf(tx, who.scope, passport.id)) {
    if (await revokeOne(tx, deps, who, c, 'LeavingOrganisation', undefined)) revoked.push(c);
  }
  if (revoked.length === 0 && passport.status === 'deactivated') return { outcome: 'already', revoked: 0 };
  await staffPassports(tx, who.scope).setStatus(passport.id, 'deactivated');
  if (revoked.length > 0) await tellRevoked(tx, deps, who, passport, revoked, 'LeavingOrganisation');
  await appendAudit(
    tx,
    { organisationId: who.organisation.id, actor: who.actor, action: 'staff-passport.leaver-revoked', subject: passport.id, correlationId: who.correlationId, details: { revoked: revoked.length, from: passport.status } },
    deps.clock,
  );
  return { outcome: 'done', revoked: revoked.length };
}
