// The employer portal's staff list and passport page with 20,000 passports in one trust
// (issue 8: p95 under 100 ms; docs/architecture.md D-number of the staff list). PostgreSQL, the
// real app over real HTTP, a signed-in employer session, one request at a time (a person's page
// loads), after a warm-up:
//
//   first page     /staff-passports                                  sorted by name, 25 a page, total
//   search         ?q=<a common fragment of a family name>           substring over names, email, ESR number
//   status         ?status=credentials-pending
//   action         ?action=connect-esr
//   deep page      ?page=<the last page>                             offset paging to the end
//   passport page  /staff-passports/{id}                             details, invitation, credentials, history
//
// Figures, never assertions.
//
//   npx tsx bench/staff-list.ts [--staff=20000] [--requests=200] [--json]
// PostgreSQL: a fresh database on the server of BENCH_DATABASE_URL (default DATABASE_URL, then
// postgres://postgres@127.0.0.1:5432/test), dropped afterwards.
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { createApp, createServices } from '../src/app.ts';
import { PASSPORT_STATUSES, type PassportStatus } from '../src/core/passport/staff-passport.ts';
import { systemClock } from '../src/platform/clock.ts';
import { loadConfig } from '../src/platform/config.ts';
import { createLogger } from '../src/platform/logger.ts';
import { schema } from '../src/store/database.ts';
import { addOrganisation } from '../src/store/organisations.ts';
import { passportHistory } from '../src/store/passport-history.ts';
import { scopeOf } from '../src/store/scope.ts';
import { addEmployerUser, signInEmployer } from '../test/support/employer-session.ts';
import { freePort } from '../test/support/free-port.ts';
import { freshBenchPostgres } from './fresh-postgres.ts';

export interface StaffListFigures {
  staff: number;
  requests: number;
  cases: Array<{ name: string; path: string; p50Ms: number; p95Ms: number; maxMs: number }>;
}

const GIVEN = ['Amara', 'Ben', 'Cara', 'Daniel', 'Ella', 'Farid', 'Grace', 'Hana', 'Isaac', 'Jade', 'Kofi', 'Lena', 'Mo', 'Nina', 'Olu', 'Priya', 'Quinn', 'Rosa', 'Sam', 'Tariq'];
const FAMILY = ['Smith', 'Jones', 'Taylor', 'Brown', 'Williams', 'Wilson', 'Johnson', 'Davies', 'Patel', 'Robinson', 'Wright', 'Thompson', 'Evans', 'Walker', 'White', 'Roberts', 'Green', 'Hall', 'Wood', 'Okafor', 'Khan', 'Nowak', 'Murphy', 'Singh', 'Clarke'];
// A trust's spread of passport states (most people active, recent joiners invited or pending).
const STATUS_WEIGHTS: Array<[PassportStatus, number]> = [['active', 60], ['credentials-pending', 20], ['invited', 10], ['signed-up', 3], ['identity-shared', 3], ['appointment-needed', 2], ['deactivated', 2]];
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

function statusOf(i: number): PassportStatus {
  let x = (i * 7919) % 100;
  for (const [status, weight] of STATUS_WEIGHTS) {
    if (x < weight) return status;
    x -= weight;
  }
  return PASSPORT_STATUSES[0];
}

export async function benchStaffList(options: { staff: number; requests: number }, progress: (m: string) => void = () => {}): Promise<StaffListFigures> {
  const { database, drop } = await freshBenchPostgres(10, { migrate: true });
  const port = await freePort();
  const base = `http://localhost:${port}`;
  const config = loadConfig(
    { NODE_ENV: 'test', LOG_LEVEL: 'silent', DSP_KEY_ENCRYPTION_KEY: Buffer.alloc(32, 9).toString('base64'), DSP_COOKIE_SECRET: 'bench-cookie-secret-bench-cookie-secret-01', DSP_PUBLIC_URL: base, DSP_JOBS: 'false' },
    { generateLocalSecrets: false },
  );
  const logger = createLogger('silent');
  const services = createServices(config, logger, database, systemClock);
  const app = await createApp({ config, logger, database, clock: systemClock, ...services });
  try {
    const { db } = database;
    const trust = (await addOrganisation(db, { odsCode: 'RSL', name: 'Bench Staff List Trust', kind: 'trust' })).organisation;
    // Another trust of the same size: the list must stay scoped by its indexes, not by luck.
    const other = (await addOrganisation(db, { odsCode: 'RSM', name: 'Other Bench Trust', kind: 'trust' })).organisation;

    progress(`seeding ${options.staff.toLocaleString('en-GB')} passports in each of two trusts`);
    const now = new Date();
    let sample = '';
    for (const organisation of [trust, other]) {
      const rows = [];
      const invites = [];
      for (let i = 0; i < options.staff; i++) {
        const id = randomUUID();
        if (organisation === trust && i === Math.floor(options.staff / 2)) sample = id;
        const status = statusOf(i);
        const given = GIVEN[i % GIVEN.length]!;
        const family = `${FAMILY[(i * 31) % FAMILY.length]}${i % 7 === 0 ? '-Hughes' : ''}`;
        const linked = (status === 'active' || status === 'credentials-pending') && i % 5 !== 0;
        rows.push({
          id,
          organisationId: organisation.id,
          givenName: given,
          familyName: family,
          dateOfBirth: `19${60 + (i % 40)}-0${1 + (i % 9)}-1${i % 10}`,
          email: `${given.toLowerCase()}.${family.toLowerCase()}.${i}@bench.nhs.uk`,
          mobile: `+4477${String(10_000_000 + i).padStart(8, '0')}`,
          staffGroup: 'Nursing and Midwifery Registered',
          status,
          esrAssignmentNumber: linked ? String(20_000_000 + i) : null,
          esrLinkState: linked ? ('linked' as const) : ('unlinked' as const),
        });
        // Invited people: most have a live invitation, one in five let it expire.
        if (status === 'invited')
          invites.push({
            id: randomUUID(),
            organisationId: organisation.id,
            passportId: id,
            state: i % 5 === 0 ? ('expired' as const) : ('sent' as const),
            tokenHash: randomUUID(),
            sentAt: now,
            sentBy: 'user:bench',
            expiresAt: new Date(now.getTime() + 28 * 86_400_000),
          });
      }
      for (let at = 0; at < rows.length; at += 1000) await db.insert(schema.staffPassports).values(rows.slice(at, at + 1000));
      for (let at = 0; at < invites.length; at += 1000) await db.insert(schema.invitations).values(invites.slice(at, at + 1000));
    }
    // The sampled passport has a history worth reading.
    await passportHistory(db, scopeOf(trust.id)).record(
      Array.from({ length: 40 }, (_, k) => ({ passportId: sample, event: k === 0 ? ('passport.created' as const) : ('invitation.reminded' as const), actor: 'system:invitation-reminders', at: new Date(now.getTime() + k * 1000) })),
    );
    await database.db.execute('analyze');

    await app.listen({ port, host: 'localhost' });
    const { user } = await addEmployerUser(app, { ods: 'RSL', role: 'administrator' });
    const session = await signInEmployer(app, { ods: 'RSL', userId: user.id });
    const lastPage = Math.ceil(options.staff / 25);
    const cases = [
      { name: 'first page', path: '/staff-passports' },
      { name: 'search', path: '/staff-passports?q=hugh' },
      { name: 'search, two words', path: '/staff-passports?q=grace+okafor' },
      { name: 'status filter', path: '/staff-passports?status=credentials-pending' },
      { name: 'action filter', path: '/staff-passports?action=connect-esr' },
      { name: 'deep page', path: `/staff-passports?page=${lastPage}` },
      { name: 'passport page', path: `/staff-passports/${sample}` },
    ];
    const figures: StaffListFigures = { staff: options.staff, requests: options.requests, cases: [] };
    for (const c of cases) {
      progress(`measuring ${c.name}`);
      const url = `${base}/trusts/RSL/employer${c.path}`;
      const once = async () => {
        const started = performance.now();
        const res = await fetch(url, { headers: { cookie: session.cookie } });
        await res.text();
        if (res.status !== 200) throw new Error(`${c.path}: HTTP ${res.status}`);
        return performance.now() - started;
      };
      for (let i = 0; i < 20; i++) await once();
      const times: number[] = [];
      for (let i = 0; i < options.requests; i++) times.push(await once());
      times.sort((x, y) => x - y);
      figures.cases.push({ name: c.name, path: c.path, p50Ms: percentile(times, 50), p95Ms: percentile(times, 95), maxMs: times[times.length - 1]! });
    }
    return figures;
  } finally {
    await app.close();
    await services.close();
    await database.close();
    await drop();
  }
}

export function staffListTable(f: StaffListFigures): string {
  const rows = f.cases.map((c) => `  ${c.name.padEnd(18)} p50 ${c.p50Ms.toFixed(1).padStart(6)} ms   p95 ${c.p95Ms.toFixed(1).padStart(6)} ms   max ${c.maxMs.toFixed(1).padStart(6)} ms   ${c.path.replace(/[0-9a-f-]{36}/, '{id}')}`);
  return [`Employer portal staff list and passport page (bench/staff-list.ts): ${f.staff.toLocaleString('en-GB')} passports in the trust, PostgreSQL, HTTP, ${f.requests} requests each, one at a time (target p95 < 100 ms):`, ...rows].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const value = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
  const json = process.argv.includes('--json');
  const figures = await benchStaffList({ staff: Number(value('staff') ?? 20_000), requests: Number(value('requests') ?? 200) }, (m) => {
    if (!json) process.stderr.write(`  … ${m}\n`);
  });
  console.log(json ? JSON.stringify(figures, null, 2) : staffListTable(figures));
}
