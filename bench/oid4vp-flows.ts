// Complete OpenID4VP presentation flows over real HTTP: the verifier creates a request (wallet
// session, transaction, ephemeral key), N concurrent test wallets fetch the signed Request Object
// (POST with wallet_nonce), check it against the DID document over HTTP, match DCQL, present with
// the holder key and post the response; the verifier decrypts, consumes the transaction once,
// verifies through the platform verifier (issuer, status list, key binding) and completes the
// session. Reports flows per second and the latency of one flow (p50, p95). Embedded PGlite
// (one session: every query is serialised), so this measures the one-process default.
// Benchmarks assert nothing about time.
//
//   npx tsx bench/oid4vp-flows.ts [--wallets N] [--flows N] [--json]   (exported for `npm run bench`)
import { createServer } from 'node:net';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { testApp } from '../test/support/app.ts';
import { createTestWallet } from '../test/support/oid4vp-wallet.ts';
import { SAMPLE_SUBJECTS, type CredentialFormat } from '../src/core/credentials/index.ts';
import { testKey } from '../src/core/credentials/testing.ts';
import type { ResponseMode } from '../src/core/oid4vp/index.ts';
import { createPresentationRequest, registerOid4vpVerifier } from '../src/gateway/oid4vp/index.ts';
import { issueCredential } from '../src/gateway/issuance/issue-credential.ts';
import { systemClock } from '../src/platform/clock.ts';
import { wrapPglite } from '../src/store/database.ts';
import { addOrganisation } from '../src/store/organisations.ts';
import { provisionOrganisationKeys } from '../src/store/organisation-keys.ts';
import { browserBindingOf } from '../src/store/wallet-sessions.ts';

export interface Oid4vpFlowsOptions {
  /** Concurrent wallets (default 8). */
  wallets?: number;
  /** Flows in total (default 200), after 10 warm-up flows. */
  flows?: number;
  format?: CredentialFormat;
  responseMode?: ResponseMode;
}

export interface Oid4vpFlowsResult {
  wallets: number;
  flows: number;
  format: CredentialFormat;
  responseMode: ResponseMode;
  seconds: number;
  flowsPerSecond: number;
  p50Ms: number;
  p95Ms: number;
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

export async function runOid4vpFlows(options: Oid4vpFlowsOptions = {}): Promise<Oid4vpFlowsResult> {
  const wallets = options.wallets ?? 8;
  const total = options.flows ?? 200;
  const format = options.format ?? 'dc+sd-jwt';
  const responseMode = options.responseMode ?? 'direct_post.jwt';
  const database = wrapPglite(await PGlite.create());
  await database.migrate();
  const port = await freePort();
  const publicUrl = `http://localhost:${port}`;
  const app = await testApp(database, { DSP_PUBLIC_URL: publicUrl }, {
    extraRoutes: (a, d) => registerOid4vpVerifier(a, { database, keys: d.services.keys, clock: systemClock, publicUrl, allowLoopback: true }),
  });
  try {
    const { organisation } = await addOrganisation(database.db, { odsCode: 'RBN', name: 'Bench Trust', kind: 'trust' });
    await provisionOrganisationKeys(database.db, app.services.keys, organisation.id);
    await app.listen({ port, host: 'localhost' });
    const deps = { keys: app.services.keys, clock: systemClock, publicUrl };
    const holder = testKey('holder');
    const issued = await database.transaction((tx) =>
      issueCredential(tx, deps, { organisation, type: 'Identity', format, subject: SAMPLE_SUBJECTS.Identity, holderJwk: holder.publicJwk, actor: 'bench', correlationId: 'bench' }),
    );
    if (issued.outcome !== 'issued') throw new Error('bench credential not issued');
    const wallet = createTestWallet({ holder: { privateJwk: holder.privateJwk, alg: holder.alg }, credentials: [{ format, credential: issued.credential.credential }] });

    const flow = async (): Promise<number> => {
      const start = performance.now();
      const { requestUri } = await database.transaction((tx) =>
        createPresentationRequest(tx, deps, {
          organisation,
          credentials: [{ id: 'identity', type: 'Identity', formats: [format] }],
          purpose: 'bench',
          responseMode,
          walletSession: { purpose: 'bench', browserBinding: browserBindingOf('bench'), returnTo: '/', ttlSeconds: 300 },
        }),
      );
      const result = await wallet.present(requestUri, { method: 'post' });
      if (result.status !== 200) throw new Error(`flow refused: ${JSON.stringify(result.body)}`);
      return performance.now() - start;
    };

    for (let i = 0; i < 10; i++) await flow();
    const latencies: number[] = [];
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: wallets }, async () => {
        while (next < total) {
          next++;
          latencies.push(await flow());
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    latencies.sort((a, b) => a - b);
    return { wallets, flows: total, format, responseMode, seconds, flowsPerSecond: total / seconds, p50Ms: percentile(latencies, 50), p95Ms: percentile(latencies, 95) };
  } finally {
    await app.close();
    await database.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const arg = (name: string) => {
    const i = process.argv.indexOf(name);
    return i > 0 ? Number(process.argv[i + 1]) : undefined;
  };
  const results: Oid4vpFlowsResult[] = [];
  for (const format of ['dc+sd-jwt', 'jwt_vc_json'] as const) {
    results.push(await runOid4vpFlows({ format, ...(arg('--wallets') ? { wallets: arg('--wallets')! } : {}), ...(arg('--flows') ? { flows: arg('--flows')! } : {}) }));
  }
  if (process.argv.includes('--json')) console.log(JSON.stringify(results));
  else
    for (const r of results)
      console.log(`OpenID4VP ${r.format} ${r.responseMode}: ${r.wallets} wallets, ${r.flows} flows, ${r.flowsPerSecond.toFixed(1)} flows/s, p50 ${r.p50Ms.toFixed(1)} ms, p95 ${r.p95Ms.toFixed(1)} ms`);
}
