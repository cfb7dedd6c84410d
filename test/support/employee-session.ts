// For tests of employee portal pages (D45): a session for a passport made directly in the
// database — no access key presented — and the cookie a request or a browser needs to carry it.
//
//   const app = await testApp(database);
//   const { organisation, passport } = await addStaffPassportAt(app, { ods: 'RZX' });
//   const session = await signInEmployee(app, { ods: 'RZX', passportId: passport.id });
//   await app.inject({ url: '/trusts/RZX/employee', headers: { cookie: session.cookie } });
//   await browserContext.addCookies([session.browserCookie(base)]);   // Playwright
// `stage` 'sign-up' / 'collect-key' gives a journey session instead (pages before sign-in).
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Organisation } from '../../src/core/passport/organisation.ts';
import type { StaffPassport, StaffPassportInput } from '../../src/core/passport/staff-passport.ts';
import { employeePolicy } from '../../src/portals/employee/auth/policy.ts';
import { sessionCookieName } from '../../src/portals/employee/auth/session-cookie.ts';
import { digest, newToken } from '../../src/portals/employer/auth/tokens.ts';
import { employeeSessions, type EmployeeSessionStage } from '../../src/store/employee-sessions.ts';
import { addOrganisation, findOrganisationByOds } from '../../src/store/organisations.ts';
import { scopeOf } from '../../src/store/scope.ts';
import { staffPassports } from '../../src/store/staff-passports.ts';

export interface EmployeeTestSession {
  organisation: Organisation;
  sessionId: string;
  /** `name=value`, for `inject({ headers: { cookie } })` (join with the CSRF cookie by `; `). */
  cookie: string;
  name: string;
  value: string;
  /** The cookie for Playwright's `context.addCookies([...])`. */
  browserCookie(baseUrl: string): { name: string; value: string; url: string; httpOnly: boolean; sameSite: 'Lax' };
}

async function trust(app: FastifyInstance, ods: string): Promise<Organisation> {
  const db = app.employeePortal.database.db;
  const found = await findOrganisationByOds(db, ods);
  if (found) return found;
  return (await addOrganisation(db, { odsCode: ods, name: `Test Trust ${ods}`, kind: 'trust' })).organisation;
}

/** A passport at the trust (added, with the trust, if missing); unique email and mobile by default. */
export async function addStaffPassportAt(
  app: FastifyInstance,
  input: { ods: string; passport?: Partial<StaffPassportInput>; dspId?: string },
): Promise<{ organisation: Organisation; passport: StaffPassport }> {
  const organisation = await trust(app, input.ods);
  const n = Math.floor(Math.random() * 1e9).toString().padStart(9, '0');
  const added = await staffPassports(app.employeePortal.database.db, scopeOf(organisation.id)).add(
    { givenName: 'Ada', familyName: 'Lovelace', email: `ada-${n}@example.nhs.uk`, mobile: `07${n}`, ...input.passport },
    input.dspId ? { dspId: input.dspId } : {},
  );
  if (added.outcome !== 'added') throw new Error(`could not add a passport (${added.field} taken)`);
  return { organisation, passport: added.passport };
}

/** A session of `stage` (default signed in) for the passport, starting at the app's clock's now. */
export async function signInEmployee(
  app: FastifyInstance,
  input: { ods: string; passportId: string; stage?: EmployeeSessionStage; journey?: Record<string, unknown> },
): Promise<EmployeeTestSession> {
  const { database, clock } = app.employeePortal;
  const organisation = await trust(app, input.ods);
  const token = newToken();
  const now = clock.now();
  const stage = input.stage ?? 'signed-in';
  const session = await employeeSessions(database.db, scopeOf(organisation.id)).create({
    passportId: input.passportId,
    tokenHash: digest(token),
    stage,
    now,
    expiresAt: new Date(now.getTime() + employeePolicy.absoluteMs),
    ...(input.journey ? { journey: input.journey } : {}),
  });
  const name = sessionCookieName(app.employeePortal);
  const value = encodeURIComponent(app.signCookie(`${organisation.id}.${token}`));
  return { organisation, sessionId: session.id, cookie: `${name}=${value}`, name, value, browserCookie: (baseUrl) => ({ name, value, url: baseUrl, httpOnly: true, sameSite: 'Lax' }) };
}

export const randomDspId = (): string => randomUUID();
