// The status-list publication job (docs/architecture.md §2 "jobs"): every few minutes, re-sign
// each organisation's list documents that a status change made stale or that are past half of
// their validity. GET requests rebuild stale documents on their own
// (src/store/status-list-documents.ts), so this job only moves that work off the request path
// and keeps documents fresh for lists nobody fetched lately; missing a run loses nothing.
import type { Clock } from '../platform/clock.ts';
import type { Database } from '../store/database.ts';
import { listOrganisations } from '../store/organisations.ts';
import { checkPublicationSettings, statusListDocuments, type StatusPublicationSettings } from '../store/status-list-documents.ts';
import type { Jobs } from './types.ts';

export const PUBLISH_STATUS_LISTS_QUEUE = 'status-lists.publish';
/** Every five minutes: within the default ttl (300 s) of a change a job has re-signed its lists. */
export const PUBLISH_STATUS_LISTS_CRON = '*/5 * * * *';

export interface PublishStatusListsDeps extends StatusPublicationSettings {
  database: Database;
  clock: Clock;
}

/** Re-signs every stale document of every organisation; returns how many were rebuilt. */
export async function publishStatusLists(deps: PublishStatusListsDeps): Promise<number> {
  let rebuilt = 0;
  for (const organisation of await listOrganisations(deps.database.db)) {
    rebuilt += await statusListDocuments(deps.database.db, organisation, deps).refresh(deps.clock.now());
  }
  return rebuilt;
}

/** Registers the handler and its schedule on a process's jobs (the composition root calls this). */
export function registerStatusListPublication(jobs: Jobs, deps: PublishStatusListsDeps): void {
  checkPublicationSettings(deps);
  jobs.handle(PUBLISH_STATUS_LISTS_QUEUE, async () => {
    await publishStatusLists(deps);
  });
  jobs.schedule('status-lists.publish', PUBLISH_STATUS_LISTS_CRON, PUBLISH_STATUS_LISTS_QUEUE, {}, { maxAttempts: 1 });
}
