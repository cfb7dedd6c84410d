// How the portals word a passport's history (DOMAIN.md S11, E10 "Passport history"): one map for
// the employer's passport page and the employee's own history, so HR and the person read the
// same words for the same event. The events are recorded by src/store/passport-history.ts
// (HISTORY_EVENTS); an event missing here is shown by its code rather than hidden.

export const HISTORY_EVENT_TEXT: Readonly<Record<string, string>> = {
  'passport.created': 'Staff passport created',
  'passport.signed-up': 'Signed up from the invitation',
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
  'credential.reissued': 'Credential reissued to wallet (the old copy revoked)',
  'reminder.pending-credentials': 'Reminder to review credentials sent',
  'credential-request.made': 'Credentials requested',
  'credential-request.provided': 'Requested credential provided',
  'credential-request.rejected': 'Requested credential rejected',
  'credential-request.reviewed': 'Credential request reviewed',
  'identity.shared': 'Digital identity shared for the identity check',
  'identity.confirmed': 'Identity confirmed',
  'identity.rejected': 'Shared identity rejected',
  'access.declined': 'Access declined',
  'notifications.changed': 'Notification settings changed',
  'credential.rejection-resolved': 'Rejected credential marked as resolved',
  'credential.rejection-unresolved': 'Rejected credential marked as not resolved',
  'access-key.renewed': 'New access key credential provided (the old access key revoked)',
  'identity.renewed': 'New Identity credential provided',
  'credentials.shared': 'Credentials shared with the trust',
  'shared-credential.accepted': 'Shared credential accepted',
  'shared-credential.rejected': 'Shared credential rejected',
  'credentials-required.completed': 'Credentials required completed',
  'credentials-required.bypassed': 'Credentials required bypassed',
};

export function historyEventText(event: string): string {
  return Object.hasOwn(HISTORY_EVENT_TEXT, event) ? HISTORY_EVENT_TEXT[event]! : event;
}

/**
 * What the entry was about, from its details, when they name it: a credential's title, or the
 * requested types' names (`typeName` words a credential type). Details hold no personal data
 * (src/store/passport-history.ts), so this is safe to show to anyone who may see the entry.
 */
export function historyEventSubject(details: Record<string, unknown>, typeName: (type: string) => string): string | undefined {
  if (typeof details.title === 'string' && details.title) return details.title;
  if (typeof details.types === 'string' && details.types) return details.types.split(',').map(typeName).join(', ');
  if (typeof details.type === 'string' && details.type) return typeName(details.type);
  return undefined;
}
