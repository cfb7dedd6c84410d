// The interop peer of issue 4: a Credo 0.6.3 holder ("a wallet implementation not written in this
// project"), kept in its own test-only package under test-peers/credo with its own pinned
// node_modules. Tests drive it as a child process through test-peers/credo/holder-cli.ts; nothing
// of Credo is ever imported into this project.
//
//   const ready = ensureCredoPeerInstalled();
//   if (!ready.ok) assert.fail(ready.reason);   // never skip: an interop test that cannot run fails
//   const wallet = credoHolder(dir);
//   const { credentials } = await wallet.receive(offerUri, { txCode: '123456' });
//   const presented = await wallet.present(requestUri);
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const CREDO_PEER_DIR = fileURLToPath(new URL('../../test-peers/credo/', import.meta.url));
const CLI = path.join(CREDO_PEER_DIR, 'holder-cli.ts');

export type CredoPeerInstall = { ok: true } | { ok: false; reason: string };

function installedVersion(): string | undefined {
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(CREDO_PEER_DIR, 'node_modules/@credo-ts/openid4vc/package.json'), 'utf8')) as { version?: string };
    return pkg.version;
  } catch {
    return undefined;
  }
}

function pinnedVersion(): string | undefined {
  const pkg = JSON.parse(fs.readFileSync(path.join(CREDO_PEER_DIR, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
  return pkg.dependencies?.['@credo-ts/openid4vc'];
}

/**
 * Installs the peer's own dependencies (`npm ci` in test-peers/credo, about 25 s with a warm npm
 * cache) when they are missing or not the pinned version. Never touches the root project.
 */
export function ensureCredoPeerInstalled(): CredoPeerInstall {
  const pinned = pinnedVersion();
  if (pinned && installedVersion() === pinned) return { ok: true };
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['ci', '--no-audit', '--no-fund'], { cwd: CREDO_PEER_DIR, encoding: 'utf8', timeout: 10 * 60_000 });
  if (result.error) return { ok: false, reason: `npm ci in test-peers/credo could not run: ${result.error.message}` };
  if (result.status !== 0) {
    const tail = `${result.stderr ?? ''}`.trim().split('\n').slice(-5).join('\n');
    return { ok: false, reason: `npm ci in test-peers/credo failed (exit ${String(result.status)}): ${tail}` };
  }
  if (installedVersion() !== pinned) return { ok: false, reason: 'npm ci in test-peers/credo did not install @credo-ts/openid4vc' };
  return { ok: true };
}

/** How the holder bound a credential to its key: `jwk` (cnf.jwk) or a DID it controls. */
export type CredoHolderBinding = { method: 'jwk'; jwkThumbprint: string } | { method: 'did'; did: string } | { method: 'unknown' };

export interface CredoHeldCredential {
  /** Credo's record id. */
  id: string;
  format: 'dc+sd-jwt' | 'jwt_vc_json' | 'w3c-v2' | 'mso_mdoc';
  /** `vct` of an SD-JWT VC, `type` of a W3C credential. */
  type: string | string[] | undefined;
  issuer: string | undefined;
  holderBinding: CredoHolderBinding;
  /** Every claim (an SD-JWT VC's disclosures included); for jwt_vc_json, the `vc` JSON. */
  claims: Record<string, unknown>;
  /** The credential as issued. */
  encoded: string;
}

export interface CredoReceiveResult {
  credentialIssuer: string;
  credentials: Array<CredoHeldCredential & { credentialConfigurationId: string; notificationId?: string }>;
  tokenType: string | undefined;
  dpop: boolean;
}

export interface CredoPresentResult {
  /** The verifier's response endpoint answered 2xx. */
  ok: boolean;
  status: number | undefined;
  body: unknown;
  redirectUri: string | undefined;
  verifier: { clientIdPrefix: string; effectiveClientId: string };
  responseMode: string | undefined;
  /** The request object was a signed JWT that Credo verified. */
  signedRequest: boolean;
  /** DCQL credential query id → ids of the records disclosed for it. */
  disclosed: Record<string, string[]>;
}

/** The holder refused or failed; `code` is e.g. `tx_code_required`, `dcql_unsatisfied`, or Credo's error name. */
export class CredoPeerError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly details: unknown,
    readonly stderr: string,
  ) {
    super(message);
    this.name = 'CredoPeerError';
  }
}

export interface CredoHolderOptions {
  /** Holder binding: `auto` (jwk for dc+sd-jwt, did:jwk for jwt_vc_json), or one method for all. */
  binding?: 'auto' | 'jwk' | 'did:jwk' | 'did:key';
  /** Per command (default 60 s). Each command starts a process: about 3–5 s of it is Credo loading. */
  timeoutMs?: number;
}

export interface CredoHolder {
  /** The wallet file (records and keys) shared by every command. */
  readonly storeFile: string;
  receive(offerUri: string, options?: { txCode?: string; credentialConfigurationIds?: string[] }): Promise<CredoReceiveResult>;
  present(requestUri: string): Promise<CredoPresentResult>;
  list(): Promise<CredoHeldCredential[]>;
}

interface CliReply {
  ok: boolean;
  result?: unknown;
  error?: { code: string; message: string; details?: unknown };
}

function runCli(args: string[], timeoutMs: number): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), CLI, ...args], {
      cwd: CREDO_PEER_DIR,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NODE_ENV: 'test' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const line = stdout.trim().split('\n').pop() ?? '';
      let reply: CliReply;
      try {
        reply = JSON.parse(line) as CliReply;
      } catch {
        const why = signal ? `killed by ${signal}${signal === 'SIGKILL' ? ` after ${timeoutMs} ms` : ''}` : `exit ${String(code)}`;
        reject(new CredoPeerError(`holder-cli ${args[0]} gave no reply (${why})`, 'no_reply', stdout, stderr));
        return;
      }
      if (reply.ok) resolve(reply.result);
      else reject(new CredoPeerError(reply.error?.message ?? 'holder-cli failed', reply.error?.code ?? 'error', reply.error?.details, stderr));
    });
  });
}

/** A Credo holder whose wallet lives in `storeDir` (created when missing). */
export function credoHolder(storeDir: string, options: CredoHolderOptions = {}): CredoHolder {
  fs.mkdirSync(storeDir, { recursive: true });
  const storeFile = path.join(path.resolve(storeDir), 'credo-wallet.json');
  const timeoutMs = options.timeoutMs ?? 60_000;
  const common = ['--store', storeFile, '--binding', options.binding ?? 'auto'];
  return {
    storeFile,
    async receive(offerUri, receiveOptions = {}) {
      const args = ['receive', offerUri, ...common];
      if (receiveOptions.txCode !== undefined) args.push('--tx-code', receiveOptions.txCode);
      for (const id of receiveOptions.credentialConfigurationIds ?? []) args.push('--config', id);
      return (await runCli(args, timeoutMs)) as CredoReceiveResult;
    },
    async present(requestUri) {
      return (await runCli(['present', requestUri, ...common], timeoutMs)) as CredoPresentResult;
    },
    async list() {
      return (await runCli(['list', ...common], timeoutMs)) as CredoHeldCredential[];
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Issue 5 interop: Credo's own issuer and verifier (test-peers/credo/issuer-verifier-cli.ts), one
// long-running child process driven by JSON lines, for tests of our holder library.
//
//   const credo = await startCredoIssuerVerifier();
//   const { offerUri, txCode } = await credo.offer('dc+sd-jwt');
//   const { requestUri, id } = await credo.request('dc+sd-jwt');
//   const { state } = await credo.status(id);          // 'ResponseVerified' once Credo verified it
//   await credo.close();

export type CredoFormat = 'dc+sd-jwt' | 'jwt_vc_json';

export interface CredoVerificationStatus {
  /** Credo's verification session state, e.g. `RequestUriRetrieved`, `ResponseVerified`, `Error`. */
  state: string;
  error?: string;
  /** DCQL query id → what each presentation disclosed (SD-JWT claims, or W3C credentialSubject). */
  presentations?: Record<string, unknown[]>;
}

export interface CredoIssuerVerifier {
  readonly origin: string;
  /** did:web:localhost%3A<port>:orgs:SELF — signs credentials and requests. */
  readonly did: string;
  offer(format: CredoFormat, options?: { txCode?: boolean; withStatus?: boolean }): Promise<{ offerUri: string; txCode: string | undefined; sessionId: string }>;
  request(
    format: CredoFormat,
    options?: { responseMode?: 'direct_post' | 'direct_post.jwt'; requestUriMethod?: 'get' | 'post' },
  ): Promise<{ requestUri: string; id: string; queryId: string }>;
  status(id: string): Promise<CredoVerificationStatus>;
  /** Everything Credo wrote to stderr so far (for assertion messages). */
  stderr(): string;
  close(): Promise<void>;
}

interface ServeEvent {
  event: 'ready' | 'reply';
  tag?: number;
  ok?: boolean;
  result?: unknown;
  error?: { code: string; message: string };
  origin?: string;
  did?: string;
}

/** Starts Credo's issuer and verifier on a free localhost port (about 3–5 s of Credo loading). */
export function startCredoIssuerVerifier(options: { timeoutMs?: number } = {}): Promise<CredoIssuerVerifier> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), path.join(CREDO_PEER_DIR, 'issuer-verifier-cli.ts')], {
    cwd: CREDO_PEER_DIR,
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, NODE_ENV: 'test' },
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const waiting = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void; timer: NodeJS.Timeout }>();
  let nextTag = 1;
  let exited: string | undefined;

  return new Promise((resolveStart, rejectStart) => {
    const startTimer = setTimeout(() => {
      child.kill('SIGKILL');
      rejectStart(new CredoPeerError(`issuer-verifier-cli did not start within ${timeoutMs} ms`, 'no_reply', undefined, stderr));
    }, timeoutMs);
    let buffer = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      let newline: number;
      while ((newline = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, newline).trim();
        buffer = buffer.slice(newline + 1);
        if (!line) continue;
        let event: ServeEvent;
        try {
          event = JSON.parse(line) as ServeEvent;
        } catch {
          continue;
        }
        if (event.event === 'ready') {
          clearTimeout(startTimer);
          resolveStart(peer(event.origin ?? '', event.did ?? ''));
        } else if (event.event === 'reply' && typeof event.tag === 'number') {
          const entry = waiting.get(event.tag);
          if (!entry) continue;
          waiting.delete(event.tag);
          clearTimeout(entry.timer);
          if (event.ok) entry.resolve(event.result);
          else entry.reject(new CredoPeerError(event.error?.message ?? 'issuer-verifier-cli failed', event.error?.code ?? 'error', undefined, stderr));
        }
      }
    });
    child.on('error', (error) => {
      clearTimeout(startTimer);
      rejectStart(error);
    });
    child.on('exit', (code, signal) => {
      exited = signal ? `killed by ${signal}` : `exit ${String(code)}`;
      clearTimeout(startTimer);
      rejectStart(new CredoPeerError(`issuer-verifier-cli stopped before it was ready (${exited})`, 'no_reply', undefined, stderr));
      for (const entry of waiting.values()) {
        clearTimeout(entry.timer);
        entry.reject(new CredoPeerError(`issuer-verifier-cli stopped (${exited})`, 'no_reply', undefined, stderr));
      }
      waiting.clear();
    });
  });

  function send(command: Record<string, unknown>): Promise<unknown> {
    if (exited) return Promise.reject(new CredoPeerError(`issuer-verifier-cli stopped (${exited})`, 'no_reply', undefined, stderr));
    const tag = nextTag++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        waiting.delete(tag);
        reject(new CredoPeerError(`issuer-verifier-cli gave no reply to ${String(command.cmd)} within ${timeoutMs} ms`, 'no_reply', undefined, stderr));
      }, timeoutMs);
      waiting.set(tag, { resolve, reject, timer });
      child.stdin.write(`${JSON.stringify({ ...command, tag })}\n`);
    });
  }

  function peer(origin: string, did: string): CredoIssuerVerifier {
    return {
      origin,
      did,
      offer: async (format, offerOptions = {}) => (await send({ cmd: 'offer', format, ...offerOptions })) as { offerUri: string; txCode: string | undefined; sessionId: string },
      request: async (format, requestOptions = {}) => (await send({ cmd: 'request', format, ...requestOptions })) as { requestUri: string; id: string; queryId: string },
      status: async (id) => (await send({ cmd: 'status', id })) as CredoVerificationStatus,
      stderr: () => stderr,
      async close() {
        if (exited) return;
        const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
        child.stdin.end();
        await gone;
        clearTimeout(kill);
      },
    };
  }
}
