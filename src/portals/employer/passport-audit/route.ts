// A person's passport history and audit (DOMAIN.md §4.1 Reports: "passport history and audit
// views for a person").
//   GET /trusts/{ods}/employer/staff-passports/{passportId}/audit
//       the full passport history (newest first, up to 500 events) and the trust's audit entries
//       whose subject is this passport (newest first, up to 500), each with who, what and when.
//       Another trust's passport: the 404 page.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { historyEventText } from '../../../core/passport/history-wording.ts';
import { listAudit } from '../../../store/audit-log.ts';
import { employerUsers } from '../../../store/employer-users.ts';
import { passportHistory } from '../../../store/passport-history.ts';
import { scopeOf } from '../../../store/scope.ts';
import type { EmployerPortalDeps } from '../auth/deps.ts';
import { employerContext, employerPage, employerPath } from '../auth/employer-context.ts';
import { fullName, passportOf, passportPath } from '../esr-shared/passport-esr.ts';

const when = (at: Date) => new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' }).format(at);

export function registerPassportAuditPage(app: FastifyInstance, deps: EmployerPortalDeps): void {
  app.get('/trusts/:ods/employer/staff-passports/:passportId/audit', { config: { surface: 'page' } }, async (request, reply) => {
    const ctx = await employerContext(request, reply);
    if (!ctx) return reply;
    const passport = await passportOf(request, reply, ctx);
    if (!passport) return reply;
    const db = deps.database.db;
    const scope = scopeOf(ctx.organisation.id);
    const [history, audit] = await Promise.all([passportHistory(db, scope).list(passport.id, { limit: 500 }), listAudit(db, ctx.organisation.id, { subject: passport.id, limit: 500 })]);
    const newestFirst = [...audit].sort((a, b) => b.seq - a.seq);
    // Actors are identifiers (D37); portal users are shown by name.
    const ids = [...new Set([...history.map((h) => h.actor), ...audit.map((a) => a.actor)].flatMap((a) => (a.startsWith('user:') ? [a.slice(5)] : [])))];
    const users = new Map<string, string>();
    for (const id of ids) {
      const user = z.uuid().safeParse(id).success ? await employerUsers(db, scope).findById(id) : undefined;
      if (user) users.set(id, user.displayName);
    }
    const actorText = (actor: string) =>
      actor.startsWith('user:') ? (users.get(actor.slice(5)) ?? 'A portal user') : actor.startsWith('staff:') ? fullName(passport) : 'Automatic';
    return employerPage(reply, ctx, 'portals/employer/passport-audit/page.njk', {
      pageTitle: `History and audit for ${fullName(passport)}`,
      passportName: fullName(passport),
      navCurrent: employerPath(ctx.organisation, '/staff-passports'),
      backHref: passportPath(ctx, passport.id),
      history: history.map((h) => ({ text: historyEventText(h.event), at: when(h.at), actor: actorText(h.actor) })),
      audit: newestFirst.map((a) => ({ action: a.action, at: when(a.at), actor: actorText(a.actor), reference: a.correlationId })),
    });
  });
}
