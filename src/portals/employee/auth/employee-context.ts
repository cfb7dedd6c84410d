// THE CONTRACT of the employee portal (D45): what every page of /trusts/{ods}/employee/… uses to
// know who is asking. Keep it small and stable; other pages are built on it.
//
//   const ctx = await employeeContext(request, reply);   // signed in with this trust's access key (S3)
//   if (!ctx) return reply;          // the answer was already sent (redirect to sign-in, or 404)
//   ctx.organisation                 // the trust in the URL: { id, odsCode, name, kind, createdAt }
//   ctx.passport                     // the person's StaffPassport at this trust
//   const scope = scopeOf(ctx.organisation.id);   // for every repository (D11)
//   return employeePage(reply, ctx, 'portals/employee/<page>/page.njk', { pageTitle: '…', … }, status?);
//
//   const j = await employeeJourney(request, reply, 'sign-up');  // pages before sign-in (S1, S2)
//   if (!j) return reply;            // "This link has expired" page already sent
//   j.session.journey                // that journey's progress; employeeSessions(db, scope).updateJourney(...)
//
// Journeys and sign-in start with `startEmployeeSession(reply, deps, organisation, {...})`, which
// sets the cookie (a new random token; whatever this browser held before is ended).
//
// The route must have an `:ods` path parameter (`/trusts/:ods/employee/...`) and should declare
// `config: { surface: 'page' }`. Rules:
// - The trust in the URL must be a trust that exists, else the NHS.UK 404 page.
// - Not signed in (no cookie, an expired or ended session, or a journey session): 303 to
//   `/trusts/{ods}/employee/sign-in`.
// - Signed in at another trust (the cookie names another organisation): the 404 page, as for a page
//   that does not exist, so nothing of this trust is revealed.
// - A passport that is deleted ends the session (the FK cascade) → sign in.
// - Every call moves the session's idle expiry (30 minutes; absolute 12 hours; employeePolicy).
//
// Pages extend `portals/employee/layout.njk` (header with the trust, "Sign out", navigation).
// Tests sign a person in directly with test/support/employee-session.ts.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Organisation } from '../../../core/passport/organisation.ts';
import type { StaffPassport } from '../../../core/passport/staff-passport.ts';
import { employeeSessions, type EmployeeSession, type EmployeeSessionStage } from '../../../store/employee-sessions.ts';
import { findOrganisationByOdsCached } from '../../../store/organisations.ts';
import { scopeOf } from '../../../store/scope.ts';
import { staffPassports } from '../../../store/staff-passports.ts';
import { digest, newToken } from '../../employer/auth/tokens.ts';
import type { EmployeePortalDeps } from './deps.ts';
import { employeePolicy } from './policy.ts';
import { clearSessionCookie, readSessionCookie, sessionCookieName, setSessionCookie } from './session-cookie.ts';

export interface EmployeeContext {
  organisation: Organisation;
  passport: StaffPassport;
  session: EmployeeSession;
}

/** `/trusts/{ods}/employee` + path (which starts with `/`, or is empty for the home page). */
export function employeePath(organisation: Pick<Organisation, 'odsCode'>, path = ''): string {
  return `/trusts/${encodeURIComponent(organisation.odsCode)}/employee${path}`;
}

/** The signed-in person at the trust in the URL, or undefined when the reply has been sent instead. */
export async function employeeContext(request: FastifyRequest, reply: FastifyReply): Promise<EmployeeContext | undefined> {
  return contextAt(request, reply, 'signed-in');
}

/**
 * The browser's journey before sign-in (`sign-up` from an invitation, S1; `collect-key` from an
 * access-key link, S2) at the trust in the URL, or undefined when the reply has been sent: the
 * "link expired" page (400-free: 200 with how to start again) when there is none.
 */
export async function employeeJourney(request: FastifyRequest, reply: FastifyReply, stage: Exclude<EmployeeSessionStage, 'signed-in'>): Promise<EmployeeContext | undefined> {
  return contextAt(request, reply, stage);
}

async function contextAt(request: FastifyRequest, reply: FastifyReply, stage: EmployeeSessionStage): Promise<EmployeeContext | undefined> {
  const deps = request.server.employeePortal;
  const organisation = await employeeOrganisationOf(request, deps);
  if (!organisation) {
    notFoundPage(reply);
    return undefined;
  }
  const found = await currentEmployeeSession(request, deps, organisation);
  if (found.kind === 'other-trust') {
    notFoundPage(reply);
    return undefined;
  }
  if (found.kind === 'session' && found.session.stage === stage) return { organisation, passport: found.passport, session: found.session };
  if (found.kind === 'none' && found.hadCookie) clearSessionCookie(reply, deps);
  if (stage === 'signed-in') {
    reply.redirect(employeePath(organisation, '/sign-in'), 303);
  } else {
    reply.page('portals/employee/journey-expired.njk', { organisation, serviceHref: employeePath(organisation), pageTitle: 'This page has timed out', signIn: employeePath(organisation, '/sign-in'), stage });
  }
  return undefined;
}

/** Renders a page of the portal in its layout (header, navigation) with the context it needs. */
export function employeePage(reply: FastifyReply, ctx: EmployeeContext, template: string, context: Record<string, unknown> = {}, status = 200): FastifyReply {
  return reply.page(template, { ...layoutContext(ctx), ...context }, status);
}

/** Pages before sign-in (sign-up, collect key, sign-in itself): the trust's header, no navigation. */
export function employeePublicPage(reply: FastifyReply, organisation: Organisation, template: string, context: Record<string, unknown> = {}, status = 200): FastifyReply {
  return reply.page(template, { organisation, serviceHref: employeePath(organisation), ...context }, status);
}

/**
 * Starts a session of `stage` for a passport in this browser under a new token and sets the
 * cookie; the browser's earlier session at this trust (any stage) ends. Call inside or after the
 * transaction that decided it.
 */
export async function startEmployeeSession(
  request: FastifyRequest,
  reply: FastifyReply,
  organisation: Organisation,
  input: { passportId: string; stage: EmployeeSessionStage; journey?: Record<string, unknown> },
): Promise<EmployeeSession> {
  const deps = request.server.employeePortal;
  const now = deps.clock.now();
  const previous = readSessionCookie(request, deps);
  const db = deps.database.db;
  if (previous) {
    // Any idle time: the whole span since the epoch (now − MAX_SAFE_INTEGER ms is no valid Date, so
    // signing in at a trust while signed in at another — S6.3 — failed with "Invalid time value").
    const prior = await employeeSessions(db, scopeOf(previous.organisationId)).touch(digest(previous.token), now, now.getTime());
    if (prior) await employeeSessions(db, scopeOf(previous.organisationId)).end(prior.id);
  }
  const token = newToken();
  const lifetime = input.stage === 'signed-in' ? employeePolicy.absoluteMs : input.stage === 'sign-up' ? employeePolicy.signUpMs : employeePolicy.collectKeyMs;
  const session = await employeeSessions(db, scopeOf(organisation.id)).create({
    passportId: input.passportId,
    tokenHash: digest(token),
    stage: input.stage,
    now,
    expiresAt: new Date(now.getTime() + lifetime),
    ...(input.journey ? { journey: input.journey } : {}),
  });
  setSessionCookie(reply, deps, organisation.id, token);
  return session;
}

/** Ends this browser's session at the trust (sign out; the end of a journey). */
export async function endEmployeeSession(request: FastifyRequest, reply: FastifyReply, ctx: Pick<EmployeeContext, 'organisation' | 'session'>): Promise<void> {
  const deps = request.server.employeePortal;
  await employeeSessions(deps.database.db, scopeOf(ctx.organisation.id)).end(ctx.session.id);
  clearSessionCookie(reply, deps);
}

// ---- below: for the portal's own pages before sign-in ----

const zOdsParam = z.object({ ods: z.string().regex(/^[A-Za-z0-9]{3,10}$/) });

/** The trust of the URL's `:ods`, if it is one that runs an employee portal. */
export async function employeeOrganisationOf(request: FastifyRequest, deps: EmployeePortalDeps): Promise<Organisation | undefined> {
  const params = zOdsParam.safeParse(request.params);
  if (!params.success) return undefined;
  const organisation = await findOrganisationByOdsCached(deps.database.db, params.data.ods);
  return organisation?.kind === 'trust' ? organisation : undefined;
}

export type CurrentEmployeeSession =
  | { kind: 'none'; hadCookie: boolean }
  | { kind: 'other-trust' }
  | { kind: 'session'; session: EmployeeSession; passport: StaffPassport };

/**
 * The session of this browser at this trust, at whatever stage, touched (idle expiry moves).
 * `other-trust`: a live signed-in session of another organisation.
 */
export async function currentEmployeeSession(request: FastifyRequest, deps: EmployeePortalDeps, organisation: Organisation): Promise<CurrentEmployeeSession> {
  const cookie = readSessionCookie(request, deps);
  if (!cookie) return { kind: 'none', hadCookie: request.cookies[sessionCookieName(deps)] !== undefined };
  const now = deps.clock.now();
  const db = deps.database.db;
  if (cookie.organisationId !== organisation.id) {
    const other = await employeeSessions(db, scopeOf(cookie.organisationId)).touch(digest(cookie.token), now, employeePolicy.idleMs);
    return other?.stage === 'signed-in' ? { kind: 'other-trust' } : { kind: 'none', hadCookie: true };
  }
  const scope = scopeOf(organisation.id);
  const session = await employeeSessions(db, scope).touch(digest(cookie.token), now, employeePolicy.idleMs);
  if (!session) return { kind: 'none', hadCookie: true };
  const passport = await staffPassports(db, scope).findById(session.passportId);
  if (!passport) {
    await employeeSessions(db, scope).end(session.id);
    return { kind: 'none', hadCookie: true };
  }
  return { kind: 'session', session, passport };
}

function notFoundPage(reply: FastifyReply): void {
  reply.page('errors/not-found.njk', { pageTitle: 'Page not found' }, 404);
}

/** What portals/employee/layout.njk reads. */
export function layoutContext(ctx: Pick<EmployeeContext, 'organisation' | 'passport'>): Record<string, unknown> {
  const { organisation, passport } = ctx;
  return {
    organisation,
    serviceHref: employeePath(organisation),
    employee: {
      name: [passport.givenName, passport.familyName].join(' '),
      home: employeePath(organisation),
      signOut: employeePath(organisation, '/sign-out'),
      navigation: [
        { text: 'Home', href: employeePath(organisation) },
        { text: 'Credentials', href: employeePath(organisation, '/credentials') },
        { text: 'Passport history', href: employeePath(organisation, '/history') },
        { text: 'Settings', href: employeePath(organisation, '/settings') },
      ],
    },
  };
}
