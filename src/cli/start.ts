// dsp start: runs Open DSP. With no DATABASE_URL it runs everything in one process on the
// embedded database (the zero-setup default), seeds the demo world into an empty database,
// and listens on a control socket so other `dsp` commands can reach the database through it.
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { FastifyInstance } from 'fastify';
import type http from 'node:http';
import { createApp, createServices, roles, type Role } from '../app.ts';
import type { Config } from '../platform/config.ts';
import { createLogger, type Logger } from '../platform/logger.ts';
import { systemClock } from '../platform/clock.ts';
import { openDatabase, type Database } from '../store/database.ts';
import { countOrganisations } from '../store/organisations.ts';
import { UsageError, type Runtime } from './command.ts';
import { controlSocketPath, listenControl } from './control.ts';
import { describeDemoWorld, seedDemoWorld } from './demo-world.ts';
import { executeCommand } from './execute.ts';
import { currentHolder, waitForLock, type HeldLock } from './lock.ts';
import { startEsrSimulatorServer } from './start-esr-sim.ts';
import { DEMO_ASSIGNMENT_NUMBER, DEMO_ORG_CODE } from '../integrations/esr/index.ts';

export interface Running {
  app: FastifyInstance;
  runtime: Runtime;
  url: string;
  stop(): Promise<void>;
}

export function embeddedDataDir(config: Config): string {
  return path.join(config.data.dir, 'pgdata');
}

/** Starts every part this role runs; resolves once the server listens. */
export async function startServer(config: Config, options: { role?: Role; logger?: Logger; say?: (line: string) => void } = {}): Promise<Running> {
  const role = options.role ?? 'all';
  const say = options.say ?? ((line: string) => process.stdout.write(`${line}\n`));
  const logger = options.logger ?? createLogger(config.log.level);
  const embedded = !config.data.databaseUrl;

  let lock: HeldLock | undefined;
  if (embedded) {
    const holder = currentHolder(config.data.dir);
    if (holder?.holder === 'server') throw new UsageError(`Open DSP is already running on ${config.data.dir} (process ${holder.pid}).`);
    lock = await waitForLock(config.data.dir, { holder: 'server', command: 'start', socket: controlSocketPath(config.data.dir) }, say);
  }

  let database: Database | undefined;
  let control: http.Server | undefined;
  try {
    database = await openDatabase({ databaseUrl: config.data.databaseUrl, dataDir: embeddedDataDir(config), poolSize: config.data.poolSize });
    await database.migrate();
    const services = createServices(config, logger, database, systemClock);
    let seeded = false;
    if (config.demo.seed && (await countOrganisations(database.db)) === 0) {
      await seedDemoWorld(database, systemClock, services.keys);
      seeded = true;
    }
    const runtime: Runtime = { config, logger, database, clock: systemClock, correlationId: 'start', ...services };
    const app = await createApp({ ...runtime, role });
    await app.listen({ host: config.http.host, port: config.http.port });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.http.port;
    if (embedded) control = await listenControl(controlSocketPath(config.data.dir), (argv) => executeCommand({ ...runtime, correlationId: randomUUID() }, argv));
    // Web-only roles enqueue jobs but leave working them to worker processes.
    const worksJobs = config.jobs.enabled && (role === 'all' || role === 'worker');
    if (worksJobs) services.jobs.start();
    // Every role may append audit entries; any process may chain them (flushes queue per chain).
    services.auditFlusher.start();

    const url = config.http.publicUrl;
    say(banner(config, role, port, seeded || config.demo.seed));

    let stopping: Promise<void> | undefined;
    const stop = () =>
      (stopping ??= (async () => {
        control?.close();
        await app.close(); // stops accepting, waits for requests in flight
        await services.close(); // waits for running jobs, closes mail connections
        await database!.close();
        lock?.release();
      })());
    return { app, runtime, url, stop };
  } catch (error) {
    control?.close();
    await database?.close().catch(() => undefined);
    lock?.release();
    throw error;
  }
}

function banner(config: Config, role: Role, port: number, demo: boolean): string {
  const url = config.http.publicUrl;
  const lines = [
    '',
    `Open DSP is running (${role === 'all' ? 'every part' : `role ${role}`}, ${config.data.databaseUrl ? 'PostgreSQL' : `embedded database in ${config.data.dir}`}) on port ${port}.`,
    `  Start page:  ${url}/`,
    `  Readiness:   ${url}/health/ready`,
  ];
  if (config.env !== 'production') lines.push(`  Outbox:      ${url}/dev/outbox  (every email and text message sent)`);
  if (role === 'all') lines.push(`  ESR (simulated): ${url}/esr-sim  (demo person: assignment number ${DEMO_ASSIGNMENT_NUMBER} at ${DEMO_ORG_CODE})`);
  if (demo && config.env !== 'production') lines.push('', describeDemoWorld(url));
  lines.push('', 'Stop with Ctrl+C.', '');
  return lines.join('\n');
}

export async function runStart(argv: string[], config: Config): Promise<void> {
  const { values } = parseArgs({ args: argv, options: { role: { type: 'string', default: 'all' }, json: { type: 'boolean' } }, strict: true });
  const role = values.role as Role;
  if (!roles.includes(role)) throw new UsageError(`--role must be one of ${roles.join(', ')}`);
  const quiet = values.json ? { say: () => undefined } : {};
  // The ESR simulator needs no database: it starts without the lock, migrations or services.
  const running = role === 'esr-sim' ? await startEsrSimulatorServer(config, quiet) : await startServer(config, { role, ...quiet });
  if (values.json) process.stdout.write(`${JSON.stringify({ url: running.url, role })}\n`);
  const shutdown = (signal: string) => {
    running.runtime.logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 15_000);
    force.unref();
    running.stop().then(
      () => process.exit(0),
      (error) => {
        running.runtime.logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}
