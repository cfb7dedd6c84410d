// Scheduled jobs that run once per trust (auto-provide, reminders, weekly summary, expiry sweep;
// docs/architecture.md D37), on the job foundation (D5).
//
//   schedule (cron, Europe/London) ──fires once across replicas (schedule_runs)──▶ `<name>.fan-out` job
//   fan-out: for each trust it concerns, in one transaction, a job_runs row keyed by the fire time
//            (unique per trust, job and key) and a `<name>` job for that trust
//   `<name>` job: one trust's run. Its outcome is recorded on the job_runs row (the "last run"
//            senior portal administrators see); a failure that may pass (ESR down, a timeout, a
//            garbled answer) is retried by the queue with exponential back-off, one that cannot is
//            final (FinalJobFailure).
//
// `dsp jobs run NAME --org CODE` requests a run the same way (a manual run key) and runs it at once
// through the same worker path (`Jobs.runNow`). At most one run of a job is queued or running per
// trust (the queue's singleton key), so a manual run cannot overlap a scheduled one.
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Organisation } from '../core/passport/organisation.ts';
import { isFinished, type JobRun, type JobRunTrigger, type TrustJobName } from '../core/passport/trust-jobs.ts';
import type { Notifier } from '../integrations/notify/index.ts';
import type { Clock } from '../platform/clock.ts';
import type { Logger } from '../platform/logger.ts';
import { appendAudit } from '../store/audit-log.ts';
import { schema, type Database, type Db } from '../store/database.ts';
import { jobRuns } from '../store/job-runs.ts';
import { findOrganisationById, listOrganisations } from '../store/organisations.ts';
import { scopeOf, type OrganisationScope } from '../store/scope.ts';
import { FinalJobFailure, type JobContext, type JobQueue, type Jobs } from './types.ts';

export interface TrustJobDeps {
  database: Database;
  clock: Clock;
  logger: Logger;
  notifier: Notifier;
  /** For links in messages (the portals' addresses). */
  publicUrl: string;
}

/** What one trust's run of a job gets. */
export interface TrustJobRunContext {
  deps: TrustJobDeps;
  organisation: Organisation;
  scope: OrganisationScope;
  run: JobRun;
  /** `system:<job name>`: the actor in history and audit entries. */
  actor: `system:${string}`;
  attempt: number;
  signal: AbortSignal;
  /**
   * Counts of what the run did, filled in as it goes: an attempt that fails still records what
   * it got done (its work is committed step by step).
   */
  summary: Record<string, number>;
  /**
   * Marks the run succeeded inside the job's own last transaction: for a job whose last step
   * sends something (the weekly summary), so a crash between sending and recording cannot
   * send it twice.
   */
  finish(tx: Db): Promise<void>;
}

export interface TrustJobDefinition {
  name: TrustJobName;
  /** 5-field cron, read in Europe/London. */
  cron: string;
  /** One line for `dsp jobs list`. */
  description: string;
  /** Attempts before a run fails for good (each failure waits longer: retry-delay.ts). */
  maxAttempts: number;
  /** The trusts a scheduled firing runs for (default: every trust). */
  trusts?(db: Db): Promise<string[]>;
  run(context: TrustJobRunContext): Promise<void>;
}

const fanOutQueue = (name: string) => `${name}.fan-out`;
const zRunPayload = z.object({ runId: z.uuid() });

export type RequestRunResult = { outcome: 'queued'; run: JobRun; queueJobId: string } | { outcome: 'exists' } | { outcome: 'busy' };

/**
 * Requests one trust's run of a job on `db` (the caller's transaction): a job_runs row and the
 * queue job that runs it, together or not at all. `exists`: this run key already has a run.
 * `busy`: a run of this job is already queued or running for the trust.
 */
export async function requestTrustJobRun(
  db: Db,
  queue: JobQueue,
  definition: TrustJobDefinition,
  organisationId: string,
  request: { trigger: JobRunTrigger; runKey: string; requestedBy: string; now: Date },
): Promise<RequestRunResult> {
  const runs = jobRuns(db, scopeOf(organisationId));
  const run = await runs.create({ job: definition.name, runKey: request.runKey, trigger: request.trigger, requestedBy: request.requestedBy, now: request.now });
  if (!run) return { outcome: 'exists' };
  const queueJobId = await queue.enqueue(
    db,
    definition.name,
    { runId: run.id },
    { organisationId, singletonKey: organisationId, maxAttempts: definition.maxAttempts, runAt: request.now },
  );
  if (!queueJobId) {
    await db.delete(schema.jobRuns).where(eq(schema.jobRuns.id, run.id));
    return { outcome: 'busy' };
  }
  await runs.setQueueJob(run.id, queueJobId);
  return { outcome: 'queued', run, queueJobId };
}

/** An error's text for administrators: ESR's and final failures say what happened; anything else only its kind. */
function describeFailure(error: unknown): string {
  if (error instanceof FinalJobFailure) return error.message;
  // The ESR port's errors (src/integrations/esr/errors.ts) are written to be shown: no personal data.
  const code: unknown = error instanceof Error ? (error as Error & { code?: unknown }).code : undefined;
  if (error instanceof Error && typeof code === 'string' && code.startsWith('esr_')) return error.message;
  const name = error instanceof Error ? error.name : typeof error;
  // Other messages may quote data (a database error repeats the duplicate value): operators find it in jobs.last_error.
  return `Unexpected error (${name}); the job queue records the detail for operators`;
}

/** Runs one trust's run of a job: the `<name>` queue's handler. */
export function createTrustJobHandler(definition: TrustJobDefinition, deps: TrustJobDeps) {
  return async (payload: unknown, context: JobContext): Promise<void> => {
    const { runId } = zRunPayload.parse(payload);
    if (!context.organisationId) throw new FinalJobFailure(`${definition.name} job has no organisation`);
    const scope = scopeOf(context.organisationId);
    const { database, clock } = deps;
    const runs = jobRuns(database.db, scope);
    const run = await runs.start(runId, context.attempt, clock.now());
    // Unknown, or finished by an earlier attempt whose queue outcome was lost: nothing to do.
    if (!run) return;
    const organisation = await findOrganisationById(database.db, scope.organisationId);
    if (!organisation) throw new FinalJobFailure('organisation not found');

    const summary: Record<string, number> = {};
    let finished = false;
    const actor = `system:${definition.name}` as const;
    const correlationId = `job-run:${run.id}`;
    const audit = async (tx: Db, outcome: 'succeeded' | 'failed') =>
      appendAudit(
        tx,
        { organisationId: organisation.id, actor, action: `job.${outcome}`, subject: run.id, correlationId, details: { job: definition.name, attempt: context.attempt, ...summary } },
        clock,
      );
    const finish = async (tx: Db) => {
      if (finished) throw new TypeError('a run finishes once');
      if (!(await jobRuns(tx, scope).succeed(run.id, { ...summary }, clock.now()))) throw new TypeError('run was not running');
      await audit(tx, 'succeeded');
      finished = true;
    };
    try {
      await definition.run({ deps, organisation, scope, run, actor, attempt: context.attempt, signal: context.signal, summary, finish });
      if (!finished) await database.transaction(finish);
      deps.logger.info({ job: definition.name, runId: run.id, organisation: organisation.odsCode, ...summary }, 'trust job run succeeded');
    } catch (error) {
      const final = error instanceof FinalJobFailure || (error as { retryable?: unknown }).retryable === false || context.attempt >= context.maxAttempts;
      const now = clock.now();
      const message = describeFailure(error);
      await database.transaction(async (tx) => {
        await jobRuns(tx, scope).fail(run.id, { error: message, summary: { ...summary }, now, ...(final ? {} : { retryAt: new Date(now.getTime() + context.retryDelayMs) }) });
        if (final) await audit(tx, 'failed');
      });
      deps.logger.warn({ job: definition.name, runId: run.id, organisation: organisation.odsCode, attempt: context.attempt, final }, 'trust job run failed');
      throw final && !(error instanceof FinalJobFailure) ? new FinalJobFailure(message, { cause: error }) : error;
    }
  };
}

/** The `<name>.fan-out` queue's handler: one run per trust the firing concerns. */
export function createFanOutHandler(definition: TrustJobDefinition, deps: TrustJobDeps, queue: JobQueue) {
  return async (_payload: unknown, context: JobContext): Promise<void> => {
    const { database, clock } = deps;
    // The run key is the firing's time (schedule_runs knows which firing enqueued this job).
    const [firing] = await database.db
      .select({ fireAt: schema.scheduleRuns.fireAt })
      .from(schema.scheduleRuns)
      .where(eq(schema.scheduleRuns.jobId, context.id));
    const runKey = firing ? firing.fireAt.toISOString() : `job:${context.id}`;
    const trusts = definition.trusts ? await definition.trusts(database.db) : (await listOrganisations(database.db)).filter((o) => o.kind === 'trust').map((o) => o.id);
    const outcomes = await database.transaction(async (tx) => {
      const counts = { queued: 0, exists: 0, busy: 0 };
      for (const organisationId of trusts) {
        const result = await requestTrustJobRun(tx, queue, definition, organisationId, { trigger: 'schedule', runKey, requestedBy: 'system:scheduler', now: clock.now() });
        counts[result.outcome] += 1;
      }
      return counts;
    });
    deps.logger.info({ job: definition.name, runKey, ...outcomes }, 'trust job fanned out');
  };
}

/** Registers each job's handlers and schedule on a process's jobs (the composition root calls this). */
export function registerTrustJobs(jobs: Jobs, deps: TrustJobDeps, definitions: readonly TrustJobDefinition[]): void {
  for (const definition of definitions) {
    jobs.handle(definition.name, createTrustJobHandler(definition, deps));
    jobs.handle(fanOutQueue(definition.name), createFanOutHandler(definition, deps, jobs));
    // The fan-out only writes rows; if it fails the queue retries it, and run keys keep it to one run per trust.
    jobs.schedule(definition.name, definition.cron, fanOutQueue(definition.name), {}, { maxAttempts: 5 });
  }
}

export type ManualRunResult = { outcome: 'finished' | 'pending'; run: JobRun } | { outcome: 'busy' };

/**
 * Runs one trust's job now, through the same queue and handler as a scheduled run (what
 * `dsp jobs run` does). Resolves once the first attempt has ended: `finished` (succeeded or
 * failed for good) or `pending` (it failed and the queue will retry it, or another worker holds it).
 */
export async function runTrustJobNow(
  jobs: Jobs,
  deps: Pick<TrustJobDeps, 'database' | 'clock'>,
  definition: TrustJobDefinition,
  organisationId: string,
  requestedBy: string,
): Promise<ManualRunResult> {
  const now = deps.clock.now();
  const requested = await deps.database.transaction((tx) =>
    requestTrustJobRun(tx, jobs, definition, organisationId, { trigger: 'manual', runKey: `manual:${randomUUID()}`, requestedBy, now }),
  );
  if (requested.outcome !== 'queued') return { outcome: 'busy' };
  await jobs.runNow(requested.queueJobId);
  const run = (await jobRuns(deps.database.db, scopeOf(organisationId)).findById(requested.run.id))!;
  return { outcome: isFinished(run.state) ? 'finished' : 'pending', run };
}
