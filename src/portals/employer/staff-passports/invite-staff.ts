// Creating a passport and sending its invitation (DOMAIN.md E4), shared by the single form, the
// CSV upload and resend. Everything happens on the caller's transaction: the passport, the
// invitation (only its token's hash is stored), the email and text (Notifier.send records them
// in the outbox in the same transaction, D16), the passport history and the audit entry — a
// rolled-back change sends nothing.
import { createHash } from 'node:crypto';
import { passportInputOf, type InvitationFields } from '../../../core/passport/invitation-rows.ts';
import { employeeInvitationUrl } from '../../../core/passport/portal-links.ts';
import { channelsFor, type StaffPassport } from '../../../core/passport/staff-passport.ts';
import { InvalidRecipient } from '../../../integrations/notify/index.ts';
import { appendAudit } from '../../../store/audit-log.ts';
import type { Db } from '../../../store/database.ts';
import { invitations } from '../../../store/invitations.ts';
import { passportHistory } from '../../../store/passport-history.ts';
import { staffPassports } from '../../../store/staff-passports.ts';
import { scopeOf } from '../../../store/scope.ts';
import type { EmployerPortalDeps } from '../auth/deps.ts';
import type { EmployerContext } from '../auth/employer-context.ts';
import { digest, newToken } from '../auth/tokens.ts';

/**
 * The id a form's submission gives its passport: derived from the trust, the user and the form's
 * one-time token (and the row, for a CSV), so submitting the same form twice names the same
 * passport and acts once; another trust's or user's token can never name someone else's.
 */
export function submittedPassportId(ctx: EmployerContext, formToken: string, row = 0): string {
  const hex = createHash('sha256').update(`staff-invitation:${ctx.organisation.id}:${ctx.user.id}:${formToken}:${row}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export type InviteResult = { outcome: 'invited'; passport: StaffPassport } | { outcome: 'duplicate'; field: 'email' | 'mobile' | 'id' };

/** Adds the passport and sends its invitation. A duplicate (E4.5) adds and sends nothing. */
export async function inviteStaff(
  tx: Db,
  deps: EmployerPortalDeps,
  ctx: EmployerContext,
  input: { fields: InvitationFields; passportId: string; correlationId: string; via: 'form' | 'csv' },
): Promise<InviteResult> {
  const scope = scopeOf(ctx.organisation.id);
  const added = await staffPassports(tx, scope).add(passportInputOf(input.fields), { id: input.passportId });
  if (added.outcome === 'duplicate') return { outcome: 'duplicate', field: added.field === 'dspId' ? 'id' : added.field };
  const actor = `user:${ctx.user.id}`;
  const now = deps.clock.now();
  await passportHistory(tx, scope).record([{ passportId: added.passport.id, event: 'passport.created', actor, at: now, details: { via: input.via } }]);
  await sendInvitation(tx, deps, ctx, added.passport, { correlationId: input.correlationId, resend: false });
  return { outcome: 'invited', passport: added.passport };
}

/** Sends (or resends: the live one is superseded) the passport's invitation by email and text. */
export async function sendInvitation(tx: Db, deps: EmployerPortalDeps, ctx: EmployerContext, passport: StaffPassport, options: { correlationId: string; resend: boolean }): Promise<void> {
  const scope = scopeOf(ctx.organisation.id);
  const actor = `user:${ctx.user.id}`;
  const now = deps.clock.now();
  const token = newToken();
  const invitation = await invitations(tx, scope).send(passport.id, { tokenHash: digest(token), actor, now });
  const personalisation = {
    name: passport.givenName,
    organisation_name: ctx.organisation.name,
    link: employeeInvitationUrl(deps.publicUrl, ctx.organisation.odsCode, token),
    expires_on: londonDay(invitation.expiresAt),
  };
  let messages = 0;
  // An invitation goes out on both channels the person has (E4.3); they choose later (S11).
  for (const { channel, to } of channelsFor(passport)) {
    try {
      if (channel === 'email') await deps.notifier.send(tx, { organisationId: ctx.organisation.id, channel, to, template: 'staff-invitation-email', personalisation });
      else await deps.notifier.send(tx, { organisationId: ctx.organisation.id, channel, to, template: 'staff-invitation-sms', personalisation });
      messages += 1;
    } catch (error) {
      if (!(error instanceof InvalidRecipient)) throw error;
    }
  }
  await passportHistory(tx, scope).record([{ passportId: passport.id, event: 'invitation.sent', actor, at: now, details: { invitation: invitation.id, resend: options.resend, messages } }]);
  await appendAudit(
    tx,
    { organisationId: ctx.organisation.id, actor, action: options.resend ? 'staff-invitation.resent' : 'staff-invitation.sent', subject: passport.id, correlationId: options.correlationId, details: { invitation: invitation.id } },
    deps.clock,
  );
}

/** A day as people in England read it: `2 March 2026`. */
export function londonDay(at: Date): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', day: 'numeric', month: 'long', year: 'numeric' }).format(at);
}
