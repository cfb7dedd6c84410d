// Complete OpenID4VCI issuance flows over HTTP, N wallets at once, against the real app on a
// given database: each flow creates an offer (as the portal would: session binding, tx_code)
// for one Identity credential, and a wallet with its own P-256 key resolves the offer, reads
// both metadata documents, redeems the code with the tx_code, gets a nonce, proves its key,
// receives the credential and sends the accepted notification (8 HTTP requests).
//
//   runOid4vciFlows(database, { wallets: 8, flows: 200 }) → { flowsPerSecond, p50Ms, p95Ms, … }
//   npx tsx bench/oid4vci-flows.ts [wallets] [flows]   (PGlite in memory, or DATABASE_URL)
import { createServer } from 'node:net';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { createApp, createServices } from '../src/app.ts';
import { SAMPLE_DSP_ID, SAMPLE_SUBJECTS, type CredentialFormat } from '../src/core/credentials/index.ts';
import { createCredentialOffer, registerOid4vciIssuer } from '../src/gateway/oid4vci/index.ts';
import { systemClock } from '../src/platform/clock.ts';
import { loadConfig } from '../src/platform/config.ts';
import { createLogger } from '../src/platform/logger.ts';
import { openDatabase, type Database } from '../src/store/database.ts';
import { provisionOrganisationKeys } from '../src/store/organisation-keys.ts';
import { addOrganisation } from '../src/store/organisations.ts';
import { TestWallet } from '../test/support/oid4vci-wallet.ts';

export interface Oid4vciFlowFigures {
  wallets: number;
  flows: number;
  format: CredentialFormat;
  seconds: number;
  flowsPerSecond: number;
  p50Ms: number;
  p95Ms: number;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

/** Runs `flows` complete issuance flows with `wallets` concurrent wallets; the database must be migrated. */
export async function runOid4vciFlows(
  database: Database,
  options: { wallets?: number; flows?: number; format?: CredentialFormat } = {},
): Promise<Oid4vciFlowFigures> {
  const wallets = options.wallets ?? 8;
  const flows = options.flows ?? 200;
  const format = options.format ?? 'dc+sd-jwt';
  const port = await freePort();
  const publicUrl = `http://127.0.0.1:${port}`;
  const config = loadConfig(
    {
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      DSP_KEY_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
      DSP_COOKIE_SECRET: 'bench-cookie-secret-bench-cookie-secret-01',
      DSP_PUBLIC_URL: publicUrl,
    },
    { generateLocalSecrets: false },
  );
  const logger = createLogger(config.log.level);
  const services = createServices(config, logger, database, systemClock);
  const app = await createApp({ config, logger, database, clock: systemClock, ...services });
  registerOid4vciIssuer(app, { database, clock: systemClock, keys: services.keys, publicUrl });
  await app.listen({ port, host: '127.0.0.1' });
  try {
    const ods = `B${port}`.slice(0, 10);
    const { organisation } = await addOrganisation(database.db, { odsCode: ods, name: 'Bench Hospitals NHS Trust', kind: 'trust' });
    await provisionOrganisationKeys(database.db, services.keys, organisation.id);

    const flow = async (wallet: TestWallet) => {
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
      const result = await wallet.receive(offer.offerUri, { txCode: offer.txCode! });
      if (result.credentials[0]?.answer.status !== 200) throw new Error(`flow failed: ${JSON.stringify(result.credentials[0]?.answer.body ?? result.token.body)}`);
    };

    const walletList = await Promise.all(Array.from({ length: wallets }, () => TestWallet.create()));
    await flow(walletList[0]!); // warm up: keys opened, catalogue compiled, connections made
    const latencies: number[] = [];
    let next = 0;
    const start = performance.now();
    await Promise.all(
      walletList.map(async (wallet) => {
        while (next < flows) {
          next++;
          const t = performance.now();
          await flow(wallet);
          latencies.push(performance.now() - t);
        }
      }),
    );
    const seconds = (performance.now() - start) / 1000;
    latencies.sort((a, b) => a - b);
    return { wallets, flows, format, seconds, flowsPerSecond: flows / seconds, p50Ms: percentile(latencies, 50), p95Ms: percentile(latencies, 95) };
  } finally {
    await app.close();
    await services.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const wallets = Number(process.argv[2] ?? 8);
  const flows = Number(process.argv[3] ?? 200);
  const database = await openDatabase({ databaseUrl: process.env.DATABASE_URL, poolSize: Math.max(10, wallets + 2) });
  await database.migrate();
  for (const format of ['jwt_vc_json', 'dc+sd-jwt'] as const) {
    const f = await runOid4vciFlows(database, { wallets, flows, format });
    console.log(`oid4vci ${database.kind} ${format}: ${f.flowsPerSecond.toFixed(1)} flows/s with ${f.wallets} wallets (p50 ${f.p50Ms.toFixed(1)} ms, p95 ${f.p95Ms.toFixed(1)} ms, ${f.flows} flows)`);
  }
  await database.close();
}
