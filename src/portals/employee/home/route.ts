// The portal's home page: GET /trusts/{ods}/employee — what is waiting (S3's banners) and the sections.
// Banners are added by the pages that own them through `homeBanners` (./banners.ts).
import type { FastifyInstance } from 'fastify';
import { employeeContext, employeePage, employeePath } from '../auth/employee-context.ts';
import { homeBanners } from './banners.ts';

export function registerEmployeeHomePage(app: FastifyInstance): void {
  app.get('/trusts/:ods/employee', { config: { surface: 'page' } }, async (request, reply) => {
    const ctx = await employeeContext(request, reply);
    if (!ctx) return reply;
    const { organisation } = ctx;
    return employeePage(reply, ctx, 'portals/employee/home/page.njk', {
      pageTitle: 'Your Digital Staff Passport',
      navCurrent: employeePath(organisation),
      banners: await homeBanners(request.server.employeePortal, ctx),
      sections: [
        { title: 'Credentials', href: employeePath(organisation, '/credentials'), description: 'Review and add new credentials to your wallet, request, reissue and share credentials.' },
        { title: 'Passport history', href: employeePath(organisation, '/history'), description: 'Everything that has happened to your passport here, newest first.' },
        { title: 'Settings', href: employeePath(organisation, '/settings'), description: 'Choose how we contact you, or delete your passport at this trust.' },
      ],
    });
  });
}
