// Auto-provide (DOMAIN.md E3, §9 #13; the employer guide: "automatically provide credentials at
// around 11:00 each day"): at 11:00 Europe/London, for each trust with the setting on, every
// ESR-linked staff passport is given what is new or changed in ESR since the last run — and
// nothing else.
//
// One trust's run, in named steps:
//   1 readChanges  follow the ESR change feed from the trust's cursor to its end, collecting the
//                  people it names (a cursor ESR no longer knows means: read every linked passport);
//   2 selectPassports  linked passports the feed names, plus any never read since they were linked;
//   3 provideFor   for each (a few at a time): read the person's records from ESR, then, in ONE
//                  transaction, provideFromEsr (src/jobs/provide-from-esr.ts, the same path HR's
//                  provide by hand takes): map them to catalogue subjects (src/core/esr), plan what
//                  is new or changed (src/core/passport/plan-provision.ts), insert the new
//                  versions (unique de-duplication key: an insert that meets it does nothing),
//                  archive the pending versions they replace, record passport history, notify the
//                  person on their chosen channels, and mark the passport read;
//   4 moveCursor   only after every passport above committed, move the cursor and mark the run
//                  succeeded, in one transaction.
// A run that stops anywhere (ESR down, a timeout, a garbled answer, the process killed) has
// committed whole passports only; the queue retries it with back-off, the retry reads the same
// changes again, and the de-duplication keys make the passports already done provide nothing.
import { EsrCursorExpired, EsrNotFound, type EsrPort } from '../integrations/esr/index.ts';
import { esrSyncState } from '../store/esr-sync-state.ts';
import { staffPassports, type LinkedPassport } from '../store/staff-passports.ts';
import { trustsWithAutoProvide } from '../store/trust-settings.ts';
import { provideFromEsr } from './provide-from-esr.ts';
import { FinalJobFailure } from './types.ts';
import type { TrustJobDefinition, TrustJobRunContext } from './trust-jobs.ts';

export interface AutoProvideOptions {
  /** The ESR port; without one every run fails, saying so. */
  esr: EsrPort | undefined;
  /** Passports read and written at once (default 4). */
  concurrency?: number;
  /** Change-feed entries per page (default 1000, the port's maximum). */
  pageLimit?: number;
}

export const AUTO_PROVIDE_CRON = '0 11 * * *';

interface FeedReading {
  cursor: string | undefined;
  /** Read every linked passport: the cursor was lost. */
  all: boolean;
  personIds: Set<string>;
  assignmentNumbers: Set<string>;
}

/** Runs `fn` over `items`, `limit` at a time; stops taking new items after the first failure, and rethrows it. */
async function forEachLimited<T>(items: readonly T[], limit: number, signal: AbortSignal, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const lane = async () => {
    while (!failure && next < items.length) {
      if (signal.aborted) {
        failure ??= { error: new Error('stopped') };
        return;
      }
      const item = items[next++]!;
      try {
        await fn(item);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  if (failure) throw failure.error;
}

export function autoProvideJob(options: AutoProvideOptions): TrustJobDefinition {
  const concurrency = options.concurrency ?? 4;
  const pageLimit = options.pageLimit ?? 1000;
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new TypeError('auto-provide concurrency must be a positive integer');

  return {
    name: 'auto-provide',
    cron: AUTO_PROVIDE_CRON,
    description: 'Provides what is new or changed in ESR to every ESR-linked staff passport of each trust with auto-provide on (11:00)',
    // ESR outages: 8 attempts back off 10 s, 20 s, … 21 minutes in all before the run fails.
    maxAttempts: 8,
    trusts: trustsWithAutoProvide,
    async run(context) {
      const esr = options.esr;
      if (!esr) throw new FinalJobFailure('ESR is not configured, so credentials cannot be provided from it');
      const { summary } = context;
      for (const key of ['changes', 'passports', 'provided', 'archived', 'unchanged', 'stale', 'notFound', 'notified']) summary[key] = 0;

      const feed = await readChanges(esr, context, pageLimit);
      const passports = await staffPassports(context.deps.database.db, context.scope).linkedForSync(
        feed.all ? { all: true } : { personIds: [...feed.personIds], assignmentNumbers: [...feed.assignmentNumbers] },
      );
      await forEachLimited(passports, concurrency, context.signal, (passport) => provideFor(esr, context, passport));
      await context.deps.database.transaction(async (tx) => {
        if (feed.cursor !== undefined) await esrSyncState(tx, context.scope).save(feed.cursor, context.deps.clock.now());
        await context.finish(tx);
      });
    },
  };
}

/** Step 1: the change feed from the trust's cursor to its end. */
async function readChanges(esr: EsrPort, { deps, organisation, scope, summary }: TrustJobRunContext, pageLimit: number): Promise<FeedReading> {
  const saved = await esrSyncState(deps.database.db, scope).get();
  const reading: FeedReading = { cursor: saved.cursor ?? undefined, all: false, personIds: new Set(), assignmentNumbers: new Set() };
  for (;;) {
    let page;
    try {
      page = await esr.changesSince(organisation.odsCode, reading.cursor, { limit: pageLimit });
    } catch (error) {
      // ESR forgot our place (it restarted): read everyone, and follow the feed from its start.
      if (error instanceof EsrCursorExpired && reading.cursor !== undefined) {
        reading.all = true;
        reading.cursor = undefined;
        continue;
      }
      throw error;
    }
    summary.changes! += page.changes.length;
    if (!reading.all) {
      for (const change of page.changes) {
        reading.personIds.add(change.personId);
        if (change.assignmentNumber) reading.assignmentNumbers.add(change.assignmentNumber);
      }
    }
    reading.cursor = page.nextCursor;
    if (!page.hasMore) return reading;
  }
}

/** Step 3: one passport, one transaction. */
async function provideFor(esr: EsrPort, context: TrustJobRunContext, passport: LinkedPassport): Promise<void> {
  const { deps, organisation, scope, actor, run, summary } = context;
  let records;
  try {
    records = await esr.personRecords(organisation.odsCode, { assignmentNumber: passport.esrAssignmentNumber });
  } catch (error) {
    // The number is no longer in ESR: nothing to provide; the passport stays unread, and is tried again next run.
    if (error instanceof EsrNotFound) {
      summary.notFound! += 1;
      return;
    }
    throw error;
  }
  const readAt = deps.clock.now();
  // One code path with HR's provide by hand (src/jobs/provide-from-esr.ts).
  const done = await deps.database.transaction(async (tx) => {
    const outcome = await provideFromEsr(tx, deps, { organisation, scope, passport, records, readAt, now: deps.clock.now(), actor, jobRunId: run.id });
    return { provided: outcome.provided.length, archived: outcome.archived, unchanged: outcome.unchanged, stale: outcome.stale, notified: outcome.notified };
  });
  // Counted once committed.
  summary.passports! += 1;
  for (const [key, n] of Object.entries(done)) summary[key] = (summary[key] ?? 0) + n;
}
