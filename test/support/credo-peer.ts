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
