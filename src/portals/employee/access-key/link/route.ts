// S2 step 1: the link in the "collect your access key" email (minted by HR's identity confirmation,
// E5.6, or a new access key, E13).
//   GET /trusts/{ods}/employee/access-key/{token}
//     live link, key not yet collected → a `collect-key` session (a new cookie) → 303 /access-key
//     live link, key already collected → 303 /sign-in?alreadyCollected=1
//     unknown, expired, superseded or another trust's token → "This link cannot be used" (400), no session
// The token leaves the address bar at once (the redirect); only its digest is stored.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { accessKeyLinks } from '../../../../store/access-key-links.ts';
import { scopeOf } from '../../../../store/scope.ts';
import { staffPassports } from '../../../../store/staff-passports.ts';
import type { EmployeePortalDeps } from '../../auth/deps.ts';
import { employeeOrganisationOf, employeePath, startEmployeeSession } from '../../auth/employee-context.ts';
import { collectProblem, collectableOf, REFUSED_STATUSES } from '../collect-flow.ts';

/** An access-key link's token as issued (32 random bytes, base64url), with room for other lengths. */
export const zLinkToken = z.string().regex(/^[A-Za-z0-9_-]{20,200}$/);

export function registerAccessKeyLink(app: FastifyInstance, deps: EmployeePortalDeps): void {
  app.get('/trusts/:ods/employee/access-key/:token', { config: { surface: 'page' } }, async (request, reply) => {
    const organisation = await employeeOrganisationOf(request, deps);
    if (!organisation) return reply.page('errors/not-found.njk', { pageTitle: 'Page not found' }, 404);
    reply.header('referrer-policy', 'no-referrer');
    const token = zLinkToken.safeParse((request.params as { token?: unknown }).token);
    const scope = scopeOf(organisation.id);
    const db = deps.database.db;
    const link = token.success ? await accessKeyLinks(db, scope).findLive(token.data, deps.clock.now()) : undefined;
    const passport = link ? await staffPassports(db, scope).findById(link.passportId) : undefined;
    if (!link || !passport) return collectProblem(reply, organisation, 'link-not-usable');
    if (REFUSED_STATUSES.includes(passport.status)) return collectProblem(reply, organisation, 'refused');
    const collectable = await collectableOf(db, organisation, passport.id);
    if (link.collectedAt || (collectable.pending.length === 0 && collectable.hasAcceptedKey)) {
      return reply.redirect(`${employeePath(organisation, '/sign-in')}?alreadyCollected=1`, 303);
    }
    if (collectable.pending.length === 0) return collectProblem(reply, organisation, 'nothing-to-collect');
    await startEmployeeSession(request, reply, organisation, { passportId: passport.id, stage: 'collect-key' });
    return reply.redirect(employeePath(organisation, '/access-key'), 303);
  });
}
