// The demo world a newcomer meets on an empty database: two trusts and an external training
// provider, each with administrators, and a simulated identity service provider (no users: it
// runs no portal, only the simulator's pages at /idsp/IDSP01). ODS codes and names are
// fictional. Each later capability adds what a newcomer needs to try it (staff, ESR records,
// credentials, clients). Riverside (RZX) has one member of staff, Olivia Bennett — the simulated
// ESR's demo person —, with an open credential request, so seed 000's journey can be tried from
// the home page's "Credential requests" category (E8): her passport is not yet connected to ESR,
// so the review asks for her assignment number, 30412876.
import type { EmployerRole, OrganisationKind } from '../core/passport/organisation.ts';
import type { Database, Db } from '../store/database.ts';
import type { KeyManagement } from '../platform/key-management.ts';
import { provisionOrganisationKeys } from '../store/organisation-keys.ts';
import { employerUsers } from '../store/employer-users.ts';
import { addOrganisation } from '../store/organisations.ts';
import { scopeOf } from '../store/scope.ts';
import { hashPassword } from '../platform/passwords.ts';
import type { Clock } from '../platform/clock.ts';
import { appendAudit } from '../store/audit-log.ts';
import { credentialRequests, type RequestableType } from '../store/credential-requests.ts';
import { passportHistory } from '../store/passport-history.ts';
import { staffPassports } from '../store/staff-passports.ts';
import { randomUUID } from 'node:crypto';
import type { Organisation } from '../core/passport/organisation.ts';

/** Every demo user's password. Demo data is never seeded in production. */
export const demoPassword = 'Passport-demo-2026';

export interface DemoOrganisation {
  odsCode: string;
  name: string;
  kind: OrganisationKind;
  users: { email: string; displayName: string; role: EmployerRole }[];
}

export const demoOrganisations: DemoOrganisation[] = [
  {
    odsCode: 'RZX',
    name: 'Riverside Hospitals NHS Foundation Trust',
    kind: 'trust',
    users: [
      { email: 'sam.senior@riverside.example', displayName: 'Sam Senior', role: 'senior-administrator' },
      { email: 'alex.admin@riverside.example', displayName: 'Alex Admin', role: 'administrator' },
    ],
  },
  {
    odsCode: 'RZY',
    name: 'Hillside Community Healthcare NHS Trust',
    kind: 'trust',
    users: [
      { email: 'hana.senior@hillside.example', displayName: 'Hana Senior', role: 'senior-administrator' },
      { email: 'jo.admin@hillside.example', displayName: 'Jo Admin', role: 'administrator' },
    ],
  },
  {
    odsCode: 'XTP01',
    name: 'Northern Clinical Skills Academy',
    kind: 'external',
    users: [{ email: 'integrator@skills-academy.example', displayName: 'Ira Integrator', role: 'senior-administrator' }],
  },
  {
    odsCode: 'IDSP01',
    name: 'Demo Identity Service (simulated)',
    kind: 'idsp',
    users: [],
  },
];

/** Riverside's member of staff with a credential request (seed 000, E8). */
export const demoRequester = {
  odsCode: 'RZX',
  givenName: 'Olivia',
  middleNames: 'Grace',
  familyName: 'Bennett',
  dateOfBirth: '1990-04-12',
  email: 'olivia.bennett@riverside.example',
  staffGroup: 'Nursing and Midwifery Registered',
  assignmentNumber: '30412876',
  types: ['CoreSkill', 'OccupationalHealth', 'ProfessionalRegistration'] as RequestableType[],
};

/**
 * Her passport (past the identity check, not yet connected to ESR) and her open request, once:
 * a passport with her email already there (a second run, or another replica) adds nothing.
 */
async function seedCredentialRequest(tx: Db, organisation: Organisation, clock: Clock): Promise<void> {
  const scope = scopeOf(organisation.id);
  const now = clock.now();
  const added = await staffPassports(tx, scope).add(
    {
      givenName: demoRequester.givenName,
      middleNames: demoRequester.middleNames,
      familyName: demoRequester.familyName,
      dateOfBirth: demoRequester.dateOfBirth,
      email: demoRequester.email,
      staffGroup: demoRequester.staffGroup,
      employmentType: 'Permanent or fixed term',
      employmentStatus: 'Current employee or leaver',
      status: 'active',
    },
    // Her own DSP unique identifier (not the catalogue samples', which the wallet demo issues).
    { dspId: randomUUID() },
  );
  if (added.outcome !== 'added') return;
  await passportHistory(tx, scope).record([{ passportId: added.passport.id, event: 'passport.created', actor: 'system:demo', at: now }]);
  await credentialRequests(tx, scope).create({ passportId: added.passport.id, types: demoRequester.types, at: now });
}

export interface SeedResult {
  added: string[];
  existing: string[];
}

/** Adds whatever of the demo world is missing; running it twice changes nothing. */
export async function seedDemoWorld(database: Database, clock: Clock, keys: KeyManagement<Db>): Promise<SeedResult> {
  const passwordHash = await hashPassword(demoPassword);
  const result: SeedResult = { added: [], existing: [] };
  await database.transaction(async (tx) => {
    for (const demo of demoOrganisations) {
      const { outcome, organisation } = await addOrganisation(tx, { odsCode: demo.odsCode, name: demo.name, kind: demo.kind });
      (outcome === 'added' ? result.added : result.existing).push(demo.odsCode);
      await provisionOrganisationKeys(tx, keys, organisation.id);
      const audit = { organisationId: organisation.id, actor: 'system:demo', correlationId: 'demo-seed' };
      if (outcome === 'added') await appendAudit(tx, { ...audit, action: 'organisation.added', subject: organisation.id, details: { ods: organisation.odsCode, kind: organisation.kind } }, clock);
      const users = employerUsers(tx, scopeOf(organisation.id));
      for (const user of demo.users) {
        const added = await users.add({ ...user, passwordHash, status: 'active' });
        if (added.outcome === 'added') await appendAudit(tx, { ...audit, action: 'employer-user.added', subject: added.user.id, details: { role: user.role } }, clock);
      }
      if (demo.odsCode === demoRequester.odsCode) await seedCredentialRequest(tx, organisation, clock);
    }
  });
  return result;
}

export function describeDemoWorld(publicUrl: string): string {
  const lines = ['Demo organisations (fictional):'];
  for (const o of demoOrganisations) {
    lines.push(`  ${o.odsCode.padEnd(6)} ${o.name} (${o.kind})`);
    for (const u of o.users) lines.push(`         ${u.role.padEnd(21)} ${u.email}`);
  }
  lines.push(`  Every demo user's password: ${demoPassword}`);
  lines.push(`  Employer portal: ${publicUrl}/trusts/RZX/employer (first sign-in: set up an authenticator app, or text messages to any UK mobile — codes in ${publicUrl}/dev/outbox)`);
  lines.push(`  Credential request (seed 000): ${demoRequester.givenName} ${demoRequester.familyName} at ${demoRequester.odsCode} — home page, Credential requests, View (her ESR assignment number: ${demoRequester.assignmentNumber})`);
  lines.push(`  Identity check (simulated IDSP): ${publicUrl}/idsp/IDSP01`);
  lines.push(`  Start page: ${publicUrl}/`);
  return lines.join('\n');
}
