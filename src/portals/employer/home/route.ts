// The portal's home page: GET /trusts/{ods}/employer — a dashboard placeholder linking to each
// section (the sections' own pages come with later work and may answer 404 until then).
import type { FastifyInstance } from 'fastify';
import { employerContext, employerPage, employerPath } from '../auth/employer-context.ts';
import { signInPolicy, minutesText } from '../auth/policy.ts';
import { credentialRequests } from '../../../store/credential-requests.ts';
import { scopeOf } from '../../../store/scope.ts';
import { staffPassports } from '../../../store/staff-passports.ts';
import { sharedCredentials } from '../../../store/shared-credentials.ts';
import { staffRejections } from '../../../store/staff-rejections.ts';

export function registerHomePage(app: FastifyInstance): void {
  app.get('/trusts/:ods/employer', { config: { surface: 'page' } }, async (request, reply) => {
    const ctx = await employerContext(request, reply);
    if (!ctx) return reply;
    const { organisation } = ctx;
    const sections = [
      { title: 'Staff passports', href: employerPath(organisation, '/staff-passports'), description: 'Invite staff, check identities, connect to ESR and provide credentials.' },
      // E8.1/E9.3: "Reviewed passports" beside the staff passports — those whose credentials required were completed or bypassed (status active).
      { title: 'Reviewed passports', href: employerPath(organisation, '/staff-passports?status=active'), description: 'Staff whose credentials required have been completed or bypassed.' },
      { title: 'Credential requests', href: employerPath(organisation, '/credential-requests'), description: 'Review the credentials staff have asked for.' },
      { title: 'Reports', href: employerPath(organisation, '/reports'), description: 'Download staff passports, credentials, revocations and shares received as CSV files.' },
    ];
    if (ctx.user.role === 'senior-administrator') {
      sections.push(
        { title: 'Users', href: employerPath(organisation, '/users'), description: 'Add portal users, change their roles, disable them or reset their second factor.' },
        { title: 'System management', href: employerPath(organisation, '/system-management'), description: 'Organisation details, team mailboxes, automatic providing and checklists.' },
      );
    }
    // Credential requests awaiting review (E8.1): a category beside the staff passports, with View.
    const db = request.server.employerPortal.database.db;
    const requesting = await credentialRequests(db, scopeOf(organisation.id)).countAwaitingReview();
    // Shared identities waiting for HR (E5.1 "identity credentials to verify").
    const toVerify = (await staffPassports(db, scopeOf(organisation.id)).countByStatus())['identity-shared'] ?? 0;
    // Passports with shared credentials waiting for HR's review (E9.1).
    const sharing = await sharedCredentials(db, scopeOf(organisation.id)).passportsToReview();
    // Credentials staff rejected, not yet resolved (E11): "Action needed".
    const rejected = await staffRejections(db, scopeOf(organisation.id)).countUnresolved();
    return employerPage(reply, ctx, 'portals/employer/home/page.njk', {
      pageTitle: 'Home',
      rejections: rejected ? { text: rejected === 1 ? '1 credential rejected by staff to resolve' : `${rejected} credentials rejected by staff to resolve`, href: employerPath(organisation, '/staff-rejections') } : undefined,
      requests: requesting ? { text: requesting === 1 ? '1 staff member has requested credentials' : `${requesting} staff members have requested credentials`, href: employerPath(organisation, '/credential-requests') } : undefined,
      shared: sharing
        ? { text: sharing === 1 ? '1 staff member has shared credentials to review' : `${sharing} staff members have shared credentials to review`, href: employerPath(organisation, '/staff-passports?action=review-credentials') }
        : undefined,
      identities: toVerify
        ? { text: toVerify === 1 ? '1 identity credential to verify' : `${toVerify} identity credentials to verify`, href: employerPath(organisation, '/staff-passports?action=review-identity') }
        : undefined,
      sections,
      signOutEverywhere: employerPath(organisation, '/sign-out/everywhere'),
      idleText: minutesText(signInPolicy.idleMs),
      absoluteHours: signInPolicy.absoluteMs / 3_600_000,
    });
  });
}
