// Complete protocol flows over real HTTP against the real app (createApp, both protocols mounted),
// N concurrent wallets, on the embedded PGlite and on PostgreSQL:
//
//   OpenID4VCI: the portal creates an offer (session binding, tx_code) for one Identity
//     credential; a wallet with its own P-256 key resolves it, reads both metadata documents,
//     redeems the code with the tx_code, gets a nonce, proves its key, receives the credential
//     and sends the accepted notification.
//   OpenID4VP: the verifier creates a request (wallet session, transaction, ephemeral key);
//     the wallet fetches the signed Request Object (POST with wallet_nonce), checks it against
//     the DID document fetched over HTTP, matches DCQL, presents with the holder key and posts
//     direct_post.jwt; the verifier decrypts, consumes the transaction once, verifies (issuer,
//     status list, key binding) and completes the session.
//
// The server runs on this (main) thread; the wallets run in one worker thread (./flow-wallets.ts),
// so the server's event loop carries only the server's work. Both share the machine's cores with
// each other and with PostgreSQL. Besides flows/s and latency, the figures split the CPU time of
// one flow: the server thread's busy time, the wallets' thread's, and PostgreSQL's processes'
// (from /proc, when the server is local).
//
// PostgreSQL: a fresh database on the server of BENCH_DATABASE_URL (default DATABASE_URL, then
// postgres://postgres@127.0.0.1:5432/test), dropped afterwards. PGlite: in memory.
//
// The floor (engine `floor`, ./flow-floor.ts): the same wallets make the same requests to a server
// that does the same parsing and crypto but has no database. Its CPU per flow is what a flow costs
// without any database work; `wal thr` is the wallets' own thread, and `max fl/s` turns the CPU of
// one flow (every process) into the most flows 2 cores could carry — on the floor, an upper bound
// for any gateway on this machine with the wallets beside it.
//
//   npx tsx bench/flows.ts [--wallets=50] [--flows=1000] [--engines=pglite,postgres,floor] [--protocols=oid4vci,oid4vp] [--formats=dc+sd-jwt,jwt_vc_json] [--json]
import { randomUUID } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { createApp, createServices } from '../src/app.ts';
import { SAMPLE_DSP_ID, SAMPLE_SUBJECTS, type CredentialFormat } from '../src/core/credentials/index.ts';
import { testKey } from '../src/core/credentials/testing.ts';
import { issueCredential } from '../src/gateway/issuance/issue-credential.ts';
import { createCredentialOffer } from '../src/gateway/oid4vci/index.ts';
import { createPresentationRequest } from '../src/gateway/oid4vp/index.ts';
import { systemClock } from '../src/platform/clock.ts';
import { loadConfig } from '../src/platform/config.ts';
import { createLogger } from '../src/platform/logger.ts';
import { wrapPglite } from '../src/store/database.ts';
import { provisionOrganisationKeys } from '../src/store/organisation-keys.ts';
import { addOrganisation } from '../src/store/organisations.ts';
import { browserBindingOf } from '../src/store/wallet-sessions.ts';
import type { FlowStart, FromWallets, ToWallets, WalletFigures, WalletJob } from './flow-wallets.ts';
import { startFloorServer } from './flow-floor.ts';
import { DEFAULT_FLOW_OPTIONS, flowTable, parseFlowOption, type Engine, type FlowFigures, type FlowOptions, type Protocol } from './flow-options.ts';
import { freePort } from '../test/support/free-port.ts';
import { freshBenchPostgres } from './fresh-postgres.ts';

export type { FlowFigures, FlowOptions } from './flow-options.ts';


const WORKER_BOOTSTRAP = `
  import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))})
    .then(({ register }) => { register(); return import(${JSON.stringify(new URL('./flow-wallets.ts', import.meta.url).href)}); })
    .catch((error) => { console.error(error); process.exit(1); });
`;


const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

// Statements sent to PostgreSQL (every pool client is a pg.Client): counted per flow, and with
// BENCH_QUERY_LOG=1 tallied by text and printed to stderr, to see what a flow asks of the database.
let pgQueries = 0;
const queryTally = new Map<string, number>();
const realQuery = pg.Client.prototype.query;
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  pgQueries++;
  if (process.env.BENCH_QUERY_LOG === '1') {
    const first = args[0] as string | { text?: string };
    const text = typeof first === 'string' ? first : (first?.text ?? '?');
    queryTally.set(text, (queryTally.get(text) ?? 0) + 1);
  }
  return (realQuery as (...a: unknown[]) => unknown).apply(this, args);
} as typeof pg.Client.prototype.query;

/** utime + stime of a /proc stat line, in milliseconds (USER_HZ = 100 on Linux). */
function statCpuMs(stat: string): number {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) / 100) * 1000;
}

/**
 * CPU milliseconds of this process so far: its main thread (the server: HTTP, our code, the
 * pg client, and PGlite when embedded) and every other thread (the wallets' worker, libuv's
 * pool, V8's helpers). Thread CPU, not event-loop busy time, so time spent waiting for a core
 * while other processes run is not counted. NaN where /proc is not readable.
 */
function processCpuMs(): { main: number; other: number } {
  try {
    const main = statCpuMs(readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8'));
    const usage = process.cpuUsage();
    return { main, other: (usage.user + usage.system) / 1000 - main };
  } catch {
    return { main: NaN, other: NaN };
  }
}

/** CPU milliseconds used so far by every process named postgres (a local server), or null. */
function postgresCpuMs(): number | null {
  try {
    let ms = 0;
    for (const pid of readdirSync('/proc')) {
      if (!/^\d+$/.test(pid)) continue;
      let stat: string;
      try {
        stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      } catch {
        continue;
      }
      if (stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')) !== 'postgres') continue;
      ms += statCpuMs(stat);
    }
    return ms;
  } catch {
    return null;
  }
}

function benchConfig(publicUrl: string) {
  return loadConfig(
    {
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      DSP_KEY_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
      DSP_COOKIE_SECRET: 'bench-cookie-secret-bench-cookie-secret-01',
      DSP_PUBLIC_URL: publicUrl,
    },
    { generateLocalSecrets: false },
  );
}

/** The same wallets against the floor server (./flow-floor.ts): no database at all. */
async function onFloor(options: FlowOptions, progress: (m: string) => void): Promise<FlowFigures[]> {
  const port = await freePort();
  const publicUrl = `http://127.0.0.1:${port}`;
  const config = benchConfig(publicUrl);
  const organisation = { id: randomUUID(), odsCode: 'RBENCH', name: 'Bench Hospitals NHS Trust', kind: 'trust' as const, createdAt: new Date() };
  const floor = await startFloorServer({ config, logger: createLogger(config.log.level), publicUrl, port, organisation });
  const results: FlowFigures[] = [];
  try {
    const holder = testKey('holder');
    for (const protocol of options.protocols) {
      for (const format of options.formats) {
        progress(`${protocol} ${format} on the floor (no database): ${options.wallets} wallets, ${options.warmup} warm-up + ${options.flows} flows`);
        floor.setFormat(format);
        if (protocol === 'oid4vci') {
          results.push(await runWallets('floor', protocol, format, { protocol, format }, async () => floor.startIssuance(), options));
        } else {
          const credential = await floor.issueFor(format, holder.publicJwk);
          const job: WalletJob = { protocol, format, holder: { privateJwk: holder.privateJwk, alg: holder.alg }, credential };
          results.push(await runWallets('floor', protocol, format, job, async () => floor.startPresentation(format), options));
        }
      }
    }
  } finally {
    await floor.app.close();
  }
  return results;
}

async function onEngine(engine: Engine, options: FlowOptions, progress: (m: string) => void): Promise<FlowFigures[]> {
  if (engine === 'floor') return onFloor(options, progress);
  const opened = engine === 'postgres' ? await freshBenchPostgres(options.poolSize) : { database: wrapPglite(await PGlite.create()), drop: async () => {} };
  const { database } = opened;
  const results: FlowFigures[] = [];
  try {
    await database.migrate();
    const port = await freePort();
    const publicUrl = `http://127.0.0.1:${port}`;
    const config = benchConfig(publicUrl);
    const logger = createLogger(config.log.level);
    const services = createServices(config, logger, database, systemClock);
    const app = await createApp({ config, logger, database, clock: systemClock, ...services });
    await app.listen({ port, host: '127.0.0.1' });
    services.auditFlusher.start();
    try {
      const { organisation } = await addOrganisation(database.db, { odsCode: 'RBENCH', name: 'Bench Hospitals NHS Trust', kind: 'trust' });
      await provisionOrganisationKeys(database.db, services.keys, organisation.id);
      const deps = { keys: services.keys, clock: systemClock, publicUrl };
      const holder = testKey('holder');

      for (const protocol of options.protocols) {
        for (const format of options.formats) {
          progress(`${protocol} ${format} on ${engine}: ${options.wallets} wallets, ${options.warmup} warm-up + ${options.flows} flows`);
          let job: WalletJob;
          let start: () => Promise<FlowStart>;
          if (protocol === 'oid4vci') {
            job = { protocol, format };
            start = async () => {
              const offer = await database.transaction((tx) =>
                createCredentialOffer(tx, { clock: systemClock, publicUrl }, {
                  organisation,
                  dspId: SAMPLE_DSP_ID,
                  credentials: [{ type: 'Identity', format, subject: SAMPLE_SUBJECTS.Identity }],
                  holderBinding: { mode: 'session' },
                  txCode: true,
                  walletSession: { purpose: 'bench', browserBinding: 'bench', returnTo: '/', ttlSeconds: 600 },
                }),
              );
              return { kind: 'oid4vci', offerUri: offer.offerUri, txCode: offer.txCode! };
            };
          } else {
            const issued = await database.transaction((tx) =>
              issueCredential(tx, deps, { organisation, type: 'Identity', format, subject: SAMPLE_SUBJECTS.Identity, holderJwk: holder.publicJwk, actor: 'bench', correlationId: 'bench' }),
            );
            if (issued.outcome !== 'issued') throw new Error('bench credential not issued');
            job = { protocol, format, holder: { privateJwk: holder.privateJwk, alg: holder.alg }, credential: issued.credential.credential };
            start = async () => {
              const { requestUri } = await database.transaction((tx) =>
                createPresentationRequest(tx, deps, {
                  organisation,
                  credentials: [{ id: 'identity', type: 'Identity', formats: [format] }],
                  purpose: 'bench',
                  responseMode: 'direct_post.jwt',
                  walletSession: { purpose: 'bench', browserBinding: browserBindingOf('bench'), returnTo: '/', ttlSeconds: 300 },
                }),
              );
              return { kind: 'oid4vp', requestUri };
            };
          }
          results.push(await runWallets(engine, protocol, format, job, start, options));
        }
      }
    } finally {
      await app.close();
      await services.close();
      if (process.env.BENCH_TABLE_STATS === '1' && engine === 'postgres') {
        // Which tables were read by sequential scans (a missing index shows up here).
        const stats = await database.db.execute(sql`select relname, seq_scan, seq_tup_read, idx_scan, n_live_tup from pg_stat_user_tables order by seq_tup_read desc limit 12`);
        process.stderr.write(`${JSON.stringify((stats as unknown as { rows: unknown[] }).rows ?? stats, null, 0)}\n`);
      }
    }
  } finally {
    await database.close();
    await opened.drop();
  }
  return results;
}

async function runWallets(
  engine: Engine,
  protocol: Protocol,
  format: CredentialFormat,
  job: WalletJob,
  start: () => Promise<FlowStart>,
  options: FlowOptions,
): Promise<FlowFigures> {
  const worker = new Worker(WORKER_BOOTSTRAP, { eval: true });
  try {
    let measuring = false;
    let pgBefore: number | null = null;
    let elu = performance.eventLoopUtilization();
    let cpuBefore = processCpuMs();
    const figures = await new Promise<WalletFigures>((resolve, reject) => {
      let count = 0;
      worker.on('error', reject);
      worker.on('message', (message: FromWallets) => {
        if (message.kind === 'start') {
          // The first measured flow starts after the warm-up: take the server's baselines then.
          if (count++ === options.warmup) {
            measuring = true;
            elu = performance.eventLoopUtilization();
            cpuBefore = processCpuMs();
            pgBefore = engine === 'postgres' ? postgresCpuMs() : null;
            pgQueries = 0;
            queryTally.clear();
          }
          start().then(
            (s) => worker.postMessage({ kind: 'started', id: message.id, start: s } satisfies ToWallets),
            (error: unknown) => worker.postMessage({ kind: 'start-failed', id: message.id, message: String(error) } satisfies ToWallets),
          );
        } else if (message.kind === 'done') resolve(message.figures);
        else reject(new Error(`bench wallets: ${message.message}`));
      });
      worker.postMessage({ kind: 'run', job, wallets: options.wallets, warmup: options.warmup, flows: options.flows } satisfies ToWallets);
    });
    const serverBusy = measuring ? performance.eventLoopUtilization(elu).active : NaN;
    const cpuAfter = processCpuMs();
    const pgAfter = engine === 'postgres' ? postgresCpuMs() : null;
    const queries = pgQueries;
    if (process.env.BENCH_QUERY_LOG === '1') {
      for (const [text, n] of [...queryTally].sort((a, b) => b[1] - a[1])) process.stderr.write(`${(n / options.flows).toFixed(2).padStart(6)}  ${text.slice(0, 220)}\n`);
    }
    const latencies = figures.latenciesMs.sort((a, b) => a - b);
    const flows = options.flows;
    return {
      protocol,
      engine,
      format,
      wallets: options.wallets,
      flows,
      seconds: figures.seconds,
      flowsPerSecond: flows / figures.seconds,
      p50Ms: percentile(latencies, 50),
      p95Ms: percentile(latencies, 95),
      httpRequestsPerFlow: figures.httpRequests / flows,
      dbQueriesPerFlow: engine === 'postgres' ? queries / flows : null,
      busyMsPerFlow: { server: serverBusy / flows, wallets: figures.busyMs / flows },
      cpuMsPerFlow: {
        server: (cpuAfter.main - cpuBefore.main) / flows,
        wallets: (cpuAfter.other - cpuBefore.other) / flows,
        postgres: pgBefore !== null && pgAfter !== null ? (pgAfter - pgBefore) / flows : null,
      },
      walletThreadCpuMsPerFlow: figures.cpuMs / flows,
    };
  } finally {
    await worker.terminate();
  }
}

/** Every flow of `options`, engine by engine. */
export async function benchFlows(options: FlowOptions, progress: (message: string) => void = () => {}): Promise<FlowFigures[]> {
  const results: FlowFigures[] = [];
  for (const engine of options.engines) results.push(...(await onEngine(engine, options, progress)));
  return results;
}



if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const options = { ...DEFAULT_FLOW_OPTIONS };
  const json = process.argv.includes('--json');
  for (const arg of process.argv.slice(2)) {
    if (arg !== '--json' && !parseFlowOption(arg, options)) throw new TypeError(`unknown option ${arg}`);
  }
  const results = await benchFlows(options, (m) => process.stderr.write(`  … ${m}\n`));
  console.log(json ? JSON.stringify(results, null, 2) : flowTable(results));
}
