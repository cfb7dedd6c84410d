// Provide credentials from ESR (DOMAIN.md E7), step 1: fetch and choose.
//   GET  /trusts/{ods}/employer/staff-passports/{passportId}/provide-from-esr[?select=all]
//        not connected to ESR: say so and link to Connect to ESR (E6.3). Otherwise ESR is read
//        ("The ESR request is complete") and every item is listed by group: what is new or an
//        updated version as a checkbox, what the passport already has (or has newer) as text.
//        "Select all" is a link (?select=all) that works without JavaScript.
//   POST …/provide-from-esr   at least one chosen (400 with the error summary, choices kept),
//        then 303 to the confirm step with the chosen item ids in the URL. Nothing is written.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { StaffPassport } from '../../../core/passport/staff-passport.ts';
import { formErrors, type FormErrors } from '../../../platform/http/forms.ts';
import type { EmployerPortalDeps } from '../auth/deps.ts';
import { employerContext, employerPage, employerPath, type EmployerContext } from '../auth/employer-context.ts';
import { esrProblemPage, fullName, passportOf, passportPath, zItemIds } from '../esr-shared/passport-esr.ts';
import { groupLines, isLinked, readEsrOffer } from './read-offer.ts';

const zQuery = z.object({ select: z.enum(['all', 'none']).optional() });
const zChoice = z.object({ items: zItemIds });

async function render(
  reply: FastifyReply,
  deps: EmployerPortalDeps,
  ctx: EmployerContext,
  passport: StaffPassport,
  chosen: { all: boolean; ids: ReadonlySet<string> },
  errors?: FormErrors,
  status = 200,
): Promise<FastifyReply> {
  const common = {
    passportName: fullName(passport),
    backHref: passportPath(ctx, passport.id),
    navCurrent: employerPath(ctx.organisation, '/staff-passports'),
  };
  if (!isLinked(passport)) {
    return employerPage(reply, ctx, 'portals/employer/provide-from-esr/page.njk', {
      ...common,
      pageTitle: `Connect ${fullName(passport)} to ESR first`,
      mode: 'not-linked',
      connectHref: passportPath(ctx, passport.id, '/esr'),
    });
  }
  let reading;
  try {
    reading = await readEsrOffer(deps, ctx, passport);
  } catch (error) {
    return esrProblemPage(reply, ctx, passport, error, passportPath(ctx, passport.id, '/provide-from-esr'));
  }
  const offered = reading.lines.filter((l) => l.itemId);
  const groups = groupLines(offered).map((g) => ({
    ...g,
    items: g.lines.map((l) => ({
      value: l.itemId,
      text: l.title,
      hint: { text: l.status === 'updated' ? 'An updated version of one already provided' : 'New' },
      checked: chosen.all || chosen.ids.has(l.itemId!),
    })),
  }));
  const already = reading.lines.filter((l) => !l.itemId).map((l) => ({ title: l.title, status: l.status === 'older' ? 'A newer one has been provided' : l.status === 'expired' ? 'Expired in ESR: it cannot be provided' : 'Already provided, unchanged' }));
  return employerPage(
    reply,
    ctx,
    'portals/employer/provide-from-esr/page.njk',
    {
      ...common,
      pageTitle: `Provide credentials from ESR to ${fullName(passport)}`,
      mode: 'choose',
      groups,
      already,
      action: passportPath(ctx, passport.id, '/provide-from-esr'),
      selectAllHref: passportPath(ctx, passport.id, '/provide-from-esr?select=all#items'),
      selectNoneHref: passportPath(ctx, passport.id, '/provide-from-esr?select=none#items'),
      errors,
    },
    status,
  );
}

export function registerProvideFromEsrPage(app: FastifyInstance, deps: EmployerPortalDeps): void {
  app.get('/trusts/:ods/employer/staff-passports/:passportId/provide-from-esr', { config: { surface: 'page' } }, async (request, reply) => {
    const ctx = await employerContext(request, reply);
    if (!ctx) return reply;
    const passport = await passportOf(request, reply, ctx);
    if (!passport) return reply;
    const query = zQuery.safeParse(request.query);
    return render(reply, deps, ctx, passport, { all: query.success && query.data.select === 'all', ids: new Set() });
  });

  app.post('/trusts/:ods/employer/staff-passports/:passportId/provide-from-esr', { config: { surface: 'page' } }, async (request, reply) => {
    const ctx = await employerContext(request, reply);
    if (!ctx) return reply;
    const passport = await passportOf(request, reply, ctx);
    if (!passport) return reply;
    const form = zChoice.safeParse(request.body);
    const ids = form.success ? form.data.items : [];
    if (ids.length === 0) {
      return render(reply, deps, ctx, passport, { all: false, ids: new Set() }, formErrors([{ field: 'items', message: 'Select the credentials to provide' }]), 400);
    }
    const query = ids.map((id) => `item=${encodeURIComponent(id)}`).join('&');
    return reply.redirect(passportPath(ctx, passport.id, `/provide-from-esr/confirm?${query}`), 303);
  });
}
