// S6.3 Share credentials with a different trust (DOMAIN.md §4.2 S6.3): "Type in the name of the
// trust you want to share credentials with, and select that trust."
//   GET  /trusts/{ods}/employee/credentials/share/organisation[?name=…]
//        a search form (GET, no JavaScript needed): the NHS trusts on the platform whose name (or
//        ODS code) contains what was typed — organisations of kind `trust` only, never this one —
//        listed as radios; blank or too long: 400 with the error summary. A trust's name is not
//        personal data, so it may travel in the URL.
//   POST /trusts/{ods}/employee/credentials/share/organisation   the chosen trust (`organisation`,
//        its ODS code; `name`, the search, re-posted so an error can list the same trusts again)
//        → 303 to "Do you already have access …?" (../organisation-access); none chosen, or one
//        not offered: 400 with the error summary and the list again
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { Organisation } from '../../../../core/passport/organisation.ts';
import { formErrors, type FormErrors } from '../../../../platform/http/forms.ts';
import { listOrganisations } from '../../../../store/organisations.ts';
import type { EmployeePortalDeps } from '../../auth/deps.ts';
import { employeeContext, employeePage, type EmployeeContext } from '../../auth/employee-context.ts';
import { sharePaths } from '../share.ts';

/** At most this many trusts are listed; more → "type more of the name". */
const MAX_RESULTS = 20;
const MAX_NAME = 100;

/** The other trusts whose name or ODS code contains `name` (case and spacing ignored), by name. */
export async function otherTrustsMatching(deps: Pick<EmployeePortalDeps, 'database'>, ctx: Pick<EmployeeContext, 'organisation'>, name: string): Promise<Organisation[]> {
  const words = name.toLowerCase().replace(/\s+/g, ' ').trim();
  if (!words) return [];
  return (await listOrganisations(deps.database.db))
    .filter((o) => o.kind === 'trust' && o.id !== ctx.organisation.id)
    .filter((o) => o.name.toLowerCase().replace(/\s+/g, ' ').includes(words) || o.odsCode.toLowerCase() === words)
    .sort((a, b) => a.name.localeCompare(b.name, 'en-GB'));
}

const zName = z.string().trim().min(1, 'Enter the name of the trust').max(MAX_NAME, `Trust name must be ${MAX_NAME} characters or fewer`);
const zQuery = z.object({ name: z.string().optional() });
const zChoice = z.object({ name: z.string().max(MAX_NAME * 2).optional(), organisation: z.string().max(20).optional() });

async function render(reply: FastifyReply, deps: EmployeePortalDeps, ctx: EmployeeContext, input: { name?: string; chosen?: string; errors?: FormErrors }): Promise<FastifyReply> {
  const searched = input.name !== undefined && zName.safeParse(input.name).success;
  const found = searched ? await otherTrustsMatching(deps, ctx, input.name!) : [];
  return employeePage(
    reply,
    ctx,
    'portals/employee/share/organisation/page.njk',
    {
      pageTitle: 'Go to a different organisation',
      navCurrent: sharePaths.credentials(ctx.organisation),
      backHref: sharePaths.credentials(ctx.organisation),
      searchAction: sharePaths.organisation(ctx.organisation),
      action: sharePaths.organisation(ctx.organisation),
      name: input.name ?? '',
      searched,
      more: found.length > MAX_RESULTS,
      items: found.slice(0, MAX_RESULTS).map((o) => ({ value: o.odsCode, text: o.name, hint: { text: `ODS code ${o.odsCode}` }, checked: o.odsCode === input.chosen })),
      errors: input.errors,
    },
    input.errors ? 400 : 200,
  );
}

export function registerShareOrganisationPage(app: FastifyInstance, deps: EmployeePortalDeps): void {
  app.get('/trusts/:ods/employee/credentials/share/organisation', { config: { surface: 'page' } }, async (request, reply) => {
    const ctx = await employeeContext(request, reply);
    if (!ctx) return reply;
    const query = zQuery.safeParse(request.query);
    const name = query.success ? query.data.name : undefined;
    if (name === undefined) return render(reply, deps, ctx, {});
    const checked = zName.safeParse(name);
    if (!checked.success) return render(reply, deps, ctx, { name, errors: formErrors([{ field: 'name', message: checked.error.issues[0]!.message }]) });
    return render(reply, deps, ctx, { name });
  });

  app.post('/trusts/:ods/employee/credentials/share/organisation', { config: { surface: 'page' } }, async (request, reply) => {
    const ctx = await employeeContext(request, reply);
    if (!ctx) return reply;
    const form = zChoice.safeParse(request.body ?? {});
    const name = form.success ? (form.data.name ?? '') : '';
    const chosen = form.success ? form.data.organisation : undefined;
    // Only a trust the search offers: another kind, this trust, or a made-up code is no choice.
    const offered = zName.safeParse(name).success ? await otherTrustsMatching(deps, ctx, name) : [];
    const other = offered.find((o) => o.odsCode === chosen);
    if (!other) return render(reply, deps, ctx, { name, errors: formErrors([{ field: offered.length ? 'organisation' : 'name', message: offered.length ? 'Select the trust you want to share credentials with' : 'Enter the name of the trust' }]) });
    return reply.redirect(sharePaths.access(ctx.organisation, other), 303);
  });
}
