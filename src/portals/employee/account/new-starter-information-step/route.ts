// S9 New Starter Information, the four form pages (DOMAIN.md §4.2 S9), one template each in this
// folder; they share one pipeline:
//   GET  /trusts/{ods}/employee/credentials/new-starter-information/{page}
//        the page with what was typed earlier in this session (the journey), `?change=yes` from
//        the check-answers page
//   POST …/{page}
//        1. the page's fields (core/passport/new-starter-information.ts): every field optional,
//           each checked when typed (real dates, email and phone formats); a problem is a 400 with
//           the NHS error summary, keeping what was typed
//        2. kept in the session's journey, never in a URL (they are personal data)
//        3. 303 to the next page, or back to check answers
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { DOCUMENT_TYPES, NSI_PAGE_TITLES, NSI_PAGES, parseNsiPage, type NsiPage } from '../../../../core/passport/new-starter-information.ts';
import { formErrors, formValues, type FormErrors } from '../../../../platform/http/forms.ts';
import type { EmployeePortalDeps } from '../../auth/deps.ts';
import { employeeContext, employeePage, type EmployeeContext } from '../../auth/employee-context.ts';
import { accountJourney, accountPaths, londonToday, updateAccountJourney } from '../shared/account.ts';

const zChange = z.object({ change: z.literal('yes').optional().catch(undefined) });

function stored(ctx: EmployeeContext): Record<string, unknown> {
  return accountJourney(ctx).newStarterInformation ?? {};
}

function storedPage(ctx: EmployeeContext, page: NsiPage): Record<string, string> {
  const section = stored(ctx)[page];
  if (!section || typeof section !== 'object' || Array.isArray(section)) return {};
  return Object.fromEntries(Object.entries(section).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

function render(reply: FastifyReply, ctx: EmployeeContext, page: NsiPage, values: Record<string, string>, change: boolean, errors?: FormErrors, status = 200): FastifyReply {
  const index = NSI_PAGES.indexOf(page);
  const previous = index > 0 ? accountPaths.nsi(ctx, NSI_PAGES[index - 1]) : accountPaths.nsi(ctx);
  return employeePage(
    reply,
    ctx,
    `portals/employee/account/new-starter-information-step/${page}.njk`,
    {
      pageTitle: `${NSI_PAGE_TITLES[page]} – New Starter Information`,
      heading: NSI_PAGE_TITLES[page],
      step: `Section ${index + 1} of ${NSI_PAGES.length}`,
      navCurrent: accountPaths.credentials(ctx),
      backHref: change ? accountPaths.nsi(ctx, 'check') : previous,
      action: accountPaths.nsi(ctx, page),
      change,
      values,
      documentTypes: DOCUMENT_TYPES.map((t) => ({ value: t, text: t, checked: values.documentType === t })),
      errors,
    },
    status,
  );
}

export function registerNewStarterInformationSteps(app: FastifyInstance, deps: EmployeePortalDeps): void {
  for (const page of NSI_PAGES) {
    const next = NSI_PAGES[NSI_PAGES.indexOf(page) + 1] ?? 'check';

    app.get(`/trusts/:ods/employee/credentials/new-starter-information/${page}`, { config: { surface: 'page' } }, async (request, reply) => {
      const ctx = await employeeContext(request, reply);
      if (!ctx) return reply;
      const change = zChange.parse(request.query ?? {}).change === 'yes';
      return render(reply, ctx, page, storedPage(ctx, page), change);
    });

    app.post(`/trusts/:ods/employee/credentials/new-starter-information/${page}`, { config: { surface: 'page' } }, async (request, reply) => {
      const ctx = await employeeContext(request, reply);
      if (!ctx) return reply;
      // 1. The page's fields.
      const values = formValues(request.body);
      const change = values.change === 'yes';
      const parsed = parseNsiPage(page, values, londonToday(deps.clock.now()));
      if (!parsed.ok) return render(reply, ctx, page, parsed.values, change, formErrors(parsed.problems), 400);
      // 2. Kept in the journey (the whole answer set is one key: the journey merges top-level keys).
      await updateAccountJourney(deps.database.db, ctx, { newStarterInformation: { ...stored(ctx), [page]: parsed.kept } });
      // 3. On.
      return reply.redirect(accountPaths.nsi(ctx, change ? 'check' : next), 303);
    });
  }
}
