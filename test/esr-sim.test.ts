// The ESR simulator as a newcomer and an operator meet it: part of the zero-setup default under
// /esr-sim, its own database-free role (`dsp start --role esr-sim`), configured from the
// environment, and holding the demo world's trusts and demo person.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { demoOrganisations } from '../src/cli/demo-world.ts';
import { DEMO_ASSIGNMENT_NUMBER, DEMO_PERSON_ID, DEMO_TRUST_NAMES, createEsrHttpClient } from '../src/integrations/esr/index.ts';
import { esrBaseUrl, loadConfig } from '../src/platform/config.ts';
import { describeEachDatabase } from './support/databases.ts';
import { testApp } from './support/app.ts';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const cli = [path.join(root, 'node_modules/tsx/dist/cli.mjs'), path.join(root, 'src/cli/main.ts')];
const secrets = { DSP_KEY_ENCRYPTION_KEY: Buffer.alloc(32, 1).toString('base64'), DSP_COOKIE_SECRET: 'c'.repeat(40) };

describe('ESR simulator configuration', () => {
  it('defaults to the deployment’s own simulator, 250 people in each demo trust, control on outside production', () => {
    const config = loadConfig({ ...secrets, PORT: '4100' }, { generateLocalSecrets: false });
    assert.equal(esrBaseUrl(config), 'http://localhost:4100/esr-sim');
    assert.deepEqual(config.esr, { timeoutMs: 5000, simSize: 250, simSeed: 'open-dsp', simOrganisations: ['RZX', 'RZY'], simControl: true });
  });

  it('takes every setting from the environment and names a bad one', () => {
    const config = loadConfig(
      { ...secrets, DSP_ESR_URL: 'https://esr-gateway.example.nhs.uk/v1/', DSP_ESR_TIMEOUT_MS: '2500', DSP_ESR_SIM_SIZE: '20000', DSP_ESR_SIM_SEED: 'bench', DSP_ESR_SIM_ORGS: 'RZX, R1A ,RZY', DSP_ESR_SIM_CONTROL: 'false' },
      { generateLocalSecrets: false },
    );
    assert.equal(esrBaseUrl(config), 'https://esr-gateway.example.nhs.uk/v1');
    assert.deepEqual(config.esr.simOrganisations, ['RZX', 'R1A', 'RZY']);
    assert.equal(config.esr.simControl, false);
    assert.throws(() => loadConfig({ ...secrets, DSP_ESR_SIM_ORGS: 'rzx;RZY' }, { generateLocalSecrets: false }), /esr\.simOrganisations \(DSP_ESR_SIM_ORGS\): must be ODS codes separated by commas/);
    assert.throws(() => loadConfig({ ...secrets, DSP_ESR_TIMEOUT_MS: 'soon' }, { generateLocalSecrets: false }), /esr\.timeoutMs \(DSP_ESR_TIMEOUT_MS\)/);
  });

  it('keeps the control endpoints off in production unless asked', () => {
    const production = { NODE_ENV: 'production', DSP_PUBLIC_URL: 'https://dsp.example.nhs.uk', DATABASE_URL: 'postgres://dsp@db/dsp', ...secrets };
    assert.equal(loadConfig(production).esr.simControl, false);
    assert.equal(loadConfig({ ...production, DSP_ESR_SIM_CONTROL: 'true' }).esr.simControl, true);
  });

  it('gives the demo trusts the demo world’s names', () => {
    for (const [code, name] of Object.entries(DEMO_TRUST_NAMES)) assert.equal(demoOrganisations.find((o) => o.odsCode === code)?.name, name);
  });
});

describeEachDatabase('the ESR simulator in the zero-setup default', (database) => {
  let app: Awaited<ReturnType<typeof testApp>>;
  before(async () => {
    app = await testApp(database(), { DSP_ESR_SIM_SIZE: '10' });
  });
  after(() => app.close());

  it('serves the simulated ESR under /esr-sim with the demo person at Riverside', async () => {
    const res = await app.inject({ method: 'GET', url: `/esr-sim/organisations/RZX/assignments/${DEMO_ASSIGNMENT_NUMBER}` });
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['cache-control'], 'no-store');
    assert.equal(res.json().person.personId, DEMO_PERSON_ID);
    const control = await app.inject({ method: 'GET', url: '/esr-sim/control' });
    assert.deepEqual(control.json().organisations, [{ code: 'RZX', people: 11 }, { code: 'RZY', people: 10 }]);
  });

  it('answers an unknown path under /esr-sim with the JSON 404', async () => {
    const res = await app.inject({ method: 'GET', url: '/esr-sim/organisations/RZX/nothing-here' });
    assert.equal(res.statusCode, 404);
    assert.equal(res.json().error, 'not_found');
  });
});

describeEachDatabase('the ESR simulator with control off', (database) => {
  it('serves the port but no control endpoint', async () => {
    const app = await testApp(database(), { DSP_ESR_SIM_SIZE: '3', DSP_ESR_SIM_CONTROL: 'false' });
    try {
      assert.equal((await app.inject({ method: 'GET', url: '/esr-sim/organisations/RZY/changes' })).statusCode, 200);
      assert.equal((await app.inject({ method: 'POST', url: '/esr-sim/control/reset' })).statusCode, 404);
    } finally {
      await app.close();
    }
  });
});

describe('dsp start --role esr-sim', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dsp-esr-sim-'));
  after(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('serves the simulated ESR alone, without a database, and stops cleanly', async () => {
    const env = { PATH: process.env.PATH, HOME: process.env.HOME, DSP_DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'warn', DSP_ESR_SIM_SIZE: '25', DSP_ESR_SIM_SEED: 'start-test', ...secrets };
    const child = spawn(process.execPath, [...cli, 'start', '--role', 'esr-sim'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout!.on('data', (d) => (out += d));
    child.stderr!.on('data', (d) => (out += d));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      const deadline = Date.now() + 20_000;
      let port: number | undefined;
      // The banner may arrive in pieces: wait for its last line.
      while (!(port && out.includes('Stop with Ctrl+C.')) && Date.now() < deadline && child.exitCode === null) {
        port = Number(/on port (\d+)/.exec(out)?.[1]) || undefined;
        await new Promise((r) => setTimeout(r, 100));
      }
      assert.ok(port, `no port announced:\n${out}`);
      assert.match(out, /assignment number 30412876 at RZX/);
      assert.match(out, /25 people in each of RZX, RZY, seed "start-test"/);
      const ready = await fetch(`http://127.0.0.1:${port}/health/ready`);
      assert.equal(ready.status, 200);
      const esr = createEsrHttpClient({ baseUrl: `http://127.0.0.1:${port}/esr-sim`, timeoutMs: 5000 });
      assert.equal((await esr.personRecords('RZX', { assignmentNumber: DEMO_ASSIGNMENT_NUMBER })).person.lastName, 'Bennett');
      assert.match((await esr.changesSince('RZY', undefined)).nextCursor, /^[0-9a-f]{12}\.[0-9]+$/, 'a cursor of this run’s epoch');
      assert.ok(!fs.existsSync(path.join(dataDir, 'pgdata')), 'no database was opened');
      assert.ok(!fs.existsSync(path.join(dataDir, 'dsp.lock')), 'no lock was taken');
    } finally {
      child.kill('SIGTERM');
    }
    assert.equal(await exited, 0, out);
  });
});
