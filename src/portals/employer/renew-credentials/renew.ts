// A new access key or a new Identity credential for a person whose identity was confirmed
// (DOMAIN.md E13: a deleted key, a lost or replaced phone; details to correct), each one
// transaction on the locked passport:
// - new access key: a new AccessKey provided (pending; the same subject builder and plan as the
//   identity confirmation), older pending ones superseded, and — at once, not when the new one is
//   collected, because the usual reason is a lost phone — every ACCEPTED access key revoked in the
//   status ledger and moved to `revoked`; the person's employee-portal sessions ended; a fresh
//   access-key link (older links stop working) emailed and texted ('access-key-ready-*'); history
//   `access-key.renewed` (+ provided / revoked), audit `passport.access-key-renewed`.
// - new Identity: a new Identity provided (pending) from the current Identity's details as HR
//   confirmed them; older pending ones superseded; history `identity.renewed`, audit.
// Both act once per form: the form names the newest version it replaces (`latest`), and a second
// submission finds a newer one (the de-duplication key `…|renewed|after:<latest>` backs this up).
import { accessKeySubject } from '../../../core/passport/identity-check.ts';
import { planProvision } from '../../../core/passport/plan-provision.ts';
import { employeeAccessKeyUrl } from '../../../core/passport/portal-links.ts';
import type { CredentialSubject } from '../../../core/credentials/catalogue.ts';
import { channelsFor } from '../../../core/passport/staff-passport.ts';
import { InvalidRecipient } from '../../../integrations/notify/index.ts';
import { accessKeyLinks } from '../../../store/access-key-links.ts';
import { appendAudit } from '../../../store/audit-log.ts';
import type { Db } from '../../../store/database.ts';
import { employeeSessions } from '../../../store/employee-sessions.ts';
import { passportHistory } from '../../../store/passport-history.ts';
import { providedCredentials } from '../../../store/provided-credentials.ts';
import { statusLedger } from '../../../store/status-ledger.ts';
import { staffPassports } from '../../../store/staff-passports.ts';
import type { ProvidedCredential } from '../../../core/passport/provided-credential.ts';
import { employeePolicy } from '../../employee/auth/policy.ts';
import type { ActionContext, IdentityDeps } from '../identity-shared/identity-actions.ts';

export type RenewOutcome = { outcome: 'renewed'; credentialId: string; revoked: number } | { outcome: 'not-found' | 'not-available' | 'already-renewed' };

const LIVE = new Set(['pending', 'accepted']);

/** The newest pending or accepted version of the type (what a renewal replaces), if any. */
export function currentOf(credentials: readonly ProvidedCredential[], type: 'AccessKey' | 'Identity'): ProvidedCredential | undefined {
  return credentials.filter((c) => c.credentialType === type && LIVE.has(c.state)).sort((a, b) => b.providedAt.getTime() - a.providedAt.getTime())[0];
}

async function provideRenewal(tx: Db, ctx: ActionContext, passportId: string, type: 'AccessKey' | 'Identity', subject: CredentialSubject, latest: ProvidedCredential, now: Date) {
  const credentials = providedCredentials(tx, ctx.scope);
  // The plan's subject, title, slot and expiry; the renewal always makes a new version.
  const [planned] = planProvision([{ type, subject }], [], now).provide;
  if (!planned) throw new Error('nothing planned');
  const inserted = await credentials.provide(passportId, [{ ...planned, supersedes: latest.id, dedupeKey: `${planned.slotKey}|renewed|after:${latest.id}` }], { source: 'manual', actor: ctx.actor, now });
  const created = inserted[0];
  if (!created) return undefined;
  const olderPending = (await credentials.listForPassport(passportId)).filter((c) => c.credentialType === type && c.state === 'pending' && c.id !== created.id).map((c) => c.id);
  const archived = await credentials.supersede(olderPending, now, passportId);
  return { created, archived };
}

export async function renewAccessKey(tx: Db, deps: IdentityDeps, ctx: ActionContext, passportId: string, expectedLatest: string): Promise<RenewOutcome> {
  const passport = await staffPassports(tx, ctx.scope).lock(passportId);
  if (!passport) return { outcome: 'not-found' };
  const all = await providedCredentials(tx, ctx.scope).listForPassport(passport.id);
  const latest = currentOf(all, 'AccessKey');
  if (!passport.dspId || !latest) return { outcome: 'not-available' };
  if (latest.id !== expectedLatest) return { outcome: 'already-renewed' };
  const now = deps.clock.now();
  const subject = accessKeySubject({ dspId: passport.dspId, organisationOds: ctx.organisation.odsCode, passportId: passport.id, organisationName: ctx.organisation.name, now });
  const made = await provideRenewal(tx, ctx, passport.id, 'AccessKey', subject, latest, now);
  if (!made) return { outcome: 'already-renewed' };
  // The old access keys in a wallet stop working now (the person may have lost the phone).
  const credentials = providedCredentials(tx, ctx.scope);
  const ledger = statusLedger(tx, ctx.scope);
  const revoked: string[] = [];
  for (const old of all.filter((c) => c.credentialType === 'AccessKey' && c.state === 'accepted')) {
    if (old.serialNumber) await ledger.revoke({ serialNumber: old.serialNumber, reason: 'Other', actor: ctx.actor, correlationId: ctx.correlationId }, deps.clock);
    const moved = await credentials.transition(old.id, 'revoke', { now, reason: 'Other: a new access key was provided' });
    if (moved.outcome === 'changed') revoked.push(old.id);
  }
  const sessionsEnded = await employeeSessions(tx, ctx.scope).endAllOf(passport.id);
  await passportHistory(tx, ctx.scope).record([
    { passportId: passport.id, event: 'access-key.renewed', actor: ctx.actor, at: now, credentialId: made.created.id, details: { revoked: revoked.length, sessionsEnded } },
    { passportId: passport.id, event: 'credential.provided', actor: ctx.actor, at: now, credentialId: made.created.id, details: { type: 'AccessKey', title: made.created.title, source: 'manual', supersedes: latest.id } },
    ...made.archived.map((id) => ({ passportId: passport.id, event: 'credential.superseded' as const, actor: ctx.actor, at: now, credentialId: id, details: { reason: 'newer version provided' } })),
    ...revoked.map((id) => ({ passportId: passport.id, event: 'credential.revoked' as const, actor: ctx.actor, at: now, credentialId: id, details: { type: 'AccessKey', reason: 'Other' } })),
  ]);
  await appendAudit(
    tx,
    { organisationId: ctx.organisation.id, actor: ctx.actor, action: 'passport.access-key-renewed', subject: passport.id, correlationId: ctx.correlationId, details: { credentialId: made.created.id, revoked: revoked.join(','), sessionsEnded } },
    deps.clock,
  );
  const { token } = await accessKeyLinks(tx, ctx.scope).issue(passport.id, { now, ttlMs: employeePolicy.accessKeyLinkMs });
  const personalisation = { name: passport.givenName, organisation_name: ctx.organisation.name, link: employeeAccessKeyUrl(deps.publicUrl, ctx.organisation.odsCode, token) };
  for (const { channel, to } of channelsFor(passport)) {
    try {
      if (channel === 'email') await deps.notifier.send(tx, { organisationId: ctx.organisation.id, channel, to, template: 'access-key-ready-email', personalisation });
      else await deps.notifier.send(tx, { organisationId: ctx.organisation.id, channel, to, template: 'access-key-ready-sms', personalisation });
    } catch (error) {
      if (!(error instanceof InvalidRecipient)) throw error;
    }
  }
  return { outcome: 'renewed', credentialId: made.created.id, revoked: revoked.length };
}

export async function renewIdentity(tx: Db, deps: IdentityDeps, ctx: ActionContext, passportId: string, expectedLatest: string): Promise<RenewOutcome> {
  const passport = await staffPassports(tx, ctx.scope).lock(passportId);
  if (!passport) return { outcome: 'not-found' };
  const latest = currentOf(await providedCredentials(tx, ctx.scope).listForPassport(passport.id), 'Identity');
  if (!passport.dspId || !latest) return { outcome: 'not-available' };
  if (latest.id !== expectedLatest) return { outcome: 'already-renewed' };
  const now = deps.clock.now();
  const made = await provideRenewal(tx, ctx, passport.id, 'Identity', { ...latest.subject, dspId: passport.dspId }, latest, now);
  if (!made) return { outcome: 'already-renewed' };
  await passportHistory(tx, ctx.scope).record([
    { passportId: passport.id, event: 'identity.renewed', actor: ctx.actor, at: now, credentialId: made.created.id, details: { supersedes: latest.id } },
    { passportId: passport.id, event: 'credential.provided', actor: ctx.actor, at: now, credentialId: made.created.id, details: { type: 'Identity', title: made.created.title, source: 'manual', supersedes: latest.id } },
    ...made.archived.map((id) => ({ passportId: passport.id, event: 'credential.superseded' as const, actor: ctx.actor, at: now, credentialId: id, details: { reason: 'newer version provided' } })),
  ]);
  await appendAudit(
    tx,
    { organisationId: ctx.organisation.id, actor: ctx.actor, action: 'passport.identity-renewed', subject: passport.id, correlationId: ctx.correlationId, details: { credentialId: made.created.id, supersedes: latest.id } },
    deps.clock,
  );
  return { outcome: 'renewed', credentialId: made.created.id, revoked: 0 };
}
