// What the System Management pages share (DOMAIN.md E3; Senior Portal Administrators only,
// docs/architecture.md D41): their paths, the actor and audit helper, and how a scheduled job's
// last run is shown.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { describeSummary, TRUST_JOB_NAMES, type JobRun, type JobRunState, type TrustJobName } from '../../../core/passport/trust-jobs.ts';
import type { Organisation } from '../../../core/passport/organisation.ts';
import { appendAudit } from '../../../store/audit-log.ts';
import type { Db } from '../../../store/database.ts';
import type { EmployerPortalDeps } from '../auth/deps.ts';
import { employerPath, type EmployerContext } from '../auth/employer-context.ts';

export const SYSTEM_MANAGEMENT = '/system-management';

export function systemPath(organisation: Pick<Organisation, 'odsCode'>, path = ''): string {
  return employerPath(organisation, `${SYSTEM_MANAGEMENT}${path}`);
}

/** The actor of an audit entry or a settings row: the signed-in user, as an identifier. */
export function actorOf(ctx: EmployerContext): string {
  return `user:${ctx.user.id}`;
}

/** Audits a System Management change in the caller's transaction, with the user as actor. */
export async function auditChange(tx: Db, deps: EmployerPortalDeps, request: FastifyRequest, ctx: EmployerContext, action: string, subject: string, details: Record<string, unknown> = {}): Promise<void> {
  await appendAudit(tx, { organisationId: ctx.organisation.id, actor: actorOf(ctx), action, subject, correlationId: request.id, details }, deps.clock);
}

export function notFound(reply: FastifyReply): FastifyReply {
  return reply.page('errors/not-found.njk', { pageTitle: 'Page not found' }, 404);
}

export const JOB_NAMES: Readonly<Record<TrustJobName, { title: string; description: string }>> = {
  'auto-provide': { title: 'Automatic providing', description: 'Provides new and changed ESR information to staff passports linked to ESR, around 11:00 each day.' },
  'invitation-reminders': { title: 'Invitation reminders', description: 'Reminds invited staff who have not yet started, at 10:00 each day.' },
  'pending-credential-reminders': { title: 'Pending credential reminders', description: 'Reminds staff of credentials waiting for them, at 10:00 each day.' },
  'weekly-summary': { title: 'Weekly summary emails', description: 'Emails each team mailbox a summary of outstanding actions, on Mondays at 08:00.' },
  'expiry-sweep': { title: 'Expiry check', description: 'Marks credentials past their expiry date as expired and tells holders and teams, at 03:00 each day.' },
};

const STATES: Readonly<Record<JobRunState, { text: string; colour: string }>> = {
  queued: { text: 'Waiting to start', colour: 'grey' },
  running: { text: 'Running', colour: 'blue' },
  retrying: { text: 'Failed – will try again', colour: 'orange' },
  succeeded: { text: 'Succeeded', colour: 'green' },
  failed: { text: 'Failed', colour: 'red' },
};

const dateTime = new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeStyle: 'short', timeZone: 'Europe/London' });

export function formatWhen(at: Date): string {
  return dateTime.format(at);
}

/** "Provided 12 credentials to 4 people" for auto-provide, else the run's counts in words. */
export function outcomeOf(run: JobRun): string {
  if (run.job === 'auto-provide' && (run.state === 'succeeded' || (run.summary.provided ?? 0) > 0)) {
    const provided = run.summary.provided ?? 0;
    const people = run.summary.notified ?? 0;
    const head = `Provided ${provided} ${provided === 1 ? 'credential' : 'credentials'}${people > 0 ? ` to ${people} ${people === 1 ? 'person' : 'people'}` : ''}`;
    const rest = describeSummary(Object.fromEntries(Object.entries(run.summary).filter(([k]) => k !== 'provided' && k !== 'notified')));
    return rest === 'nothing to do' ? head : `${head} (${rest})`;
  }
  const text = describeSummary(run.summary);
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export interface RunView {
  job: TrustJobName;
  title: string;
  description: string;
  /** Absent when the job has never run for this trust. */
  run?: {
    when: string;
    trigger: string;
    state: { text: string; colour: string };
    outcome?: string;
    error?: string;
    retryAt?: string;
  };
}

/** One row per trust job, in TRUST_JOB_NAMES order, with its latest run if any. */
export function runViews(latest: readonly JobRun[]): RunView[] {
  return TRUST_JOB_NAMES.map((job) => {
    const run = latest.find((r) => r.job === job);
    const view: RunView = { job, ...JOB_NAMES[job] };
    if (run) {
      const finishedOrStarted = run.finishedAt ?? run.startedAt ?? run.createdAt;
      view.run = {
        when: formatWhen(finishedOrStarted),
        trigger: run.trigger === 'manual' ? 'Run by hand' : 'On schedule',
        state: STATES[run.state],
        outcome: run.state === 'queued' || run.state === 'running' ? undefined : outcomeOf(run),
        error: run.error ?? undefined,
        retryAt: run.state === 'retrying' && run.retryAt ? formatWhen(run.retryAt) : undefined,
      };
    }
    return view;
  });
}
