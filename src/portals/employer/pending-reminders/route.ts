// Manual reminders about pending credentials (DOMAIN.md E16), rules in remind.ts.
//   GET  /trusts/{ods}/employer/staff-passports/{passportId}/remind   confirm (how many pending)
//   POST …/remind   1. the context and the passport of this trust (else 404); 2. ONE transaction
//        (remind.ts): reminded once within a minute; 303 back with the outcome.
//   GET  /trusts/{ods}/employer/pending-reminders   confirm with the number of people
//   POST …/pending-reminders   each person with pending credentials, one transaction each; 303
//        back with how many were reminded.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { scopeOf } from '../../../store/scope.ts';
import type { EmployerPortalDeps } from '../auth/deps.ts';
import { employerContext, employerPage, employerPath, type EmployerContext } from '../auth/employer-context.ts';
import { fullName, passportOf, passportPath } from '../esr-shared/passport-esr.ts';
import { countPassportsWithPending, passportsWithPending, pendingCount, remindPending, type ReminderContext } from './remind.ts';

const PAGE = 200;
const ONE_DONE = { reminded: 'Reminder sent.', 'just-reminded': 'A reminder was sent less than a minute ago, so no other was sent.', 'none-pending': 'There are no credentials waiting for their review.' } as const;

const actionContext = (ctx: EmployerContext, correlationId: string): ReminderContext => ({ organisation: ctx.organisation, scope: scopeOf(ctx.organisation.id), actor: `user:${ctx.user.id}`, correlationId });

export function registerPendingReminderPages(app: FastifyInstance, deps: EmployerPortalDeps): void {
  app.get('/trusts/:ods/employer/staff-passports/:passportId/remind', { config: { surface: 'page' } }, async (request, reply) => {
    const ctx = await employerContext(request, reply);
    if (!ctx) return reply;
    const passport = await passportOf(request, reply, ctx);
    if (!passport) return reply;
    const pending = await pendingCount(deps.database.db, scopeOf(ctx.organisation.id), passport.id);
    const done = z.enum(['reminded', 'just-reminded', 'none-pending']).optional().catch(undefined).parse((request.query as Record<string, unknown> | undefined)?.done);
    return employerPage(reply, ctx, 'portals/employer/pending-reminders/one.njk', {
      pageTitle: `Send a reminder to ${fullName(passport)}`,
      passportName: fullName(passport),
      notice: done ? ONE_DONE[done] : undefined,
      pending,
      pendingText: pending === 1 ? '1 credential' : `${pending} credentials`,
      channels: [passport.notifyByEmail && passport.email ? 'email' : undefined, passport.notifyBySms && passport.mobile ? 'text message' : undefined].filter(Boolean).join(' and '),
      action: passportPath(ctx, passport.id, '/remind'),
      backHref: passportPath(ctx, passport.id),
      navCurrent: employerPath(ctx.organisation, '/staff-passports'),
    });
  });

  app.post('/trusts/:ods/employer/staff-passports/:passportId/remind', { config: { surface: 'page' } }, async (request, reply) => {
    const ctx = await employerContext(request, reply);
    if (!ctx) return reply;
    const passport = await passportOf(request, reply, ctx);
    if (!passport) return reply;
    const result = await deps.database.transaction((tx) => remindPending(tx, deps, actionContext(ctx, String(request.id)), passport.id));
    if (result.outcome === 'not-found') return reply.page('errors/not-found.njk', { pageTitle: 'Page not found' }, 404);
    return reply.redirect(passportPath(ctx, passport.id, `/remind?done=${result.outcome}`), 303);
  });

  app.get('/trusts/:ods/employer/pending-reminders', { config: { surface: 'page' } }, async (request, reply) => {
    const ctx = await employerContext(request, reply);
    if (!ctx) return reply;
    const people = await countPassportsWithPending(deps.database.db, scopeOf(ctx.organisation.id));
    const sent = z.coerce.number().int().min(0).max(1_000_000).optional().catch(undefined).parse((request.query as Record<string, unknown> | undefined)?.sent);
    return employerPage(reply, ctx, 'portals/employer/pending-reminders/all.njk', {
      pageTitle: 'Remind everyone with pending credentials',
      notice: sent === undefined ? undefined : sent === 1 ? 'Reminder sent to 1 person.' : `Reminders sent to ${sent} people.`,
      people,
      peopleText: people === 1 ? '1 person has' : `${people} people have`,
      action: employerPath(ctx.organisation, '/pending-reminders'),
      backHref: employerPath(ctx.organisation, '/staff-passports'),
      navCurrent: employerPath(ctx.organisation, '/staff-passports'),
    });
  });

  app.post('/trusts/:ods/employer/pending-reminders', { config: { surface: 'page' } }, async (request, reply) => {
    const ctx = await employerContext(request, reply);
    if (!ctx) return reply;
    const action = actionContext(ctx, String(request.id));
    let sent = 0;
    let after: string | undefined;
    for (;;) {
      const ids = await passportsWithPending(deps.database.db, action.scope, { ...(after ? { after } : {}), limit: PAGE });
      for (const id of ids) {
        const result = await deps.database.transaction((tx) => remindPending(tx, deps, action, id, true));
        if (result.outcome === 'reminded') sent += 1;
      }
      if (ids.length < PAGE) break;
      after = ids[ids.length - 1];
    }
    return reply.redirect(employerPath(ctx.organisation, `/pending-reminders?sent=${sent}`), 303);
  });
}
