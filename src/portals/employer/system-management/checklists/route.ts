// Credentials required checklists (DOMAIN.md E3, E9.2, §9 #25): the list, with links to add,
// change and delete. Which checklist applies to a passport is decided in
// src/core/passport/credentials-required.ts (the most specific that matches).
//   GET /trusts/{ods}/employer/system-management/checklists
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { getCredentialType } from '../../../../core/credentials/catalogue.ts';
import { credentialsRequiredChecklists } from '../../../../store/credentials-required-checklists.ts';
import { scopeOf } from '../../../../store/scope.ts';
import type { EmployerPortalDeps } from '../../auth/deps.ts';
import { employerContext, employerPage } from '../../auth/employer-context.ts';
import { systemPath } from '../shared.ts';

export const CHECKLIST_NOTICES = {
  added: 'The checklist has been added.',
  changed: 'The checklist has been changed.',
  deleted: 'The checklist has been deleted.',
} as const;
type Notice = keyof typeof CHECKLIST_NOTICES;

export function registerChecklistsPage(app: FastifyInstance, deps: EmployerPortalDeps): void {
  app.get('/trusts/:ods/employer/system-management/checklists', { config: { surface: 'page' } }, async (request, reply) => {
    const ctx = await employerContext(request, reply, { senior: true });
    if (!ctx) return reply;
    const { organisation } = ctx;
    const checklists = await credentialsRequiredChecklists(deps.database.db, scopeOf(organisation.id)).list();
    const q = z.object({ done: z.enum(Object.keys(CHECKLIST_NOTICES) as [Notice]) }).safeParse(request.query);
    return employerPage(reply, ctx, 'portals/employer/system-management/checklists/page.njk', {
      pageTitle: 'Credentials required checklists',
      navCurrent: systemPath(organisation),
      backHref: systemPath(organisation),
      notice: q.success ? CHECKLIST_NOTICES[q.data.done] : undefined,
      addHref: systemPath(organisation, '/checklists/new'),
      checklists: checklists.map((c) => ({
        id: c.id,
        staffGroup: c.staffGroup,
        jobRole: c.jobRole ?? 'Any',
        employmentType: c.employmentType ?? 'Any',
        types: c.credentialTypes.map((t) => getCredentialType(t).display.name),
        href: systemPath(organisation, `/checklists/${c.id}`),
        deleteHref: systemPath(organisation, `/checklists/${c.id}/delete`),
      })),
    });
  });
}
