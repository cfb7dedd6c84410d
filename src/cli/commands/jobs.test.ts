import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { describeEachDatabase } from '../../../test/support/databases.ts';
import { testConfig } from '../../../test/support/app.ts';
import { startEsrSimulator, linkPassports, type EsrWorld } from '../../../test/support/esr-world.ts';
import { createServices } from '../../app.ts';
import { createLogger } from '../../platform/logger.ts';
import { fixedClock } from '../../platform/clock.ts';
import { jobRuns } from '../../store/job-runs.ts';
import { addOrganisation } from '../../store/organisations.ts';
import { scopeOf } from '../../store/scope.ts';
import { trustSettings } from '../../store/trust-settings.ts';
import type { Runtime } from '../command.ts';
import { executeCommand } from '../execute.ts';

describeEachDatabase('dsp jobs', (database) => {
  let runtime: Runtime;
  let world: EsrWorld;
  let organisationId: string;
  const clock = fixedClock(new Date('2026-11-23T09:00:00Z'));

  before(async () => {
    world = await startEsrSimulator({ organisations: ['RZX'], size: 6, clock });
    // The same code path as production: the ESR port comes from configuration (DSP_ESR_URL).
    const config = testConfig({ DSP_ESR_URL: world.baseUrl });
    const logger = createLogger('silent');
    runtime = { config, logger, database: database(), clock, correlationId: 'test-jobs', ...createServices(config, logger, database(), clock) };
    organisationId = (await addOrganisation(database().db, { odsCode: 'RZX', name: 'Riverside NHS Foundation Trust', kind: 'trust' })).organisation.id;
    await addOrganisation(database().db, { odsCode: 'XTP01', name: 'Skills Academy', kind: 'external' });
    await linkPassports(database().db, scopeOf(organisationId), world.simulator, 'RZX', 3, clock.now());
  });
  after(async () => {
    await runtime.close();
    await world.close();
  });

  it('lists every scheduled job with its Europe/London schedule', async () => {
    const out = await executeCommand(runtime, ['jobs', 'list', '--json']);
    assert.equal(out.exitCode, 0, out.stderr);
    const json = JSON.parse(out.stdout) as { jobs: Array<{ name: string; schedule: string; timezone: string; scope: string }> };
    assert.deepEqual(
      json.jobs.map((j) => [j.name, j.schedule, j.scope]),
      [
        ['auto-provide', '0 11 * * *', 'each trust'],
        ['invitation-reminders', '0 10 * * *', 'each trust'],
        ['pending-credential-reminders', '0 10 * * *', 'each trust'],
        ['weekly-summary', '0 8 * * 1', 'each trust'],
        ['expiry-sweep', '0 3 * * *', 'each trust'],
        ['status-lists.publish', '*/5 * * * *', 'platform'],
      ],
    );
    assert.ok(json.jobs.every((j) => j.timezone === 'Europe/London'));
    const text = await executeCommand(runtime, ['jobs', 'list']);
    assert.match(text.stdout, /auto-provide\s+0 11 \* \* \*/);
  });

  it('runs auto-provide now for one trust, through the queue, and shows it as the last run', async () => {
    const out = await executeCommand(runtime, ['jobs', 'run', 'auto-provide', '--org', 'rzx', '--json']);
    assert.equal(out.exitCode, 0, out.stdout);
    const json = JSON.parse(out.stdout) as { runs: Array<{ organisation: string; outcome: string; run: { state: string; trigger: string; summary: Record<string, number> } }> };
    assert.equal(json.runs.length, 1);
    assert.equal(json.runs[0]?.organisation, 'RZX');
    assert.equal(json.runs[0]?.run.state, 'succeeded');
    assert.equal(json.runs[0]?.run.trigger, 'manual');
    assert.ok((json.runs[0]?.run.summary.provided ?? 0) > 0);

    const [last] = await jobRuns(database().db, scopeOf(organisationId)).latest();
    assert.equal(last?.requestedBy, 'system:cli');
    const list = await executeCommand(runtime, ['jobs', 'list', '--org', 'RZX']);
    assert.match(list.stdout, /auto-provide[^\n]*\n\s+last run: succeeded [^\n]*\(manual, attempt 1\): \d+ passports read, \d+ credentials provided/);

    // Again: nothing new.
    const again = JSON.parse((await executeCommand(runtime, ['jobs', 'run', 'auto-provide', '--org', 'RZX', '--json'])).stdout) as typeof json;
    assert.equal(again.runs[0]?.run.summary.provided, 0);
  });

  it('without --org runs auto-provide for the trusts with the setting on only', async () => {
    const none = await executeCommand(runtime, ['jobs', 'run', 'auto-provide']);
    assert.equal(none.exitCode, 0);
    assert.match(none.stdout, /No trust to run auto-provide for \(none has auto-provide on/);
    await trustSettings(database().db, scopeOf(organisationId)).setAutoProvide(true, 'user:test');
    const out = JSON.parse((await executeCommand(runtime, ['jobs', 'run', 'auto-provide', '--json'])).stdout) as { runs: Array<{ organisation: string }> };
    assert.deepEqual(out.runs.map((r) => r.organisation), ['RZX']);
  });

  it('reports an ESR failure as a run that will be retried, with exit code 1', async () => {
    world.simulator.faults.add({ operation: 'changesSince', kind: 'error', status: 503, times: 1 });
    const out = await executeCommand(runtime, ['jobs', 'run', 'auto-provide', '--org', 'RZX']);
    assert.equal(out.exitCode, 1);
    assert.match(out.stdout, /RZX: retrying [^\n]* — ESR is unavailable \(changesSince\): HTTP 503; next attempt about 2026-11-23T09:00:10\.000Z/);
  });

  it('runs the platform job, and refuses unknown jobs, --org for the platform job and organisations that are not trusts', async () => {
    const publish = await executeCommand(runtime, ['jobs', 'run', 'status-lists.publish', '--json']);
    assert.equal(publish.exitCode, 0, publish.stdout);
    assert.deepEqual(JSON.parse(publish.stdout), { job: 'status-lists.publish', state: 'succeeded' });
    const unknown = await executeCommand(runtime, ['jobs', 'run', 'make-tea']);
    assert.equal(unknown.exitCode, 2);
    assert.match(unknown.stderr, /Unknown job make-tea; the jobs are: auto-provide, invitation-reminders/);
    assert.equal((await executeCommand(runtime, ['jobs', 'run', 'status-lists.publish', '--org', 'RZX'])).exitCode, 2);
    const external = await executeCommand(runtime, ['jobs', 'run', 'expiry-sweep', '--org', 'XTP01']);
    assert.equal(external.exitCode, 2);
    assert.match(external.stderr, /XTP01 is not a trust/);
  });
});
