// Invite staff from a CSV file (DOMAIN.md E4.1, §9 #12): download the template, upload the file
// (or paste its text), check, "Upload records and send invitations". The columns are the single
// form's fields; every row is validated, and duplicates within the file and against the trust's
// passports are reported, before anything is sent.
//   GET  /trusts/{ods}/employer/staff-passports/invite-csv
//   GET  …/invite-csv/template.csv   the header row and an example row
//   POST …/invite-csv  step=check  0. the uploaded file's text (UTF-8 or Windows-1252), else the pasted text
//                                  1. parse (RFC 4180) and validate every row
//                                  2. duplicates in the file and at the trust
//                                  3. the check page: each row's problems (400), or the rows to send (200)
//   POST …/invite-csv  step=send   1. sent already (the check page's one-time token names the same
//                                     passports): to the list
//                                  2. checked again from the text (nothing is trusted from the check page)
//                                  3. one transaction: every passport, invitation and message, or none
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { checkInvitationCsv, csvIsSendable, CSV_TEMPLATE, CSV_TEMPLATE_HEADER, INVITATION_FIELDS, markTaken, MAX_CSV_ROWS, type CsvCheck } from '../../../core/passport/invitation-rows.ts';
import { parseCsv } from '../../../integrations/esr/parse-csv.ts';
import { formErrors, formValues } from '../../../platform/http/forms.ts';
import { textOfUpload, uploadedFile } from '../../../platform/http/uploads.ts';
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
    templateHref: employerPath(ctx.organisation, '/staff-passports/invite-csv/template.csv'),
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

  app.get('/trusts/:ods/employer/staff-passports/invite-csv/template.csv', async (request, reply) => {
    const ctx = await employerContext(request, reply);
    if (!ctx) return reply;
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', 'attachment; filename="invite-staff-template.csv"')
      .header('cache-control', 'no-store')
      .send(CSV_TEMPLATE);
  });

  app.post('/trusts/:ods/employer/staff-passports/invite-csv', { config: { surface: 'page', uploads: true } }, async (request, reply) => {
    const ctx = await employerContext(request, reply);
    if (!ctx) return reply;
    const values = formValues(request.body);

    // 0. A chosen file wins over pasted text; its problems are told beside the file field.
    const file = uploadedFile(request.body, 'csvFile');
    if (file) {
      const problem = (message: string) => renderForm(reply, ctx, { csv: values.csv ?? '' }, formErrors([{ field: 'csvFile', message }]), 400);
      if (file.truncated || file.data.length > MAX_TEXT) return problem(`The selected file must be smaller than 400 KB: send at most ${MAX_CSV_ROWS} rows at a time`);
      const read = textOfUpload(file);
      if ('problem' in read) return problem('The selected file must be a CSV file: save the spreadsheet as CSV (comma delimited) and choose that file');
      if (read.text.trim() === '') return problem('The selected file is empty');
      values.csv = read.text;
    }
    const form = zStep.safeParse(values);
    if (!form.success || form.data.csv.trim() === '') return renderForm(reply, ctx, { csv: values.csv ?? '' }, formErrors([{ field: 'csvFile', message: 'Choose a CSV file, or paste its text with the header row' }]), 400);
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
