import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  GENESIS_HASH,
  canonicalAuditEntry,
  canonicalJson,
  chainOf,
  hashAuditEntry,
  normaliseDetails,
  startChainVerification,
  type StoredAuditEntry,
} from './audit-chain.ts';

const org = '3f0c2a4e-5b6d-4c7e-8f90-a1b2c3d4e5f6';

function chainOfLength(n: number): StoredAuditEntry[] {
  const entries: StoredAuditEntry[] = [];
  let prevHash = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq += 1) {
    const content = {
      chain: org,
      seq,
      organisationId: org,
      actor: 'user:1',
      action: 'credential.issued',
      subject: `serial:${seq}`,
      correlationId: 'c',
      at: new Date(Date.UTC(2025, 0, 1, 0, 0, seq)),
      details: { seq },
      prevHash,
    };
    const hash = hashAuditEntry(content);
    entries.push({ ...content, hash });
    prevHash = hash;
  }
  return entries;
}

function verify(entries: StoredAuditEntry[], head = entries.length ? { seq: entries.at(-1)!.seq, hash: entries.at(-1)!.hash } : undefined) {
  const verifier = startChainVerification(org);
  for (const e of entries) verifier.push(e);
  return verifier.finish(head);
}

describe('audit chain', () => {
  it('serialises objects with keys sorted at every level and no whitespace (RFC 8785 for JSON values)', () => {
    assert.equal(canonicalJson({ b: 1, a: { d: [true, null, 'é'], c: 1.5 } }), '{"a":{"c":1.5,"d":[true,null,"é"]},"b":1}');
    assert.throws(() => canonicalJson(Number.NaN), TypeError);
  });

  it('normalises details to what the database gives back', () => {
    assert.deepEqual(normaliseDetails({ a: undefined, b: new Date('2025-01-01T00:00:00Z'), c: -0 }), { b: '2025-01-01T00:00:00.000Z', c: 0 });
    assert.throws(() => normaliseDetails({ n: Number.POSITIVE_INFINITY }), TypeError);
  });

  it('hashes a fixed canonical form: same content, same hash, whatever the key order of details', () => {
    const base = chainOfLength(1)[0]!;
    assert.equal(
      canonicalAuditEntry(base),
      `["dsp-audit-v1","${org}",1,"${org}","user:1","credential.issued","serial:1","c","2025-01-01T00:00:01.000Z",{"seq":1},"${GENESIS_HASH}"]`,
    );
    const a = hashAuditEntry({ ...base, details: { x: 1, y: 2 } });
    const b = hashAuditEntry({ ...base, details: { y: 2, x: 1 } });
    assert.equal(a, b);
    assert.match(a, /^[0-9a-f]{64}$/);
    assert.notEqual(hashAuditEntry({ ...base, at: new Date(base.at.getTime() + 1) }), hashAuditEntry(base));
  });

  it('names the platform chain for entries without an organisation', () => {
    assert.equal(chainOf(null), 'platform');
    assert.equal(chainOf(org), org);
  });

  it('accepts an intact chain and an empty one', () => {
    assert.deepEqual(verify(chainOfLength(5)), { ok: true, chain: org, entries: 5, findings: [] });
    assert.deepEqual(verify([]), { ok: true, chain: org, entries: 0, findings: [] });
  });

  it('reports an edited entry by its seq and nothing else', () => {
    const entries = chainOfLength(4);
    entries[1] = { ...entries[1]!, subject: 'serial:999' };
    assert.deepEqual(verify(entries).findings, [{ kind: 'edited', chain: org, seq: 2 }]);
  });

  it('reports a gap as deleted, without a redundant broken link', () => {
    const entries = chainOfLength(5);
    entries.splice(1, 2);
    assert.deepEqual(verify(entries).findings, [{ kind: 'deleted', chain: org, fromSeq: 2, toSeq: 3 }]);
  });

  it('reports a re-linked entry as a broken link', () => {
    const entries = chainOfLength(3);
    const forged = { ...entries[2]!, prevHash: 'f'.repeat(64) };
    entries[2] = { ...forged, hash: hashAuditEntry(forged) };
    assert.deepEqual(verify(entries).findings, [{ kind: 'broken-link', chain: org, seq: 3, at: 'entry' }]);
  });

  it('reports deleted newest entries through the head', () => {
    const entries = chainOfLength(5);
    const head = { seq: 5, hash: entries[4]!.hash };
    assert.deepEqual(verify(entries.slice(0, 3), head).findings, [{ kind: 'deleted', chain: org, fromSeq: 4, toSeq: 5 }]);
  });

  it('reports a head that does not point at the last entry', () => {
    const entries = chainOfLength(3);
    assert.deepEqual(verify(entries, { seq: 2, hash: entries[1]!.hash }).findings, [{ kind: 'broken-link', chain: org, seq: 2, at: 'head' }]);
    assert.deepEqual(verify(entries, { seq: 3, hash: GENESIS_HASH }).findings, [{ kind: 'broken-link', chain: org, seq: 3, at: 'head' }]);
    const headless = startChainVerification(org);
    for (const e of entries) headless.push(e);
    assert.deepEqual(headless.finish(undefined).findings, [{ kind: 'broken-link', chain: org, seq: 0, at: 'head' }]);
  });

  it('reports an entry numbered below 1 instead of throwing', () => {
    const [first] = chainOfLength(1);
    const zero = { ...first!, seq: 0 };
    const result = verify([zero, first!], { seq: 1, hash: first!.hash });
    assert.deepEqual(result.findings, [{ kind: 'broken-link', chain: org, seq: 0, at: 'entry' }]);
  });

  it('refuses an entry of another chain as misuse', () => {
    const verifier = startChainVerification('platform');
    assert.throws(() => verifier.push(chainOfLength(1)[0]!), TypeError);
  });
});
