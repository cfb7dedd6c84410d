// The outcomes of identity and access (DOMAIN.md E5), each one transaction on the locked
// passport, so a double submit or two HR users act once (the second finds the status moved on):
// - confirm (E5.6), one path for both routes (`confirmIdentity`): face to face (the form HR typed
//   from the original documents) or digital identity (the Identity built from the shared
//   credential's claims HR reviewed, carrying its DSP unique identifier; history/audit route
//   `digital-identity`): the Identity credential and the AccessKey PROVIDED — pending in the passport,
//   through the provided-credentials store and the same plan as every provide (planProvision,
//   de-duplication key) —, the DSP unique identifier minted if the passport has none (DOMAIN.md
//   §9 #2), the employment type set (E5.2), status `credentials-pending`, history
//   (`identity.confirmed`, `credential.provided` ×2), audit `passport.identity-confirmed`, and the
//   staff member told how to collect the access key (email/SMS on their channels);
// - reject a shared identity (E5.4): back to the face-to-face route (`appointment-needed`), the
//   shared identity cleared, history, audit, the person emailed the reason;
// - decline (E5.9): status `identity-declined`, history `access.declined` with the reason's code,
//   audit `passport.access-declined`, and the staff member emailed the reason.
import { randomUUID } from 'node:crypto';
import type { CredentialSubject } from '../../../core/credentials/catalogue.ts';
import { AWAITING_IDENTITY, DECLINE_REASONS, accessKeySubject, expiredPassportRule, identitySubject, type DeclineReason, type FaceToFaceInput } from '../../../core/passport/identity-check.ts';
import type { Organisation } from '../../../core/passport/organisation.ts';
import { planProvision } from '../../../core/passport/plan-provision.ts';
import { employeeAccessKeyUrl } from '../../../core/passport/portal-links.ts';
import { dspIdForSharedIdentity, identityFromSharedIdentity, sharedPassportExpiry } from '../../../core/passport/shared-identity-review.ts';
import { channelsFor, type EMPLOYMENT_TYPES, type StaffPassport } from '../../../core/passport/staff-passport.ts';
import { InvalidRecipient, type Notifier } from '../../../integrations/notify/index.ts';
import type { Clock } from '../../../platform/clock.ts';
import { accessKeyLinks } from '../../../store/access-key-links.ts';
import { appendAudit } from '../../../store/audit-log.ts';
import { schema, type Db } from '../../../store/database.ts';
import { passportHistory } from '../../../store/passport-history.ts';
import { passportPhotos } from '../../../store/passport-photos.ts';
import { providedCredentials } from '../../../store/provided-credentials.ts';
import { sharedIdentities } from '../../../store/shared-identities.ts';
import type { OrganisationScope } from '../../../store/scope.ts';
import { staffPassports } from '../../../store/staff-passports.ts';
import { employeePolicy } from '../../employee/auth/policy.ts';
import { and, eq, sql } from 'drizzle-orm';

export interface IdentityDeps {
  notifier: Notifier;
  publicUrl: string;
  clock: Clock;
}

export interface ActionContext {
  organisation: Pick<Organisation, 'id' | 'odsCode' | 'name'>;
  scope: OrganisationScope;
  actor: string;
  correlationId: string;
}

export type EmploymentType = (typeof EMPLOYMENT_TYPES)[number];

export const awaitingIdentity = (p: Pick<StaffPassport, 'status'>) => (AWAITING_IDENTITY as readonly string[]).includes(p.status);

/** Each channel the person chose (S11); an address that no longer parses is skipped. */
async function tell(passport: StaffPassport, send: (channel: 'email' | 'sms', to: string) => Promise<void>): Promise<number> {
  let sent = 0;
  for (const { channel, to } of channelsFor(passport)) {
    try {
      await send(channel, to);
      sent += 1;
    } catch (error) {
      if (!(error instanceof InvalidRecipient)) throw error;
    }
  }
  return sent;
}

/** A photo already made small (src/core/passport/photo.ts). */
export interface FacePhoto {
  jpeg: Buffer;
  width: number;
  height: number;
}

export type ConfirmOutcome =
  | { outcome: 'confirmed'; provided: number; rightToWorkAllowed: boolean }
  | { outcome: 'not-awaiting' | 'not-found' }
  /** Digital identity only: the one HR reviewed is no longer there (rejected, or replaced by another). */
  | { outcome: 'shared-identity-changed' }
  /** Digital identity only: it cannot make an Identity, or its DSP unique identifier cannot be this passport's. */
  | { outcome: 'shared-identity-unusable'; problem: 'invalid' | 'dsp-id-missing' | 'dsp-id-mismatch' | 'dsp-id-taken' };

/** What HR confirms identity from (E5.3): the face-to-face form, or the shared identity HR reviewed. */
export type IdentityEvidence =
  | { route: 'face-to-face'; input: FaceToFaceInput; photo?: FacePhoto | undefined }
  | { route: 'digital-identity'; employmentType: EmploymentType; reviewedSerial: string };

/** What the evidence gives the one confirmation path, decided on the locked passport. */
type Prepared =
  | { ok: true; dspId: string; setDspId: boolean; identity: (dspId: string, now: Date) => CredentialSubject; documentExpiry: string | undefined; details: Record<string, string> }
  | { ok: false; outcome: ConfirmOutcome };

async function prepare(tx: Db, ctx: ActionContext, passport: StaffPassport, evidence: IdentityEvidence, now: Date): Promise<Prepared> {
  if (evidence.route === 'face-to-face') {
    if (!awaitingIdentity(passport)) return { ok: false, outcome: { outcome: 'not-awaiting' } };
    // E5.5: the photo HR took on the form, else the one the person gave at sign-up (S1.7).
    const photo = evidence.photo ?? (await passportPhotos(tx, ctx.scope).of(passport.id));
    const input = { ...evidence.input, photograph: photo?.jpeg.toString('base64') };
    return {
      ok: true,
      // The DSP unique identifier, minted with the first identity credential (DOMAIN.md §9 #2).
      dspId: passport.dspId ?? randomUUID(),
      setDspId: !passport.dspId,
      identity: (dspId) => identitySubject(input, { dspId, organisationName: ctx.organisation.name, now }),
      documentExpiry: evidence.input.documentExpiry,
      details: {},
    };
  }
  if (passport.status !== 'identity-shared') return { ok: false, outcome: { outcome: 'not-awaiting' } };
  const shared = (await sharedIdentities(tx, ctx.scope).of(passport.id))?.identity;
  if (!shared || shared.serialNumber !== evidence.reviewedSerial) return { ok: false, outcome: { outcome: 'shared-identity-changed' } };
  const id = dspIdForSharedIdentity(passport.dspId, shared);
  if (!id.ok) return { ok: false, outcome: { outcome: 'shared-identity-unusable', problem: id.problem === 'missing' ? 'dsp-id-missing' : 'dsp-id-mismatch' } };
  if (id.setOnPassport && (await staffPassports(tx, ctx.scope).findByDspId(id.dspId))) return { ok: false, outcome: { outcome: 'shared-identity-unusable', problem: 'dsp-id-taken' } };
  const built = identityFromSharedIdentity(shared, { dspId: id.dspId, organisationName: ctx.organisation.name, now });
  if (!built.ok) return { ok: false, outcome: { outcome: 'shared-identity-unusable', problem: 'invalid' } };
  return {
    ok: true,
    dspId: id.dspId,
    setDspId: id.setOnPassport,
    identity: () => built.subject,
    documentExpiry: sharedPassportExpiry(shared),
    details: { sharedType: shared.type, issuer: shared.issuer, serialNumber: shared.serialNumber },
  };
}

/**
 * Confirms identity (E5.6) by either route, in the caller's transaction on the locked passport:
 * the Identity credential and the access key provided (pending), employment type set (E5.2),
 * status `credentials-pending`, history, audit, the person told how to collect the access key.
 * A passport no longer waiting (a double submit, another HR user) changes nothing.
 */
export async function confirmIdentity(tx: Db, deps: IdentityDeps, ctx: ActionContext, passportId: string, evidence: IdentityEvidence): Promise<ConfirmOutcome> {
  const passports = staffPassports(tx, ctx.scope);
  const passport = await passports.lock(passportId);
  if (!passport) return { outcome: 'not-found' };
  const now = deps.clock.now();
  const prepared = await prepare(tx, ctx, passport, evidence, now);
  if (!prepared.ok) return prepared.outcome;
  const { dspId } = prepared;
  if (prepared.setDspId) await passports.setDspId(passport.id, dspId);
  // HR's photo is kept with the passport too (shown on it; replaces the person's own).
  if (evidence.route === 'face-to-face' && evidence.photo) await passportPhotos(tx, ctx.scope).put(passport.id, evidence.photo, 'hr', now);
  const items: Array<{ type: 'Identity' | 'AccessKey'; subject: CredentialSubject }> = [
    { type: 'Identity', subject: prepared.identity(dspId, now) },
    { type: 'AccessKey', subject: accessKeySubject({ dspId, organisationOds: ctx.organisation.odsCode, passportId: passport.id, organisationName: ctx.organisation.name, now }) },
  ];
  const credentials = providedCredentials(tx, ctx.scope);
  const plan = planProvision(items, await credentials.versionsOf(passport.id), now);
  const inserted = await credentials.provide(passport.id, plan.provide, { source: 'manual', actor: ctx.actor, now });
  const replaced = new Set(inserted.map((i) => i.supersedes).filter((id): id is string => id !== null));
  const archived = await credentials.supersede(plan.supersede.filter((id) => replaced.has(id)), now, passport.id);
  const rule = expiredPassportRule(prepared.documentExpiry, now.toISOString().slice(0, 10));
  const employmentType = evidence.route === 'face-to-face' ? evidence.input.employmentType : evidence.employmentType;
  await tx
    .update(schema.staffPassports)
    .set({ status: 'credentials-pending', employmentType, updatedAt: sql`now()` })
    .where(and(eq(schema.staffPassports.organisationId, ctx.scope.organisationId), eq(schema.staffPassports.id, passport.id)));
  await passportHistory(tx, ctx.scope).record([
    { passportId: passport.id, event: 'identity.confirmed', actor: ctx.actor, at: now, details: { route: evidence.route, passportExpired: rule.expired, rightToWorkAllowed: rule.rightToWorkAllowed, ...prepared.details } },
    ...inserted.map((c) => ({ passportId: passport.id, event: 'credential.provided' as const, actor: ctx.actor, at: now, credentialId: c.id, details: { type: c.credentialType, title: c.title, source: 'manual', supersedes: c.supersedes } })),
    ...archived.map((id) => ({ passportId: passport.id, event: 'credential.superseded' as const, actor: ctx.actor, at: now, credentialId: id, details: { reason: 'newer version provided' } })),
  ]);
  await appendAudit(
    tx,
    {
      organisationId: ctx.organisation.id,
      actor: ctx.actor,
      action: 'passport.identity-confirmed',
      subject: passport.id,
      correlationId: ctx.correlationId,
      details: { route: evidence.route, credentials: inserted.map((c) => ({ id: c.id, type: c.credentialType })), passportExpired: rule.expired, ...prepared.details },
    },
    deps.clock,
  );
  // S2: the email's link opens the access-key page for this passport (a fresh link; older ones stop working).
  const { token } = await accessKeyLinks(tx, ctx.scope).issue(passport.id, { now, ttlMs: employeePolicy.accessKeyLinkMs });
  const personalisation = { name: passport.givenName, organisation_name: ctx.organisation.name, link: employeeAccessKeyUrl(deps.publicUrl, ctx.organisation.odsCode, token) };
  await tell(passport, (channel, to) =>
    channel === 'email'
      ? deps.notifier.send(tx, { organisationId: ctx.organisation.id, channel, to, template: 'access-key-ready-email', personalisation }).then(() => undefined)
      : deps.notifier.send(tx, { organisationId: ctx.organisation.id, channel, to, template: 'access-key-ready-sms', personalisation }).then(() => undefined),
  );
  return { outcome: 'confirmed', provided: inserted.length, rightToWorkAllowed: rule.rightToWorkAllowed };
}

/** The face-to-face route (E5.5): what HR typed from the original documents. */
export function confirmIdentityFaceToFace(tx: Db, deps: IdentityDeps, ctx: ActionContext, passportId: string, input: FaceToFaceInput, photo?: FacePhoto): Promise<ConfirmOutcome> {
  return confirmIdentity(tx, deps, ctx, passportId, { route: 'face-to-face', input, photo });
}

/** The digital-identity route (E5.4 "Yes, I confirm this identity"): the Identity built from the shared claims. */
export function confirmSharedIdentity(tx: Db, deps: IdentityDeps, ctx: ActionContext, passportId: string, input: { employmentType: EmploymentType; reviewedSerial: string }): Promise<ConfirmOutcome> {
  return confirmIdentity(tx, deps, ctx, passportId, { route: 'digital-identity', ...input });
}

export type RejectOutcome = 'rejected' | 'not-awaiting' | 'shared-identity-changed' | 'not-found';

/**
 * E5.4 "No, reject this identity credential": the shared identity is not accepted and the person
 * goes the face-to-face way (status `appointment-needed`, route `face-to-face`, the shared identity
 * cleared), history `identity.rejected` and audit `passport.shared-identity-rejected` (which
 * credential, never the reason's text), and the person emailed the reason.
 */
export async function rejectSharedIdentity(tx: Db, deps: IdentityDeps, ctx: ActionContext, passportId: string, input: { reason: string; reviewedSerial: string }): Promise<RejectOutcome> {
  const passports = staffPassports(tx, ctx.scope);
  const passport = await passports.lock(passportId);
  if (!passport) return 'not-found';
  if (passport.status !== 'identity-shared') return 'not-awaiting';
  const shared = (await sharedIdentities(tx, ctx.scope).of(passport.id))?.identity;
  if (shared && shared.serialNumber !== input.reviewedSerial) return 'shared-identity-changed';
  const now = deps.clock.now();
  await passports.setStatus(passport.id, 'appointment-needed');
  await sharedIdentities(tx, ctx.scope).fallBackToFaceToFace(passport.id);
  const which: Record<string, string> = shared ? { sharedType: shared.type, issuer: shared.issuer, serialNumber: shared.serialNumber } : {};
  await passportHistory(tx, ctx.scope).record([{ passportId: passport.id, event: 'identity.rejected', actor: ctx.actor, at: now, details: { route: 'digital-identity', ...which } }]);
  await appendAudit(
    tx,
    { organisationId: ctx.organisation.id, actor: ctx.actor, action: 'passport.shared-identity-rejected', subject: passport.id, correlationId: ctx.correlationId, details: { ...which, nextRoute: 'face-to-face' } },
    deps.clock,
  );
  if (passport.email && passport.notifyByEmail) {
    try {
      await deps.notifier.send(tx, { organisationId: ctx.organisation.id, channel: 'email', to: passport.email, template: 'shared-identity-rejected-email', personalisation: { name: passport.givenName, organisation_name: ctx.organisation.name, reason: input.reason } });
    } catch (error) {
      if (!(error instanceof InvalidRecipient)) throw error;
    }
  }
  return 'rejected';
}

export type DeclineOutcome = 'declined' | 'already-declined' | 'not-awaiting' | 'not-found';

export async function declineAccess(tx: Db, deps: IdentityDeps, ctx: ActionContext, passportId: string, input: { reason: DeclineReason; details?: string | undefined }): Promise<DeclineOutcome> {
  const passports = staffPassports(tx, ctx.scope);
  const passport = await passports.lock(passportId);
  if (!passport) return 'not-found';
  if (passport.status === 'identity-declined') return 'already-declined';
  if (!awaitingIdentity(passport)) return 'not-awaiting';
  const now = deps.clock.now();
  await passports.setStatus(passport.id, 'identity-declined');
  await passportHistory(tx, ctx.scope).record([{ passportId: passport.id, event: 'access.declined', actor: ctx.actor, at: now, details: { reason: input.reason, previousStatus: passport.status } }]);
  await appendAudit(
    tx,
    { organisationId: ctx.organisation.id, actor: ctx.actor, action: 'passport.access-declined', subject: passport.id, correlationId: ctx.correlationId, details: { reason: input.reason, withDetails: Boolean(input.details) } },
    deps.clock,
  );
  const reason = DECLINE_REASONS[input.reason] + (input.details ? ` – ${input.details}` : '');
  if (passport.email && passport.notifyByEmail) {
    try {
      await deps.notifier.send(tx, { organisationId: ctx.organisation.id, channel: 'email', to: passport.email, template: 'access-declined-email', personalisation: { name: passport.givenName, organisation_name: ctx.organisation.name, reason } });
    } catch (error) {
      if (!(error instanceof InvalidRecipient)) throw error;
    }
  }
  return 'declined';
}
