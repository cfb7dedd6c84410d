// The wallets of the flow benchmark (./flows.ts), in a worker thread of their own so the
// server's event loop (the main thread) is measured without the wallets' crypto and HTTP
// client work on it. They still share the machine's cores with the server and the database.
//
// The main thread sends one `run` message; for each flow the worker asks the main thread to
// start it (create the offer or the presentation request, as the portal would), then runs the
// wallet's side over HTTP. A flow's latency runs from that ask to the wallet's last answer.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { parentPort } from 'node:worker_threads';
import type { JWK } from 'jose';
import type { CredentialFormat, SigningAlgorithm } from '../src/core/credentials/index.ts';
import { TestWallet } from '../test/support/oid4vci-wallet.ts';
import { createTestWallet } from '../test/support/oid4vp-wallet.ts';

export type FlowStart = { kind: 'oid4vci'; offerUri: string; txCode: string } | { kind: 'oid4vp'; requestUri: string };

export type WalletJob =
  | { protocol: 'oid4vci'; format: CredentialFormat }
  | { protocol: 'oid4vp'; format: CredentialFormat; holder: { privateJwk: JWK; alg: SigningAlgorithm }; credential: string };

export type ToWallets =
  | { kind: 'run'; job: WalletJob; wallets: number; warmup: number; flows: number }
  | { kind: 'started'; id: number; start: FlowStart }
  | { kind: 'start-failed'; id: number; message: string };

export interface WalletFigures {
  seconds: number;
  latenciesMs: number[];
  httpRequests: number;
  /** Busy time of this thread's event loop during the measured flows. */
  busyMs: number;
  /** CPU time of this thread alone during the measured flows (/proc/thread-self; NaN where unreadable). */
  cpuMs: number;
}

/** CPU milliseconds of the calling thread so far (utime + stime, USER_HZ = 100), or NaN. */
function threadCpuMs(): number {
  try {
    const stat = readFileSync('/proc/thread-self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) / 100) * 1000;
  } catch {
    return NaN;
  }
}

export type FromWallets = { kind: 'start'; id: number } | { kind: 'done'; figures: WalletFigures } | { kind: 'error'; message: string };

const port = parentPort;
if (!port) throw new Error('bench/flow-wallets.ts runs only as a worker thread');

// Every HTTP request the wallets make goes through the global fetch: count them.
let httpRequests = 0;
const realFetch = globalThis.fetch;
globalThis.fetch = (input, init) => {
  httpRequests++;
  return realFetch(input, init);
};

let nextId = 0;
const pending = new Map<number, { resolve: (s: FlowStart) => void; reject: (e: Error) => void }>();
function startFlow(): Promise<FlowStart> {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    port!.postMessage({ kind: 'start', id } satisfies FromWallets);
  });
}

async function makeFlow(job: WalletJob, wallets: number): Promise<(wallet: number) => Promise<void>> {
  if (job.protocol === 'oid4vci') {
    const list = await Promise.all(Array.from({ length: wallets }, () => TestWallet.create()));
    return async (w) => {
      const start = await startFlow();
      if (start.kind !== 'oid4vci') throw new Error('expected an offer');
      const result = await list[w]!.receive(start.offerUri, { txCode: start.txCode });
      if (result.credentials[0]?.answer.status !== 200) throw new Error(`issuance failed: ${JSON.stringify(result.credentials[0]?.answer.body ?? result.token.body)}`);
    };
  }
  const wallet = createTestWallet({ holder: job.holder, credentials: [{ format: job.format, credential: job.credential }] });
  return async () => {
    const start = await startFlow();
    if (start.kind !== 'oid4vp') throw new Error('expected a presentation request');
    const result = await wallet.present(start.requestUri, { method: 'post' });
    if (result.status !== 200) throw new Error(`presentation refused: ${JSON.stringify(result.body)}`);
  };
}

async function run(message: Extract<ToWallets, { kind: 'run' }>): Promise<WalletFigures> {
  const flow = await makeFlow(message.job, message.wallets);
  const drive = async (total: number, latencies?: number[]) => {
    let next = 0;
    await Promise.all(
      Array.from({ length: message.wallets }, async (_, w) => {
        while (next < total) {
          next++;
          const t = performance.now();
          await flow(w);
          latencies?.push(performance.now() - t);
        }
      }),
    );
  };
  await drive(message.warmup);
  httpRequests = 0;
  const latenciesMs: number[] = [];
  const elu = performance.eventLoopUtilization();
  const cpuBefore = threadCpuMs();
  const started = performance.now();
  await drive(message.flows, latenciesMs);
  const seconds = (performance.now() - started) / 1000;
  const used = performance.eventLoopUtilization(elu);
  return { seconds, latenciesMs, httpRequests, busyMs: used.active, cpuMs: threadCpuMs() - cpuBefore };
}

port.on('message', (message: ToWallets) => {
  if (message.kind === 'started') {
    pending.get(message.id)?.resolve(message.start);
    pending.delete(message.id);
  } else if (message.kind === 'start-failed') {
    pending.get(message.id)?.reject(new Error(message.message));
    pending.delete(message.id);
  } else {
    run(message).then(
      (figures) => port.postMessage({ kind: 'done', figures } satisfies FromWallets),
      (error: unknown) => port.postMessage({ kind: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies FromWallets),
    );
  }
});
