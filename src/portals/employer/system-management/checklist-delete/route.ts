// Deleting a credentials required checklist (DOMAIN.md E3): a confirmation page, then the deletion.
//   GET  /trusts/{ods}/employer/system-management/checklists/{id}/delete
//   POST /trusts/{ods}/employer/system-management/checklists/{id}/delete
// Another trust's checklist is a 404; a repeated POST (a double submit) deletes nothing more and
// goes back to the list like the first.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { getCredentialType } from '../../../../core/credentials/catalogue.ts';
import { describeCriteria } from '../../../../core/passport/credentials-required.ts';
import { listAudit } from '../../../../store/audit-log.ts';
import { credentialsRequiredChecklists } from '../../../../store/credentials-required-checklists.ts';
import { scopeOf } from '../../../../store/scope.ts';
import type { EmployerPortalDeps } from '../../auth/deps.ts';
import { employerContext, employerPage } from '../../auth/employer-context.ts';
import { checklistOf } from '../checklist/route.ts';
import { auditChange, notFound, systemPath } from '../shared.ts';

const DELETED = 'credentials-required-checklist.deleted';

export function registerChecklistDeletePage(app: FastifyInstance, deps: EmployerPortalDeps): void {
  const url = '/trusts/:ods/employer/system-management/checklists/:id/delete';

  app.get(url, { config: { surface: 'page' } }, async (request, reply) => {
    const found = await checklistOf(request, reply, deps);
    if (!found) return reply;
    const { ctx, checklist } = found;
    return employerPage(reply, ctx, 'portals/employer/system-management/checklist-delete/page.njk', {
      pageTitle: 'Delete this checklist?',
      navCurrent: systemPath(ctx.organisation),
      backHref: systemPath(ctx.organisation, '/checklists'),
      action: systemPath(ctx.organisation, `/checklists/${checklist.id}/delete`),
      cancelHref: systemPath(ctx.organisation, '/checklists'),
      criteria: describeCriteria(checklist),
      types: checklist.credentialTypes.map((t) => getCredentialType(t).display.name),
    });
  });

  app.post(url, { config: { surface: 'page' } }, async (request, reply) => {
    const ctx = await employerContext(request, reply, { senior: true });
    if (!ctx) return reply;
    const params = z.object({ id: z.uuid() }).safeParse(request.params);
    if (!params.success) return notFound(reply);
    const removed = await deps.database.transaction(async (tx) => {
      const checklist = await credentialsRequiredChecklists(tx, scopeOf(ctx.organisation.id)).remove(params.data.id);
      if (checklist) {
        await auditChange(tx, deps, request, ctx, DELETED, checklist.id, {
          staffGroup: checklist.staffGroup,
          jobRole: checklist.jobRole,
          employmentType: checklist.employmentType,
          credentialTypes: checklist.credentialTypes,
        });
      }
      return checklist;
    });
    if (!removed) {
      // A repeat (a double submit) of a deletion at this trust goes where the first went; any other
      // id — another trust's checklist (tampering), or one that never existed — is a 404.
      const deletedHere = await listAudit(deps.database.db, ctx.organisation.id, { action: DELETED, subject: params.data.id, limit: 1 });
      if (deletedHere.length === 0) return notFound(reply);
    }
    return reply.redirect(`${systemPath(ctx.organisation, '/checklists')}?done=deleted`, 303);
  });
}
