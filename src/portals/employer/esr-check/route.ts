// Connect to ESR (DOMAIN.md E6), step 2: the passport's details beside ESR's, then confirm.
//   GET  /trusts/{ods}/employer/staff-passports/{passportId}/esr/check?assignmentNumber=…
//        ESR is asked again (it is the source of truth, and nothing was kept from step 1): first
//        name, last name and date of birth side by side, each marked when it does not match;
//        ESR's previous names (a name change explains a mismatch, E6.1); the assignment.
//   POST …/esr/check   1. the number (a hidden field; a malformed one goes back to step 1)
//                      2. ESR lookup again (its person id is kept with the link)
//                      3. ONE transaction, the passport locked: already connected to this number
//                         → nothing (a double submit acts once); otherwise the link (replacing
//                         another number: `esr.unlinked` first, E6.4), passport history
//                         `esr.linked`, the audit entry `passport.esr-linked` with its actor
//                      4. 303 to the ESR page, "connected"
// Mismatches may still be accepted (E6.1): HR is advised to correct ESR.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { EsrAssignmentLookup } from '../../../core/esr/index.ts';
import { zAssignmentNumber, type StaffPassport } from '../../../core/passport/staff-passport.ts';
import { EsrNotFound } from '../../../integrations/esr/index.ts';
import { formErrors } from '../../../platform/http/forms.ts';
import { appendAudit } from '../../../store/audit-log.ts';
import { passportHistory } from '../../../store/passport-history.ts';
import { scopeOf } from '../../../store/scope.ts';
import { staffPassports } from '../../../store/staff-passports.ts';
import type { EmployerPortalDeps } from '../auth/deps.ts';
import { employerContext, employerPage, employerPath, type EmployerContext } from '../auth/employer-context.ts';
import { renderAssignmentForm } from '../esr-connect/route.ts';
import { esrProblemPage, fullName, longDate, passportOf, passportPath } from '../esr-shared/passport-esr.ts';

// `request`: a credential request being reviewed (E8.2); once connected, HR goes back to it.
const zNumber = z.object({ assignmentNumber: zAssignmentNumber, request: z.uuid().optional().catch(undefined) });

/** Names compare ignoring case, spacing, accents and Unicode composition. */
export function sameName(a: string | null | undefined, b: string | null | undefined): boolean {
  const norm = (v: string | null | undefined) =>
    (v ?? '')
      .normalize('NFKD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .replace(/[\s\-']+/g, ' ')
      .trim();
  return norm(a) !== '' && norm(a) === norm(b);
}

function comparison(passport: StaffPassport, found: EsrAssignmentLookup) {
  const { person, assignment } = found;
  const rows = [
    { label: 'First name', passport: passport.givenName, esr: person.firstName, matches: sameName(passport.givenName, person.firstName) },
    { label: 'Last name', passport: passport.familyName, esr: person.lastName, matches: sameName(passport.familyName, person.lastName) },
    { label: 'Date of birth', passport: longDate(passport.dateOfBirth), esr: longDate(person.dateOfBirth), matches: passport.dateOfBirth === person.dateOfBirth },
  ];
  return {
    rows,
    allMatch: rows.every((r) => r.matches),
    previousNames: person.previousNames.map((n) => ({ name: `${n.firstName} ${n.lastName}`, changedOn: longDate(n.changedOn) })),
    assignment: [
      { key: { text: 'Assignment number' }, value: { text: assignment.assignmentNumber } },
      { key: { text: 'Job title' }, value: { text: assignment.jobTitle } },
      { key: { text: 'Department' }, value: { text: assignment.department ?? 'Not recorded' } },
      { key: { text: 'Staff group' }, value: { text: assignment.staffGroup } },
      { key: { text: 'Assignment status' }, value: { text: assignment.assignmentStatus } },
      { key: { text: 'Start date' }, value: { text: longDate(assignment.effectiveStartDate) } },
    ],
    ended: assignment.assignmentStatus === 'Terminate Assignment',
  };
}

/**
 * The assignment in ESR, or the answer already sent: the form again with an error when ESR does
 * not know the number, the ESR problem page (with a retry link) for anything else.
 */
async function lookUp(
  deps: EmployerPortalDeps,
  reply: FastifyReply,
  ctx: EmployerContext,
  passport: StaffPassport,
  assignmentNumber: string,
): Promise<EsrAssignmentLookup | FastifyReply> {
  try {
    return await deps.esr.lookupAssignment(ctx.organisation.odsCode, assignmentNumber);
  } catch (error) {
    if (error instanceof EsrNotFound)
      return renderAssignmentForm(reply, ctx, passport, { assignmentNumber }, formErrors([{ field: 'assignmentNumber', message: `No staff member with this assignment number was found in ESR at ${ctx.organisation.name}. Check the number and enter it again` }]), 400);
    return esrProblemPage(reply, ctx, passport, error, passportPath(ctx, passport.id, `/esr/check?assignmentNumber=${encodeURIComponent(assignmentNumber)}`));
  }
}

export function registerEsrCheckPage(app: FastifyInstance, deps: EmployerPortalDeps): void {
  app.get('/trusts/:ods/employer/staff-passports/:passportId/esr/check', { config: { surface: 'page' } }, async (request, reply) => {
    const ctx = await employerContext(request, reply);
    if (!ctx) return reply;
    const passport = await passportOf(request, reply, ctx);
    if (!passport) return reply;
    const query = zNumber.safeParse(request.query);
    if (!query.success) return reply.redirect(passportPath(ctx, passport.id, '/esr'), 303);
    const { assignmentNumber } = query.data;
    const found = await lookUp(deps, reply, ctx, passport, assignmentNumber);
    if (!('assignment' in found)) return found;
    return employerPage(reply, ctx, 'portals/employer/esr-check/page.njk', {
      pageTitle: `Check ${fullName(passport)} is the right person in ESR`,
      passportName: fullName(passport),
      assignmentNumber,
      requestId: query.data.request,
      compare: comparison(passport, found),
      action: passportPath(ctx, passport.id, '/esr/check'),
      changeHref: passportPath(ctx, passport.id, '/esr?change=yes'),
      backHref: passportPath(ctx, passport.id, '/esr'),
      navCurrent: employerPath(ctx.organisation, '/staff-passports'),
    });
  });

  app.post('/trusts/:ods/employer/staff-passports/:passportId/esr/check', { config: { surface: 'page' } }, async (request, reply) => {
    const ctx = await employerContext(request, reply);
    if (!ctx) return reply;
    const passport = await passportOf(request, reply, ctx);
    if (!passport) return reply;

    // 1. The number.
    const body = zNumber.safeParse(request.body);
    if (!body.success) return reply.redirect(passportPath(ctx, passport.id, '/esr'), 303);
    const { assignmentNumber } = body.data;

    // 2. ESR again.
    const found = await lookUp(deps, reply, ctx, passport, assignmentNumber);
    if (!('assignment' in found)) return found;

    // 3. One transaction.
    const scope = scopeOf(ctx.organisation.id);
    const actor = `user:${ctx.user.id}`;
    const outcome = await deps.database.transaction(async (tx) => {
      const now = deps.clock.now();
      const passports = staffPassports(tx, scope);
      const current = await passports.lock(passport.id);
      if (!current) return 'not_found' as const;
      if (current.esrLinkState === 'linked' && current.esrAssignmentNumber === assignmentNumber) return 'unchanged' as const;
      const replacing = current.esrLinkState === 'linked';
      const linked = await passports.linkEsr(passport.id, { assignmentNumber, personId: found.person.personId, actor, now });
      if (linked !== 'linked') return linked;
      const matches = comparison(current, found).allMatch;
      const history = passportHistory(tx, scope);
      if (replacing) await history.record([{ passportId: passport.id, event: 'esr.unlinked', actor, at: now, details: { reason: 'assignment number changed' } }]);
      await history.record([{ passportId: passport.id, event: 'esr.linked', actor, at: now, details: { detailsMatched: matches, replacedEarlierLink: replacing } }]);
      await appendAudit(
        tx,
        { organisationId: ctx.organisation.id, actor, action: replacing ? 'passport.esr-changed' : 'passport.esr-linked', subject: passport.id, correlationId: String(request.id), details: { detailsMatched: matches } },
        deps.clock,
      );
      return 'linked' as const;
    });
    if (outcome === 'not_found') return reply.page('errors/not-found.njk', { pageTitle: 'Page not found' }, 404);
    if (outcome === 'taken')
      return renderAssignmentForm(reply, ctx, passport, { assignmentNumber }, formErrors([{ field: 'assignmentNumber', message: 'This assignment number is already connected to another staff passport. Check the number, or disconnect the other passport first' }]), 400);

    // 4. Done (also when it was already done: the second of a double submit lands here too).
    if (body.data.request) return reply.redirect(employerPath(ctx.organisation, `/credential-requests/${body.data.request}/review`), 303);
    return reply.redirect(passportPath(ctx, passport.id, '/esr?connected=yes'), 303);
  });
}
