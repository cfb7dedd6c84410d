// Adding or changing a credentials required checklist (DOMAIN.md E3, §9 #25): staff group, job
// role (optional), employment type (optional), and the credential types required, as checkboxes
// grouped as the catalogue groups them.
//   GET  /trusts/{ods}/employer/system-management/checklists/new
//   POST /trusts/{ods}/employer/system-management/checklists/new
//   GET  /trusts/{ods}/employer/system-management/checklists/{id}
//   POST /trusts/{ods}/employer/system-management/checklists/{id}
// Criteria are unique per trust: adding criteria that already have a checklist with the same
// types is a repeat (a double submit) and acts once; with other types, or changing a checklist
// onto another's criteria, is refused with an error. Another trust's checklist id is a 404.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { checklistTypesByGroup, describeCriteria, EMPLOYMENT_TYPES, STAFF_GROUPS, zChecklistInput, type CredentialsRequiredChecklist } from '../../../../core/passport/credentials-required.ts';
import { formErrors, formValues, parseForm, type FormErrors } from '../../../../platform/http/forms.ts';
import { credentialsRequiredChecklists } from '../../../../store/credentials-required-checklists.ts';
import { scopeOf } from '../../../../store/scope.ts';
import type { EmployerPortalDeps } from '../../auth/deps.ts';
import { employerContext, employerPage, type EmployerContext } from '../../auth/employer-context.ts';
import { actorOf, auditChange, notFound, systemPath } from '../shared.ts';

const zIdParams = z.object({ id: z.uuid() });

/** The senior administrator and the checklist of the URL (of this trust only: another's id is a 404). */
export async function checklistOf(request: FastifyRequest, reply: FastifyReply, deps: EmployerPortalDeps): Promise<{ ctx: EmployerContext; checklist: CredentialsRequiredChecklist } | undefined> {
  const ctx = await employerContext(request, reply, { senior: true });
  if (!ctx) return undefined;
  const params = zIdParams.safeParse(request.params);
  const checklist = params.success ? await credentialsRequiredChecklists(deps.database.db, scopeOf(ctx.organisation.id)).findById(params.data.id) : undefined;
  if (!checklist) {
    notFound(reply);
    return undefined;
  }
  return { ctx, checklist };
}

function valuesOf(checklist: CredentialsRequiredChecklist): Record<string, string> {
  return { staffGroup: checklist.staffGroup, jobRole: checklist.jobRole ?? '', employmentType: checklist.employmentType ?? '', credentialTypes: checklist.credentialTypes.join(',') };
}

/** Details for the audit log: the criteria and types (no personal data). */
function auditDetails(c: Pick<CredentialsRequiredChecklist, 'staffGroup' | 'jobRole' | 'employmentType' | 'credentialTypes'>): Record<string, unknown> {
  return { staffGroup: c.staffGroup, jobRole: c.jobRole, employmentType: c.employmentType, credentialTypes: c.credentialTypes };
}

export function registerChecklistPage(app: FastifyInstance, deps: EmployerPortalDeps): void {
  function render(reply: FastifyReply, ctx: EmployerContext, checklist: CredentialsRequiredChecklist | undefined, values: Record<string, string>, errors?: FormErrors, status = 200) {
    const { organisation } = ctx;
    const selected = (values.credentialTypes ?? '').split(',');
    return employerPage(
      reply,
      ctx,
      'portals/employer/system-management/checklist/page.njk',
      {
        pageTitle: checklist ? 'Change a checklist' : 'Add a checklist',
        navCurrent: systemPath(organisation),
        backHref: systemPath(organisation, '/checklists'),
        action: systemPath(organisation, checklist ? `/checklists/${checklist.id}` : '/checklists/new'),
        staffGroups: STAFF_GROUPS,
        employmentTypes: EMPLOYMENT_TYPES,
        groups: checklistTypesByGroup().map((g, i) => ({
          group: g.group,
          idPrefix: i === 0 ? 'credentialTypes' : `credentialTypes-group-${i + 1}`, // the first box is #credentialTypes (the error summary's link); ids never repeat
          items: g.types.map((t) => ({ value: t.id, text: t.name, checked: selected.includes(t.id) })),
        })),
        values,
        errors,
      },
      status,
    );
  }

  const duplicate = (existing: CredentialsRequiredChecklist) =>
    formErrors([{ field: 'staffGroup', message: `There is already a checklist for ${describeCriteria(existing)}. Change that checklist instead` }]);

  app.get('/trusts/:ods/employer/system-management/checklists/new', { config: { surface: 'page' } }, async (request, reply) => {
    const ctx = await employerContext(request, reply, { senior: true });
    if (!ctx) return reply;
    return render(reply, ctx, undefined, {});
  });

  app.post('/trusts/:ods/employer/system-management/checklists/new', { config: { surface: 'page' } }, async (request, reply) => {
    const ctx = await employerContext(request, reply, { senior: true });
    if (!ctx) return reply;
    const form = parseForm(zChecklistInput, request.body);
    if (!form.ok) return render(reply, ctx, undefined, form.values, form.errors, 400);
    const result = await deps.database.transaction(async (tx) => {
      const added = await credentialsRequiredChecklists(tx, scopeOf(ctx.organisation.id)).add(form.value, actorOf(ctx));
      if (added.outcome === 'added') await auditChange(tx, deps, request, ctx, 'credentials-required-checklist.added', added.checklist.id, auditDetails(added.checklist));
      return added;
    });
    if (result.outcome === 'exists' && result.checklist.credentialTypes.join(',') !== form.value.credentialTypes.join(',')) {
      return render(reply, ctx, undefined, formValues(request.body), duplicate(result.checklist), 400);
    }
    return reply.redirect(`${systemPath(ctx.organisation, '/checklists')}?done=added`, 303);
  });

  app.get('/trusts/:ods/employer/system-management/checklists/:id', { config: { surface: 'page' } }, async (request, reply) => {
    const found = await checklistOf(request, reply, deps);
    if (!found) return reply;
    return render(reply, found.ctx, found.checklist, valuesOf(found.checklist));
  });

  app.post('/trusts/:ods/employer/system-management/checklists/:id', { config: { surface: 'page' } }, async (request, reply) => {
    const found = await checklistOf(request, reply, deps);
    if (!found) return reply;
    const { ctx, checklist } = found;
    const form = parseForm(zChecklistInput, request.body);
    if (!form.ok) return render(reply, ctx, checklist, form.values, form.errors, 400);
    const result = await deps.database.transaction(async (tx) => {
      const updated = await credentialsRequiredChecklists(tx, scopeOf(ctx.organisation.id)).update(checklist.id, form.value, actorOf(ctx));
      if (updated.outcome === 'updated') {
        await auditChange(tx, deps, request, ctx, 'credentials-required-checklist.changed', checklist.id, { before: auditDetails(updated.before), after: auditDetails(updated.checklist) });
      }
      return updated;
    });
    if (result.outcome === 'not-found') return notFound(reply);
    if (result.outcome === 'duplicate') return render(reply, ctx, checklist, formValues(request.body), duplicate(result.existing), 400);
    return reply.redirect(`${systemPath(ctx.organisation, '/checklists')}?done=changed`, 303);
  });
}
