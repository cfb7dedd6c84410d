// Organisation details (DOMAIN.md E3): a Senior Portal Administrator changes the trust's name;
// the ODS code identifies the trust (its URLs, DID and credentials) and cannot be changed here.
//   GET  /trusts/{ods}/employer/system-management/organisation
//   POST /trusts/{ods}/employer/system-management/organisation   name → back to the overview
// Renaming to the current name changes nothing and is not audited, so a double submit acts once.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { zOrganisationInput } from '../../../../core/passport/organisation.ts';
import { parseForm, type FormErrors } from '../../../../platform/http/forms.ts';
import { forgetCachedOrganisation, renameOrganisation } from '../../../../store/organisations.ts';
import type { EmployerPortalDeps } from '../../auth/deps.ts';
import { employerContext, employerPage, type EmployerContext } from '../../auth/employer-context.ts';
import { auditChange, systemPath } from '../shared.ts';

const zName = z.object({ name: zOrganisationInput.shape.name });

export function registerOrganisationDetailsPage(app: FastifyInstance, deps: EmployerPortalDeps): void {
  const url = '/trusts/:ods/employer/system-management/organisation';

  function render(reply: FastifyReply, ctx: EmployerContext, values: Record<string, string>, errors?: FormErrors, status = 200) {
    return employerPage(
      reply,
      ctx,
      'portals/employer/system-management/organisation/page.njk',
      { pageTitle: 'Change organisation details', navCurrent: systemPath(ctx.organisation), backHref: systemPath(ctx.organisation), action: systemPath(ctx.organisation, '/organisation'), values, errors },
      status,
    );
  }

  app.get(url, { config: { surface: 'page' } }, async (request, reply) => {
    const ctx = await employerContext(request, reply, { senior: true });
    if (!ctx) return reply;
    return render(reply, ctx, { name: ctx.organisation.name });
  });

  app.post(url, { config: { surface: 'page' } }, async (request, reply) => {
    const ctx = await employerContext(request, reply, { senior: true });
    if (!ctx) return reply;
    const form = parseForm(zName, request.body);
    if (!form.ok) return render(reply, ctx, form.values, form.errors, 400);
    const { organisation } = ctx;
    const renamed = await deps.database.transaction(async (tx) => {
      const changed = await renameOrganisation(tx, organisation.id, form.value.name);
      if (changed) await auditChange(tx, deps, request, ctx, 'organisation.renamed', organisation.id, { odsCode: organisation.odsCode });
      return changed;
    });
    // This process shows the new name at once; other replicas within ORGANISATION_CACHE_MS.
    if (renamed) forgetCachedOrganisation(deps.database.db, organisation.odsCode);
    return reply.redirect(`${systemPath(organisation)}?done=name`, 303);
  });
}
