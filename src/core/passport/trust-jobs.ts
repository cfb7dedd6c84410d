// The scheduled jobs a trust has (docs/architecture.md §2 "jobs", D37), and how a run of one is
// recorded for the "last run" view of senior portal administrators. Pure.

/** Jobs that run once per trust: their names are what `dsp jobs run NAME` takes. */
export const TRUST_JOB_NAMES = ['auto-provide', 'invitation-reminders', 'pending-credential-reminders', 'weekly-summary', 'expiry-sweep'] as const;
export type TrustJobName = (typeof TRUST_JOB_NAMES)[number];

export function isTrustJobName(value: unknown): value is TrustJobName {
  return typeof value === 'string' && (TRUST_JOB_NAMES as readonly string[]).includes(value);
}

/**
 * - `queued`: waiting for a worker;
 * - `running`: an attempt is under way;
 * - `retrying`: an attempt failed with something that may pass (ESR down, a timeout, a garbled
 *   answer) and the queue will try again after a back-off;
 * - `succeeded`, `failed`: the outcome (failed = out of attempts, or a failure no retry can fix).
 */
export const JOB_RUN_STATES = ['queued', 'running', 'retrying', 'succeeded', 'failed'] as const;
export type JobRunState = (typeof JOB_RUN_STATES)[number];

export const JOB_RUN_TRIGGERS = ['schedule', 'manual'] as const;
export type JobRunTrigger = (typeof JOB_RUN_TRIGGERS)[number];

/** What a run did, as counts (identifiers and numbers only: it is shown to administrators and operators). */
export type JobRunSummary = Readonly<Record<string, number>>;

export interface JobRun {
  id: string;
  organisationId: string;
  job: string;
  runKey: string;
  trigger: JobRunTrigger;
  requestedBy: string;
  state: JobRunState;
  attempts: number;
  summary: JobRunSummary;
  error: string | null;
  retryAt: Date | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

export function isFinished(state: JobRunState): boolean {
  return state === 'succeeded' || state === 'failed';
}

const SUMMARY_LABELS: Readonly<Record<string, string>> = {
  passports: 'passports read',
  provided: 'credentials provided',
  archived: 'older versions archived',
  unchanged: 'unchanged',
  stale: 'older than provided',
  notFound: 'not found in ESR',
  notified: 'people notified',
  changes: 'ESR changes read',
  reminded: 'reminders sent',
  expiredInvitations: 'invitations expired',
  expired: 'credentials expired',
  mailboxes: 'mailboxes sent to',
};

/**
 * One line for a summary: `3 passports read, 12 credentials provided, 8 people notified` (zero
 * counts left out), in a fixed order whatever order the stored JSON has (jsonb reorders keys).
 */
export function describeSummary(summary: JobRunSummary): string {
  const known = Object.keys(SUMMARY_LABELS);
  const keys = [...known.filter((k) => k in summary), ...Object.keys(summary).filter((k) => !known.includes(k)).sort()];
  const parts = keys
    .filter((key) => (summary[key] ?? 0) > 0)
    .map((key) => `${summary[key]} ${SUMMARY_LABELS[key] ?? key}`);
  return parts.length ? parts.join(', ') : 'nothing to do';
}
