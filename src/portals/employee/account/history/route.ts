// S11 Passport history (DOMAIN.md §4.2 S11): everything that happened to the person's passport at
// this trust, newest first, 25 to a page, in the words the employer's passport page uses
// (core/passport/history-wording.ts).
//   GET /trusts/{ods}/employee/history[?page=n]   only the signed-in person's passport, scoped by
//        the trust; a page past the end shows the last one
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { getCredentialType, isCredentialTypeId } from '../../../../core/credentials/catalogue.ts';
import { historyEventSubject, historyEventText } from '../../../../core/passport/history-wording.ts';
import { passportHistory } from '../../../../store/passport-history.ts';
import { scopeOf } from '../../../../store/scope.ts';
import type { EmployeePortalDeps } from '../../auth/deps.ts';
import { employeeContext, employeePage } from '../../auth/employee-context.ts';
import { accountPaths, londonTime, requestableName } from '../shared/account.ts';

export const HISTORY_PAGE_SIZE = 25;

const zQuery = z.object({ page: z.coerce.number().int().min(1).max(100_000).catch(1).default(1) });

const typeName = (type: string): string => {
  const requestable = requestableName(type);
  if (requestable !== type) return requestable;
  return isCredentialTypeId(type) ? getCredentialType(type).display.name : type;
};

export function registerHistoryPage(app: FastifyInstance, deps: EmployeePortalDeps): void {
  app.get('/trusts/:ods/employee/history', { config: { surface: 'page' } }, async (request, reply) => {
    const ctx = await employeeContext(request, reply);
    if (!ctx) return reply;
    const history = passportHistory(deps.database.db, scopeOf(ctx.organisation.id));
    const total = await history.count(ctx.passport.id);
    const pages = Math.max(1, Math.ceil(total / HISTORY_PAGE_SIZE));
    const page = Math.min(zQuery.parse(request.query ?? {}).page, pages);
    const entries = await history.list(ctx.passport.id, { limit: HISTORY_PAGE_SIZE, offset: (page - 1) * HISTORY_PAGE_SIZE });
    // Actors are identifiers (D37): the person is "You", HR users are the trust, jobs are automatic.
    const by = (actor: string) => (actor === `staff:${ctx.passport.id}` ? 'You' : actor.startsWith('user:') ? ctx.organisation.name : 'Automatically');
    const base = accountPaths.history(ctx);
    const href = (p: number) => (p > 1 ? `${base}?page=${p}` : base);
    const numbers = [...new Set([1, page - 1, page, page + 1, pages])].filter((n) => n >= 1 && n <= pages).sort((a, b) => a - b);
    const items: Array<{ number?: number; href?: string; current?: boolean; ellipsis?: boolean }> = [];
    numbers.forEach((n, i) => {
      if (i > 0 && n - numbers[i - 1]! > 1) items.push({ ellipsis: true });
      items.push({ number: n, href: href(n), current: n === page });
    });
    return employeePage(reply, ctx, 'portals/employee/account/history/page.njk', {
      pageTitle: page > 1 ? `Passport history (page ${page} of ${pages})` : 'Passport history',
      navCurrent: base,
      total,
      from: total === 0 ? 0 : (page - 1) * HISTORY_PAGE_SIZE + 1,
      to: (page - 1) * HISTORY_PAGE_SIZE + entries.length,
      entries: entries.map((h) => ({ text: historyEventText(h.event), about: historyEventSubject(h.details, typeName), at: londonTime(h.at), by: by(h.actor) })),
      pager: pages > 1 ? { previous: page > 1 ? { href: href(page - 1) } : undefined, next: page < pages ? { href: href(page + 1) } : undefined, items } : undefined,
    });
  });
}
