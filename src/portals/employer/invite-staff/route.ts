// Invite one member of staff (DOMAIN.md E4.1–3): the single form.
//   GET  /trusts/{ods}/employer/staff-passports/invite
//   POST /trusts/{ods}/employer/staff-passports/invite
//        1. the context (a signed-in user of this trust)
//        2. the form (400: error summary, what was typed kept)
//        3. a second submission of the same form (its one-time token names the same passport): to the passport
//        4. one transaction: the passport, the invitation by email and text, history, audit;
//           a duplicate email or mobile at the trust (E4.5) is a 400 on that field
//        5. 303 to the passport's page
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { checkInvitation, STAFF_GROUPS } from '../../../core/passport/invitation-rows.ts';
import { EMPLOYMENT_STATUSES, EMPLOYMENT_TYPES } from '../../../core/passport/staff-passport.ts';
import { formErrors, formValues, type FormErrors } from '../../../platform/http/forms.ts';
import { staffPassports } from '../../../store/staff-passports.ts';
import { scopeOf } from '../../../store/scope.ts';
import type { EmployerPortalDeps } from '../auth/deps.ts';
import { employerContext, employerPage, employerPath, type EmployerContext } from '../auth/employer-context.ts';
import { inviteStaff, submittedPassportId } from '../staff-passports/invite-staff.ts';

const zFormToken = z.uuid();

export function registerInviteStaffPage(app: FastifyInstance, deps: EmployerPortalDeps): void {
  const render = (reply: FastifyReply, ctx: EmployerContext, values: Record<string, string>, errors?: FormErrors, status = 200) =>
    employerPage(
      reply,
      ctx,
      'portals/employer/invite-staff/page.njk',
      {
        pageTitle: 'Invite a member of staff',
        navCurrent: employerPath(ctx.organisation, '/staff-passports'),
        backHref: employerPath(ctx.organisation, '/staff-passports'),
        action: employerPath(ctx.organisation, '/staff-passports/invite'),
        csvHref: employerPath(ctx.organisation, '/staff-passports/invite-csv'),
        staffGroups: STAFF_GROUPS,
        employmentTypes: EMPLOYMENT_TYPES,
        employmentStatuses: EMPLOYMENT_STATUSES,
        values: { formToken: randomUUID(), ...values },
        ...(errors ? { errors } : {}),
      },
      status,
    );

  app.get('/trusts/:ods/employer/staff-passports/invite', { config: { surface: 'page' } }, async (request, reply) => {
    const ctx = await employerContext(request, reply);
    if (!ctx) return reply;
    return render(reply, ctx, {});
  });

  app.post('/trusts/:ods/employer/staff-passports/invite', { config: { surface: 'page' } }, async (request, reply) => {
    // 1. Who is asking.
    const ctx = await employerContext(request, reply);
    if (!ctx) return reply;
    const scope = scopeOf(ctx.organisation.id);

    // 2. The form.
    const values = formValues(request.body);
    const checked = checkInvitation(values);
    const token = zFormToken.safeParse(values.formToken);
    if (!checked.ok) return render(reply, ctx, values, formErrors(checked.problems), 400);
    if (!token.success) return render(reply, ctx, { ...values, formToken: randomUUID() }, formErrors([{ field: 'givenName', message: 'The form had expired: check the details and send the invitation again' }]), 400);

    // 3. The same form submitted again: it acted once already.
    const passportId = submittedPassportId(ctx, token.data);
    const done = await staffPassports(deps.database.db, scope).findById(passportId);
    if (done) return reply.redirect(employerPath(ctx.organisation, `/staff-passports/${done.id}?done=invited`), 303);

    // 4. The passport and its invitation, at once.
    const result = await deps.database.transaction((tx) => inviteStaff(tx, deps, ctx, { fields: checked.value, passportId, correlationId: request.id, via: 'form' }));
    if (result.outcome === 'duplicate') {
      if (result.field === 'id') return reply.redirect(employerPath(ctx.organisation, `/staff-passports/${passportId}?done=invited`), 303);
      const message =
        result.field === 'email'
          ? 'A staff passport with this email address already exists. Delete it first to invite this person again'
          : 'A staff passport with this mobile number already exists. Delete it first to invite this person again';
      return render(reply, ctx, values, formErrors([{ field: result.field, message }]), 400);
    }

    // 5. To the new passport.
    return reply.redirect(employerPath(ctx.organisation, `/staff-passports/${result.passport.id}?done=invited`), 303);
  });
}
