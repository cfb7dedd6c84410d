// Provide credentials from ESR (DOMAIN.md E7), done: what is now pending for the staff member.
//   GET /trusts/{ods}/employer/staff-passports/{passportId}/provide-from-esr/done
import type { FastifyInstance } from 'fastify';
import { channelsFor } from '../../../core/passport/staff-passport.ts';
import { providedCredentials } from '../../../store/provided-credentials.ts';
import { scopeOf } from '../../../store/scope.ts';
import type { EmployerPortalDeps } from '../auth/deps.ts';
import { employerContext, employerPage, employerPath } from '../auth/employer-context.ts';
import { fullName, longDate, passportOf, passportPath } from '../esr-shared/passport-esr.ts';

export function registerProvideFromEsrDonePage(app: FastifyInstance, deps: EmployerPortalDeps): void {
  app.get('/trusts/:ods/employer/staff-passports/:passportId/provide-from-esr/done', { config: { surface: 'page' } }, async (request, reply) => {
    const ctx = await employerContext(request, reply);
    if (!ctx) return reply;
    const passport = await passportOf(request, reply, ctx);
    if (!passport) return reply;
    const pending = (await providedCredentials(deps.database.db, scopeOf(ctx.organisation.id)).listForPassport(passport.id)).filter((c) => c.state === 'pending');
    const channels = channelsFor(passport).map((c) => (c.channel === 'email' ? 'email' : 'text message'));
    return employerPage(reply, ctx, 'portals/employer/provide-from-esr-done/page.njk', {
      pageTitle: `Credentials provided to ${fullName(passport)}`,
      passportName: fullName(passport),
      told: channels.join(' and '),
      pending: pending.map((c) => ({ title: c.title, providedOn: longDate(c.providedAt.toISOString().slice(0, 10)), source: c.source === 'esr' ? 'ESR' : c.source === 'request' ? 'Request' : 'Entered by hand' })),
      passportHref: passportPath(ctx, passport.id),
      navCurrent: employerPath(ctx.organisation, '/staff-passports'),
    });
  });
}
