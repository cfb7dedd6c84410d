// Runs every test file with node's test runner (through tsx). Browser journeys under
// test/e2e need Debian's chromium: it is installed with apt-get when missing, never downloaded
// by a test tool. Interop tests under test/interop get the Credo peer installed the same way.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const roots = ['src', 'test'];
const files = [];
function walk(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(p);
    else if (entry.name.endsWith('.test.ts')) files.push(p);
  }
}
for (const root of roots) if (fs.existsSync(root)) walk(root);
const only = process.argv.slice(2);
const selected = only.length ? files.filter((f) => only.some((o) => f.includes(o))) : files;

if (selected.some((f) => f.startsWith(path.join('test', 'e2e'))) && !fs.existsSync('/usr/bin/chromium')) {
  console.log('Browser tests need Debian chromium; installing it with apt-get …');
  const asRoot = process.getuid && process.getuid() === 0 ? [] : ['sudo'];
  const run = (args) => spawnSync(asRoot.length ? 'sudo' : args[0], asRoot.length ? args : args.slice(1), { stdio: 'inherit' });
  run(['apt-get', 'update', '-qq']);
  const r = run(['apt-get', 'install', '-y', '-qq', 'chromium']);
  if (r.status !== 0) {
    console.error('Could not install chromium (apt-get install -y chromium); browser tests cannot run.');
    process.exit(1);
  }
}

// Interop tests under test/interop drive a Credo holder from its own test-only package
// (test-peers/credo); install its pinned dependencies there when missing. If that fails the
// tests themselves fail with the reason (test/support/credo-peer.ts); nothing is skipped.
const credoPeer = path.join('test-peers', 'credo');
if (selected.some((f) => f.startsWith(path.join('test', 'interop'))) && !fs.existsSync(path.join(credoPeer, 'node_modules', '@credo-ts', 'openid4vc'))) {
  console.log('Interop tests need the Credo peer; running npm ci in test-peers/credo …');
  const r = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: credoPeer, stdio: 'inherit' });
  if (r.status !== 0) console.error('npm ci in test-peers/credo failed; the interop tests will fail with the reason.');
}

console.log(`Running ${selected.length} test files${process.env.DATABASE_URL ? ' on PGlite and PostgreSQL' : ' on PGlite'}`);
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-reporter=spec', ...selected],
  { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'test', LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent' } },
);
process.exit(result.status ?? 1);
