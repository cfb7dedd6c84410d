// The two outcomes of identity and access (DOMAIN.md E5), each one transaction on the locked
// passport, so a double submit or two HR users act once (the second finds the status moved on):
// - confirm (E5.6): the Identity credential and the AccessKey PROVIDED — pending in the passport,
//   through the provided-credentials store and the same plan as every provide (planProvision,
//   de-duplication key) —, the DSP unique identifier minted if the passport has none (DOMAIN.md
//   §9 #2), the employment type set (E5.2), status `credentials-pending`, history
//   (`identity.confirmed`, `credential.provided` ×2), audit `passport.identity-confirmed`, and the
//   staff member told how to collect the access key (email/SMS on their channels);
// - decline (E5.9): status `identity-declined`, history `access.declined` with the reason's code,
//   audit `passport.access-declined`, and the staff member emailed the reason.
import { randomUUID } from 'node:crypto';
import type { CredentialSubject } from '../../../core/credentials/catalogue.ts';
import { AWAITING_IDENTITY, DECLINE_REASONS, accessKeySubject, expiredPassportRule, identitySubject, type DeclineReason, type FaceToFaceInput } from '../../../core/passport/identity-check.ts';
import type { Organisation } from '../../../core/passport/organisation.ts';
import { planProvision } from '../../../core/passport/plan-provision.ts';
import { employeePortalUrl } from '../../../core/passport/portal-links.ts';
import { channelsFor, type StaffPassport } from '../../../core/passport/staff-passport.ts';
import { InvalidRecipient, type Notifier } from '../../../integrations/notify/index.ts';
import type { Clock } from '../../../platform/clock.ts';
import { appendAudit } from '../../../store/audit-log.ts';
import { schema, type Db } from '../../../store/database.ts';
import { passportHistory } from '../../../store/passport-history.ts';
import { providedCredentials } from '../../../store/provided-credentials.ts';
import type { OrganisationScope } from '../../../store/scope.ts';
import { staffPassports } from '../../../store/staff-passports.ts';
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

export type ConfirmOutcome = { outcome: 'confirmed'; provided: number; rightToWorkAllowed: boolean } | { outcome: 'not-awaiting' | 'not-found' };

export async function confirmIdentityFaceToFace(tx: Db, deps: IdentityDeps, ctx: ActionContext, passportId: string, input: FaceToFaceInput): Promise<ConfirmOutcome> {
  const passports = staffPassports(tx, ctx.scope);
  const passport = await passports.lock(passportId);
  if (!passport) return { outcome: 'not-found' };
  if (!awaitingIdentity(passport)) return { outcome: 'not-awaiting' };
  const now = deps.clock.now();
  const dspId = passport.dspId ?? randomUUID();
  if (!passport.dspId) await passports.setDspId(passport.id, dspId);
  const items: Array<{ type: 'Identity' | 'AccessKey'; subject: CredentialSubject }> = [
    { type: 'Identity', subject: identitySubject(input, { dspId, organisationName: ctx.organisation.name, now }) },
    { type: 'AccessKey', subject: accessKeySubject({ dspId, organisationOds: ctx.organisation.odsCode, passportId: passport.id, organisationName: ctx.organisation.name, now }) },
  ];
  const credentials = providedCredentials(tx, ctx.scope);
  const plan = planProvision(items, await credentials.versionsOf(passport.id), now);
  const inserted = await credentials.provide(passport.id, plan.provide, { source: 'manual', actor: ctx.actor, now });
  const replaced = new Set(inserted.map((i) => i.supersedes).filter((id): id is string => id !== null));
  const archived = await credentials.supersede(plan.supersede.filter((id) => replaced.has(id)), now, passport.id);
  const rule = expiredPassportRule(input.documentExpiry, now.toISOString().slice(0, 10));
  await tx
    .update(schema.staffPassports)
    .set({ status: 'credentials-pending', employmentType: input.employmentType, updatedAt: sql`now()` })
    .where(and(eq(schema.staffPassports.organisationId, ctx.scope.organisationId), eq(schema.staffPassports.id, passport.id)));
  await passportHistory(tx, ctx.scope).record([
    { passportId: passport.id, event: 'identity.confirmed', actor: ctx.actor, at: now, details: { route: 'face-to-face', passportExpired: rule.expired, rightToWorkAllowed: rule.rightToWorkAllowed } },
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
      details: { route: 'face-to-face', credentials: inserted.map((c) => ({ id: c.id, type: c.credentialType })), passportExpired: rule.expired },
    },
    deps.clock,
  );
  const personalisation = { name: passport.givenName, organisation_name: ctx.organisation.name, link: employeePortalUrl(deps.publicUrl, ctx.organisation.odsCode) };
  await tell(passport, (channel, to) =>
    channel === 'email'
      ? deps.notifier.send(tx, { organisationId: ctx.organisation.id, channel, to, template: 'access-key-ready-email', personalisation }).then(() => undefined)
      : deps.notifier.send(tx, { organisationId: ctx.organisation.id, channel, to, template: 'access-key-ready-sms', personalisation }).then(() => undefined),
  );
  return { outcome: 'confirmed', provided: inserted.length, rightToWorkAllowed: rule.rightToWorkAllowed };
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
