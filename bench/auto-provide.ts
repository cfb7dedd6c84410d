// Auto-provide throughput (docs/architecture.md D37): a trust of 20,000 ESR-linked staff on
// PostgreSQL, the simulated ESR in its own process (`dsp start --role esr-sim`, over HTTP, as a
// real ESR would be), and the job run through the same queue path as 11:00 (`runTrustJobNow`).
//
//   1 first run   every passport is read in full and given all its items (a trust switching
//                 auto-provide on): passports, credentials provided and the time it took;
//   2 daily run   after the simulator churns 10% of the staff (one realistic change each:
//                 mostly renewed training, some registrations, moves, name changes, leavers),
//                 the run reads only the people the change feed names and provides only what
//                 changed: provided credentials per second and the run's time (target: under 60 s);
//   3 again       straight after: nothing to provide, the cost of an idle day.
// Figures, never assertions: timings depend on the machine and what else runs on it.
//
//   npx tsx bench/auto-provide.ts [--staff=20000] [--changed=0.1] [--concurrency=4] [--json]
// PostgreSQL: a fresh database on the server of BENCH_DATABASE_URL (default DATABASE_URL, then
// postgres://postgres@127.0.0.1:5432/test), dropped afterwards.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import type { JobRun } from '../src/core/passport/trust-jobs.ts';
import { createEsrHttpClient, createEsrSimulator } from '../src/integrations/esr/index.ts';
import { createNotifier } from '../src/integrations/notify/index.ts';
import { autoProvideJob } from '../src/jobs/auto-provide.ts';
import { createJobs } from '../src/jobs/create-jobs.ts';
import { registerTrustJobs, runTrustJobNow } from '../src/jobs/trust-jobs.ts';
import { systemClock } from '../src/platform/clock.ts';
import { createLogger } from '../src/platform/logger.ts';
import { schema } from '../src/store/database.ts';
import { addOrganisation } from '../src/store/organisations.ts';
import { scopeOf } from '../src/store/scope.ts';
import { trustSettings } from '../src/store/trust-settings.ts';
import { freePort } from '../test/support/free-port.ts';
import { freshBenchPostgres } from './fresh-postgres.ts';

const ORG = 'BNC01';
const SEED = 'auto-provide-bench';

interface Options {
  staff: number;
  changed: number;
  concurrency: number;
  json: boolean;
}

export interface RunFigures {
  seconds: number;
  passports: number;
  provided: number;
  changes: number;
  providedPerSecond: number;
  passportsPerSecond: number;
  /** Statements PostgreSQL ran for the run (pg_stat_database xact and tuple counts are coarse; this is exact). */
  statements: number;
}

export interface AutoProvideFigures {
  staff: number;
  changedShare: number;
  changedPeople: number;
  concurrency: number;
  cpus: string;
  setupSeconds: number;
  first: RunFigures;
  daily: RunFigures;
  idle: RunFigures;
  targetSeconds: number;
}

function parseOptions(argv: readonly string[]): Options {
  const options: Options = { staff: 20_000, changed: 0.1, concurrency: 4, json: false };
  for (const arg of argv) {
    const [name, value] = arg.split('=');
    if (name === '--json' && value === undefined) options.json = true;
    else if (name === '--staff' && value && /^[1-9][0-9]*$/.test(value)) options.staff = Number(value);
    else if (name === '--changed' && value && Number(value) > 0 && Number(value) <= 1) options.changed = Number(value);
    else if (name === '--concurrency' && value && /^[1-9][0-9]*$/.test(value)) options.concurrency = Number(value);
    else throw new TypeError(`unknown option ${arg} (try --staff=N, --changed=0.1, --concurrency=N, --json)`);
  }
  return options;
}

// Every statement the pool's clients send, counted (each pool client is a pg.Client).
let statements = 0;
const originalQuery = pg.Client.prototype.query;
pg.Client.prototype.query = function countedQuery(this: pg.Client, ...args: unknown[]) {
  statements += 1;
  return (originalQuery as (...a: unknown[]) => unknown).apply(this, args);
} as typeof pg.Client.prototype.query;

/** The simulated ESR as its own process (role esr-sim), like a remote ESR: its CPU is not ours. */
async function startSimulatorProcess(staff: number): Promise<{ baseUrl: string; child: ChildProcess; stop: () => void }> {
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dsp-bench-esr-'));
  const root = fileURLToPath(new URL('..', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'start', '--role', 'esr-sim', '--json'], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: 'development',
      PORT: String(port),
      DSP_PUBLIC_URL: `http://127.0.0.1:${port}`,
      DSP_DATA_DIR: dataDir,
      DSP_ESR_SIM_SIZE: String(staff),
      DSP_ESR_SIM_ORGS: ORG,
      DSP_ESR_SIM_SEED: SEED,
      DSP_ESR_SIM_CONTROL: 'true',
      LOG_LEVEL: 'warn',
      DATABASE_URL: '',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const baseUrl = `http://127.0.0.1:${port}/esr-sim`;
  const deadline = Date.now() + 300_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the ESR simulator exited (${child.exitCode})`);
    try {
      const response = await fetch(`http://127.0.0.1:${port}/health/ready`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error('the ESR simulator did not start');
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    baseUrl,
    child,
    stop: () => {
      child.kill('SIGTERM');
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function figuresOf(run: JobRun, seconds: number, statementCount: number): RunFigures {
  const passports = run.summary.passports ?? 0;
  const provided = run.summary.provided ?? 0;
  return {
    seconds: Math.round(seconds * 100) / 100,
    passports,
    provided,
    changes: run.summary.changes ?? 0,
    providedPerSecond: Math.round(provided / seconds),
    passportsPerSecond: Math.round(passports / seconds),
    statements: statementCount,
  };
}

export async function benchAutoProvide(options: Options, progress: (m: string) => void = () => undefined): Promise<AutoProvideFigures> {
  const setupStarted = performance.now();
  progress(`starting the ESR simulator with ${options.staff.toLocaleString('en-GB')} staff (its own process)`);
  const simulatorProcess = await startSimulatorProcess(options.staff);
  const { database, drop } = await freshBenchPostgres(options.concurrency + 4, { migrate: true });
  try {
    // The same population, generated here too (same seed, size and day: same people), to link passports to.
    const local = createEsrSimulator({ seed: SEED, size: options.staff, organisations: [ORG], clock: systemClock, newEpoch: () => 'local' });
    const { organisation } = await addOrganisation(database.db, { odsCode: ORG, name: 'Benchmark NHS Trust', kind: 'trust' });
    const scope = scopeOf(organisation.id);
    await trustSettings(database.db, scope).setAutoProvide(true, 'system:bench');
    progress('linking a staff passport to each of them');
    const rows = [];
    let i = 0;
    for (const records of local.store().people(ORG)) {
      i += 1;
      rows.push({
        id: randomUUID(),
        organisationId: organisation.id,
        givenName: records.person.firstName,
        familyName: records.person.lastName,
        dateOfBirth: records.person.dateOfBirth,
        email: `staff${i}@bench.example.nhs.uk`,
        mobile: `+4477${String(i).padStart(8, '0')}`,
        status: 'credentials-pending' as const,
        esrAssignmentNumber: records.assignments[0]!.assignmentNumber,
        esrLinkState: 'linked' as const,
        esrLinkedAt: new Date(),
        esrLinkedBy: 'system:bench',
      });
    }
    for (let at = 0; at < rows.length; at += 1000) await database.db.insert(schema.staffPassports).values(rows.slice(at, at + 1000));
    const setupSeconds = (performance.now() - setupStarted) / 1000;

    const logger = createLogger('warn');
    const esr = createEsrHttpClient({ baseUrl: simulatorProcess.baseUrl, timeoutMs: 30_000 });
    const jobs = createJobs({ database, logger, clock: systemClock });
    const definition = autoProvideJob({ esr, concurrency: options.concurrency });
    registerTrustJobs(jobs, { database, clock: systemClock, logger, notifier: createNotifier({ provider: 'outbox' }), publicUrl: 'http://localhost:3000' }, [definition]);

    const timed = async (label: string): Promise<RunFigures> => {
      progress(label);
      const before = statements;
      const started = performance.now();
      const result = await runTrustJobNow(jobs, { database, clock: systemClock }, definition, organisation.id, 'system:bench');
      const seconds = (performance.now() - started) / 1000;
      if (result.outcome !== 'finished' || result.run.state !== 'succeeded') throw new Error(`the run did not succeed: ${result.outcome === 'busy' ? 'busy' : `${result.run.state} ${result.run.error}`}`);
      return figuresOf(result.run, seconds, statements - before);
    };

    const first = await timed('first run: every passport read in full');
    progress(`churning ${Math.round(options.changed * 100)}% of the staff in the simulator`);
    const churn = await fetch(`${simulatorProcess.baseUrl}/control/organisations/${ORG}/churn`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ fraction: options.changed }),
    });
    if (!churn.ok) throw new Error(`churn failed: HTTP ${churn.status} ${await churn.text()}`);
    const churned = (await churn.json()) as { people: number };
    const daily = await timed('daily run: what the change feed names');
    const idle = await timed('again: nothing new');
    await jobs.stop();
    await database.db.execute(sql`select 1`);
    return {
      staff: options.staff,
      changedShare: options.changed,
      changedPeople: churned.people,
      concurrency: options.concurrency,
      cpus: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'unknown'}`,
      setupSeconds: Math.round(setupSeconds * 10) / 10,
      first,
      daily,
      idle,
      targetSeconds: 60,
    };
  } finally {
    await database.close();
    await drop();
    simulatorProcess.stop();
  }
}

export function autoProvideTable(f: AutoProvideFigures): string {
  const int = (n: number) => Math.round(n).toLocaleString('en-GB');
  const lines = [
    `Auto-provide on PostgreSQL (bench/auto-provide.ts): ${int(f.staff)} ESR-linked staff, ESR simulator in its own process over HTTP, ${f.concurrency} passports at a time; ${f.cpus}`,
    `Setup (simulator start, population, passports): ${f.setupSeconds} s. Churn: ${int(f.changedPeople)} people (${Math.round(f.changedShare * 100)}%) changed in ESR.`,
    '',
    `${'run'.padEnd(34)}${'seconds'.padStart(10)}${'passports'.padStart(11)}${'provided'.padStart(10)}${'provided/s'.padStart(12)}${'passports/s'.padStart(13)}${'SQL'.padStart(10)}`,
  ];
  const row = (label: string, r: RunFigures) =>
    lines.push(`${label.padEnd(34)}${String(r.seconds).padStart(10)}${int(r.passports).padStart(11)}${int(r.provided).padStart(10)}${int(r.providedPerSecond).padStart(12)}${int(r.passportsPerSecond).padStart(13)}${int(r.statements).padStart(10)}`);
  row('first run (everyone read in full)', f.first);
  row(`daily run (${Math.round(f.changedShare * 100)}% changed)`, f.daily);
  row('again (nothing new)', f.idle);
  lines.push('', `Target: the daily run under ${f.targetSeconds} s — ${f.daily.seconds < f.targetSeconds ? 'met' : 'NOT met'} (${f.daily.seconds} s).`);
  return lines.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('auto-provide.ts')) {
  const options = parseOptions(process.argv.slice(2));
  const figures = await benchAutoProvide(options, (m) => {
    if (!options.json) process.stderr.write(`  … ${m}\n`);
  });
  console.log(options.json ? JSON.stringify(figures, null, 2) : autoProvideTable(figures));
}
