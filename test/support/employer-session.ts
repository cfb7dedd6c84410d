// For tests of employer portal pages (D38): a signed-in, second-factor-verified session for a user
// made directly in the database — no password, no code — and the cookie a request or a browser
// needs to carry it.
//
//   const app = await testApp(database);               // the app the requests go to
//   const { user } = await addEmployerUser(app, { ods: 'RZX', role: 'administrator' });
//   const session = await signInEmployer(app, { ods: 'RZX', userId: user.id });
//   await app.inject({ url: '/trusts/RZX/employer', headers: { cookie: session.cookie } });
//   await browserContext.addCookies([session.browserCookie(base)]);   // Playwright
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { EmployerRole, Organisation } from '../../src/core/passport/organisation.ts';
import { employerSessions } from '../../src/store/employer-sessions.ts';
import { employerUsers, type EmployerUser } from '../../src/store/employer-users.ts';
import { addOrganisation, findOrganisationByOds } from '../../src/store/organisations.ts';
import { scopeOf } from '../../src/store/scope.ts';
import { signInPolicy } from '../../src/portals/employer/auth/policy.ts';
import { sessionCookieName } from '../../src/portals/employer/auth/session-cookie.ts';
import { digest, newToken } from '../../src/portals/employer/auth/tokens.ts';

export interface EmployerTestSession {
  organisation: Organisation;
  user: EmployerUser;
  sessionId: string;
  /** `name=value`, for `inject({ headers: { cookie } })` (join with the CSRF cookie by `; `). */
  cookie: string;
  name: string;
  value: string;
  /** The cookie for Playwright's `context.addCookies([...])`. */
  browserCookie(baseUrl: string): { name: string; value: string; url: string; httpOnly: boolean; sameSite: 'Lax' };
}

async function trust(app: FastifyInstance, ods: string): Promise<Organisation> {
  const db = app.employerPortal.database.db;
  const found = await findOrganisationByOds(db, ods);
  if (found) return found;
  return (await addOrganisation(db, { odsCode: ods, name: `Test Trust ${ods}`, kind: 'trust' })).organisation;
}

/** A user of the trust (added, with the trust, if missing), active, without a password or second factor. */
export async function addEmployerUser(
  app: FastifyInstance,
  input: { ods: string; role: EmployerRole; email?: string; displayName?: string },
): Promise<{ organisation: Organisation; user: EmployerUser }> {
  const organisation = await trust(app, input.ods);
  const users = employerUsers(app.employerPortal.database.db, scopeOf(organisation.id));
  const email = input.email ?? `user-${randomUUID().slice(0, 8)}@${input.ods.toLowerCase()}.example`;
  const added = await users.add({ email, displayName: input.displayName ?? 'Test User', role: input.role, status: 'active' });
  const user = added.outcome === 'added' ? added.user : await users.findByEmail(email);
  if (!user) throw new Error(`could not add ${email}`);
  return { organisation, user };
}

/** A signed-in session (both factors done) for the user, starting at the app's clock's now. */
export async function signInEmployer(app: FastifyInstance, input: { ods: string } & ({ userId: string } | { email: string })): Promise<EmployerTestSession> {
  const { database, clock } = app.employerPortal;
  const organisation = await trust(app, input.ods);
  const scope = scopeOf(organisation.id);
  const users = employerUsers(database.db, scope);
  const user = 'userId' in input ? await users.findById(input.userId) : await users.findByEmail(input.email);
  if (!user) throw new Error(`no such user at ${input.ods}`);
  const token = newToken();
  const now = clock.now();
  const session = await employerSessions(database.db, scope).create({ userId: user.id, tokenHash: digest(token), stage: 'signed-in', now, expiresAt: new Date(now.getTime() + signInPolicy.absoluteMs) });
  const name = sessionCookieName(app.employerPortal);
  // Encoded as @fastify/cookie's setCookie does (the signature is base64).
  const value = encodeURIComponent(app.signCookie(`${organisation.id}.${token}`));
  return {
    organisation,
    user,
    sessionId: session.id,
    cookie: `${name}=${value}`,
    name,
    value,
    browserCookie: (baseUrl) => ({ name, value, url: baseUrl, httpOnly: true, sameSite: 'Lax' }),
  };
}
