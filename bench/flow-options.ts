// Options, figures and the table of the flow benchmark (./flows.ts), apart from it so that
// bench/main.ts can parse options without loading the app and the database.
import type { CredentialFormat } from '../src/core/credentials/index.ts';

/**
 * `floor`: no database at all — the same requests, parsing and crypto against a server that stores
 * nothing (./flow-floor.ts), to show what the database costs and what is left without it.
 */
export type Engine = 'pglite' | 'postgres' | 'floor';
export type Protocol = 'oid4vci' | 'oid4vp';

export interface FlowOptions {
  wallets: number;
  flows: number;
  warmup: number;
  engines: Engine[];
  protocols: Protocol[];
  formats: CredentialFormat[];
  /** PostgreSQL connections of the server's pool. */
  poolSize: number;
}

export const DEFAULT_FLOW_OPTIONS: FlowOptions = {
  wallets: 50,
  flows: 1000,
  warmup: 100,
  engines: ['pglite', 'postgres', 'floor'],
  protocols: ['oid4vci', 'oid4vp'],
  formats: ['dc+sd-jwt', 'jwt_vc_json'],
  poolSize: 20,
};

export interface FlowFigures {
  protocol: Protocol;
  engine: Engine;
  format: CredentialFormat;
  wallets: number;
  flows: number;
  seconds: number;
  flowsPerSecond: number;
  p50Ms: number;
  p95Ms: number;
  httpRequestsPerFlow: number;
  /** Statements sent to PostgreSQL per flow (null on PGlite). */
  dbQueriesPerFlow: number | null;
  /**
   * CPU milliseconds per flow (from /proc): the server's thread (with PGlite when embedded), the
   * process's other threads (the wallets' worker, libuv's pool, GC helpers), PostgreSQL's
   * processes (null on PGlite, or when not readable).
   */
  cpuMsPerFlow: { server: number; wallets: number; postgres: number | null };
  /** CPU milliseconds per flow of the wallets' worker thread alone (the wallets' own work; NaN where /proc is unreadable). */
  walletThreadCpuMsPerFlow: number;
  /** Event-loop busy milliseconds per flow of the server's and the wallets' threads (includes time preempted by other processes). */
  busyMsPerFlow: { server: number; wallets: number };
}

/** Cores of the machine the bench assumes when it turns CPU per flow into a ceiling (the 2-core machine). */
export const BENCH_CORES = 2;

/**
 * The most flows per second BENCH_CORES cores could carry if they did nothing else: their CPU
 * milliseconds per second over the CPU milliseconds one flow takes in every process (server,
 * wallets and other threads, PostgreSQL).
 */
export function ceilingOf(r: FlowFigures): number {
  const cpu = r.cpuMsPerFlow;
  return (BENCH_CORES * 1000) / (cpu.server + cpu.wallets + (cpu.postgres ?? 0));
}

export function flowTable(results: readonly FlowFigures[]): string {
  const lines: string[] = [];
  const widths = [10, 9, 12, 8, 10, 9, 9, 8, 8, 22, 8, 9];
  const row = (cells: readonly string[]) => lines.push(cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  '));
  row(['flow', 'engine', 'format', 'wallets', 'flows/s', 'p50 ms', 'p95 ms', 'HTTP/fl', 'SQL/fl', 'CPU ms/flow srv/wal+/pg', 'wal thr', 'max fl/s']);
  for (const r of results) {
    const cpu = r.cpuMsPerFlow;
    row([
      r.protocol,
      r.engine,
      r.format,
      String(r.wallets),
      r.flowsPerSecond.toFixed(1),
      r.p50Ms.toFixed(1),
      r.p95Ms.toFixed(1),
      r.httpRequestsPerFlow.toFixed(1),
      r.dbQueriesPerFlow === null ? '-' : r.dbQueriesPerFlow.toFixed(1),
      `${cpu.server.toFixed(2)}/${cpu.wallets.toFixed(2)}/${cpu.postgres === null ? '-' : cpu.postgres.toFixed(2)}`,
      r.walletThreadCpuMsPerFlow.toFixed(2),
      ceilingOf(r).toFixed(0),
    ]);
  }
  return lines.join('\n');
}

export function parseFlowOption(arg: string, options: FlowOptions): boolean {
  const [name = '', value] = arg.split('=');
  if (value === undefined) return false;
  const list = <T extends string>(allowed: readonly T[]): T[] => {
    const items = value.split(',');
    if (!items.every((i) => (allowed as readonly string[]).includes(i))) throw new TypeError(`${name}: one or more of ${allowed.join(',')}`);
    return items as T[];
  };
  const int = () => {
    if (!/^[1-9][0-9]*$/.test(value)) throw new TypeError(`${name} must be a positive integer`);
    return Number(value);
  };
  switch (name) {
    case '--wallets':
      options.wallets = int();
      return true;
    case '--flows':
      options.flows = int();
      return true;
    case '--warmup-flows':
      options.warmup = int();
      return true;
    case '--pool-size':
      options.poolSize = int();
      return true;
    case '--engines':
      options.engines = list(['pglite', 'postgres', 'floor'] as const);
      return true;
    case '--protocols':
      options.protocols = list(['oid4vci', 'oid4vp'] as const);
      return true;
    case '--formats':
      options.formats = list(['dc+sd-jwt', 'jwt_vc_json'] as const);
      return true;
    default:
      return false;
  }
}
