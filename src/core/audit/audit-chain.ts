// The audit log's hash chain: pure canonicalisation, hashing and verification. Storage
// (src/store/audit-log.ts) feeds rows in; nothing here does I/O or reads a clock.
//
// Each entry's hash covers its own content and the previous entry's hash, so changing or
// deleting a stored entry breaks either its own hash or the link from the entry after it; the
// per-chain head row carries the last (seq, hash), so deleting the newest entries is caught
// too. What a hash chain cannot catch is someone who rewrites every later entry and the head
// as well: that needs the head anchored outside the database (not done yet).
import { createHash } from 'node:crypto';

/** prev_hash of the first entry of every chain. */
export const GENESIS_HASH = '0'.repeat(64);

/** Chain of entries that belong to no organisation. */
export const PLATFORM_CHAIN = 'platform';

/** One chain per organisation, so appends for different trusts never wait on each other. */
export function chainOf(organisationId: string | null): string {
  return organisationId ?? PLATFORM_CHAIN;
}

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** Everything an entry's hash covers. */
export interface AuditEntryContent {
  chain: string;
  seq: number;
  organisationId: string | null;
  actor: string;
  action: string;
  subject: string;
  correlationId: string;
  at: Date;
  details: Record<string, JsonValue>;
  prevHash: string;
}

/** A stored entry: its content and the hash that was stored with it. */
export interface StoredAuditEntry extends AuditEntryContent {
  hash: string;
}

/**
 * JSON with object members sorted by key at every level and no insignificant whitespace.
 * For the values we store (strings, finite numbers, booleans, null, arrays, plain objects) this
 * is the JSON Canonicalization Scheme (RFC 8785): ES number serialisation and UTF-16 code-unit
 * key order, which is what JSON.stringify and the default sort give.
 */
export function canonicalJson(value: JsonValue): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new TypeError('canonicalJson: numbers must be finite');
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const keys = Object.keys(value).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k]!)}`).join(',')}}`;
}

/**
 * Turns caller-supplied details into the JSON value that the database will hand back: drops
 * `undefined` members, turns Dates into ISO strings and -0 into 0, exactly as JSON does, so
 * the hash computed before the insert equals the one recomputed from the stored row.
 */
export function normaliseDetails(details: Record<string, unknown>): Record<string, JsonValue> {
  const json = JSON.stringify(details, (_key, v: unknown) => {
    if (typeof v === 'number' && !Number.isFinite(v)) throw new TypeError('audit details: numbers must be finite');
    if (typeof v === 'bigint') throw new TypeError('audit details: bigint is not JSON');
    return v;
  });
  const parsed: unknown = JSON.parse(json);
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new TypeError('audit details must be an object');
  return parsed as Record<string, JsonValue>;
}

/**
 * The bytes an entry's hash is taken over: a JSON array in a fixed order, led by a version tag
 * so the serialisation can change later without old hashes becoming ambiguous.
 */
export function canonicalAuditEntry(entry: AuditEntryContent): string {
  if (Number.isNaN(entry.at.getTime())) throw new TypeError('audit entry: invalid date');
  return canonicalJson([
    'dsp-audit-v1',
    entry.chain,
    entry.seq,
    entry.organisationId,
    entry.actor,
    entry.action,
    entry.subject,
    entry.correlationId,
    // toISOString always has milliseconds and Z; timestamptz keeps them exactly.
    entry.at.toISOString(),
    entry.details,
    entry.prevHash,
  ]);
}

/** Lower-case hex SHA-256 of the canonical serialisation. */
export function hashAuditEntry(entry: AuditEntryContent): string {
  return createHash('sha256').update(canonicalAuditEntry(entry), 'utf8').digest('hex');
}

export type AuditFinding =
  /** The stored hash does not match the entry's content: the row was changed. */
  | { kind: 'edited'; chain: string; seq: number }
  /** Entries fromSeq..toSeq are missing: a gap in the middle, or (seen through the head) at the tail. */
  | { kind: 'deleted'; chain: string; fromSeq: number; toSeq: number }
  /**
   * The entry's prev_hash is not the hash of the entry before it (`at: 'entry'`), or the head
   * does not point at the last entry (`at: 'head'`, seq = the head's seq).
   */
  | { kind: 'broken-link'; chain: string; seq: number; at: 'entry' | 'head' };

export interface ChainHead {
  seq: number;
  hash: string;
}

export interface ChainVerification {
  ok: boolean;
  chain: string;
  /** Entries examined. */
  entries: number;
  findings: AuditFinding[];
}

export interface ChainVerifier {
  /** Feeds the next stored entry; entries must arrive in ascending seq order. */
  push(entry: StoredAuditEntry): void;
  /** Compares the head (undefined when the chain has no head row) with the last entry. */
  finish(head: ChainHead | undefined): ChainVerification;
}

/**
 * Walks one chain incrementally, so a long chain can be read in pages. Every problem is
 * reported, not just the first, so an auditor sees the full extent of tampering.
 */
export function startChainVerification(chain: string): ChainVerifier {
  const findings: AuditFinding[] = [];
  let entries = 0;
  let lastSeq = 0;
  let lastHash = GENESIS_HASH;
  let finished = false;

  return {
    push(entry) {
      if (finished) throw new TypeError('chain verification already finished');
      if (entry.chain !== chain) throw new TypeError(`entry of chain ${entry.chain} fed to the verifier of ${chain}`);
      entries += 1;
      // Sequence numbers start at 1; a row at or below the last one (seq <= 0, since rows are
      // read in ascending order) was put there by hand.
      if (entry.seq <= lastSeq) {
        findings.push({ kind: 'broken-link', chain, seq: entry.seq, at: 'entry' });
        return;
      }
      const expectedSeq = lastSeq + 1;
      const gap = entry.seq > expectedSeq;
      if (gap) findings.push({ kind: 'deleted', chain, fromSeq: expectedSeq, toSeq: entry.seq - 1 });
      if (hashAuditEntry(entry) !== entry.hash) findings.push({ kind: 'edited', chain, seq: entry.seq });
      // After a gap the link is broken by construction; the deletion already explains it.
      if (!gap && entry.prevHash !== lastHash) findings.push({ kind: 'broken-link', chain, seq: entry.seq, at: 'entry' });
      lastSeq = entry.seq;
      lastHash = entry.hash;
    },
    finish(head) {
      finished = true;
      const headSeq = head?.seq ?? 0;
      const headHash = head?.hash ?? GENESIS_HASH;
      if (headSeq > lastSeq) {
        findings.push({ kind: 'deleted', chain, fromSeq: lastSeq + 1, toSeq: headSeq });
      } else if (headSeq < lastSeq || headHash !== lastHash) {
        // Entries beyond the head (appended around the head lock) or a replaced last entry.
        findings.push({ kind: 'broken-link', chain, seq: headSeq, at: 'head' });
      }
      return { ok: findings.length === 0, chain, entries, findings };
    },
  };
}
