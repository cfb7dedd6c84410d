// The staff list (DOMAIN.md §3, E4): every passport of the trust, searched by name, email or
// ESR assignment number, filtered by status and by the action needed, 25 to a page, sorted by
// last name. The query string is the whole state, so a page can be bookmarked and shared.
//   GET /trusts/{ods}/employer/staff-passports[?q=&status=&action=&page=]
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { actionsOf, PASSPORT_ACTIONS, PASSPORT_STATUS_LABELS, type PassportAction } from '../../../core/passport/invitation-rows.ts';
import { PASSPORT_STATUSES } from '../../../core/passport/staff-passport.ts';
import { staffPassports } from '../../../store/staff-passports.ts';
import { scopeOf } from '../../../store/scope.ts';
import type { EmployerPortalDeps } from '../auth/deps.ts';
import { employerContext, employerPage, employerPath } from '../auth/employer-context.ts';

export const PAGE_SIZE = 25;

const emptyToUndefined = (v: unknown) => (v === '' ? undefined : v);
const zListQuery = z.object({
  q: z.string().max(100).optional().catch(undefined),
  status: z.preprocess(emptyToUndefined, z.enum(PASSPORT_STATUSES).optional()).catch(undefined),
  action: z.preprocess(emptyToUndefined, z.enum(PASSPORT_ACTIONS.map((a) => a.value) as [PassportAction, ...PassportAction[]]).optional()).catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).catch(1).default(1),
  done: z.enum(['invited-csv', 'deleted']).optional().catch(undefined),
  count: z.coerce.number().int().min(1).optional().catch(undefined),
});

const actionLabels: Record<string, string> = Object.fromEntries(PASSPORT_ACTIONS.map((a) => [a.value, a.label]));

export function registerStaffPassportsPage(app: FastifyInstance, deps: EmployerPortalDeps): void {
  app.get('/trusts/:ods/employer/staff-passports', { config: { surface: 'page' } }, async (request, reply) => {
    const ctx = await employerContext(request, reply);
    if (!ctx) return reply;
    const query = zListQuery.parse(request.query ?? {});
    const base = employerPath(ctx.organisation, '/staff-passports');
    const search = { ...(query.q?.trim() ? { query: query.q.trim() } : {}), ...(query.status ? { status: query.status } : {}), ...(query.action ? { action: query.action } : {}) };
    const passports = staffPassports(deps.database.db, scopeOf(ctx.organisation.id));
    let page = query.page;
    let found = await passports.search({ ...search, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
    const pages = Math.max(1, Math.ceil(found.total / PAGE_SIZE));
    if (page > pages) {
      page = pages;
      found = await passports.search({ ...search, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
    }
    const href = (p: number) => {
      const params = new URLSearchParams();
      if (search.query) params.set('q', search.query);
      if (search.status) params.set('status', search.status);
      if (search.action) params.set('action', search.action);
      if (p > 1) params.set('page', String(p));
      const s = params.toString();
      return s ? `${base}?${s}` : base;
    };
    const numbers = [...new Set([1, page - 1, page, page + 1, pages])].filter((n) => n >= 1 && n <= pages).sort((a, b) => a - b);
    const items: Array<{ number?: number; href?: string; current?: boolean; ellipsis?: boolean }> = [];
    numbers.forEach((n, i) => {
      if (i > 0 && n - numbers[i - 1]! > 1) items.push({ ellipsis: true });
      items.push({ number: n, href: href(n), current: n === page });
    });
    const filtered = Boolean(search.query || search.status || search.action);
    const notice =
      query.done === 'invited-csv'
        ? query.count
          ? `${query.count} ${query.count === 1 ? 'invitation' : 'invitations'} sent.`
          : 'The invitations were sent.'
        : query.done === 'deleted'
          ? 'The staff passport was deleted.'
          : undefined;
    return employerPage(reply, ctx, 'portals/employer/staff-passports/page.njk', {
      pageTitle: page > 1 ? `Staff passports (page ${page} of ${pages})` : 'Staff passports',
      navCurrent: base,
      action: base,
      inviteHref: employerPath(ctx.organisation, '/staff-passports/invite'),
      inviteCsvHref: employerPath(ctx.organisation, '/staff-passports/invite-csv'),
      notice,
      values: { q: search.query ?? '', status: search.status ?? '', action: search.action ?? '' },
      statuses: PASSPORT_STATUSES.map((s) => ({ value: s, text: PASSPORT_STATUS_LABELS[s] })),
      actions: PASSPORT_ACTIONS,
      filtered,
      clearHref: base,
      total: found.total,
      page,
      pages,
      from: found.total === 0 ? 0 : (page - 1) * PAGE_SIZE + 1,
      to: (page - 1) * PAGE_SIZE + found.rows.length,
      pager: pages > 1 ? { previous: page > 1 ? { href: href(page - 1) } : undefined, next: page < pages ? { href: href(page + 1) } : undefined, items } : undefined,
      rows: found.rows.map((r) => ({
        ...r,
        href: employerPath(ctx.organisation, `/staff-passports/${r.id}`),
        statusText: PASSPORT_STATUS_LABELS[r.status],
        actions: actionsOf(r, r.liveInvitation).map((a) => actionLabels[a]),
      })),
    });
  });
}
