// View credentials of a staff passport (DOMAIN.md E10): what this trust provided, with each one's
// state and what can be done with it: withdraw (pending), revoke (accepted), archive, restore.
// Archived credentials are hidden unless "Include archived credentials" is ticked (a GET form,
// so it works without JavaScript); "Revoke all credentials (leaving)" for a leaver.
//   GET /trusts/{ods}/employer/staff-passports/{passportId}/credentials[?archived=yes][&done=…]
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { TRANSITIONS } from '../../../core/passport/provided-credential.ts';
import { providedCredentials } from '../../../store/provided-credentials.ts';
import { scopeOf } from '../../../store/scope.ts';
import { formatDay } from '../../employee/credentials/credential-view.ts';
import type { EmployerPortalDeps } from '../auth/deps.ts';
import { employerContext, employerPage } from '../auth/employer-context.ts';
import { restorable } from '../credentials-shared/lifecycle.ts';
import { credentialPath, credentialsPath, navCurrent, STATE_TEXT } from '../credentials-shared/pages.ts';
import { fullName, passportOf, passportPath } from '../esr-shared/passport-esr.ts';

const zQuery = z.object({
  archived: z.literal('yes').optional().catch(undefined),
  done: z.enum(['withdrawn', 'revoked', 'archived', 'restored', 'leaver', 'not-allowed']).optional().catch(undefined),
});

export function registerCredentialsPage(app: FastifyInstance, deps: EmployerPortalDeps): void {
  app.get('/trusts/:ods/employer/staff-passports/:passportId/credentials', { config: { surface: 'page' } }, async (request, reply) => {
    const ctx = await employerContext(request, reply);
    if (!ctx) return reply;
    const passport = await passportOf(request, reply, ctx);
    if (!passport) return reply;
    const query = zQuery.parse(request.query ?? {});
    const db = deps.database.db;
    const scope = scopeOf(ctx.organisation.id);
    const now = deps.clock.now();
    const credentials = await providedCredentials(db, scope).listForPassport(passport.id, { includeArchived: query.archived === 'yes' });
    const rows = await Promise.all(
      credentials.map(async (c) => {
        const link = (suffix: string, text: string) => ({ href: credentialPath(ctx, passport.id, c.id, suffix), text });
        const actions = [
          ...(c.state === 'pending' ? [link('/withdraw', 'Withdraw')] : []),
          ...(c.state === 'accepted' && c.serialNumber ? [link('/revoke', 'Revoke')] : []),
          ...(TRANSITIONS.archive.from.includes(c.state) ? [link('/archive', 'Archive')] : []),
          ...((await restorable(db, scope, c, now)) ? [link('/restore', 'Restore')] : []),
        ];
        return { id: c.id, title: c.title, stateText: STATE_TEXT[c.state], providedOn: formatDay(c.providedAt), expiresOn: c.expiresAt ? formatDay(c.expiresAt) : '', actions };
      }),
    );
    const name = fullName(passport);
    const notices: Record<NonNullable<typeof query.done>, string> = {
      withdrawn: `Credential withdrawn. ${passport.givenName} can no longer accept, reject or share it; it shows in their passport history.`,
      revoked: `Credential revoked. It will no longer pass checks, and ${passport.givenName} has been told by email and text.`,
      archived: 'Credential archived. Tick "Include archived credentials" to see it.',
      restored: 'Credential restored.',
      leaver: `Every credential ${passport.givenName} had accepted from ${ctx.organisation.name} has been revoked, and the passport is deactivated.`,
      'not-allowed': 'That credential has changed since you opened it, so nothing was done.',
    };
    return employerPage(reply, ctx, 'portals/employer/credentials/page.njk', {
      pageTitle: `Credentials for ${name}`,
      name,
      navCurrent: navCurrent(ctx),
      backHref: passportPath(ctx, passport.id),
      notice: query.done ? notices[query.done] : undefined,
      includeArchived: query.archived === 'yes',
      action: credentialsPath(ctx, passport.id),
      rows,
      revokeAllHref: credentials.some((c) => c.state === 'accepted' && c.serialNumber) ? credentialsPath(ctx, passport.id, '/revoke-all') : undefined,
    });
  });
}
