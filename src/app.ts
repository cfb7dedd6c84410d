// The composition root (STYLE.md rule 3): the one place that wires parts together.
// Importing this module does nothing; `createApp(deps)` builds a Fastify instance from
// dependencies the caller made (the CLI's `start`, or a test).
import type { FastifyInstance } from 'fastify';
import { esrBaseUrl, isHttps, type Config } from './platform/config.ts';
import type { Logger } from './platform/logger.ts';
import { createAuditFlusher, type AuditFlusher } from './store/audit-log.ts';
import type { Clock } from './platform/clock.ts';
import { createHttpServer } from './platform/http/server.ts';
import { registerHealth } from './platform/http/health.ts';
import type { Database } from './store/database.ts';
import { registerStartPage } from './portals/start/route.ts';
import { registerOutboxPage } from './portals/dev/outbox/route.ts';
import { registerWalletDemo } from './portals/dev/wallet-demo/route.ts';
import { registerIdspSimulator } from './portals/idsp/register-idsp-simulator.ts';
import { registerDidDocument } from './gateway/orgs/did-document.ts';
import { registerStatusLists } from './gateway/orgs/status-list.ts';
import { organisationDid } from './core/did/index.ts';
import { registerWalletSessionPages } from './gateway/wallet-sessions/index.ts';
import { consumeResponseCode, registerOid4vpVerifier } from './gateway/oid4vp/index.ts';
import { registerOid4vciIssuer } from './gateway/oid4vci/index.ts';
import { registerWebWallet } from './wallet/web/register-web-wallet.ts';
import { presentationTransactions } from './store/presentation-transactions.ts';
import {
  createDeliverNotificationHandler,
  createNotificationProvider,
  createNotifier,
  deliverQueue,
  type Notifier,
} from './integrations/notify/index.ts';
import { createJobs } from './jobs/create-jobs.ts';
import { registerStatusListPublication } from './jobs/publish-status-lists.ts';
import { registerTrustJobs, type TrustJobDefinition } from './jobs/trust-jobs.ts';
import { configuredTrustJobs } from './jobs/trust-job-definitions.ts';
import type { Jobs } from './jobs/types.ts';
import type { KeyManagement } from './platform/key-management.ts';
import { createLocalKeyManagement } from './store/key-store.ts';
import type { Db } from './store/database.ts';
import { randomBytes } from 'node:crypto';
import { createEsrHttpClient, createEsrSimulator, registerEsrSimulator, type EsrSimulator } from './integrations/esr/index.ts';

/** What a process runs: everything (the zero-setup default) or one part per process. */
export const roles = ['all', 'gateway', 'portal', 'wallet', 'worker', 'external-demo', 'esr-sim'] as const;
export type Role = (typeof roles)[number];

export interface AppDeps {
  config: Config;
  logger: Logger;
  database: Database;
  clock: Clock;
  notifier: Notifier;
  keys: KeyManagement<Db>;
  role?: Role;
}

export interface Services {
  jobs: Jobs;
  notifier: Notifier;
  /** Signing keys and sealed secrets; the local adapter seals under config.secrets.keyEncryptionKey. */
  keys: KeyManagement<Db>;
  /** Chains the audit inbox (docs/architecture.md D15); a serving or working process starts it. */
  auditFlusher: AuditFlusher;
  /** The jobs that run once per trust (D37): `dsp jobs` runs them through these. */
  trustJobs: readonly TrustJobDefinition[];
  /** Stops the worker (waiting for running jobs), flushes the audit inbox once more and closes provider connections. */
  close(): Promise<void>;
}

/**
 * The services every process has, whatever its role: the job queue (enqueueing is always
 * possible; whether this process also works the queue is decided by the caller) and the
 * notification port with its delivery handler.
 */
export function createServices(config: Config, logger: Logger, database: Database, clock: Clock): Services {
  const jobs = createJobs({ database, logger, clock, pollIntervalMs: config.jobs.pollIntervalMs });
  const provider = createNotificationProvider(
    config.notify,
    config.notify.notifyEmailTemplateId && config.notify.notifySmsTemplateId
      ? { emailTemplateId: config.notify.notifyEmailTemplateId, smsTemplateId: config.notify.notifySmsTemplateId }
      : undefined,
  );
  const notifier = createNotifier({ provider: config.notify.provider, jobs });
  jobs.handle(deliverQueue, createDeliverNotificationHandler({ db: database.db, provider, logger }));
  const keys = createLocalKeyManagement({ keyEncryptionKey: config.secrets.keyEncryptionKey });
  registerStatusListPublication(jobs, statusListSettings({ config, database, clock, keys }));
  const trustJobs = configuredTrustJobs(config, logger);
  registerTrustJobs(jobs, { database, clock, logger, notifier, publicUrl: config.http.publicUrl }, trustJobs);
  const auditFlusher = createAuditFlusher({ database, logger });
  return {
    jobs,
    notifier,
    keys,
    auditFlusher,
    trustJobs,
    async close() {
      await jobs.stop();
      await auditFlusher.stop();
      await provider.close();
    },
  };
}

/** How status lists are published: the routes and the republishing job share these. */
function statusListSettings(deps: { config: Config; database: Database; clock: Clock; keys: KeyManagement<Db> }) {
  const publicUrl = deps.config.http.publicUrl;
  return {
    database: deps.database,
    clock: deps.clock,
    keys: deps.keys,
    publicUrl,
    issuerDid: (o: { odsCode: string }) => organisationDid(publicUrl, o.odsCode),
  };
}

export async function createApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config, logger, database } = deps;
  const role = deps.role ?? 'all';
  const production = config.env === 'production';
  const app = await createHttpServer({ config, logger });

  registerHealth(app, { ping: () => database.ping() });
  // The simulated ESR (docs/esr.md): in memory, part of the zero-setup default and a role of its
  // own. Never inside a production deployment's own process: there it is its own role, if at all.
  if ((role === 'all' && !production) || role === 'esr-sim') mountEsrSimulator(app, deps);
  if (role === 'all' || role === 'gateway') {
    registerDidDocument(app, { db: database.db, keys: deps.keys, publicUrl: config.http.publicUrl });
    registerStatusLists(app, statusListSettings(deps));
    registerOid4vciIssuer(app, { database, clock: deps.clock, keys: deps.keys, publicUrl: config.http.publicUrl });
    registerOid4vpVerifier(app, { database, keys: deps.keys, clock: deps.clock, publicUrl: config.http.publicUrl, allowLoopback: !production });
    registerWalletSessionPages(app, {
      db: database.db,
      clock: deps.clock,
      consumeResponseCode,
      responseCodePending: async (db, scope, sessionId) => {
        const transaction = await presentationTransactions(db, scope).findBySession(sessionId);
        return transaction?.flow === 'same_device' && transaction.responseCodeDigest !== null;
      },
    });
    // Loaded here, not at the top: oidc-provider warns about Node 20 when imported (D30), and
    // CLI commands that never serve should not print that.
    const { registerGatewayOidc } = await import('./gateway/oidc/index.ts');
    await registerGatewayOidc(app, {
      database,
      clock: deps.clock,
      keys: deps.keys,
      publicUrl: config.http.publicUrl,
      cookieSecret: config.secrets.cookieSecret,
      secureCookies: isHttps(config),
      trustProxy: config.http.trustProxy,
    });
  }
  if (role === 'all' || role === 'wallet') registerWebWallet(app, { production, https: isHttps(config) });
  if (role === 'all' || role === 'portal') {
    registerStartPage(app, { db: database.db, production, idspSimulator: config.idsp.simulator });
    // The employer portal of every trust (D38).
    const { registerEmployerPortal } = await import('./portals/employer/register-employer-portal.ts');
    await registerEmployerPortal(app, { database, clock: deps.clock, keys: deps.keys, notifier: deps.notifier, esr: createEsrHttpClient({ baseUrl: esrBaseUrl(config), timeoutMs: config.esr.timeoutMs, logger }), publicUrl: config.http.publicUrl, secureCookies: isHttps(config), production });
    // The employee self-service portal of every trust (D45).
    const { registerEmployeePortal } = await import('./portals/employee/register-employee-portal.ts');
    await registerEmployeePortal(app, { database, clock: deps.clock, keys: deps.keys, notifier: deps.notifier, publicUrl: config.http.publicUrl, secureCookies: isHttps(config), production });
    // The identity service provider simulator (D35): outside production, or when DSP_IDSP_SIMULATOR is set.
    if (config.idsp.simulator) {
      registerIdspSimulator(app, { database, keys: deps.keys, notifier: deps.notifier, clock: deps.clock, publicUrl: config.http.publicUrl, secureCookies: isHttps(config), showOutbox: !production });
    }
    // The outbox shows recipients and message bodies: never in production.
    if (!production) registerOutboxPage(app, { database, notifier: deps.notifier });
    if (!production && role === 'all') {
      registerWalletDemo(app, { database, keys: deps.keys, notifier: deps.notifier, clock: deps.clock, publicUrl: config.http.publicUrl, secureCookies: isHttps(config) });
    }
  }
  // The example external system (D36), a training provider's portal that knows Open DSP only
  // through the gateway's public interface. Loaded here so commands that never serve skip it.
  if (role === 'external-demo' || (role === 'all' && !production)) {
    const { registerTrainingDemo } = await import('./external-demo/training/index.ts');
    const { externalDemoOnboarding } = await import('./portals/dev/external-demo-onboarding.ts');
    registerTrainingDemo(app, {
      publicUrl: config.http.publicUrl,
      dataDir: config.data.dir,
      secureCookies: isHttps(config),
      clock: deps.clock,
      onboarding: externalDemoOnboarding(database, deps.clock),
      sendEmail: async (message) => {
        await database.transaction((tx) => deps.notifier.send(tx, { organisationId: null, channel: 'email', ...message }));
      },
    });
  }
  return app;
}

// ---- ESR simulator (docs/esr.md) ----

/**
 * Generates the simulated ESR population (same seed and size, same people) and serves it under
 * /esr-sim, with the control endpoints unless they are off (production, by default).
 */
export function mountEsrSimulator(app: FastifyInstance, deps: { config: Config; clock: Clock }): EsrSimulator {
  const { esr } = deps.config;
  const simulator = createEsrSimulator({
    seed: esr.simSeed,
    size: esr.simSize,
    organisations: esr.simOrganisations,
    clock: deps.clock,
    // A fresh epoch per start: cursors from an earlier run of the simulator expire.
    newEpoch: () => randomBytes(6).toString('hex'),
  });
  registerEsrSimulator(app, { simulator, control: esr.simControl });
  return simulator;
}

/**
 * The server of `dsp start --role esr-sim`: the simulated ESR alone, with no database (it holds
 * everything in memory), so it can run beside `npm start` on the same machine.
 */
export async function createEsrSimulatorApp(deps: { config: Config; logger: Logger; clock: Clock }): Promise<FastifyInstance> {
  const app = await createHttpServer({ config: deps.config, logger: deps.logger });
  const health = { config: { surface: 'protocol' as const }, logLevel: 'warn' as const };
  app.get('/health/live', health, async (_request, reply) => reply.header('cache-control', 'no-store').send({ status: 'ok' }));
  // Ready as soon as it serves: the population is generated before the server listens.
  app.get('/health/ready', health, async (_request, reply) => reply.header('cache-control', 'no-store').send({ status: 'ok', checks: { esrSimulator: 'ok' } }));
  mountEsrSimulator(app, deps);
  return app;
}
