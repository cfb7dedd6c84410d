// The zero-setup promise, tested as a newcomer meets it: the real `dsp start` process.
import { randomBytes } from 'node:crypto';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { freshPostgresUrl } from './support/databases.ts';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const cli = [path.join(root, 'node_modules/tsx/dist/cli.mjs'), path.join(root, 'src/cli/main.ts')];

function baseEnv(dataDir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, DSP_DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'warn', DSP_JOBS_POLL_MS: '200', ...extra };
  return env;
}

interface Started {
  child: ChildProcess;
  port: number;
  output: () => string;
  readyAfterMs: number;
}

async function startDsp(env: NodeJS.ProcessEnv): Promise<Started> {
  const began = Date.now();
  const child = spawn(process.execPath, [...cli, 'start'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  // A hang detector, not a performance target (those live in `npm run bench`): a loaded CI
  // machine may take several times the ~6 s a quiet one does.
  const deadline = began + 120_000;
  let port: number | undefined;
  while (Date.now() < deadline) {
    port ??= Number(/on port (\d+)/.exec(out)?.[1]) || undefined;
    if (port) {
      const ready = await fetch(`http://127.0.0.1:${port}/health/ready`).then((r) => r.status, () => 0);
      if (ready === 200) return { child, port, output: () => out, readyAfterMs: Date.now() - began };
    }
    if (child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  assert.fail(`dsp start was not ready within 120 s:\n${out}`);
}

function stopDsp(s: Started): Promise<number | null> {
  return new Promise((resolve) => {
    s.child.once('exit', (code) => resolve(code));
    s.child.kill('SIGTERM');
  });
}

function dsp(args: string[], env: NodeJS.ProcessEnv) {
  return spawnSync(process.execPath, [...cli, ...args], { cwd: root, env, encoding: 'utf8', timeout: 60_000 });
}

describe('dsp start on the embedded database', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dsp-start-'));
  after(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('answers /health/ready, seeds the demo world, takes CLI commands while running, and stops cleanly', async (t) => {
    const env = baseEnv(dataDir);
    const s = await startDsp(env);
    try {
      t.diagnostic(`ready after ${s.readyAfterMs} ms`);
      assert.match(s.output(), /Riverside Hospitals NHS Foundation Trust/);
      assert.match(s.output(), /Passport-demo-2026/);

      // A second process on the same embedded database meets no lock error: the server runs the command.
      const added = dsp(['org', 'add', '--ods', 'CLI01', '--name', 'Added While Running', '--json'], env);
      assert.equal(added.status, 0, added.stderr);
      assert.equal(JSON.parse(added.stdout).outcome, 'added');
      const page = await fetch(`http://127.0.0.1:${s.port}/`).then((r) => r.text());
      assert.match(page, /Added While Running/);

      const bad = dsp(['user', 'add', '--org', 'CLI01', '--email', 'not-an-email', '--role', 'administrator'], env);
      assert.equal(bad.status, 2);
      assert.match(bad.stderr, /--email: Enter an email address/);

      // A second server on the same data dir is refused with a clear message.
      const second = dsp(['start'], env);
      assert.equal(second.status, 2);
      assert.match(second.stderr, /already running/);
    } finally {
      assert.equal(await stopDsp(s), 0, 'graceful shutdown exits 0');
    }
    assert.ok(!fs.existsSync(path.join(dataDir, 'dsp.lock')), 'the lock is released');
  });

  it('keeps its data across a restart, and CLI commands open the database directly when no server runs', async () => {
    const env = baseEnv(dataDir);
    const listed = dsp(['org', 'add', '--ods', 'CLI01', '--name', 'Again', '--json'], env);
    assert.equal(listed.status, 1);
    assert.equal(JSON.parse(listed.stdout).outcome, 'exists');
  });
});

// Declared only when a PostgreSQL server is given (CI always gives one).
if (process.env.DATABASE_URL) describe('dsp start on PostgreSQL with two replicas', () => {
  it('runs two stateless replicas on one database; both are ready and the demo world is seeded once', async () => {
    const { url, drop } = await freshPostgresUrl();
    const dirs = [fs.mkdtempSync(path.join(os.tmpdir(), 'dsp-r1-')), fs.mkdtempSync(path.join(os.tmpdir(), 'dsp-r2-'))];
    // Replicas of one deployment share its secrets (production requires them to be given), so the
    // keys one seals, the other opens.
    const shared = { DATABASE_URL: url, DSP_KEY_ENCRYPTION_KEY: randomBytes(32).toString('base64'), DSP_COOKIE_SECRET: randomBytes(32).toString('base64url') };
    const replicas = await Promise.all(dirs.map((d) => startDsp(baseEnv(d, shared))));
    try {
      for (const r of replicas) {
        const page = await fetch(`http://127.0.0.1:${r.port}/`).then((res) => res.text());
        assert.equal(page.match(/<td class="nhsuk-table__cell">Riverside Hospitals NHS Foundation Trust<\/td>/g)?.length, 1);
      }
    } finally {
      for (const r of replicas) await stopDsp(r);
      for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
      await drop();
    }
  });
});
