// The append-only, hash-chained audit log (who did what to what, for which organisation,
// under which correlation id, when). Appends happen inside the caller's transaction, so an
// entry exists exactly when the change it records committed. The chain rules (canonical form,
// hashing, verification) are pure and live in src/core/audit/audit-chain.ts.
//
// Concurrency: each chain has one head row; an append locks it (`select … for update`),
// so two appends to one chain queue up and the chain never forks or skips a number, while
// appends to different organisations' chains never wait on each other.
import { and, asc, desc, eq, gt, gte, isNull, lt, type SQL } from 'drizzle-orm';
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
import { schema, type Db } from './database.ts';

const { auditLog, auditHeads } = schema;

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

/**
 * Appends one entry to its organisation's chain, using `db` (usually the caller's open
 * transaction; a savepoint is taken inside it). `clock` supplies the entry's time.
 */
export async function appendAudit(db: Db, input: AuditInput, clock: Clock): Promise<AuditEntry> {
  const organisationId = organisationIdOf(input.organisationId);
  const chain = chainOf(organisationId);
  const fields = {
    actor: requireText('actor', input.actor),
    action: requireText('action', input.action),
    subject: requireText('subject', input.subject),
    correlationId: requireText('correlationId', input.correlationId),
  };
  const details = normaliseDetails(input.details ?? {});

  // Even without a caller's transaction, the lock must be held until the entry and the head
  // are written together; inside one, this is a savepoint.
  return db.transaction(async (tx) => {
    const lockHead = () => tx.select().from(auditHeads).where(eq(auditHeads.chain, chain)).for('update');
    let [head] = await lockHead();
    if (!head) {
      // First entry of this chain: create the head; a concurrent first append loses the
      // insert race harmlessly and then queues on the lock like any other.
      await tx.insert(auditHeads).values({ chain, seq: 0, hash: GENESIS_HASH }).onConflictDoNothing();
      [head] = await lockHead();
      if (!head) throw new Error(`audit head of chain ${chain} missing after insert`);
    }

    // The time is taken once the lock is held, so it follows the order of the chain as
    // closely as this process's clock allows.
    const content: AuditEntryContent = {
      chain,
      seq: head.seq + 1,
      organisationId,
      ...fields,
      at: clock.now(),
      details,
      prevHash: head.hash,
    };
    const hash = hashAuditEntry(content);
    const [row] = await tx
      .insert(auditLog)
      .values({ ...content, hash })
      .returning();
    await tx.update(auditHeads).set({ seq: content.seq, hash }).where(eq(auditHeads.chain, chain));
    return toEntry(row!);
  });
}

const VERIFY_PAGE = 1000;

/**
 * Walks an organisation's chain (or the platform chain for null) in seq order, recomputing
 * every hash and link and comparing the head. When `db` is not already a transaction, the walk
 * reads one repeatable-read snapshot, so appends committing meanwhile are not mistaken for
 * tampering.
 */
export async function verifyAuditChain(db: Db, organisationId: string | null): Promise<ChainVerification> {
  return verifyChain(db, chainOf(organisationIdOf(organisationId)));
}

/** Verifies every chain that has a head or an entry (e.g. for a scheduled integrity check). */
export async function verifyAllAuditChains(db: Db): Promise<ChainVerification[]> {
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
