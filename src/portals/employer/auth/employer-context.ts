// THE CONTRACT of the employer portal (D38): what every page of /trusts/{ods}/employer/… uses to
// know who is asking. Keep it small and stable; other pages are built on it.
//
//   const ctx = await employerContext(request, reply);                  // any signed-in user of the trust
//   const ctx = await employerContext(request, reply, { senior: true }); // Senior Portal Administrators only
//   if (!ctx) return reply;          // the answer was already sent (redirect, 404 or 403 page)
//   ctx.organisation                 // the trust in the URL: { id, odsCode, name, kind, createdAt }
//   ctx.user                         // { id, organisationId, email, displayName, role, status, createdAt }
//   const scope = scopeOf(ctx.organisation.id);   // for every repository (D11)
//   return employerPage(reply, ctx, 'portals/employer/<page>/page.njk', { pageTitle: '…', … }, status?);
//
// The route must have an `:ods` path parameter (`/trusts/:ods/employer/...`) and should declare
// `config: { surface: 'page' }`. Rules:
// - The trust in the URL must be a trust that exists, else the NHS.UK 404 page.
// - Not signed in (no cookie, an expired or ended session): 303 to `/trusts/{ods}/employer/sign-in`
//   with `?returnTo=<this path>` for a GET (a POST returns to the portal's home page).
//   Half signed in (password right, second factor not yet done): 303 to the step that is due.
// - Signed in at another trust (the cookie names another organisation): the 404 page, as for a
//   page that does not exist, so nothing of this trust is revealed.
// - A disabled user: signed out and sent to sign in.
// - `senior: true` and the user is a Portal Administrator: the 403 page "You cannot view this page".
// - Every call moves the session's idle expiry (30 minutes; absolute 12 hours; signInPolicy).
//
// Pages extend `portals/employer/layout.njk` (header with the trust, the user and "Sign out",
// primary navigation). `employerPath(organisation, '/users')` builds a URL inside the portal.
// Tests sign a user in directly with test/support/employer-session.ts.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Organisation } from '../../../core/passport/organisation.ts';
import { employerSessions, type EmployerSession } from '../../../store/employer-sessions.ts';
import { employerUsers, type EmployerUser } from '../../../store/employer-users.ts';
import { findOrganisationByOdsCached } from '../../../store/organisations.ts';
import { scopeOf } from '../../../store/scope.ts';
import type { EmployerPortalDeps } from './deps.ts';
import { signInPolicy } from './policy.ts';
import { clearSessionCookie, readSessionCookie, sessionCookieName } from './session-cookie.ts';
import { digest } from './tokens.ts';

export interface EmployerContext {
  organisation: Organisation;
  user: EmployerUser;
  session: { id: string; expiresAt: Date };
}

export interface EmployerContextOptions {
  /** Only Senior Portal Administrators (user management, system management: DOMAIN.md §9 #10). */
  senior?: boolean;
}

/** `/trusts/{ods}/employer` + path (which starts with `/`, or is empty for the home page). */
export function employerPath(organisation: Pick<Organisation, 'odsCode'>, path = ''): string {
  return `/trusts/${encodeURIComponent(organisation.odsCode)}/employer${path}`;
}

export function isSeniorAdministrator(user: Pick<EmployerUser, 'role'>): boolean {
  return user.role === 'senior-administrator';
}

/**
 * The signed-in, second-factor-verified user of the trust in the URL, or undefined when the reply
 * has been sent instead (see the rules at the top of this file).
 */
export async function employerContext(request: FastifyRequest, reply: FastifyReply, options: EmployerContextOptions = {}): Promise<EmployerContext | undefined> {
  const deps = request.server.employerPortal;
  const organisation = await employerOrganisationOf(request, deps);
  if (!organisation) {
    notFoundPage(reply);
    return undefined;
  }
  const found = await currentSession(request, deps, organisation);
  if (found.kind === 'other-trust') {
    notFoundPage(reply);
    return undefined;
  }
  if (found.kind === 'none') {
    if (found.hadCookie) clearSessionCookie(reply, deps);
    reply.redirect(signInUrl(organisation, request), 303);
    return undefined;
  }
  const { session, user } = found;
  if (session.stage !== 'signed-in') {
    reply.redirect(employerPath(organisation, session.stage === 'enrolment' ? '/sign-in/set-up-second-factor' : '/sign-in/code'), 303);
    return undefined;
  }
  if (options.senior && !isSeniorAdministrator(user)) {
    reply.page('portals/employer/forbidden.njk', { ...layoutContext({ organisation, user, session }), pageTitle: 'You cannot view this page' }, 403);
    return undefined;
  }
  return { organisation, user, session: { id: session.id, expiresAt: session.expiresAt } };
}

/** Renders a page of the portal in its layout (header, navigation) with the context it needs. */
export function employerPage(reply: FastifyReply, ctx: EmployerContext, template: string, context: Record<string, unknown> = {}, status = 200): FastifyReply {
  return reply.page(template, { ...layoutContext(ctx), ...context }, status);
}

// ---- below: for the portal's own sign-in pages ----

const zOdsParam = z.object({ ods: z.string().regex(/^[A-Za-z0-9]{3,10}$/) });

/** The trust of the URL's `:ods`, if it is one that runs an employer portal. */
export async function employerOrganisationOf(request: FastifyRequest, deps: EmployerPortalDeps): Promise<Organisation | undefined> {
  const params = zOdsParam.safeParse(request.params);
  if (!params.success) return undefined;
  const organisation = await findOrganisationByOdsCached(deps.database.db, params.data.ods);
  return organisation?.kind === 'trust' ? organisation : undefined;
}

export type CurrentSession =
  | { kind: 'none'; hadCookie: boolean }
  | { kind: 'other-trust' }
  | { kind: 'session'; session: EmployerSession; user: EmployerUser };

/**
 * The session of this browser at this trust, at whatever stage, touched (idle expiry moves). A
 * session of a disabled or removed user is ended. `other-trust`: a live signed-in session of
 * another organisation.
 */
export async function currentSession(request: FastifyRequest, deps: EmployerPortalDeps, organisation: Organisation): Promise<CurrentSession> {
  const cookie = readSessionCookie(request, deps);
  if (!cookie) return { kind: 'none', hadCookie: request.cookies[sessionCookieName(deps)] !== undefined };
  const now = deps.clock.now();
  const idleMs = signInPolicy.idleMs;
  const db = deps.database.db;
  if (cookie.organisationId !== organisation.id) {
    const other = await employerSessions(db, scopeOf(cookie.organisationId)).touch(digest(cookie.token), now, idleMs);
    return other?.stage === 'signed-in' ? { kind: 'other-trust' } : { kind: 'none', hadCookie: true };
  }
  const scope = scopeOf(organisation.id);
  const session = await employerSessions(db, scope).touch(digest(cookie.token), now, idleMs);
  if (!session) return { kind: 'none', hadCookie: true };
  const user = await employerUsers(db, scope).findById(session.userId);
  if (!user || user.status === 'disabled') {
    await employerSessions(db, scope).end(session.id);
    return { kind: 'none', hadCookie: true };
  }
  return { kind: 'session', session, user };
}

/** A return path is kept only if it is a path inside this trust's portal (no open redirect). */
export function safeReturnPath(organisation: Organisation, value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length > 500) return undefined;
  const base = employerPath(organisation);
  if (value !== base && !value.startsWith(`${base}/`) && !value.startsWith(`${base}?`)) return undefined;
  if (/[\\\s]|\/\/|\/\.\.?(\/|$|\?)/.test(value)) return undefined;
  if (value.startsWith(employerPath(organisation, '/sign-in')) || value.startsWith(employerPath(organisation, '/sign-out'))) return undefined;
  return value;
}

function signInUrl(organisation: Organisation, request: FastifyRequest): string {
  const signIn = employerPath(organisation, '/sign-in');
  const base = employerPath(organisation);
  // The URL's ODS code may be in any case; the return path uses the trust's own.
  const url = request.url.toLowerCase().startsWith(base.toLowerCase()) ? base + request.url.slice(base.length) : request.url;
  const back = request.method === 'GET' ? safeReturnPath(organisation, url) : undefined;
  return back && back !== employerPath(organisation) ? `${signIn}?returnTo=${encodeURIComponent(back)}` : signIn;
}

function notFoundPage(reply: FastifyReply): void {
  reply.page('errors/not-found.njk', { pageTitle: 'Page not found' }, 404);
}

/** What portals/employer/layout.njk reads. */
export function layoutContext(ctx: { organisation: Organisation; user: EmployerUser; session?: unknown }): Record<string, unknown> {
  const { organisation, user } = ctx;
  const senior = isSeniorAdministrator(user);
  const home = employerPath(organisation);
  return {
    organisation,
    serviceHref: home,
    employer: {
      user: { id: user.id, displayName: user.displayName, email: user.email, role: user.role, senior },
      home,
      signOut: employerPath(organisation, '/sign-out'),
      navigation: [
        { text: 'Staff passports', href: employerPath(organisation, '/staff-passports') },
        { text: 'Credential requests', href: employerPath(organisation, '/credential-requests') },
        ...(senior
          ? [
              { text: 'Users', href: employerPath(organisation, '/users') },
              { text: 'System management', href: employerPath(organisation, '/system-management') },
            ]
          : []),
      ],
    },
  };
}
