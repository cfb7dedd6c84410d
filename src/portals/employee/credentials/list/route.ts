// The person's credentials (S4): GET /trusts/{ods}/employee/credentials — the passport's provided
// credentials in sections (new to review, in the wallet, past, rejected), each grouped as the
// portals group them (DOMAIN.md §5.1); links to request credentials (S5) and to add New Starter
// Information (S9), and at the foot to share credentials with this trust or another (S6).
import type { FastifyInstance } from 'fastify';
import { providedCredentials } from '../../../../store/provided-credentials.ts';
import { scopeOf } from '../../../../store/scope.ts';
import { employeeContext, employeePage } from '../../auth/employee-context.ts';
import { byGroup, credentialPath, credentialsPath, formatDay, LIST_SECTIONS } from '../credential-view.ts';

export function registerCredentialsList(app: FastifyInstance): void {
  app.get('/trusts/:ods/employee/credentials', { config: { surface: 'page' } }, async (request, reply) => {
    const ctx = await employeeContext(request, reply);
    if (!ctx) return reply;
    const held = await providedCredentials(request.server.employeePortal.database.db, scopeOf(ctx.organisation.id)).listForPassport(ctx.passport.id);
    const sections = LIST_SECTIONS.map((section) => ({
      ...section,
      count: held.filter((c) => section.states.includes(c.state)).length,
      groups: byGroup(held.filter((c) => section.states.includes(c.state))).map((g) => ({
        group: g.group,
        rows: g.credentials.map((c) => ({
          title: c.title,
          href: credentialPath(ctx, c.id),
          linkText: section.linkText,
          detail: [`Provided ${formatDay(c.providedAt)}`, c.expiresAt ? `${c.state === 'expired' ? 'expired' : 'expires'} ${formatDay(c.expiresAt)}` : undefined, section.id === 'past' ? c.state : undefined]
            .filter(Boolean)
            .join(', '),
        })),
      })),
    }));
    return employeePage(reply, ctx, 'portals/employee/credentials/list/page.njk', {
      pageTitle: 'Your credentials',
      navCurrent: credentialsPath(ctx),
      sections,
      requestHref: credentialsPath(ctx, '/request'),
      newStarterHref: credentialsPath(ctx, '/new-starter-information'),
      // S6: at the foot of the page ("Scroll down the page and click on the link to 'Share credentials'").
      shareHref: credentialsPath(ctx, '/share'),
      otherOrganisationHref: credentialsPath(ctx, '/share/organisation'),
    });
  });
}
