// Connect to ESR (DOMAIN.md E6), step 1: the passport's ESR link, and the assignment number.
//   GET  /trusts/{ods}/employer/staff-passports/{passportId}/esr[?change=yes|connected=yes|disconnected=yes]
//        linked: the number, with Change, Disconnect and Provide credentials from ESR;
//        otherwise (or changing): the form, with a number the person typed at sign-up filled in
//   POST …/esr   1. the form (400, error summary, what was typed kept)
//                2. ESR lookup (not found: 400 on the form, "enter it again", E6.2; ESR failing:
//                   the NHS.UK ESR problem page, nothing written)
//                3. not connected to another passport of the trust (400)
//                4. 303 to the side-by-side check (esr-check), which does the connecting
// Nothing is written here: connecting happens only when HR confirms the side-by-side page.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { zAssignmentNumber, type StaffPassport } from '../../../core/passport/staff-passport.ts';
import { EsrNotFound } from '../../../integrations/esr/index.ts';
import { formErrors, parseForm, type FormErrors } from '../../../platform/http/forms.ts';
import { scopeOf } from '../../../store/scope.ts';
import { staffPassports } from '../../../store/staff-passports.ts';
import type { EmployerPortalDeps } from '../auth/deps.ts';
import { employerContext, employerPage, employerPath, type EmployerContext } from '../auth/employer-context.ts';
import { esrProblemPage, fullName, longDate, passportOf, passportPath } from '../esr-shared/passport-esr.ts';

export const zAssignmentForm = z.object({
  assignmentNumber: z.string().trim().min(1, 'Enter the ESR assignment number').pipe(zAssignmentNumber),
  /** A credential request being reviewed (E8.2): connecting returns to it. */
  request: z.uuid().optional().catch(undefined),
});

const zQuery = z.object({ change: z.literal('yes').optional(), connected: z.literal('yes').optional(), disconnected: z.literal('yes').optional() });

/** The form (also shown by the check page when ESR no longer knows the number). */
export function renderAssignmentForm(reply: FastifyReply, ctx: EmployerContext, passport: StaffPassport, values: { assignmentNumber?: string; request?: string }, errors?: FormErrors, status = 200, notice?: 'disconnected'): FastifyReply {
  return employerPage(
    reply,
    ctx,
    'portals/employer/esr-connect/page.njk',
    {
      pageTitle: `Connect ${fullName(passport)} to ESR`,
      mode: 'form',
      notice,
      passport: { name: fullName(passport), linked: passport.esrLinkState === 'linked' },
      action: passportPath(ctx, passport.id, '/esr'),
      values,
      errors,
      backHref: passport.esrLinkState === 'linked' ? passportPath(ctx, passport.id, '/esr') : passportPath(ctx, passport.id),
      navCurrent: employerPath(ctx.organisation, '/staff-passports'),
    },
    status,
  );
}

export function registerEsrConnectPage(app: FastifyInstance, deps: EmployerPortalDeps): void {
  app.get('/trusts/:ods/employer/staff-passports/:passportId/esr', { config: { surface: 'page' } }, async (request, reply) => {
    const ctx = await employerContext(request, reply);
    if (!ctx) return reply;
    const passport = await passportOf(request, reply, ctx);
    if (!passport) return reply;
    const parsed = zQuery.safeParse(request.query);
    const query = parsed.success ? parsed.data : {};
    if (passport.esrLinkState !== 'linked' || query.change) {
        return renderAssignmentForm(reply, ctx, passport, { assignmentNumber: query.change ? '' : (passport.esrAssignmentNumber ?? '') }, undefined, 200, query.disconnected ? 'disconnected' : undefined);
    }
    return employerPage(reply, ctx, 'portals/employer/esr-connect/page.njk', {
      pageTitle: `${fullName(passport)}: ESR`,
      mode: 'linked',
      notice: query.connected ? 'connected' : undefined,
      passport: { name: fullName(passport), assignmentNumber: passport.esrAssignmentNumber, linkedOn: passport.esrLinkedAt ? longDate(passport.esrLinkedAt.toISOString().slice(0, 10)) : 'Not known' },
      links: {
        change: passportPath(ctx, passport.id, '/esr?change=yes'),
        disconnect: passportPath(ctx, passport.id, '/esr/disconnect'),
        provide: passportPath(ctx, passport.id, '/provide-from-esr'),
      },
      backHref: passportPath(ctx, passport.id),
      navCurrent: employerPath(ctx.organisation, '/staff-passports'),
    });
  });

  app.post('/trusts/:ods/employer/staff-passports/:passportId/esr', { config: { surface: 'page' } }, async (request, reply) => {
    const ctx = await employerContext(request, reply);
    if (!ctx) return reply;
    const passport = await passportOf(request, reply, ctx);
    if (!passport) return reply;

    // 1. The form.
    const form = parseForm(zAssignmentForm, request.body);
    if (!form.ok) return renderAssignmentForm(reply, ctx, passport, { assignmentNumber: form.values.assignmentNumber, request: z.uuid().safeParse(form.values.request).data }, form.errors, 400);
    const { assignmentNumber, request: requestId } = form.value;
    const refuse = (message: string) => renderAssignmentForm(reply, ctx, passport, { assignmentNumber, request: requestId }, formErrors([{ field: 'assignmentNumber', message }]), 400);

    // 2. ESR.
    try {
      await deps.esr.lookupAssignment(ctx.organisation.odsCode, assignmentNumber);
    } catch (error) {
      if (error instanceof EsrNotFound) return refuse(`No staff member with this assignment number was found in ESR at ${ctx.organisation.name}. Check the number and enter it again`);
      return esrProblemPage(reply, ctx, passport, error, passportPath(ctx, passport.id, '/esr'));
    }

    // 3. One passport per assignment number at a trust.
    const other = await staffPassports(deps.database.db, scopeOf(ctx.organisation.id)).findLinked(assignmentNumber);
    if (other && other.id !== passport.id) return refuse('This assignment number is already connected to another staff passport. Check the number, or disconnect the other passport first');

    // 4. The side-by-side check.
    return reply.redirect(passportPath(ctx, passport.id, `/esr/check?assignmentNumber=${encodeURIComponent(assignmentNumber)}${requestId ? `&request=${requestId}` : ''}`), 303);
  });
}
