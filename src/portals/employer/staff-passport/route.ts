// One staff member's passport (DOMAIN.md E4, E10): details, status, the invitation, the
// credentials provided and the passport history; resend the invitation; identity and access (E5:
// the shared identity to review, face to face, decline); the user's banner when the person has
// requested credentials (E8.1, seed 000).
//   GET  /trusts/{ods}/employer/staff-passports/{id}
//   POST /trusts/{ods}/employer/staff-passports/{id}/resend-invitation
//        1. the context; 2. the passport, locked (another trust's id: 404, as for none)
//        3. only while invited; 4. acts once: the form names the invitation it replaces, and a
//        second submission finds a newer one; 5. a new link (the old one stops working), email
//        and text, history and audit in one transaction
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { historyEventText } from '../../../core/passport/history-wording.ts';
import { actionsOf, PASSPORT_ACTIONS, PASSPORT_STATUS_LABELS } from '../../../core/passport/invitation-rows.ts';
import { formValues } from '../../../platform/http/forms.ts';
import { credentialRequests } from '../../../store/credential-requests.ts';
import { employerUsers } from '../../../store/employer-users.ts';
import { invitations } from '../../../store/invitations.ts';
import { passportHistory } from '../../../store/passport-history.ts';
import { providedCredentials } from '../../../store/provided-credentials.ts';
import { credentialsReview } from '../../../store/credentials-review.ts';
import { sharedCredentials } from '../../../store/shared-credentials.ts';
import { sharedIdentities } from '../../../store/shared-identities.ts';
import { staffPassports } from '../../../store/staff-passports.ts';
import { scopeOf } from '../../../store/scope.ts';
import type { EmployerPortalDeps } from '../auth/deps.ts';
import { employerContext, employerPage, employerPath } from '../auth/employer-context.ts';
import { awaitingIdentity } from '../identity-shared/identity-actions.ts';
import { sharedTypeText } from '../identity-shared/shared-review.ts';
import { draftText, requiredPath, requiredProgress, reviewBlock, sharedPath, typeName } from '../shared-credentials/review.ts';
import { londonDay, sendInvitation } from '../staff-passports/invite-staff.ts';

export const zPassportParams = z.object({ ods: z.string(), id: z.uuid() });

const DONE_VALUES = [
  'invited', 'resent', 'not-invited', 'identity-confirmed', 'identity-confirmed-passport-expired', 'identity-not-awaiting', 'access-declined',
  'identity-not-now', 'shared-identity-rejected', 'identity-changed', 'identity-not-shared',
  'credentials-completed', 'credentials-bypassed', 'credentials-already-reviewed', 'credentials-not-ready',
] as const;

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
    const done = z.enum(DONE_VALUES).optional().catch(undefined).parse((request.query as Record<string, unknown> | undefined)?.done);
    const live = invitation?.state === 'sent';
    const base = employerPath(ctx.organisation, `/staff-passports/${passport.id}`);
    // E5.4: a shared identity waiting for review; E8.1: the person's open credential requests (the banner).
    // E9: shared credentials (the banner and the list), the credentials-required progress and review.
    const [shared, openRequests, sharedList, progress, reviewed] = await Promise.all([
      passport.status === 'identity-shared' ? sharedIdentities(db, scope).of(passport.id) : undefined,
      credentialRequests(db, scope).openFor(passport.id),
      sharedCredentials(db, scope).list(passport.id),
      requiredProgress(db, scope, passport),
      credentialsReview(db, scope).of(passport.id),
    ]);
    const toReview = sharedList.filter((c) => c.state === 'to-review').length;
    const reviewerName = reviewed ? actorText(reviewed.reviewedBy) : undefined;
    const notices: Record<(typeof DONE_VALUES)[number], string> = {
      invited: `Staff passport created. The invitation was sent to ${passport.email ?? 'them'}.`,
      resent: 'The invitation was sent again. The link in the earlier invitation no longer works.',
      'not-invited': 'Only a passport whose invitation has not been accepted can be sent an invitation again.',
      'identity-confirmed': `Identity confirmed. The identity credential and access key were provided, and ${passport.givenName} was told how to collect the access key.`,
      'identity-confirmed-passport-expired': `Identity confirmed. The identity credential and access key were provided, and ${passport.givenName} was told how to collect the access key. Their passport has expired: right to work cannot be provided until a valid passport is checked.`,
      'access-declined': `Access declined. ${passport.givenName} has been told.`,
      'identity-not-awaiting': 'This passport is not waiting for an identity check.',
      'identity-not-now': 'Nothing was changed. The shared identity is still waiting for review.',
      'shared-identity-rejected': `Identity credential rejected. ${passport.givenName} has been emailed the reason. Arrange a face-to-face identity check.`,
      'identity-changed': 'The shared identity changed while you were reviewing it, so nothing was done. Review it again.',
      'identity-not-shared': 'No shared identity could be read for this passport. Check their identity face to face.',
      'credentials-completed': 'Credentials required completed. The passport is now active and reviewed.',
      'credentials-bypassed': 'Credentials required bypassed. The passport is now active and reviewed.',
      'credentials-already-reviewed': 'The credentials required for this passport have already been reviewed.',
      'credentials-not-ready': 'Nothing was changed: the credentials required cannot be completed or bypassed yet.',
    };
    return employerPage(reply, ctx, 'portals/employer/staff-passport/page.njk', {
      pageTitle: `${passport.givenName} ${passport.familyName}`,
      navCurrent: employerPath(ctx.organisation, '/staff-passports'),
      backHref: employerPath(ctx.organisation, '/staff-passports'),
      notice: done ? notices[done] : undefined,
      requestBanner: openRequests[0] ? { href: employerPath(ctx.organisation, `/credential-requests/${openRequests[0].id}/review`) } : undefined,
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
      temporaryPlacementHref: `${base}/temporary-placement`,
      auditHref: `${base}/audit`,
      credentialsHref: `${base}/credentials`,
      identity: {
        awaiting: awaitingIdentity(passport),
        faceToFaceHref: `${base}/identity/face-to-face`,
        declineHref: `${base}/decline-access`,
        shared: shared?.identity ? { issuerName: shared.identity.issuerName, typeText: sharedTypeText(shared.identity), reviewHref: `${base}/identity/shared` } : undefined,
      },
      esr: { linked: passport.esrLinkState === 'linked', connectHref: `${base}/esr`, changeHref: `${base}/esr?change=yes`, provideHref: `${base}/provide-from-esr` },
      credentials: credentials.map((c) => ({ title: c.title, state: c.state, providedAt: when(c.providedAt), expiresOn: c.expiresAt ? londonDay(c.expiresAt) : undefined })),
      history: history.map((h) => ({ text: historyEventText(h.event), at: when(h.at), actor: actorText(h.actor) })),
      sharedCredentials: {
        toReview,
        reviewHref: sharedPath(ctx, passport.id),
        rows: sharedList.map((c) => ({ name: typeName(c.type), issuerName: c.issuerName, sharedOn: londonDay(c.sharedAt), stateText: draftText(c) })),
      },
      required: {
        progress,
        reviewed: reviewed ? { text: `${reviewed.outcome === 'completed' ? 'Completed' : 'Bypassed'} on ${when(reviewed.reviewedAt)} by ${reviewerName}` } : undefined,
        canComplete: !reviewBlock(passport, toReview, 'completed', progress),
        canBypass: !reviewBlock(passport, toReview, 'bypassed', progress),
        completeHref: requiredPath(ctx, passport.id, 'complete'),
        bypassHref: requiredPath(ctx, passport.id, 'bypass'),
      },
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
