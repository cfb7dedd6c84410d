// Reports (DOMAIN.md §4.1 "Reports"), for every user of the trust (Senior and Portal
// Administrators alike): CSV exports of the trust's own rows.
//   GET  /trusts/{ods}/employer/reports                      the page: one form per report
//   POST /trusts/{ods}/employer/reports/passports            the staff list's filters (status,
//        action needed, search) as form fields, so a searched name never goes in a URL
//   POST …/reports/credentials                               provided credentials, one state or all
//   POST …/reports/revocations                               revoked provided credentials, reason and date
//   POST …/reports/shares-received                           credentials staff shared with the trust
//        (E9): holder, credential, issuer, when shared, HR's review status and when decided
// A bad filter: the page again, 400, the NHS error summary, the choices kept. An export is
// streamed a page of rows at a time (src/store/reports.ts, keyset), as RFC 4180 CSV with formula
// cells defused (./csv.ts), `content-disposition: attachment`; when the last row is written the
// audit log records who exported which report and how many rows (`report.exported`, no PII:
// whether a search was used, never the words).
import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { PASSPORT_ACTIONS, PASSPORT_STATUS_LABELS, actionsOf, type PassportAction } from '../../../core/passport/invitation-rows.ts';
import { PROVIDED_STATES } from '../../../core/passport/provided-credential.ts';
import { PASSPORT_STATUSES } from '../../../core/passport/staff-passport.ts';
import { parseForm, type FormErrors } from '../../../platform/http/forms.ts';
import { appendAudit } from '../../../store/audit-log.ts';
import { credentialReportPages, passportReportPages, shareReportPages } from '../../../store/reports.ts';
import { scopeOf } from '../../../store/scope.ts';
import type { EmployerPortalDeps } from '../auth/deps.ts';
import { employerContext, employerPage, employerPath, type EmployerContext } from '../auth/employer-context.ts';
import { registerPassportAuditPage } from '../passport-audit/route.ts';
import { typeName } from '../shared-credentials/review.ts';
import { csvLine, type CsvValue } from './csv.ts';

export const REPORTS = ['passports', 'credentials', 'revocations', 'shares-received'] as const;
export type ReportName = (typeof REPORTS)[number];

const empty = (v: unknown) => (v === '' ? undefined : v);
const zPassports = z.object({
  status: z.preprocess(empty, z.enum(PASSPORT_STATUSES, { error: 'Select a status from the list' }).optional()),
  action: z.preprocess(empty, z.enum(PASSPORT_ACTIONS.map((a) => a.value) as [PassportAction, ...PassportAction[]], { error: 'Select an action from the list' }).optional()),
  q: z.string().trim().max(100, { error: 'Search must be 100 characters or fewer' }).optional(),
});
const zCredentials = z.object({ state: z.preprocess(empty, z.enum(PROVIDED_STATES, { error: 'Select a credential status from the list' }).optional()) });

const STATE_LABELS: Record<string, string> = {
  pending: 'Pending', accepted: 'Accepted', declined: 'Rejected by staff', withdrawn: 'Withdrawn', archived: 'Archived', expired: 'Expired', revoked: 'Revoked',
};
const actionLabels: Record<string, string> = Object.fromEntries(PASSPORT_ACTIONS.map((a) => [a.value, a.label]));
const iso = (d: Date | null) => (d ? d.toISOString() : '');

function render(reply: FastifyReply, ctx: EmployerContext, values: Record<string, string> = {}, errors?: FormErrors, status = 200): FastifyReply {
  const base = employerPath(ctx.organisation, '/reports');
  return employerPage(
    reply,
    ctx,
    'portals/employer/reports/page.njk',
    {
      pageTitle: 'Reports',
      navCurrent: base,
      actions: Object.fromEntries(REPORTS.map((r) => [r, `${base}/${r}`])),
      values,
      statuses: [{ value: '', text: 'Any status' }, ...PASSPORT_STATUSES.map((s) => ({ value: s, text: PASSPORT_STATUS_LABELS[s], selected: values.status === s }))],
      passportActions: [{ value: '', text: 'Any' }, ...PASSPORT_ACTIONS.map((a) => ({ value: a.value, text: a.label, selected: values.action === a.value }))],
      states: [{ value: '', text: 'All statuses' }, ...PROVIDED_STATES.map((s) => ({ value: s, text: STATE_LABELS[s] ?? s, selected: values.state === s }))],
      errors,
    },
    status,
  );
}

/** Streams the header and then each page of rows; records the export in the audit log once the last row is written. */
function sendCsv(
  request: FastifyRequest,
  reply: FastifyReply,
  deps: EmployerPortalDeps,
  ctx: EmployerContext,
  report: ReportName,
  header: readonly string[],
  pages: AsyncIterable<CsvValue[][]>,
  filters: Record<string, unknown>,
): FastifyReply {
  async function* lines(): AsyncGenerator<string> {
    yield csvLine(header);
    let rows = 0;
    for await (const page of pages) {
      rows += page.length;
      yield page.map(csvLine).join('');
    }
    await appendAudit(
      deps.database.db,
      { organisationId: ctx.organisation.id, actor: `user:${ctx.user.id}`, action: 'report.exported', subject: `report:${report}`, correlationId: String(request.id), details: { report, rows, filters } },
      deps.clock,
    );
  }
  const day = deps.clock.now().toISOString().slice(0, 10);
  return reply
    .header('content-type', 'text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${report}-${ctx.organisation.odsCode}-${day}.csv"`)
    .header('cache-control', 'no-store')
    .send(Readable.from(lines()));
}

async function* mapped<T>(source: AsyncIterable<T[]>, f: (row: T) => CsvValue[]): AsyncGenerator<CsvValue[][]> {
  for await (const page of source) yield page.map(f);
}

export function registerReportsPages(app: FastifyInstance, deps: EmployerPortalDeps): void {
  // A person's history and audit view (src/portals/employer/passport-audit).
  registerPassportAuditPage(app, deps);
  app.get('/trusts/:ods/employer/reports', { config: { surface: 'page' } }, async (request, reply) => {
    const ctx = await employerContext(request, reply);
    if (!ctx) return reply;
    return render(reply, ctx);
  });

  app.post('/trusts/:ods/employer/reports/passports', { config: { surface: 'page' } }, async (request, reply) => {
    const ctx = await employerContext(request, reply);
    if (!ctx) return reply;
    const form = parseForm(zPassports, request.body);
    if (!form.ok) return render(reply, ctx, form.values, form.errors, 400);
    const { status, action, q } = form.value;
    const pages = passportReportPages(deps.database.db, scopeOf(ctx.organisation.id), { ...(q ? { query: q } : {}), ...(status ? { status } : {}), ...(action ? { action } : {}) });
    return sendCsv(
      request,
      reply,
      deps,
      ctx,
      'passports',
      ['Passport ID', 'First name', 'Last name', 'Email address', 'Mobile phone number', 'Status', 'Action needed', 'ESR assignment number', 'Connected to ESR', 'Created'],
      mapped(pages, (r) => [
        r.id, r.givenName, r.familyName, r.email, r.mobile, PASSPORT_STATUS_LABELS[r.status],
        actionsOf(r, r.liveInvitation).map((a) => actionLabels[a]).join('; '), r.esrAssignmentNumber, r.esrLinkState === 'linked' ? 'Yes' : 'No', iso(r.createdAt),
      ]),
      { status: status ?? null, action: action ?? null, searched: Boolean(q) },
    );
  });

  app.post('/trusts/:ods/employer/reports/credentials', { config: { surface: 'page' } }, async (request, reply) => {
    const ctx = await employerContext(request, reply);
    if (!ctx) return reply;
    const form = parseForm(zCredentials, request.body);
    if (!form.ok) return render(reply, ctx, form.values, form.errors, 400);
    const { state } = form.value;
    const pages = credentialReportPages(deps.database.db, scopeOf(ctx.organisation.id), state ? [state] : undefined);
    return sendCsv(
      request,
      reply,
      deps,
      ctx,
      'credentials',
      ['Credential ID', 'Passport ID', 'First name', 'Last name', 'Credential', 'Type', 'Status', 'Source', 'Provided', 'Status changed', 'Expires'],
      mapped(pages, (r) => [r.id, r.passportId, r.givenName, r.familyName, r.title, r.credentialType, STATE_LABELS[r.state] ?? r.state, r.source, iso(r.providedAt), iso(r.stateChangedAt), iso(r.expiresAt)]),
      { state: state ?? null },
    );
  });

  app.post('/trusts/:ods/employer/reports/revocations', { config: { surface: 'page' } }, async (request, reply) => {
    const ctx = await employerContext(request, reply);
    if (!ctx) return reply;
    const pages = credentialReportPages(deps.database.db, scopeOf(ctx.organisation.id), ['revoked']);
    return sendCsv(
      request,
      reply,
      deps,
      ctx,
      'revocations',
      ['Credential ID', 'Passport ID', 'First name', 'Last name', 'Credential', 'Type', 'Reason', 'Revoked'],
      mapped(pages, (r) => [r.id, r.passportId, r.givenName, r.familyName, r.title, r.credentialType, r.stateReason, iso(r.stateChangedAt)]),
      {},
    );
  });

  app.post('/trusts/:ods/employer/reports/shares-received', { config: { surface: 'page' } }, async (request, reply) => {
    const ctx = await employerContext(request, reply);
    if (!ctx) return reply;
    const pages = shareReportPages(deps.database.db, scopeOf(ctx.organisation.id));
    const review: Record<string, string> = { 'to-review': 'To review', accepted: 'Accepted', rejected: 'Rejected' };
    return sendCsv(
      request,
      reply,
      deps,
      ctx,
      'shares-received',
      ['Passport ID', 'First name', 'Last name', 'Credential', 'Issued by', 'Shared', 'Review status', 'Reviewed'],
      mapped(pages, (r) => [r.passportId, r.givenName, r.familyName, typeName(r.credentialType), r.issuerName, iso(r.sharedAt), review[r.state] ?? r.state, iso(r.decidedAt)]),
      {},
    );
  });
}
