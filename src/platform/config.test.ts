import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from './config.ts';

const secrets = { DSP_KEY_ENCRYPTION_KEY: Buffer.alloc(32, 1).toString('base64'), DSP_COOKIE_SECRET: 'c'.repeat(40) };

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof ConfigError, `expected ConfigError, got ${error}`);
    return error.problems;
  }
  assert.fail('expected a ConfigError');
}

describe('configuration', () => {
  it('has friendly local defaults', () => {
    const config = loadConfig({ ...secrets }, { generateLocalSecrets: false });
    assert.equal(config.http.port, 3000);
    assert.equal(config.http.publicUrl, 'http://localhost:3000');
    assert.equal(config.data.dir, '.dsp');
    assert.equal(config.data.databaseUrl, undefined);
    assert.equal(config.notify.provider, 'outbox');
    assert.equal(config.jobs.timezone, 'Europe/London');
    assert.equal(config.demo.seed, true);
    assert.equal(config.idsp.simulator, true);
  });

  it('derives the public URL from PORT and drops a trailing slash', () => {
    assert.equal(loadConfig({ ...secrets, PORT: '4000' }, { generateLocalSecrets: false }).http.publicUrl, 'http://localhost:4000');
    assert.equal(loadConfig({ ...secrets, DSP_PUBLIC_URL: 'https://dsp.example.nhs.uk/' }, { generateLocalSecrets: false }).http.publicUrl, 'https://dsp.example.nhs.uk');
  });

  it('names the full path and the variable of every bad setting', () => {
    const problems = problemsOf(() => loadConfig({ ...secrets, PORT: 'eighty', DSP_NOTIFY_PROVIDER: 'pigeon', DATABASE_URL: 'mysql://x' }, { generateLocalSecrets: false }));
    assert.ok(problems.some((p) => p.startsWith('http.port (PORT):')), problems.join('\n'));
    assert.ok(problems.some((p) => p.startsWith('notify.provider (DSP_NOTIFY_PROVIDER):')), problems.join('\n'));
    assert.ok(problems.some((p) => p.startsWith('data.databaseUrl (DATABASE_URL):')), problems.join('\n'));
  });

  it('names a nested requirement: SMTP needs its URL', () => {
    const problems = problemsOf(() => loadConfig({ ...secrets, DSP_NOTIFY_PROVIDER: 'smtp' }, { generateLocalSecrets: false }));
    assert.deepEqual(problems, ['notify.smtpUrl (DSP_SMTP_URL): is required when notify.provider is smtp']);
  });

  it('refuses to start in production without the public URL, the database and every secret', () => {
    const problems = problemsOf(() => loadConfig({ NODE_ENV: 'production' }));
    for (const p of ['http.publicUrl (DSP_PUBLIC_URL)', 'data.databaseUrl (DATABASE_URL)', 'secrets.keyEncryptionKey (DSP_KEY_ENCRYPTION_KEY)', 'secrets.cookieSecret (DSP_COOKIE_SECRET)'])
      assert.ok(problems.some((line) => line.startsWith(p)), `missing ${p} in\n${problems.join('\n')}`);
  });

  it('starts in production when everything required is given, without the demo world', () => {
    const config = loadConfig({ NODE_ENV: 'production', DSP_PUBLIC_URL: 'https://dsp.example.nhs.uk', DATABASE_URL: 'postgres://dsp@db/dsp', ...secrets });
    assert.equal(config.env, 'production');
    assert.equal(config.demo.seed, false);
    assert.equal(config.idsp.simulator, false);
  });

  it('serves the identity service provider simulator in production only when asked to', () => {
    const production = { NODE_ENV: 'production', DSP_PUBLIC_URL: 'https://dsp.example.nhs.uk', DATABASE_URL: 'postgres://dsp@db/dsp', ...secrets };
    assert.equal(loadConfig({ ...production, DSP_IDSP_SIMULATOR: 'true' }).idsp.simulator, true);
    assert.equal(loadConfig({ ...secrets, DSP_IDSP_SIMULATOR: 'false' }, { generateLocalSecrets: false }).idsp.simulator, false);
  });

  it('rejects a key-encryption key that is not 32 bytes', () => {
    const problems = problemsOf(() => loadConfig({ ...secrets, DSP_KEY_ENCRYPTION_KEY: 'c2hvcnQ=' }, { generateLocalSecrets: false }));
    assert.deepEqual(problems, ['secrets.keyEncryptionKey (DSP_KEY_ENCRYPTION_KEY): must be 32 bytes, base64-encoded']);
  });

  it('generates local secrets once into the data dir, readable only by the owner', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dsp-config-'));
    try {
      const first = loadConfig({ DSP_DATA_DIR: dir });
      const second = loadConfig({ DSP_DATA_DIR: dir });
      assert.equal(first.secrets.keyEncryptionKey, second.secrets.keyEncryptionKey);
      assert.equal(fs.statSync(path.join(dir, 'secrets.json')).mode & 0o777, 0o600);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
