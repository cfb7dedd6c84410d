// The status ledger of one organisation: which status list entry each issued credential has,
// and whether it is valid, suspended or revoked. Built from an OrganisationScope, so every
// statement is filtered by organisation_id (docs/architecture.md D11): an organisation can
// neither read nor change another's entries, even when handed its serial numbers or list ids.
//
// Allocation happens inside the caller's (issuance) transaction: the credential and its status
// entry commit together or not at all. The index is drawn at random among the free indexes of
// the organisation's current list (src/core/credentials/status/allocate-status-index.ts); the
// primary key (list_id, idx) makes a claim atomic, and a taken index is simply drawn again.
// The list row's `used` counter is bumped in the same transaction, as late as the caller can
// (`claim` … `count()`): its row lock serialises the issuances of one list until they commit,
// so it is taken after signing, not before. The counter decides when the list is closed.
//
// Status changes (revoke, suspend, unsuspend) follow the pure rules in status-rules.ts, record
// an audit entry, and bump the revision of every list they touch in the same transaction: the
// published documents of those lists are stale from that commit on (status-list-documents.ts).
import { randomInt, randomUUID } from 'node:crypto';
import { and, asc, eq, inArray, ne, sql } from 'drizzle-orm';
import { PgTransaction } from 'drizzle-orm/pg-core';
import {
  DEFAULT_STATUS_LIST_FILL_LIMIT,
  DEFAULT_STATUS_LIST_SIZE,
  MIN_STATUS_LIST_SIZE,
  allocateStatusIndex,
  combinedState,
  decideTransition,
  isStatusReason,
  listKindOf,
  type CredentialStatusState,
  type RandomInt,
  type StatusAction,
  type StatusCredentialFormat,
  type StatusListKind,
  type StatusReason,
} from '../core/credentials/status/index.ts';
import type { Clock } from '../platform/clock.ts';
import { appendAudit } from './audit-log.ts';
import { rowsOf, schema, type Db } from './database.ts';
import type { OrganisationScope } from './scope.ts';

const { statusLists, statusEntries } = schema;

export interface StatusLedgerOptions {
  /** Uniform random integers for index allocation (default: node:crypto randomInt). */
  random?: RandomInt;
  /** Entries in each new list (default and minimum 131,072). */
  listSize?: number;
  /** Share of a list in use beyond which a new list is started (default 0.9). */
  fillLimit?: number;
}

export interface StatusListRecord {
  id: string;
  organisationId: string;
  kind: StatusListKind;
  size: number;
  used: number;
  state: 'open' | 'full';
  revision: number;
  createdAt: Date;
}

export interface StatusEntry {
  listId: string;
  kind: StatusListKind;
  index: number;
  serialNumber: string;
  format: StatusCredentialFormat;
  state: CredentialStatusState;
  reason: StatusReason | null;
  changedAt: Date | null;
}

/** Where a credential's status lives: what its status reference (statusReferencesOf) is built from. */
export interface StatusAllocation {
  serialNumber: string;
  format: StatusCredentialFormat;
  kind: StatusListKind;
  listId: string;
  index: number;
}

export interface StatusChange {
  serialNumber: string;
  reason: StatusReason;
  /** Who asked, as an identifier (`user:<id>`, `client:<id>`, `system:<job>`). */
  actor: string;
  correlationId: string;
}

export type StatusChangeResult =
  | { outcome: 'changed'; state: CredentialStatusState; entries: StatusEntry[] }
  | { outcome: 'already_revoked' | 'already_suspended' | 'not_suspended' | 'revoked' | 'not_found' };

const AUDIT_ACTIONS: Record<StatusAction, string> = {
  revoke: 'credential.revoked',
  suspend: 'credential.suspended',
  unsuspend: 'credential.unsuspended',
};

/** The ledger cannot place a credential: it has looked at more lists than can be full at once. */
export class StatusAllocationFailed extends Error {
  constructor() {
    super('no status list has a free entry after opening a new one');
    this.name = new.target.name;
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function checkOptions(options: StatusLedgerOptions): Required<StatusLedgerOptions> {
  const listSize = options.listSize ?? DEFAULT_STATUS_LIST_SIZE;
  const fillLimit = options.fillLimit ?? DEFAULT_STATUS_LIST_FILL_LIMIT;
  if (!Number.isSafeInteger(listSize) || listSize < MIN_STATUS_LIST_SIZE || listSize > 2 ** 31 - 1) {
    throw new TypeError(`status list size must be an integer of at least ${MIN_STATUS_LIST_SIZE}`);
  }
  if (!(fillLimit > 0 && fillLimit <= 1)) throw new TypeError('status list fill limit must be in (0, 1]');
  return { random: options.random ?? ((max) => randomInt(max)), listSize, fillLimit };
}

type EntryRow = typeof statusEntries.$inferSelect;

function toEntry(row: EntryRow): StatusEntry {
  return {
    listId: row.listId,
    kind: listKindOf(row.format),
    index: row.idx,
    serialNumber: row.serialNumber,
    format: row.format,
    state: row.state,
    // Text read back from the database is checked, not trusted (STYLE.md rule 10).
    reason: row.reason === null ? null : isStatusReason(row.reason) ? row.reason : 'Other',
    changedAt: row.changedAt,
  };
}

function toAllocation(row: EntryRow): StatusAllocation {
  return { serialNumber: row.serialNumber, format: row.format, kind: listKindOf(row.format), listId: row.listId, index: row.idx };
}

export function statusLedger(db: Db, scope: OrganisationScope, options: StatusLedgerOptions = {}) {
  const settings = checkOptions(options);
  const organisationId = scope.organisationId;
  const listsInScope = eq(statusLists.organisationId, organisationId);
  const entriesInScope = eq(statusEntries.organisationId, organisationId);

  async function findAllocation(tx: Db, serialNumber: string, format: StatusCredentialFormat): Promise<EntryRow | undefined> {
    const [row] = await tx
      .select()
      .from(statusEntries)
      .where(and(entriesInScope, eq(statusEntries.serialNumber, serialNumber), eq(statusEntries.format, format)));
    return row;
  }

  async function openList(tx: Db, kind: StatusListKind): Promise<StatusListRecord | undefined> {
    const [row] = await tx
      .select()
      .from(statusLists)
      .where(and(listsInScope, eq(statusLists.kind, kind), eq(statusLists.state, 'open')))
      .orderBy(asc(statusLists.createdAt), asc(statusLists.id))
      .limit(1);
    return row;
  }

  /** The current open list of a kind, opening one when there is none (once, across replicas). */
  async function currentList(tx: Db, kind: StatusListKind): Promise<StatusListRecord> {
    const open = await openList(tx, kind);
    if (open) return open;
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('dsp:status-lists'), hashtext(${`${organisationId}:${kind}`}))`);
    const raced = await openList(tx, kind);
    if (raced) return raced;
    const [created] = await tx.insert(statusLists).values({ id: randomUUID(), organisationId, kind, size: settings.listSize }).returning();
    return created!;
  }

  async function claimIn(
    tx: Db,
    list: StatusListRecord,
    serialNumber: string,
    format: StatusCredentialFormat,
    initial: Pick<EntryRow, 'state' | 'reason' | 'changedAt'>,
  ): Promise<number | 'taken-by-serial' | undefined> {
    let serialTaken = false;
    const index = await allocateStatusIndex({
      size: list.size,
      random: settings.random,
      claims: {
        async tryClaim(idx) {
          if (serialTaken) return true;
          const rows = await tx
            .insert(statusEntries)
            .values({ organisationId, listId: list.id, idx, serialNumber, format, ...initial })
            .onConflictDoNothing()
            .returning({ idx: statusEntries.idx });
          if (rows.length === 1) return true;
          // Either the index is taken, or a concurrent allocation for this very credential won.
          if (await findAllocation(tx, serialNumber, format)) serialTaken = true;
          return serialTaken;
        },
        async freeCount() {
          const [row] = await rowsOf<{ n: number }>(tx, sql`select count(*)::int as n from status_entries where organisation_id = ${organisationId} and list_id = ${list.id}`);
          return list.size - (row?.n ?? 0);
        },
        async nthFree(n) {
          const [row] = await rowsOf<{ idx: number }>(
            tx,
            sql`select s::int as idx from generate_series(0, ${list.size - 1}) s
                where not exists (select 1 from status_entries e where e.organisation_id = ${organisationId} and e.list_id = ${list.id} and e.idx = s)
                order by s offset ${n} limit 1`,
          );
          return row?.idx;
        },
      },
    });
    return serialTaken ? 'taken-by-serial' : index;
  }

  async function change(action: StatusAction, input: StatusChange, clock: Clock): Promise<StatusChangeResult> {
    if (!UUID.test(input.serialNumber)) return { outcome: 'not_found' };
    if (!isStatusReason(input.reason)) throw new TypeError(`unknown status reason ${String(input.reason)}`);
    const serialNumber = input.serialNumber.toLowerCase();
    // A savepoint inside the caller's transaction, or a transaction of its own.
    return db.transaction(async (tx) => {
      const rows = await tx
        .select()
        .from(statusEntries)
        .where(and(entriesInScope, eq(statusEntries.serialNumber, serialNumber)))
        .orderBy(asc(statusEntries.format))
        .for('update');
      if (rows.length === 0) return { outcome: 'not_found' };
      const from = combinedState(rows.map((r) => r.state));
      const decision = decideTransition(from, action);
      if (!decision.change) return { outcome: decision.outcome };

      const at = clock.now();
      const updated = await tx
        .update(statusEntries)
        .set({ state: decision.to, reason: input.reason, changedAt: at })
        .where(and(entriesInScope, eq(statusEntries.serialNumber, serialNumber), ne(statusEntries.state, 'revoked')))
        .returning();
      const listIds = [...new Set(rows.map((r) => r.listId))];
      await tx
        .update(statusLists)
        .set({ revision: sql`${statusLists.revision} + 1` })
        .where(and(listsInScope, inArray(statusLists.id, listIds)));
      await appendAudit(
        tx,
        {
          organisationId,
          actor: input.actor,
          action: AUDIT_ACTIONS[action],
          subject: serialNumber,
          correlationId: input.correlationId,
          details: { reason: input.reason, from, to: decision.to, formats: rows.map((r) => r.format) },
        },
        clock,
      );
      return { outcome: 'changed', state: decision.to, entries: updated.map(toEntry) };
    });
  }

  async function claim(input: { serialNumber: string; format: StatusCredentialFormat }, conn: Db = db): Promise<{ allocation: StatusAllocation; count: () => Promise<void> }> {
    if (!UUID.test(input.serialNumber)) throw new TypeError('serial number must be a UUID');
    const serialNumber = input.serialNumber.toLowerCase();
    const kind = listKindOf(input.format);
    const noCount = async () => {};
    // Inside the caller's transaction the steps need no savepoint of their own (nothing here is
    // rolled back on its own, and a failure fails the caller's transaction); otherwise one transaction.
    const inTransaction = <T>(fn: (tx: Db) => Promise<T>): Promise<T> => ((conn as unknown) instanceof PgTransaction ? fn(conn) : conn.transaction(fn));
    return inTransaction(async (tx) => {
      // Every entry of this serial number: the one of this format, if any, and the others.
      const siblings = await tx.select().from(statusEntries).where(and(entriesInScope, eq(statusEntries.serialNumber, serialNumber)));
      const existing = siblings.find((e) => e.format === input.format);
      if (existing) return { allocation: toAllocation(existing), count: noCount };
      // The credential issued in another format before: the new entry starts in its state, so
      // a revoked serial number never gets a valid entry.
      const state = combinedState(siblings.map((e) => e.state));
      const from = siblings.find((e) => e.state === state && state !== 'valid');
      const initial = { state, reason: from?.reason ?? null, changedAt: from?.changedAt ?? null };
      // A list can fill up (or be closed by another replica) under us: then open the next.
      for (let attempt = 0; attempt < 3; attempt++) {
        const list = await currentList(tx, kind);
        const index = await claimIn(tx, list, serialNumber, input.format, initial);
        if (index === 'taken-by-serial') {
          // Another transaction allocated this credential first: use its entry.
          return { allocation: toAllocation((await findAllocation(tx, serialNumber, input.format))!), count: noCount };
        }
        if (index !== undefined) {
          const count = async () => {
            // `conn`, not `tx`: the caller's transaction (the savepoint above has been released).
            await conn
              .update(statusLists)
              .set({
                used: sql`${statusLists.used} + 1`,
                state: sql`case when ${statusLists.used} + 1 > ${statusLists.size} * ${settings.fillLimit}::float8 or ${statusLists.used} + 1 >= ${statusLists.size} then 'full' else ${statusLists.state} end`,
                // An entry that starts suspended or revoked changes the published list.
                ...(state !== 'valid' ? { revision: sql`${statusLists.revision} + 1` } : {}),
              })
              .where(and(listsInScope, eq(statusLists.id, list.id)));
          };
          return { allocation: { serialNumber, format: input.format, kind, listId: list.id, index }, count };
        }
        await tx.update(statusLists).set({ state: 'full' }).where(and(listsInScope, eq(statusLists.id, list.id)));
      }
      throw new StatusAllocationFailed();
    });
  }

  return {
    /**
     * The credential's status entry for `format`, allocating one at a random free index of the
     * current list when it has none. Use inside the issuance transaction.
     */
    async allocate(input: { serialNumber: string; format: StatusCredentialFormat }): Promise<StatusAllocation> {
      // One transaction (a savepoint in the caller's), so the entry and its count commit together.
      return db.transaction(async (tx) => {
        const { allocation, count } = await claim(input, tx);
        await count();
        return allocation;
      });
    },

    /**
     * `allocate` in two steps, so the issuance transaction holds the list row's lock as briefly as
     * possible: the entry is claimed now (the unique (list, idx) key makes that atomic and takes no
     * lock on the list row), and `count()` — call it last in the same transaction, after signing —
     * bumps the list's `used` counter, which row-locks the list until commit. Allocations that
     * chose a list just before it closed still land in it (it never holds more than `size`).
     */
    claim: (input: { serialNumber: string; format: StatusCredentialFormat }) => claim(input),
    /** A credential's entries (one per format it was issued in), by serial number. */
    async find(serialNumber: string): Promise<StatusEntry[]> {
      if (!UUID.test(serialNumber)) return [];
      const rows = await db
        .select()
        .from(statusEntries)
        .where(and(entriesInScope, eq(statusEntries.serialNumber, serialNumber.toLowerCase())))
        .orderBy(asc(statusEntries.format));
      return rows.map(toEntry);
    },

    /** Revokes every entry of the credential. Final; revoking again answers `already_revoked`. */
    revoke: (input: StatusChange, clock: Clock) => change('revoke', input, clock),
    /** Suspends a valid credential; a revoked one answers `revoked`. */
    suspend: (input: StatusChange, clock: Clock) => change('suspend', input, clock),
    /** Lifts a suspension; a revoked credential stays revoked (`revoked`). */
    unsuspend: (input: StatusChange, clock: Clock) => change('unsuspend', input, clock),

    async getList(listId: string): Promise<StatusListRecord | undefined> {
      if (!UUID.test(listId)) return undefined;
      const [row] = await db.select().from(statusLists).where(and(listsInScope, eq(statusLists.id, listId)));
      return row;
    },

    async lists(): Promise<StatusListRecord[]> {
      return db.select().from(statusLists).where(listsInScope).orderBy(asc(statusLists.createdAt), asc(statusLists.id));
    },

    /**
     * The indexes of a list that are revoked and suspended, ascending: what its documents
     * publish. Aggregated in the database (one row per state): for a 1,000,000-entry list with
     * 10% revoked this is ~5x faster than reading one row per entry (bench/status-list.ts).
     */
    async changedIndexes(listId: string): Promise<{ revoked: number[]; suspended: number[] }> {
      const result = { revoked: [] as number[], suspended: [] as number[] };
      if (!UUID.test(listId)) return result;
      const rows = await rowsOf<{ state: string; indexes: unknown }>(
        db,
        sql`select state, array_agg(idx order by idx) as indexes from status_entries
            where organisation_id = ${organisationId} and list_id = ${listId} and state <> 'valid'
            group by state`,
      );
      for (const row of rows) {
        // Read back from the database: checked, not trusted (STYLE.md rule 10).
        if ((row.state !== 'revoked' && row.state !== 'suspended') || !Array.isArray(row.indexes) || !row.indexes.every(Number.isSafeInteger)) {
          throw new Error(`status list ${listId}: unexpected aggregate for state ${row.state}`);
        }
        result[row.state] = row.indexes as number[];
      }
      return result;
    },
  };
}

export type StatusLedger = ReturnType<typeof statusLedger>;
