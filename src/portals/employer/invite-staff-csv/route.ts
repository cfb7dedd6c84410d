// Invite staff from a CSV file (DOMAIN.md E4.1, §9 #12). There is no multipart parser among our
// dependencies, so the file's text is pasted into a form (no script: the strict CSP allows none
// of ours inline). The columns are the single form's fields; every row is validated, and
// duplicates within the file and against the trust's passports are reported, before anything
// is sent.
//   GET  /trusts/{ods}/employer/staff-passports/invite-csv
//   POST …/invite-csv  step=check  1. parse (RFC 4180) and validate every row
//                                  2. duplicates in the file and at the trust
//                                  3. the check page: each row's problems (400), or the rows to send (200)
//   POST …/invite-csv  step=send   1. sent already (the check page's one-time token names the same
//                                     passports): to the list
//                                  2. checked again from the text (nothing is trusted from the check page)
//                                  3. one transaction: every passport, invitation and message, or none
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { checkInvitationCsv, csvIsSendable, CSV_TEMPLATE_HEADER, INVITATION_FIELDS, markTaken, MAX_CSV_ROWS, type CsvCheck } from '../../../core/passport/invitation-rows.ts';
import { parseCsv } from '../../../integrations/esr/parse-csv.ts';
import { formErrors, formValues } from '../../../platform/http/forms.ts';
import type { Db } from '../../../store/database.ts';
import { staffPassports } from '../../../store/staff-passports.ts';
import { scopeOf } from '../../../store/scope.ts';
import type { EmployerPortalDeps } from '../auth/deps.ts';
import { employerContext, employerPage, employerPath, type EmployerContext } from '../auth/employer-context.ts';
import { inviteStaff, submittedPassportId } from '../staff-passports/invite-staff.ts';

/** At most about 1,000 rows of 200 characters. */
const MAX_TEXT = 400_000;

const zStep = z.object({ step: z.enum(['check', 'send']), csv: z.string(), formToken: z.string().optional() });

/** A row that became a duplicate between the check and the send (another user, at the same time). */
class RowTaken extends Error {}

async function check(db: Db, ctx: EmployerContext, text: string): Promise<CsvCheck> {
  const parsed = parseCsv(text);
  const result = checkInvitationCsv(parsed.records, parsed.errors);
  const valid = result.rows.flatMap((r) => (r.value ? [r.value] : []));
  const taken = await staffPassports(db, scopeOf(ctx.organisation.id)).takenContacts(
    valid.map((v) => v.email),
    valid.flatMap((v) => (v.mobile ? [v.mobile] : [])),
  );
  return markTaken(result, taken);
}

export function registerInviteStaffCsvPage(app: FastifyInstance, deps: EmployerPortalDeps): void {
  const common = (ctx: EmployerContext) => ({
    navCurrent: employerPath(ctx.organisation, '/staff-passports'),
    action: employerPath(ctx.organisation, '/staff-passports/invite-csv'),
    formHref: employerPath(ctx.organisation, '/staff-passports/invite'),
    columns: INVITATION_FIELDS,
    templateHeader: CSV_TEMPLATE_HEADER,
    maxRows: MAX_CSV_ROWS,
  });
  const renderForm = (reply: FastifyReply, ctx: EmployerContext, values: Record<string, string>, errors?: ReturnType<typeof formErrors>, status = 200) =>
    employerPage(
      reply,
      ctx,
      'portals/employer/invite-staff-csv/page.njk',
      { ...common(ctx), pageTitle: 'Invite staff from a CSV file', backHref: employerPath(ctx.organisation, '/staff-passports'), values, ...(errors ? { errors } : {}) },
      status,
    );
  const renderCheck = (reply: FastifyReply, ctx: EmployerContext, text: string, result: CsvCheck) => {
    const sendable = csvIsSendable(result);
    const bad = result.rows.filter((r) => r.problems.length > 0);
    const summary = [
      ...result.fileProblems.map((text) => ({ text, href: '#csv' })),
      ...bad.slice(0, 20).map((r) => ({ text: `Line ${r.line}: ${r.problems.join('; ')}`, href: `#line-${r.line}` })),
      ...(bad.length > 20 ? [{ text: `and ${bad.length - 20} more rows with problems`, href: '#rows' }] : []),
    ];
    return employerPage(
      reply,
      ctx,
      'portals/employer/invite-staff-csv/check.njk',
      {
        ...common(ctx),
        pageTitle: sendable ? 'Check the staff to invite' : 'Correct the CSV file',
        backHref: employerPath(ctx.organisation, '/staff-passports/invite-csv'),
        sendable,
        rows: result.rows,
        badCount: bad.length,
        values: { csv: text, formToken: randomUUID() },
        ...(sendable ? {} : { errors: { summary, fields: { csv: { text: 'Correct the rows listed and check the file again' } } } }),
      },
      sendable ? 200 : 400,
    );
  };

  app.get('/trusts/:ods/employer/staff-passports/invite-csv', { config: { surface: 'page' } }, async (request, reply) => {
    const ctx = await employerContext(request, reply);
    if (!ctx) return reply;
    return renderForm(reply, ctx, { csv: '' });
  });

  app.post('/trusts/:ods/employer/staff-passports/invite-csv', { config: { surface: 'page' } }, async (request, reply) => {
    const ctx = await employerContext(request, reply);
    if (!ctx) return reply;
    const values = formValues(request.body);
    const form = zStep.safeParse(values);
    if (!form.success || form.data.csv.trim() === '') return renderForm(reply, ctx, { csv: values.csv ?? '' }, formErrors([{ field: 'csv', message: 'Paste the CSV file, starting with its header row' }]), 400);
    if (form.data.csv.length > MAX_TEXT) return renderForm(reply, ctx, { csv: '' }, formErrors([{ field: 'csv', message: `The CSV file is too large: send at most ${MAX_CSV_ROWS} rows at a time` }]), 400);
    const text = form.data.csv;

    // Sent already: the check page's one-time token names the passports (a second submission acts once).
    const db = deps.database.db;
    const token = z.uuid().safeParse(form.data.formToken);
    if (form.data.step === 'send' && token.success && (await staffPassports(db, scopeOf(ctx.organisation.id)).findById(submittedPassportId(ctx, token.data, 0))))
      return reply.redirect(employerPath(ctx.organisation, `/staff-passports?done=invited-csv`), 303);

    // Check: every row, and duplicates.
    const result = await check(db, ctx, text);
    if (form.data.step === 'check' || !csvIsSendable(result) || !token.success) return renderCheck(reply, ctx, text, result);

    // Send: every row or none.
    const ids = result.rows.map((_, i) => submittedPassportId(ctx, token.data, i));
    try {
      await deps.database.transaction(async (tx) => {
        for (const [i, row] of result.rows.entries()) {
          const sent = await inviteStaff(tx, deps, ctx, { fields: row.value!, passportId: ids[i]!, correlationId: request.id, via: 'csv' });
          if (sent.outcome === 'duplicate') throw new RowTaken(sent.field);
        }
      });
    } catch (error) {
      if (!(error instanceof RowTaken)) throw error;

      // Sent by a submission a moment ago, or someone else invited one of these people meanwhile.
      if (await staffPassports(db, scopeOf(ctx.organisation.id)).findById(ids[0]!)) return reply.redirect(employerPath(ctx.organisation, `/staff-passports?done=invited-csv`), 303);
      return renderCheck(reply, ctx, text, await check(db, ctx, text));
    }
    return reply.redirect(employerPath(ctx.organisation, `/staff-passports?done=invited-csv&count=${result.rows.length}`), 303);
  });
}
