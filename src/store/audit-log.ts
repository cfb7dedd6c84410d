// The append-only, hash-chained audit log (who did what to what, for which organisation,
// under which correlation id, when). Appends happen inside the caller's transaction, so an
// entry exists exactly when the change it records committed. The chain rules (canonical form,
// hashing, verification) are pure and live in src/core/audit/audit-chain.ts.
//
// Two steps (docs/architecture.md D15):
//   1 `appendAudit` inserts the entry into `audit_inbox`, in the caller's transaction and
//     without taking any lock: requests of one organisation never queue behind each other's
//     chain head, and the entry commits or rolls back with the change it records.
//   2 `flushAuditInbox` chains committed inbox rows of a chain in id order: it locks the chain's
//     head row (`select … for update`), numbers and hashes each entry, inserts them into
//     `audit_log`, moves the head and deletes the inbox rows, in one transaction — so a chain
//     never forks or skips a number. A flusher (`createAuditFlusher`) runs it every 100 ms in
//     every process that serves or works; reading (`listAudit`) and verifying flush first.
// Inbox rows are protected by triggers like the log's (no UPDATE, no TRUNCATE, DELETE only once
// chained); the hash chain protects them from the moment they are flushed.
import { and, asc, desc, eq, gt, gte, inArray, isNull, lt, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import {
  GENESIS_HASH,
  chainOf,
  hashAuditEntry,
  normaliseDetails,
  startChainVerification,
  type AuditEntryContent,
  type ChainVerification,
  type JsonValue,
} from '../core/audit/audit-chain.ts';
import type { Clock } from '../platform/clock.ts';
import type { Logger } from '../platform/logger.ts';
import { schema, type Database, type Db } from './database.ts';

const { auditLog, auditHeads, auditInbox } = schema;

export type { AuditFinding, ChainVerification } from '../core/audit/audit-chain.ts';

export interface AuditInput {
  /** The organisation whose chain the entry joins; null for platform-wide events. */
  organisationId: string | null;
  /** Who acted, as an identifier (e.g. `user:<id>`, `client:<id>`, `system:<job>`); never personal data. */
  actor: string;
  /** What happened, e.g. `credential.issued`. */
  action: string;
  /** What it happened to, as an identifier (e.g. a credential serial number). */
  subject: string;
  correlationId: string;
  /** Identifiers and outcomes only: no tokens, credentials or personal data (STYLE.md rule 9). */
  details?: Record<string, unknown>;
}

export interface AuditEntry extends AuditEntryContent {
  id: number;
  hash: string;
}

type AuditRow = typeof auditLog.$inferSelect;

// jsonb read back from the database is parsed, not trusted (STYLE.md rule 10).
const zDetails = z.record(z.string(), z.json());

function toEntry(row: AuditRow): AuditEntry {
  return {
    id: row.id,
    chain: row.chain,
    seq: row.seq,
    organisationId: row.organisationId,
    actor: row.actor,
    action: row.action,
    subject: row.subject,
    correlationId: row.correlationId,
    at: row.at,
    details: zDetails.parse(row.details) as Record<string, JsonValue>,
    prevHash: row.prevHash,
    hash: row.hash,
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * PostgreSQL stores a uuid in lower case whatever case it was given in; the chain name and the
 * hash must use the stored form, or an honest entry would later look edited.
 */
function organisationIdOf(organisationId: string | null): string | null {
  if (organisationId === null) return null;
  if (typeof organisationId !== 'string' || !UUID.test(organisationId)) throw new TypeError('audit: organisationId must be a UUID or null');
  return organisationId.toLowerCase();
}

function requireText(name: string, value: unknown): string {
  if (typeof value !== 'string' || value.length === 0) throw new TypeError(`audit entry: ${name} must be a non-empty string`);
  return value;
}

/** An entry recorded in the inbox, not yet numbered or hashed. */
export interface PendingAuditEntry {
  inboxId: number;
  chain: string;
}

/**
 * Records one entry for its organisation's chain, using `db` (usually the caller's open
 * transaction, so the entry commits exactly when the change does). `clock` supplies the entry's
 * time. The entry is chained by the next flush (`flushAuditInbox`).
 */
export async function appendAudit(db: Db, input: AuditInput, clock: Clock): Promise<PendingAuditEntry> {
  const organisationId = organisationIdOf(input.organisationId);
  const chain = chainOf(organisationId);
  const fields = {
    actor: requireText('actor', input.actor),
    action: requireText('action', input.action),
    subject: requireText('subject', input.subject),
    correlationId: requireText('correlationId', input.correlationId),
  };
  const details = normaliseDetails(input.details ?? {});
  const [row] = await db
    .insert(auditInbox)
    .values({ chain, organisationId, ...fields, at: clock.now(), details })
    .returning({ id: auditInbox.id });
  return { inboxId: row!.id, chain };
}

const FLUSH_BATCH = 500;

/** Chains up to `limit` committed inbox rows of one chain; returns how many. */
async function flushChainBatch(db: Db, chain: string, limit: number): Promise<number> {
  return db.transaction(async (tx) => {
    const lockHead = () => tx.select().from(auditHeads).where(eq(auditHeads.chain, chain)).for('update');
    let [head] = await lockHead();
    if (!head) {
      // First entry of this chain: create the head; a concurrent first flush loses the insert
      // race harmlessly and then queues on the lock like any other.
      await tx.insert(auditHeads).values({ chain, seq: 0, hash: GENESIS_HASH }).onConflictDoNothing();
      [head] = await lockHead();
      if (!head) throw new Error(`audit head of chain ${chain} missing after insert`);
    }
    // Read after the lock is held: a flush that held it before us has committed, and its rows
    // are gone from what this statement sees.
    const pending = await tx.select().from(auditInbox).where(eq(auditInbox.chain, chain)).orderBy(asc(auditInbox.id)).limit(limit);
    if (pending.length === 0) return 0;
    let { seq, hash } = head;
    const entries = pending.map((row) => {
      const content: AuditEntryContent = {
        chain,
        seq: ++seq,
        organisationId: row.organisationId,
        actor: row.actor,
        action: row.action,
        subject: row.subject,
        correlationId: row.correlationId,
        at: row.at,
        details: zDetails.parse(row.details) as Record<string, JsonValue>,
        prevHash: hash,
      };
      hash = hashAuditEntry(content);
      return { ...content, hash, inboxId: row.id };
    });
    await tx.insert(auditLog).values(entries);
    await tx.update(auditHeads).set({ seq, hash }).where(eq(auditHeads.chain, chain));
    await tx.delete(auditInbox).where(inArray(auditInbox.id, pending.map((r) => r.id)));
    return pending.length;
  });
}

/**
 * Chains every committed inbox entry (of one organisation's chain, or the platform's for null,
 * or of every chain when `organisationId` is undefined), in inbox order. Safe to run from any
 * number of processes at once: flushes of one chain queue on its head lock. Returns how many
 * entries it chained.
 */
export async function flushAuditInbox(db: Db, organisationId?: string | null): Promise<number> {
  const chains =
    organisationId === undefined
      ? (await db.selectDistinct({ chain: auditInbox.chain }).from(auditInbox)).map((r) => r.chain).sort()
      : [chainOf(organisationIdOf(organisationId))];
  let flushed = 0;
  for (const chain of chains) {
    for (;;) {
      const n = await flushChainBatch(db, chain, FLUSH_BATCH);
      flushed += n;
      if (n < FLUSH_BATCH) break;
    }
  }
  return flushed;
}

export interface AuditFlusher {
  /** Flushes every `intervalMs` until stopped. */
  start(): void;
  /** Stops the timer and flushes once more, so nothing this process appended waits for another. */
  stop(): Promise<void>;
}

/** Flushes the audit inbox every `intervalMs` (default 100); a failed flush is logged and retried next time. */
export function createAuditFlusher(options: { database: Database; logger: Logger; intervalMs?: number }): AuditFlusher {
  const intervalMs = options.intervalMs ?? 100;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const flush = () => {
    running = running
      .then(() => flushAuditInbox(options.database.db))
      .then(
        () => {},
        (error: unknown) => options.logger.error({ err: error }, 'audit inbox flush failed'),
      );
    return running;
  };
  const tick = () => {
    void flush().then(() => {
      if (timer) timer = setTimeout(tick, intervalMs).unref();
    });
  };
  return {
    start() {
      if (timer) return;
      timer = setTimeout(tick, intervalMs).unref();
    },
    async stop() {
      if (timer) clearTimeout(timer);
      timer = undefined;
      await flush();
    },
  };
}

const VERIFY_PAGE = 1000;

/**
 * Walks an organisation's chain (or the platform chain for null) in seq order, recomputing
 * every hash and link and comparing the head. When `db` is not already a transaction, the walk
 * reads one repeatable-read snapshot, so appends committing meanwhile are not mistaken for
 * tampering.
 */
export async function verifyAuditChain(db: Db, organisationId: string | null): Promise<ChainVerification> {
  organisationId = organisationIdOf(organisationId);
  // Committed entries still in the inbox are chained first, so the walk covers them.
  await flushAuditInbox(db, organisationId);
  return verifyChain(db, chainOf(organisationId));
}

/** Verifies every chain that has a head or an entry (e.g. for a scheduled integrity check). */
export async function verifyAllAuditChains(db: Db): Promise<ChainVerification[]> {
  await flushAuditInbox(db);
  return db.transaction(
    async (tx) => {
      const heads = await tx.select({ chain: auditHeads.chain }).from(auditHeads);
      const withEntries = await tx.selectDistinct({ chain: auditLog.chain }).from(auditLog);
      const chains = [...new Set([...heads, ...withEntries].map((r) => r.chain))].sort();
      const results: ChainVerification[] = [];
      for (const chain of chains) results.push(await verifyChain(tx, chain));
      return results;
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
}

async function verifyChain(db: Db, chain: string): Promise<ChainVerification> {
  return db.transaction(
    async (tx) => {
      const [head] = await tx.select().from(auditHeads).where(eq(auditHeads.chain, chain));
      const verifier = startChainVerification(chain);
      let after = Number.MIN_SAFE_INTEGER;
      for (;;) {
        const page = await tx
          .select()
          .from(auditLog)
          .where(and(eq(auditLog.chain, chain), gt(auditLog.seq, after)))
          .orderBy(asc(auditLog.seq))
          .limit(VERIFY_PAGE);
        for (const row of page) verifier.push(toEntry(row));
        if (page.length < VERIFY_PAGE) break;
        after = page[page.length - 1]!.seq;
      }
      return verifier.finish(head ? { seq: head.seq, hash: head.hash } : undefined);
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
}

export interface AuditFilters {
  action?: string;
  actor?: string;
  subject?: string;
  correlationId?: string;
  /** Entries at or after this time. */
  from?: Date;
  /** Entries before this time (exclusive, so consecutive windows do not overlap). */
  to?: Date;
  /** Page backwards: only entries with a smaller seq (the last seq of the previous page). */
  beforeSeq?: number;
  /** Default 100, at most 1000. */
  limit?: number;
}

/** An organisation's audit entries (the platform's for null), newest first. */
export async function listAudit(db: Db, organisationId: string | null, filters: AuditFilters = {}): Promise<AuditEntry[]> {
  const limit = filters.limit ?? 100;
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new TypeError('listAudit: limit must be an integer from 1 to 1000');
  organisationId = organisationIdOf(organisationId);
  await flushAuditInbox(db, organisationId);
  const conditions: (SQL | undefined)[] = [
    eq(auditLog.chain, chainOf(organisationId)),
    organisationId === null ? isNull(auditLog.organisationId) : eq(auditLog.organisationId, organisationId),
    filters.action !== undefined ? eq(auditLog.action, filters.action) : undefined,
    filters.actor !== undefined ? eq(auditLog.actor, filters.actor) : undefined,
    filters.subject !== undefined ? eq(auditLog.subject, filters.subject) : undefined,
    filters.correlationId !== undefined ? eq(auditLog.correlationId, filters.correlationId) : undefined,
    filters.from !== undefined ? gte(auditLog.at, filters.from) : undefined,
    filters.to !== undefined ? lt(auditLog.at, filters.to) : undefined,
    filters.beforeSeq !== undefined ? lt(auditLog.seq, filters.beforeSeq) : undefined,
  ];
  const rows = await db
    .select()
    .from(auditLog)
    .where(and(...conditions))
    .orderBy(desc(auditLog.seq))
    .limit(limit);
  return rows.map(toEntry);
}
