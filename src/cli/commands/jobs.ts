// dsp jobs list [--org CODE]
// dsp jobs run NAME [--org CODE]
// Operator controls for the scheduled jobs (docs/architecture.md D37). `run` goes through the same
// queue and handler as a schedule firing (a job_runs row with a manual run key, then the worker's
// own claim-and-run path), so what an operator sees is what 11:00 does.
import { describeSummary, isTrustJobName, TRUST_JOB_NAMES, type JobRun } from '../../core/passport/trust-jobs.ts';
import { PUBLISH_STATUS_LISTS_CRON, PUBLISH_STATUS_LISTS_QUEUE } from '../../jobs/publish-status-lists.ts';
import { runTrustJobNow, type TrustJobDefinition } from '../../jobs/trust-jobs.ts';
import { schema } from '../../store/database.ts';
import { jobRuns, summariseLatestRuns } from '../../store/job-runs.ts';
import { findOrganisationByOds, listOrganisations } from '../../store/organisations.ts';
import { scopeOf } from '../../store/scope.ts';
import { eq } from 'drizzle-orm';
import { UsageError, cliActor, type Command, type Runtime } from '../command.ts';
import type { Organisation } from '../../core/passport/organisation.ts';

const platformJob = { name: PUBLISH_STATUS_LISTS_QUEUE, cron: PUBLISH_STATUS_LISTS_CRON, description: "Re-signs organisations' status lists that a status change made stale (every 5 minutes)" };
const jobNames = [...TRUST_JOB_NAMES, platformJob.name];

async function organisationOf(runtime: Runtime, ods: unknown): Promise<Organisation | undefined> {
  if (ods === undefined) return undefined;
  if (typeof ods !== 'string' || ods.trim() === '') throw new UsageError('--org needs an ODS code');
  const organisation = await findOrganisationByOds(runtime.database.db, ods);
  if (!organisation) throw new UsageError(`No organisation with ODS code ${ods.toUpperCase()}`);
  if (organisation.kind !== 'trust') throw new UsageError(`${organisation.odsCode} is not a trust; scheduled jobs run for trusts`);
  return organisation;
}

function runJson(run: JobRun) {
  return {
    id: run.id,
    job: run.job,
    state: run.state,
    trigger: run.trigger,
    runKey: run.runKey,
    attempts: run.attempts,
    summary: run.summary,
    error: run.error,
    retryAt: run.retryAt?.toISOString() ?? null,
    createdAt: run.createdAt.toISOString(),
    startedAt: run.startedAt?.toISOString() ?? null,
    finishedAt: run.finishedAt?.toISOString() ?? null,
  };
}

function runLine(run: JobRun): string {
  const when = (run.finishedAt ?? run.startedAt ?? run.createdAt).toISOString();
  const tail = run.state === 'retrying' ? ` — ${run.error}; next attempt about ${run.retryAt?.toISOString() ?? 'soon'}` : run.state === 'failed' ? ` — ${run.error}` : '';
  return `${run.state} ${when} (${run.trigger}, attempt ${run.attempts}): ${describeSummary(run.summary)}${tail}`;
}

export const jobsList: Command = {
  words: ['jobs', 'list'],
  usage: 'dsp jobs list [--org CODE] [--json]',
  summary: "List the scheduled jobs, their schedules (Europe/London) and their last runs (a trust's, with --org)",
  options: { org: { type: 'string' } },
  async run(runtime, values) {
    const organisation = await organisationOf(runtime, values.org);
    const definitions = runtime.trustJobs;
    if (organisation) {
      const latest = new Map((await jobRuns(runtime.database.db, scopeOf(organisation.id)).latest()).map((r) => [r.job, r]));
      const jobs = definitions.map((d) => ({ name: d.name, schedule: d.cron, description: d.description, lastRun: latest.get(d.name) }));
      return {
        text: [
          `Scheduled jobs at ${organisation.odsCode} ${organisation.name} (times in Europe/London):`,
          ...jobs.flatMap((j) => [`  ${j.name.padEnd(30)} ${j.schedule.padEnd(12)} ${j.description}`, `    last run: ${j.lastRun ? runLine(j.lastRun) : 'never'}`]),
        ].join('\n'),
        json: { organisation: organisation.odsCode, jobs: jobs.map((j) => ({ name: j.name, schedule: j.schedule, description: j.description, lastRun: j.lastRun ? runJson(j.lastRun) : null })) },
      };
    }
    const latest = new Map((await summariseLatestRuns(runtime.database.db)).map((r) => [r.job, r]));
    const jobs = [
      ...definitions.map((d) => ({ name: d.name, schedule: d.cron, description: d.description, scope: 'each trust', lastRun: latest.get(d.name) })),
      { name: platformJob.name, schedule: platformJob.cron, description: platformJob.description, scope: 'platform', lastRun: undefined },
    ];
    const describeLatest = (l: (typeof jobs)[number]['lastRun']) =>
      l
        ? `${l.runKey.startsWith('manual:') ? 'manual run' : `firing ${l.runKey}`}: ${Object.entries(l.states)
            .map(([state, n]) => `${n} ${state}`)
            .join(', ')}`
        : 'never';
    return {
      text: [
        'Scheduled jobs (times in Europe/London; exactly once across replicas):',
        ...jobs.flatMap((j) => [
          `  ${j.name.padEnd(30)} ${j.schedule.padEnd(12)} ${j.scope.padEnd(10)} ${j.description}`,
          ...(j.scope === 'platform' ? [] : [`    last run: ${describeLatest(j.lastRun)}`]),
        ]),
        '',
        'Runs per trust: dsp jobs list --org CODE. Run now: dsp jobs run NAME [--org CODE].',
      ].join('\n'),
      json: {
        jobs: jobs.map((j) => ({
          name: j.name,
          schedule: j.schedule,
          timezone: 'Europe/London',
          scope: j.scope,
          description: j.description,
          lastRun: j.lastRun ? { runKey: j.lastRun.runKey, createdAt: j.lastRun.createdAt.toISOString(), states: j.lastRun.states } : null,
        })),
      },
    };
  },
};

async function runPlatformJob(runtime: Runtime) {
  const id = await runtime.jobs.enqueue(runtime.database.db, PUBLISH_STATUS_LISTS_QUEUE, {}, { maxAttempts: 1 });
  if (!id) throw new UsageError('Could not queue the job');
  await runtime.jobs.runNow(id);
  const [row] = await runtime.database.db.select({ state: schema.jobs.state, lastError: schema.jobs.lastError }).from(schema.jobs).where(eq(schema.jobs.id, id));
  const state = row?.state ?? 'unknown';
  return {
    text: `${PUBLISH_STATUS_LISTS_QUEUE}: ${state === 'done' ? 'succeeded' : state}${row?.lastError ? ` — ${row.lastError}` : ''}`,
    json: { job: PUBLISH_STATUS_LISTS_QUEUE, state: state === 'done' ? 'succeeded' : state },
    exitCode: state === 'done' ? 0 : 1,
  };
}

export const jobsRun: Command = {
  words: ['jobs', 'run'],
  usage: `dsp jobs run NAME [--org CODE] [--json]   (NAME: ${jobNames.join(', ')})`,
  summary: 'Run a scheduled job now, through the same queue and handler as its schedule (for one trust with --org, else every trust it concerns)',
  options: { org: { type: 'string' } },
  positionals: { min: 1, max: 1 },
  async run(runtime, values, positionals) {
    const name = positionals[0]!;
    if (name === platformJob.name) {
      if (values.org !== undefined) throw new UsageError(`${name} runs for every organisation; it takes no --org`);
      return runPlatformJob(runtime);
    }
    if (!isTrustJobName(name)) throw new UsageError(`Unknown job ${name}; the jobs are: ${jobNames.join(', ')}`);
    const definition: TrustJobDefinition | undefined = runtime.trustJobs.find((d) => d.name === name);
    if (!definition) throw new UsageError(`Job ${name} is not registered in this process`);
    const organisation = await organisationOf(runtime, values.org);
    // Without --org: the trusts a firing would run for (for auto-provide, those with the setting on).
    const targets = organisation
      ? [organisation]
      : await (async () => {
          const all = (await listOrganisations(runtime.database.db)).filter((o) => o.kind === 'trust');
          if (!definition.trusts) return all;
          const ids = new Set(await definition.trusts(runtime.database.db));
          return all.filter((o) => ids.has(o.id));
        })();
    const results = [];
    for (const target of targets) {
      const result = await runTrustJobNow(runtime.jobs, runtime, definition, target.id, cliActor);
      results.push({ organisation: target, result });
    }
    const ok = results.every((r) => r.result.outcome === 'finished' && r.result.run.state === 'succeeded');
    const lines = results.map(({ organisation: o, result }) =>
      result.outcome === 'busy' ? `${o.odsCode}: a run of ${name} is already queued or running; try again when it has finished` : `${o.odsCode}: ${runLine(result.run)}`,
    );
    return {
      text: targets.length === 0 ? `No trust to run ${name} for${name === 'auto-provide' ? ' (none has auto-provide on; use --org CODE to run it for one anyway)' : ''}` : [`${name}:`, ...lines.map((l) => `  ${l}`)].join('\n'),
      json: {
        job: name,
        runs: results.map(({ organisation: o, result }) => ({ organisation: o.odsCode, outcome: result.outcome, run: result.outcome === 'busy' ? null : runJson(result.run) })),
      },
      exitCode: ok ? 0 : 1,
    };
  },
};

export const jobsCommands: Command[] = [jobsList, jobsRun];
