// The set-up every employer-portal journey in Chromium shares: a fresh embedded database, the real
// app listening on a free port (optionally with the ESR simulator behind it), one signed-in portal
// user of a trust, and a Chromium page carrying that user's session; `noViolations` runs axe on
// the page's current state.
//
//   const journey = await startEmployerJourney({ ods: 'RZX', esr: true });
//   await journey.page.goto(`${journey.base}/trusts/RZX/employer`);
//   await journey.noViolations('home');
//   after(() => journey?.close());
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import type { Organisation } from '../../src/core/passport/organisation.ts';
import { systemClock } from '../../src/platform/clock.ts';
import type { Database } from '../../src/store/database.ts';
import type { EmployerUser } from '../../src/store/employer-users.ts';
import { scopeOf } from '../../src/store/scope.ts';
import { staffPassports } from '../../src/store/staff-passports.ts';
import { testApp } from './app.ts';
import { axeViolations, describeViolations, launchBrowser } from './browser.ts';
import { freshDatabase } from './databases.ts';
import { addEmployerUser, signInEmployer } from './employer-session.ts';
import { startEsrSimulator, type EsrWorld } from './esr-world.ts';
import { freePort } from './free-port.ts';

export interface EmployerJourney {
  database: Database;
  app: Awaited<ReturnType<typeof testApp>>;
  /** The simulated ESR the app talks to, when asked for. */
  world: EsrWorld | undefined;
  browser: Browser;
  page: Page;
  base: string;
  organisation: Organisation;
  user: EmployerUser;
  noViolations(state: string): Promise<void>;
  close(): Promise<void>;
}

export async function startEmployerJourney(options: { ods: string; esr?: boolean; displayName?: string }): Promise<EmployerJourney> {
  const database = await freshDatabase('pglite');
  const world = options.esr ? await startEsrSimulator({ organisations: [options.ods], size: 20, clock: systemClock, demoPeople: true }) : undefined;
  const port = await freePort();
  const base = `http://localhost:${port}`;
  const app = await testApp(database, { DSP_PUBLIC_URL: base, ...(world ? { DSP_ESR_URL: world.baseUrl } : {}) });
  await app.listen({ host: 'localhost', port });
  const { user, organisation } = await addEmployerUser(app, { ods: options.ods, role: 'administrator', displayName: options.displayName ?? 'Hana Reid' });
  const session = await signInEmployer(app, { ods: options.ods, userId: user.id });
  const browser = await launchBrowser();
  const context = await browser.newContext();
  await context.addCookies([session.browserCookie(base)]);
  const page = await context.newPage();
  return {
    database,
    app,
    world,
    browser,
    page,
    base,
    organisation,
    user,
    async noViolations(state: string) {
      const violations = await axeViolations(page);
      assert.deepEqual(violations, [], `${state}: ${describeViolations(violations)}`);
    },
    async close() {
      await browser.close();
      await app.close();
      await world?.close();
      await database.close();
    },
  };
}

/** The demo person of the ESR simulator (Olivia Bennett at RZX, assignment 30412876) as a passport of the trust. */
export async function addDemoPersonPassport(journey: Pick<EmployerJourney, 'database' | 'organisation'>): Promise<string> {
  const added = await staffPassports(journey.database.db, scopeOf(journey.organisation.id)).add({
    givenName: 'Olivia',
    familyName: 'Bennett',
    dateOfBirth: '1990-04-12',
    email: 'olivia.bennett@example.nhs.uk',
    mobile: '07700900123',
    status: 'credentials-pending',
  });
  if (added.outcome !== 'added') throw new Error('passport not added');
  return added.passport.id;
}
