// What the training portal holds when it first starts: the academy's records administrator, the
// demo person Olivia Bennett (her names and date of birth are those of the demo identity
// credential, src/core/credentials/samples.ts, so her identity check matches), Daniel Okafor
// (whose names do not match that credential: signing in as him and sharing it shows the
// mismatch), and Chris Morgan, an agency worker to whom the Digital Staff Passport does not
// apply. Records are dated from the day the portal was seeded so they are current whenever the
// demo is tried. All people are fictional.
import { randomUUID } from 'node:crypto';
import type { Clock } from '../../platform/clock.ts';
import { hashPassword } from '../../platform/passwords.ts';
import type { Account, PortalState, TrainingRecord } from './state.ts';

/** Every seeded account's password: the demo world's, so a newcomer has one to remember. */
export const TRAINING_DEMO_PASSWORD = 'Passport-demo-2026';

export const DEMO_ACCOUNTS = {
  administrator: 'records.admin@skills-academy.example',
  matching: 'olivia.bennett@example.com',
  mismatching: 'daniel.okafor@example.com',
  notApplicable: 'chris.morgan@example.com',
} as const;

type RecordSeed = Pick<TrainingRecord, 'competencyName' | 'subjectLevel' | 'learningMethod' | 'renewalPeriodNumber' | 'renewalPeriodUnits'> & { daysAgo: number };

const RIVERSIDE = 'Riverside Hospitals NHS Foundation Trust';

const people: { account: Omit<Account, 'id' | 'passwordHash'>; employer?: string; records: RecordSeed[] }[] = [
  {
    account: { email: DEMO_ACCOUNTS.administrator, role: 'administrator', firstName: 'Rowan', lastName: 'Reid', birthDate: '1979-11-02', dspApplies: false },
    records: [],
  },
  {
    account: { email: DEMO_ACCOUNTS.matching, role: 'employee', firstName: 'Olivia', lastName: 'Bennett', birthDate: '1990-04-12', dspApplies: true },
    employer: RIVERSIDE,
    records: [
      { competencyName: 'Fire Safety', subjectLevel: '1', learningMethod: 'E-Learning', renewalPeriodNumber: 2, renewalPeriodUnits: 'Years', daysAgo: 40 },
      { competencyName: 'Resuscitation - Adult Basic Life Support', subjectLevel: '2', learningMethod: 'Classroom', renewalPeriodNumber: 1, renewalPeriodUnits: 'Year', daysAgo: 12 },
      { competencyName: 'Infection Prevention and Control', subjectLevel: '2', learningMethod: 'E-Learning', renewalPeriodNumber: 1, renewalPeriodUnits: 'Year', daysAgo: 150 },
    ],
  },
  {
    account: { email: DEMO_ACCOUNTS.mismatching, role: 'employee', firstName: 'Daniel', lastName: 'Okafor', birthDate: '1987-02-23', dspApplies: true },
    employer: RIVERSIDE,
    records: [
      { competencyName: 'Moving and Handling', subjectLevel: '2', learningMethod: 'Classroom', renewalPeriodNumber: 3, renewalPeriodUnits: 'Years', daysAgo: 70 },
      { competencyName: 'Conflict Resolution', subjectLevel: '1', learningMethod: 'E-Learning', renewalPeriodNumber: 3, renewalPeriodUnits: 'Years', daysAgo: 220 },
    ],
  },
  {
    account: { email: DEMO_ACCOUNTS.notApplicable, role: 'employee', firstName: 'Chris', lastName: 'Morgan', birthDate: '1995-08-30', dspApplies: false },
    records: [{ competencyName: 'Health, Safety and Welfare', subjectLevel: '1', learningMethod: 'E-Learning', renewalPeriodNumber: 3, renewalPeriodUnits: 'Years', daysAgo: 25 }],
  },
];

export async function seedPortalState(clock: Clock): Promise<PortalState> {
  const now = clock.now();
  const passwordHash = await hashPassword(TRAINING_DEMO_PASSWORD);
  const accounts: Account[] = [];
  const records: TrainingRecord[] = [];
  for (const person of people) {
    const account: Account = { id: randomUUID(), passwordHash, ...person.account };
    accounts.push(account);
    for (const { daysAgo, ...seed } of person.records) {
      const completed = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - daysAgo));
      records.push({
        id: randomUUID(),
        accountId: account.id,
        ...seed,
        completedOn: isoDate(completed),
        expiresOn: isoDate(addPeriod(completed, seed.renewalPeriodNumber, seed.renewalPeriodUnits)),
        ...(person.employer ? { employer: person.employer } : {}),
        updatedAt: completed.toISOString(),
      });
    }
  }
  return { version: 1, accounts, records, downloads: [] };
}

function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function addPeriod(date: Date, n: number, units: TrainingRecord['renewalPeriodUnits']): Date {
  const months = units.startsWith('Month') ? n : n * 12;
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + months, date.getUTCDate()));
}
