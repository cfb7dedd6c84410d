// Runs of a trust's scheduled jobs (src/core/passport/trust-jobs.ts): one row per (trust, job,
// run key), so a schedule firing becomes at most one run per trust, however often the fan-out
// that creates them runs. The latest row per job is the "last run" senior portal administrators
// see. Scoped by the organisation (docs/architecture.md D11).
import { randomUUID } from 'node:crypto';
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import { TRUST_JOB_NAMES, isFinished, type JobRun, type JobRunSummary, type JobRunTrigger } from '../core/passport/trust-jobs.ts';
import { rowsOf, schema, type Db } from './database.ts';
import type { OrganisationScope } from './scope.ts';

const t = schema.jobRuns;

const zSummary = z.record(z.string(), z.number());

const columns = {
  id: t.id,
  organisationId: t.organisationId,
  job: t.job,
  runKey: t.runKey,
  trigger: t.trigger,
  requestedBy: t.requestedBy,
  state: t.state,
  attempts: t.attempts,
  summary: t.summary,
  error: t.error,
  retryAt: t.retryAt,
  createdAt: t.createdAt,
  startedAt: t.startedAt,
  finishedAt: t.finishedAt,
};

type Row = Pick<typeof t.$inferSelect, keyof typeof columns>;
const toRun = (row: Row): JobRun => ({ ...row, summary: zSummary.parse(row.summary) });

/** Errors are shown to administrators and stored: bounded, one line. */
function oneLine(error: string): string {
  const line = error.replace(/\s+/g, ' ').trim();
  return line.length > 500 ? `${line.slice(0, 500)}…` : line;
}

export function jobRuns(db: Db, scope: OrganisationScope) {
  const inScope = eq(t.organisationId, scope.organisationId);
  const byId = (id: string) => and(inScope, eq(t.id, id));
  return {
    /** Records a run; undefined when this (job, run key) already has one (an outcome, not an error). */
    async create(run: { job: string; runKey: string; trigger: JobRunTrigger; requestedBy: string; now: Date; id?: string }): Promise<JobRun | undefined> {
      const [row] = await db
        .insert(t)
        .values({
          id: run.id ?? randomUUID(),
          organisationId: scope.organisationId,
          job: run.job,
          runKey: run.runKey,
          trigger: run.trigger,
          requestedBy: run.requestedBy,
          state: 'queued',
          createdAt: run.now,
        })
        .onConflictDoNothing()
        .returning(columns);
      return row ? toRun(row) : undefined;
    },

    async setQueueJob(id: string, queueJobId: string): Promise<void> {
      await db.update(t).set({ queueJobId }).where(byId(id));
    },

    async findById(id: string): Promise<JobRun | undefined> {
      const [row] = await db.select(columns).from(t).where(byId(id));
      return row ? toRun(row) : undefined;
    },

    /** An attempt begins. Undefined when the run is unknown or already finished (nothing to do). */
    async start(id: string, attempt: number, now: Date): Promise<JobRun | undefined> {
      const [row] = await db
        .update(t)
        .set({ state: 'running', attempts: attempt, startedAt: sql`coalesce(${t.startedAt}, ${now.toISOString()}::timestamptz)`, retryAt: null })
        .where(and(byId(id), inArray(t.state, ['queued', 'running', 'retrying'])))
        .returning(columns);
      return row ? toRun(row) : undefined;
    },

    async succeed(id: string, summary: JobRunSummary, now: Date): Promise<boolean> {
      const rows = await db
        .update(t)
        .set({ state: 'succeeded', summary, error: null, retryAt: null, finishedAt: now })
        .where(and(byId(id), eq(t.state, 'running')))
        .returning({ id: t.id });
      return rows.length === 1;
    },

    /** An attempt failed: `retryAt` when the queue will try again, else the run has failed for good. */
    async fail(id: string, failure: { error: string; summary: JobRunSummary; now: Date; retryAt?: Date }): Promise<void> {
      await db
        .update(t)
        .set(
          failure.retryAt
            ? { state: 'retrying', error: oneLine(failure.error), summary: failure.summary, retryAt: failure.retryAt }
            : { state: 'failed', error: oneLine(failure.error), summary: failure.summary, retryAt: null, finishedAt: failure.now },
        )
        .where(and(byId(id), eq(t.state, 'running')));
    },

    /**
     * The latest run of each trust job (the "last run" view senior portal administrators see),
     * newest first. A run whose queue job ended while the run still says it is under way (the
     * worker died during its last attempt) is shown as failed.
     */
    async latest(): Promise<JobRun[]> {
      const rows = await rowsOf<{ id: string }>(
        db,
        sql`select distinct on (job) id from job_runs where organisation_id = ${scope.organisationId}
             and job in (${sql.join(TRUST_JOB_NAMES.map((n) => sql`${n}`), sql`, `)})
             order by job, created_at desc, id desc`,
      );
      if (rows.length === 0) return [];
      const runs = await db
        .select({ ...columns, queueState: schema.jobs.state, queueError: schema.jobs.lastError })
        .from(t)
        .leftJoin(schema.jobs, eq(schema.jobs.id, t.queueJobId))
        .where(and(inScope, inArray(t.id, rows.map((r) => r.id))))
        .orderBy(desc(t.createdAt));
      return runs.map(({ queueState, queueError: _queueError, ...row }) => {
        const run = toRun(row);
        if (!isFinished(run.state) && queueState === 'failed') return { ...run, state: 'failed', error: run.error ?? 'The worker stopped during the last attempt' };
        return run;
      });
    },

    async recent(job: string, limit = 10): Promise<JobRun[]> {
      const rows = await db.select(columns).from(t).where(and(inScope, eq(t.job, job))).orderBy(desc(t.createdAt), desc(t.id)).limit(limit);
      return rows.map(toRun);
    },
  };
}

/**
 * The operator's view across trusts (`dsp jobs list`): for each job, its latest run key (a
 * firing, or a manual run) and how many trusts' runs of it are in each state. Identifiers and
 * counts only, like the organisation registry.
 */
export async function summariseLatestRuns(db: Db): Promise<Array<{ job: string; runKey: string; createdAt: Date; states: Record<string, number> }>> {
  const rows = await rowsOf<{ job: string; run_key: string; created_at: Date | string; state: string; n: number }>(
    db,
    sql`
    with latest as (
      select distinct on (job) job, run_key, created_at from job_runs order by job, created_at desc, id desc)
    select r.job, r.run_key, l.created_at, r.state, count(*)::int as n
      from job_runs r join latest l on l.job = r.job and l.run_key = r.run_key
     group by r.job, r.run_key, l.created_at, r.state`,
  );
  const byJob = new Map<string, { job: string; runKey: string; createdAt: Date; states: Record<string, number> }>();
  for (const r of rows) {
    const entry = byJob.get(r.job) ?? { job: r.job, runKey: r.run_key, createdAt: new Date(r.created_at), states: {} };
    entry.states[r.state] = Number(r.n);
    byJob.set(r.job, entry);
  }
  return [...byJob.values()];
}
