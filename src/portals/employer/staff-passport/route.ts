// One staff member's passport (DOMAIN.md E4, E10): details, status, the invitation, the
// credentials provided and the passport history; resend the invitation.
//   GET  /trusts/{ods}/employer/staff-passports/{id}
//   POST /trusts/{ods}/employer/staff-passports/{id}/resend-invitation
//        1. the context; 2. the passport, locked (another trust's id: 404, as for none)
//        3. only while invited; 4. acts once: the form names the invitation it replaces, and a
//        second submission finds a newer one; 5. a new link (the old one stops working), email
//        and text, history and audit in one transaction
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { actionsOf, PASSPORT_ACTIONS, PASSPORT_STATUS_LABELS } from '../../../core/passport/invitation-rows.ts';
import { formValues } from '../../../platform/http/forms.ts';
import { employerUsers } from '../../../store/employer-users.ts';
import { invitations } from '../../../store/invitations.ts';
import { passportHistory } from '../../../store/passport-history.ts';
import { providedCredentials } from '../../../store/provided-credentials.ts';
import { staffPassports } from '../../../store/staff-passports.ts';
import { scopeOf } from '../../../store/scope.ts';
import type { EmployerPortalDeps } from '../auth/deps.ts';
import { employerContext, employerPage, employerPath } from '../auth/employer-context.ts';
import { awaitingIdentity } from '../identity-shared/identity-actions.ts';
import { londonDay, sendInvitation } from '../staff-passports/invite-staff.ts';

export const zPassportParams = z.object({ ods: z.string(), id: z.uuid() });

const EVENT_TEXT: Record<string, string> = {
  'passport.created': 'Staff passport created',
  'invitation.sent': 'Invitation sent',
  'invitation.reminded': 'Reminder to join sent',
  'invitation.expired': 'Invitation expired',
  'esr.linked': 'Connected to ESR',
  'esr.unlinked': 'Disconnected from ESR',
  'credential.provided': 'Credential provided',
  'credential.superseded': 'Credential replaced by a newer version',
  'credential.accepted': 'Credential added to wallet',
  'credential.declined': 'Credential declined',
  'credential.withdrawn': 'Credential withdrawn',
  'credential.archived': 'Credential archived',
  'credential.restored': 'Credential restored',
  'credential.expired': 'Credential expired',
  'credential.revoked': 'Credential revoked',
  'reminder.pending-credentials': 'Reminder to review credentials sent',
  'identity.confirmed': 'Identity confirmed',
  'access.declined': 'Access declined',
};

const INVITATION_STATE_TEXT: Record<string, string> = { sent: 'Sent, not yet accepted', accepted: 'Accepted', superseded: 'Replaced by a newer invitation', expired: 'Expired' };

const when = (at: Date) => new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit' }).format(at);

export function registerStaffPassportPage(app: FastifyInstance, deps: EmployerPortalDeps): void {
  app.get('/trusts/:ods/employer/staff-passports/:id', { config: { surface: 'page' } }, async (request, reply) => {
    const ctx = await employerContext(request, reply);
    if (!ctx) return reply;
    const params = zPassportParams.safeParse(request.params);
    const scope = scopeOf(ctx.organisation.id);
    const db = deps.database.db;
    const passport = params.success ? await staffPassports(db, scope).findById(params.data.id) : undefined;
    if (!passport) return reply.page('errors/not-found.njk', { pageTitle: 'Page not found' }, 404);
    const [invitation, credentials, history] = await Promise.all([
      invitations(db, scope).latestFor(passport.id),
      providedCredentials(db, scope).listForPassport(passport.id, { includeArchived: true }),
      passportHistory(db, scope).list(passport.id, { limit: 100 }),
    ]);
    // Actors are identifiers (D37); portal users are shown by name.
    const userIds = [...new Set(history.flatMap((h) => (h.actor.startsWith('user:') ? [h.actor.slice(5)] : [])))];
    const users = new Map<string, string>();
    for (const id of userIds) {
      const user = z.uuid().safeParse(id).success ? await employerUsers(db, scope).findById(id) : undefined;
      if (user) users.set(id, user.displayName);
    }
    const actorText = (actor: string) =>
      actor.startsWith('user:') ? (users.get(actor.slice(5)) ?? 'A portal user') : actor.startsWith('staff:') ? `${passport.givenName} ${passport.familyName}` : 'Automatic';
    const done = z.enum(['invited', 'resent', 'not-invited', 'identity-confirmed', 'identity-confirmed-passport-expired', 'identity-not-awaiting', 'access-declined']).optional().catch(undefined).parse((request.query as Record<string, unknown> | undefined)?.done);
    const live = invitation?.state === 'sent';
    const base = employerPath(ctx.organisation, `/staff-passports/${passport.id}`);
    return employerPage(reply, ctx, 'portals/employer/staff-passport/page.njk', {
      pageTitle: `${passport.givenName} ${passport.familyName}`,
      navCurrent: employerPath(ctx.organisation, '/staff-passports'),
      backHref: employerPath(ctx.organisation, '/staff-passports'),
      notice:
        done === 'invited'
          ? `Staff passport created. The invitation was sent to ${passport.email ?? 'them'}.`
          : done === 'resent'
            ? 'The invitation was sent again. The link in the earlier invitation no longer works.'
            : done === 'not-invited'
              ? 'Only a passport whose invitation has not been accepted can be sent an invitation again.'
              : done === 'identity-confirmed' || done === 'identity-confirmed-passport-expired'
                ? `Identity confirmed. The identity credential and access key were provided, and ${passport.givenName} was told how to collect the access key.` +
                  (done === 'identity-confirmed-passport-expired' ? ' Their passport has expired: right to work cannot be provided until a valid passport is checked.' : '')
                : done === 'access-declined'
                  ? `Access declined. ${passport.givenName} has been told.`
                  : done === 'identity-not-awaiting'
                    ? 'This passport is not waiting for an identity check.'
                    : undefined,
      passport,
      statusText: PASSPORT_STATUS_LABELS[passport.status],
      actions: actionsOf(passport, live).map((a) => PASSPORT_ACTIONS.find((x) => x.value === a)!.label),
      invitation: invitation
        ? {
            id: invitation.id,
            stateText: INVITATION_STATE_TEXT[invitation.state] ?? invitation.state,
            sentAt: when(invitation.sentAt),
            expiresOn: londonDay(invitation.expiresAt),
            remindersSent: invitation.remindersSent,
            lastRemindedAt: invitation.lastRemindedAt ? when(invitation.lastRemindedAt) : undefined,
          }
        : undefined,
      canResend: passport.status === 'invited',
      resendAction: `${base}/resend-invitation`,
      latestInvitation: invitation?.id ?? 'none',
      deleteHref: `${base}/delete`,
      identity: { awaiting: awaitingIdentity(passport), faceToFaceHref: `${base}/identity/face-to-face`, declineHref: `${base}/decline-access` },
      esr: { linked: passport.esrLinkState === 'linked', connectHref: `${base}/esr`, changeHref: `${base}/esr?change=yes`, provideHref: `${base}/provide-from-esr` },
      credentials: credentials.map((c) => ({ title: c.title, state: c.state, providedAt: when(c.providedAt), expiresOn: c.expiresAt ? londonDay(c.expiresAt) : undefined })),
      history: history.map((h) => ({ text: EVENT_TEXT[h.event] ?? h.event, at: when(h.at), actor: actorText(h.actor) })),
    });
  });

  app.post('/trusts/:ods/employer/staff-passports/:id/resend-invitation', { config: { surface: 'page' } }, async (request, reply) => {
    // 1. Who is asking.
    const ctx = await employerContext(request, reply);
    if (!ctx) return reply;
    const params = zPassportParams.safeParse(request.params);
    if (!params.success) return reply.page('errors/not-found.njk', { pageTitle: 'Page not found' }, 404);
    const expected = z.string().max(64).safeParse(formValues(request.body).latestInvitation);
    const scope = scopeOf(ctx.organisation.id);
    const base = employerPath(ctx.organisation, `/staff-passports/${params.data.id}`);
    const outcome = await deps.database.transaction(async (tx) => {
      // 2. The passport of this trust, one resend at a time.
      const passport = await staffPassports(tx, scope).lockForUpdate(params.data.id);
      if (!passport) return 'not-found' as const;
      // 3. Only while the person has not acted on an invitation.
      if (passport.status !== 'invited') return 'not-invited' as const;
      // 4. Once per form: a newer invitation means this submission already acted.
      const latest = await invitations(tx, scope).latestFor(passport.id);
      if (!expected.success || (latest?.id ?? 'none') !== expected.data) return 'resent' as const;
      // 5. Send.
      await sendInvitation(tx, deps, ctx, passport, { correlationId: request.id, resend: true });
      return 'resent' as const;
    });
    if (outcome === 'not-found') return reply.page('errors/not-found.njk', { pageTitle: 'Page not found' }, 404);
    return reply.redirect(`${base}?done=${outcome}`, 303);
  });
}
