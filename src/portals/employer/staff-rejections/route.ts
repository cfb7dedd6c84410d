// Credentials staff rejected (DOMAIN.md E11): each with the person, the reason and its details (the
// `state_reason` the employee portal wrote, read with `rejectReasonOf`), the date, the suggested
// handling for the reason, and Resolve / Unresolve.
//   GET  /trusts/{ods}/employer/staff-rejections
//   POST /trusts/{ods}/employer/staff-rejections/{credentialId}/resolve
//   POST /trusts/{ods}/employer/staff-rejections/{credentialId}/unresolve
//        1. the context; 2. the rejection of this trust (another trust's id, or a credential not
//        rejected: 404); 3. ONE transaction: a conditional update (a double submit, or two users,
//        change it once), history and audit only when it changed; 303 back to the list.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { rejectReasonOf, type RejectReason } from '../../employee/credentials/credential-view.ts';
import { appendAudit } from '../../../store/audit-log.ts';
import { employerUsers } from '../../../store/employer-users.ts';
import { passportHistory } from '../../../store/passport-history.ts';
import { scopeOf } from '../../../store/scope.ts';
import { staffRejections } from '../../../store/staff-rejections.ts';
import type { EmployerPortalDeps } from '../auth/deps.ts';
import { employerContext, employerPage, employerPath } from '../auth/employer-context.ts';

/** DOMAIN.md E11: what HR usually does about each reason. */
export const SUGGESTED_HANDLING: Record<RejectReason | 'unknown', string> = {
  duplicate: 'They already have it. Check, then mark it as resolved.',
  'incorrect-information': 'Correct the record (for example in ESR), provide the credential again, then mark it as resolved.',
  'no-longer-wanted': 'Discuss with the staff member whether they need it.',
  other: 'Contact the staff member about their reason.',
  unknown: 'Contact the staff member about their reason.',
};

const LIMIT = 500;
const zParams = z.object({ ods: z.string(), credentialId: z.uuid() });
const DONE = { resolved: 'Marked as resolved.', unresolved: 'Marked as not resolved.' } as const;

const day = (at: Date) => new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', day: 'numeric', month: 'long', year: 'numeric' }).format(at);

export function registerStaffRejectionsPage(app: FastifyInstance, deps: EmployerPortalDeps): void {
  app.get('/trusts/:ods/employer/staff-rejections', { config: { surface: 'page' } }, async (request, reply) => {
    const ctx = await employerContext(request, reply);
    if (!ctx) return reply;
    const scope = scopeOf(ctx.organisation.id);
    const db = deps.database.db;
    const rows = await staffRejections(db, scope).list({ limit: LIMIT });
    const users = new Map<string, string>();
    for (const id of new Set(rows.flatMap((r) => (r.resolvedBy?.startsWith('user:') ? [r.resolvedBy.slice(5)] : [])))) {
      const user = z.uuid().safeParse(id).success ? await employerUsers(db, scope).findById(id) : undefined;
      if (user) users.set(id, user.displayName);
    }
    const done = z.enum(['resolved', 'unresolved']).optional().catch(undefined).parse((request.query as Record<string, unknown> | undefined)?.done);
    const items = rows.map((r) => {
      const reason = rejectReasonOf(r.stateReason);
      return {
        id: r.id,
        name: `${r.givenName} ${r.familyName}`,
        passportHref: employerPath(ctx.organisation, `/staff-passports/${r.passportId}`),
        title: r.title,
        reason: reason.text,
        details: reason.details,
        handling: SUGGESTED_HANDLING[reason.code ?? 'unknown'],
        rejectedOn: day(r.rejectedAt),
        resolved: r.resolvedAt ? { on: day(r.resolvedAt), by: r.resolvedBy?.startsWith('user:') ? (users.get(r.resolvedBy.slice(5)) ?? 'A portal user') : 'A portal user' } : undefined,
        resolveAction: employerPath(ctx.organisation, `/staff-rejections/${r.id}/resolve`),
        unresolveAction: employerPath(ctx.organisation, `/staff-rejections/${r.id}/unresolve`),
      };
    });
    return employerPage(reply, ctx, 'portals/employer/staff-rejections/page.njk', {
      pageTitle: 'Credentials rejected by staff',
      navCurrent: employerPath(ctx.organisation, '/staff-passports'),
      backHref: employerPath(ctx.organisation),
      notice: done ? DONE[done] : undefined,
      open: items.filter((i) => !i.resolved),
      resolved: items.filter((i) => i.resolved),
    });
  });

  for (const action of ['resolve', 'unresolve'] as const) {
    app.post(`/trusts/:ods/employer/staff-rejections/:credentialId/${action}`, { config: { surface: 'page' } }, async (request, reply) => {
      const ctx = await employerContext(request, reply);
      if (!ctx) return reply;
      const params = zParams.safeParse(request.params);
      if (!params.success) return reply.page('errors/not-found.njk', { pageTitle: 'Page not found' }, 404);
      const scope = scopeOf(ctx.organisation.id);
      const actor = `user:${ctx.user.id}`;
      const outcome = await deps.database.transaction(async (tx) => {
        const rejections = staffRejections(tx, scope);
        if (!(await rejections.find(params.data.credentialId))) return 'not-found' as const;
        const now = deps.clock.now();
        const changed = action === 'resolve' ? await rejections.resolve(params.data.credentialId, { actor, now }) : await rejections.unresolve(params.data.credentialId);
        if (!changed) return 'unchanged' as const;
        const event = action === 'resolve' ? ('credential.rejection-resolved' as const) : ('credential.rejection-unresolved' as const);
        await passportHistory(tx, scope).record([{ passportId: changed.passportId, event, actor, at: now, credentialId: params.data.credentialId, details: { type: changed.credentialType, title: changed.title } }]);
        await appendAudit(
          tx,
          { organisationId: ctx.organisation.id, actor, action: `credential.rejection-${action}d`, subject: params.data.credentialId, correlationId: String(request.id), details: { passportId: changed.passportId, type: changed.credentialType } },
          deps.clock,
        );
        return 'changed' as const;
      });
      if (outcome === 'not-found') return reply.page('errors/not-found.njk', { pageTitle: 'Page not found' }, 404);
      return reply.redirect(employerPath(ctx.organisation, `/staff-rejections?done=${action}d`), 303);
    });
  }
}
