// `npm run bench`: how many credentials one issuer instance signs and verifies per second,
// set against the raw ES256 ceiling of node:crypto measured in the same run.
//
//   (a) raw ES256 sign and verify (node:crypto, cached KeyObject, ~300-byte signing input);
//   (b) jwt_vc_json and dc+sd-jwt issued and verified per second (a full Identity credential);
//   (c) each credential figure as a share of the raw figure: issuing against raw sign,
//       verifying against raw verify.
// Each is measured on one core (the main thread) and on two cores (two worker threads running
// the same schedule at once; their rates are summed). All tasks take turns in short slices
// (./measure.ts), so outside load on this shared machine slows raw and credential figures alike.
//
// Target (the acceptance): issuing and verifying each reach at least 25% of the raw
// ceiling. The bench reports whether they do; it asserts nothing, because timings depend on the
// machine and what else runs on it.
//
// Then the status-list benchmark (./status-list.ts): document sizes and revoke-to-republish times
// for a 1,000,000-entry list on the embedded database. It fills that list first, which takes
// about a minute; --skip-status-lists leaves it out.
//
// Then complete protocol flows over HTTP (./flows.ts): OpenID4VCI issuance and OpenID4VP
// presentation flows per second with 50 concurrent wallets (in a worker thread), p50/p95 latency,
// HTTP requests and SQL statements per flow and CPU per flow, on PGlite and on PostgreSQL
// (a fresh database on BENCH_DATABASE_URL / DATABASE_URL / postgres://postgres@127.0.0.1:5432/test,
// dropped afterwards), and on the `floor`: the same wallets, requests and crypto against a server
// with no database (./flow-floor.ts), with the wallets' own CPU per flow and the ceiling the CPU
// per flow allows on 2 cores, so the gap to a throughput target can be read off. --skip-flows
// leaves them out, --flows=N, --wallets=N, --engines=pglite,postgres,floor, --protocols=…,
// --formats=…, --pool-size=N narrow them.
//
// Then direct-to-wallet flows through the gateway's OIDC face (./oidc-flows.ts: verifying and
// issuing mode with an openid-client RP, a cookie-jar browser and a wallet, flows/s and p50/p95,
// PGlite and PostgreSQL; --skip-oidc-flows), and the 11:00 auto-provide run for a trust of 20,000
// ESR-linked staff with 10% changed on PostgreSQL (./auto-provide.ts, target under 60 s; the first
// full read of everyone takes a few minutes; --skip-auto-provide), and the employer portal's staff
// list and passport page with 20,000 passports in the trust (./staff-list.ts, p50/p95 over HTTP,
// target p95 under 100 ms; --skip-staff-list).
//
//   npm run bench                     the tables
//   npm run -s bench -- --json        the same figures as JSON (-s: without npm's banner)
//   npm run bench -- --skip-status-lists --slices=30 --slice-ms=50 --warmup-ms=200
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { opsPerSecond, timeRoundRobin, type Schedule, type Timing } from './measure.ts';
import type { AutoProvideFigures } from './auto-provide.ts';
import type { OidcFlowFigures } from './oidc-flows.ts';
import type { StaffListFigures } from './staff-list.ts';
import { DEFAULT_FLOW_OPTIONS, flowTable, parseFlowOption, type FlowFigures, type FlowOptions } from './flow-options.ts';
import type { StatusListBenchFigures } from './status-list.ts';
import { BENCH_CREDENTIAL_TYPE, fixtureSizes, prepareTask, type FixtureSizes, type TaskName } from './tasks.ts';
import type { WorkerReply, WorkerRequest } from './worker.ts';

/** The share of the raw ceiling issuing and verifying must each reach. */
const TARGET_SHARE = 0.25;

interface Options extends Schedule {
  json: boolean;
  skipStatusLists: boolean;
  skipFlows: boolean;
  skipOidcFlows: boolean;
  skipAutoProvide: boolean;
  skipStaffList: boolean;
  flows: FlowOptions;
}

function parseOptions(argv: readonly string[]): Options {
  const options: Options = { json: false, skipStatusLists: false, skipFlows: false, skipOidcFlows: false, skipAutoProvide: false, skipStaffList: false, flows: { ...DEFAULT_FLOW_OPTIONS }, warmupMs: 200, sliceMs: 50, slices: 30 };
  const numeric: Record<string, keyof Schedule> = { '--warmup-ms': 'warmupMs', '--slice-ms': 'sliceMs', '--slices': 'slices' };
  for (const arg of argv) {
    const [name = '', value] = arg.split('=');
    const field = numeric[name];
    if (name === '--json' && value === undefined) options.json = true;
    else if (name === '--skip-status-lists' && value === undefined) options.skipStatusLists = true;
    else if (name === '--skip-flows' && value === undefined) options.skipFlows = true;
    else if (name === '--skip-oidc-flows' && value === undefined) options.skipOidcFlows = true;
    else if (name === '--skip-auto-provide' && value === undefined) options.skipAutoProvide = true;
    else if (name === '--skip-staff-list' && value === undefined) options.skipStaffList = true;
    else if (parseFlowOption(arg, options.flows)) continue;
    else if (field && value !== undefined && /^[1-9][0-9]*$/.test(value)) options[field] = Number(value);
    else throw new TypeError(`unknown option ${arg} (try --json, --skip-status-lists, --skip-flows, --skip-oidc-flows, --skip-auto-provide, --skip-staff-list, --flows=N, --wallets=N, --engines=pglite,postgres,floor, --slices=N, --slice-ms=N, --warmup-ms=N)`);
  }
  return options;
}

// Worker threads do not inherit tsx's module hooks on Node 20 (neither through the CLI nor
// through `execArgv: ['--import', 'tsx']`), so each worker registers them itself before
// importing the TypeScript worker module.
const WORKER_BOOTSTRAP = `
  import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))})
    .then(({ register }) => { register(); return import(${JSON.stringify(new URL('./worker.ts', import.meta.url).href)}); })
    .catch((error) => { console.error(error); process.exit(1); });
`;

/** A worker thread that answers one request at a time. */
class BenchWorker {
  private readonly worker = new Worker(WORKER_BOOTSTRAP, { eval: true });

  ask(request: WorkerRequest): Promise<WorkerReply> {
    return new Promise((resolve, reject) => {
      const onMessage = (reply: WorkerReply) => {
        this.worker.off('error', reject);
        if (reply.kind === 'error') reject(new Error(`bench worker: ${reply.message}`));
        else resolve(reply);
      };
      this.worker.once('message', onMessage);
      this.worker.once('error', reject);
      this.worker.postMessage(request);
    });
  }

  terminate(): Promise<number> {
    return this.worker.terminate();
  }
}

interface Figure {
  oneCore: number;
  twoCores: number;
}

interface CredentialRow {
  format: 'jwt_vc_json' | 'dc+sd-jwt';
  operation: 'issue' | 'verify' | 'verify-presentation';
  /** What the figure is compared with. */
  against: 'sign' | 'verify';
  /** Counted toward the target: the presentation row checks two signatures and is shown for information. */
  inTarget: boolean;
  perSecond: Figure;
  shareOfRaw: Figure;
}

interface BenchReport {
  node: string;
  cpus: { count: number; model: string };
  schedule: Schedule;
  credentialType: string;
  sizes: FixtureSizes;
  raw: { sign: Figure; verify: Figure };
  credentials: CredentialRow[];
  target: { share: number; met: boolean };
  /** Operations and seconds behind each figure: the main thread's, then each worker's. */
  timings: Record<TaskName, { oneCore: Timing; twoCores: [Timing, Timing] }>;
  /** Figures of ./status-list.ts, unless skipped. */
  statusList?: StatusListBenchFigures;
  /** Figures of ./flows.ts, unless skipped. */
  flows?: FlowFigures[];
  /** Figures of ./oidc-flows.ts, unless skipped. */
  oidcFlows?: OidcFlowFigures[];
  /** Figures of ./auto-provide.ts, unless skipped. */
  autoProvide?: AutoProvideFigures;
  staffList?: StaffListFigures;
}

const CREDENTIAL_TASKS: readonly { task: TaskName; row: Omit<CredentialRow, 'perSecond' | 'shareOfRaw'> }[] = [
  { task: 'jwt_vc_json-issue', row: { format: 'jwt_vc_json', operation: 'issue', against: 'sign', inTarget: true } },
  { task: 'jwt_vc_json-verify', row: { format: 'jwt_vc_json', operation: 'verify', against: 'verify', inTarget: true } },
  { task: 'dc+sd-jwt-issue', row: { format: 'dc+sd-jwt', operation: 'issue', against: 'sign', inTarget: true } },
  { task: 'dc+sd-jwt-verify', row: { format: 'dc+sd-jwt', operation: 'verify', against: 'verify', inTarget: true } },
  { task: 'dc+sd-jwt-verify-presentation', row: { format: 'dc+sd-jwt', operation: 'verify-presentation', against: 'verify', inTarget: false } },
];

const TASKS: readonly TaskName[] = ['raw-es256-sign', 'raw-es256-verify', ...CREDENTIAL_TASKS.map((c) => c.task)];

async function runCredentials(options: Options): Promise<BenchReport> {
  const progress = (message: string) => {
    if (!options.json) process.stderr.write(`  … ${message}\n`);
  };
  const workers = [new BenchWorker(), new BenchWorker()] as const;
  try {
    progress('preparing keys and credentials (main thread and two workers)');
    const steps = [];
    for (const task of TASKS) steps.push(await prepareTask(task));
    await Promise.all(workers.map((w) => w.ask({ kind: 'prepare', tasks: TASKS })));

    const perTask = options.warmupMs + options.slices * options.sliceMs;
    progress(`one core: ${TASKS.length} tasks × ${options.slices} turns of ${options.sliceMs} ms (${((TASKS.length * perTask) / 1000).toFixed(1)} s)`);
    const oneCore = await timeRoundRobin(steps, options);
    progress('two cores: the same on two worker threads at once');
    const replies = await Promise.all(workers.map((w) => w.ask({ kind: 'run', ...options })));
    const [a, b] = replies.map((r) => (r.kind === 'result' ? r.timings : [])) as [Timing[], Timing[]];

    const timings = {} as BenchReport['timings'];
    const figures = {} as Record<TaskName, Figure>;
    for (const [i, task] of TASKS.entries()) {
      const one = oneCore[i] as Timing;
      const two: [Timing, Timing] = [a[i] as Timing, b[i] as Timing];
      timings[task] = { oneCore: one, twoCores: two };
      figures[task] = { oneCore: opsPerSecond(one), twoCores: opsPerSecond(two[0]) + opsPerSecond(two[1]) };
    }

    const sign = figures['raw-es256-sign'];
    const verify = figures['raw-es256-verify'];
    const credentials: CredentialRow[] = CREDENTIAL_TASKS.map(({ task, row }) => {
      const perSecond = figures[task];
      const raw = row.against === 'sign' ? sign : verify;
      return { ...row, perSecond, shareOfRaw: { oneCore: perSecond.oneCore / raw.oneCore, twoCores: perSecond.twoCores / raw.twoCores } };
    });
    const met = credentials.filter((c) => c.inTarget).every((c) => c.shareOfRaw.oneCore >= TARGET_SHARE && c.shareOfRaw.twoCores >= TARGET_SHARE);

    return {
      node: process.version,
      cpus: { count: os.cpus().length, model: os.cpus()[0]?.model ?? 'unknown' },
      schedule: { warmupMs: options.warmupMs, sliceMs: options.sliceMs, slices: options.slices },
      credentialType: BENCH_CREDENTIAL_TYPE,
      sizes: await fixtureSizes(),
      raw: { sign, verify },
      credentials,
      target: { share: TARGET_SHARE, met },
      timings,
    };
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

async function runStatusLists(options: Options): Promise<StatusListBenchFigures | undefined> {
  if (options.skipStatusLists) return undefined;
  if (!options.json) process.stderr.write('  … status lists (fills a 1,000,000-entry list first, about a minute)\n');
  // Imported only when it runs: it brings the database in.
  const { benchStatusList } = await import('./status-list.ts');
  return benchStatusList();
}

async function runFlows(options: Options): Promise<FlowFigures[] | undefined> {
  if (options.skipFlows) return undefined;
  // Imported only when it runs: it brings the app and the database in.
  const { benchFlows } = await import('./flows.ts');
  return benchFlows(options.flows, (m) => {
    if (!options.json) process.stderr.write(`  … flows: ${m}\n`);
  });
}

// The tables of the sections imported only when they run, rendered when they finish.
const sectionTables: string[] = [];

async function runOidcFlows(options: Options): Promise<OidcFlowFigures[] | undefined> {
  if (options.skipOidcFlows) return undefined;
  if (!options.json) process.stderr.write('  … direct-to-wallet flows through the gateway OIDC face\n');
  const { benchOidcFlows, oidcFlowTable } = await import('./oidc-flows.ts');
  const figures = await benchOidcFlows({ flows: 200, concurrency: 20, engines: ['pglite', 'postgres'] });
  sectionTables.push(oidcFlowTable(figures));
  return figures;
}

async function runAutoProvide(options: Options): Promise<AutoProvideFigures | undefined> {
  if (options.skipAutoProvide) return undefined;
  const { benchAutoProvide, autoProvideTable } = await import('./auto-provide.ts');
  const figures = await benchAutoProvide({ staff: 20_000, changed: 0.1, concurrency: 4, json: options.json }, (m) => {
    if (!options.json) process.stderr.write(`  … auto-provide: ${m}\n`);
  });
  sectionTables.push(autoProvideTable(figures));
  return figures;
}

async function runStaffList(options: Options): Promise<StaffListFigures | undefined> {
  if (options.skipStaffList) return undefined;
  const { benchStaffList, staffListTable } = await import('./staff-list.ts');
  const figures = await benchStaffList({ staff: 20_000, requests: 200 }, (m) => {
    if (!options.json) process.stderr.write(`  … staff list: ${m}\n`);
  });
  sectionTables.push(staffListTable(figures));
  return figures;
}

const int = (n: number) => Math.round(n).toLocaleString('en-GB');
const pct = (n: number) => `${(n * 100).toFixed(1)}%`;
const ms = (perSecond: number) => `${(1000 / perSecond).toFixed(3)} ms`;

function printTables(r: BenchReport): void {
  const lines: string[] = [];
  const row = (cells: readonly string[], widths: readonly number[]) =>
    lines.push(cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  '));

  lines.push(`Open DSP credential benchmark — Node ${r.node}, ${r.cpus.count} × ${r.cpus.model}`);
  lines.push(
    `ops/s; each task ran ${r.schedule.slices} turns of ${r.schedule.sliceMs} ms, round-robin with the others, after ${r.schedule.warmupMs} ms warm-up; ` +
      '"2 cores" = two worker threads at once, summed.',
  );
  lines.push(
    `Subject: ${r.credentialType}. Sizes: raw signing input ${r.sizes.rawSigningInputBytes} B, jwt_vc_json ${r.sizes.jwtVcBytes} B, ` +
      `dc+sd-jwt ${r.sizes.sdJwtVcBytes} B, dc+sd-jwt presentation ${r.sizes.sdJwtPresentationBytes} B.`,
  );
  lines.push('');
  const rawWidths = [34, 10, 12, 10];
  row(['Raw ES256 (node:crypto, KeyObject)', '1 core', 'per op', '2 cores'], rawWidths);
  row(['  sign', int(r.raw.sign.oneCore), ms(r.raw.sign.oneCore), int(r.raw.sign.twoCores)], rawWidths);
  row(['  verify', int(r.raw.verify.oneCore), ms(r.raw.verify.oneCore), int(r.raw.verify.twoCores)], rawWidths);
  lines.push('');
  const widths = [34, 10, 12, 8, 10, 8, 8];
  row(['Credentials', '1 core', 'per op', '% raw', '2 cores', '% raw', '≥ 25%'], widths);
  for (const c of r.credentials) {
    const meets = c.shareOfRaw.oneCore >= r.target.share && c.shareOfRaw.twoCores >= r.target.share;
    row(
      [
        `  ${c.format} ${c.operation}`,
        int(c.perSecond.oneCore),
        ms(c.perSecond.oneCore),
        pct(c.shareOfRaw.oneCore),
        int(c.perSecond.twoCores),
        pct(c.shareOfRaw.twoCores),
        c.inTarget ? (meets ? 'yes' : 'NO') : '(info)',
      ],
      widths,
    );
  }
  lines.push('');
  lines.push('% raw: issuing against raw sign, verifying against raw verify, same run and core count.');
  lines.push('verify-presentation checks two signatures (issuer JWT and KB-JWT) and imports the holder key, so its ceiling is below 50%; it is not part of the target.');
  lines.push(`Target (issue and verify of each format ≥ ${pct(r.target.share)} of raw, on 1 and 2 cores): ${r.target.met ? 'met' : 'NOT met'}.`);

  if (r.statusList !== undefined) {
    const f = r.statusList;
    lines.push('');
    lines.push(`Status lists (bench/status-list.ts): ${int(f.entries)} entries per list, ${int(f.issued)} issued, PGlite in memory (fill ${f.fillSeconds} s)`);
    const listWidths = [10, 10, 10, 16, 10, 30];
    row(['  revoked', 'list', 'revoked n', 'document bytes', 'build ms', 'revoke+republish ms (median)'], listWidths);
    for (const c of f.cases) {
      for (const kind of ['token', 'bitstring'] as const) {
        const d = c[kind];
        row([`  ${pct(c.revokedShare)}`, kind, String(c.revoked), int(d.bytes), String(d.buildMs), String(d.revokeAndRepublishMs)], listWidths);
      }
    }
    lines.push(`  2-bit token list encode: ours ${f.ownEncodeMs} ms, @sd-jwt/jwt-status-list ${f.sdJwtLibraryEncodeMs} ms`);
  }
  if (r.flows !== undefined) {
    lines.push('');
    lines.push('Protocol flows over HTTP (bench/flows.ts): server on the main thread, wallets in a worker thread, one machine.');
    lines.push('CPU ms/flow: server thread / every other thread of the process (the wallets\' worker, GC and libuv helpers) / PostgreSQL processes;');
    lines.push('wal thr: the wallets\' worker thread alone; SQL/fl: statements per flow (PostgreSQL); max fl/s: 2 cores over the total CPU of one flow.');
    lines.push('Engine "floor": the same requests, parsing and crypto against a server with no database at all (bench/flow-floor.ts) —');
    lines.push('what a flow costs when the database is free; its max fl/s bounds what any database work can reach on this machine.');
    lines.push(flowTable(r.flows));
  }
  for (const table of sectionTables) lines.push('', table);
  console.log(lines.join('\n'));
}

const options = parseOptions(process.argv.slice(2));
const credentials = await runCredentials(options);
const statusList = await runStatusLists(options);
const flows = await runFlows(options);
const oidcFlows = await runOidcFlows(options);
const autoProvide = await runAutoProvide(options);
const staffList = await runStaffList(options);
const report: BenchReport = { ...credentials, ...(statusList ? { statusList } : {}), ...(flows ? { flows } : {}), ...(oidcFlows ? { oidcFlows } : {}), ...(autoProvide ? { autoProvide } : {}), ...(staffList ? { staffList } : {}) };
if (options.json) console.log(JSON.stringify(report, null, 2));
else printTables(report);
