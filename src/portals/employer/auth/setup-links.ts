// Sending a user their set-up link (D38): a new single-use token (only its SHA-256 is stored; an
// earlier live link is closed), emailed with the `employer-user-invitation` template, in the
// caller's transaction so a rolled-back change sends nothing.
import type { Organisation } from '../../../core/passport/organisation.ts';
import type { Db } from '../../../store/database.ts';
import { employerUserSetupLinks } from '../../../store/employer-user-setup-links.ts';
import type { EmployerUser } from '../../../store/employer-users.ts';
import { scopeOf } from '../../../store/scope.ts';
import type { EmployerPortalDeps } from './deps.ts';
import { employerPath } from './employer-context.ts';
import { signInPolicy } from './policy.ts';
import { digest, newToken } from './tokens.ts';

const dateTime = new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeStyle: 'short', timeZone: 'Europe/London' });

export function formatDateTime(date: Date): string {
  return dateTime.format(date);
}

export async function sendSetupLink(tx: Db, deps: Pick<EmployerPortalDeps, 'clock' | 'notifier' | 'publicUrl'>, organisation: Organisation, user: EmployerUser, actor: string): Promise<Date> {
  const token = newToken();
  const now = deps.clock.now();
  const expiresAt = new Date(now.getTime() + signInPolicy.setupLinkMs);
  await employerUserSetupLinks(tx, scopeOf(organisation.id)).issue(user.id, { tokenHash: digest(token), actor, now, expiresAt });
  await deps.notifier.send(tx, {
    organisationId: organisation.id,
    channel: 'email',
    to: user.email,
    template: 'employer-user-invitation',
    personalisation: { name: user.displayName, organisation_name: organisation.name, link: `${deps.publicUrl}${employerPath(organisation, '/set-up')}?token=${token}`, expires_at: formatDateTime(expiresAt) },
  });
  return expiresAt;
}
