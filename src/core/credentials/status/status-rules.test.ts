import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allocateStatusIndex, isListFull, type IndexClaims } from './allocate-status-index.ts';
import {
  bitstringBitOf,
  combinedState,
  decideTransition,
  listKindOf,
  statusListUri,
  statusReferencesOf,
  tokenStatusValueOf,
  type CredentialStatusState,
} from './status-rules.ts';
import { seededRandomInt } from './testing.ts';

describe('status transitions', () => {
  it('revoking is final and idempotent', () => {
    assert.deepEqual(decideTransition('valid', 'revoke'), { change: true, to: 'revoked' });
    assert.deepEqual(decideTransition('suspended', 'revoke'), { change: true, to: 'revoked' });
    assert.deepEqual(decideTransition('revoked', 'revoke'), { change: false, outcome: 'already_revoked' });
  });

  it('a revoked credential can be neither suspended nor unsuspended', () => {
    assert.deepEqual(decideTransition('revoked', 'suspend'), { change: false, outcome: 'revoked' });
    assert.deepEqual(decideTransition('revoked', 'unsuspend'), { change: false, outcome: 'revoked' });
  });

  it('suspension is reversible, and repeating either step changes nothing', () => {
    assert.deepEqual(decideTransition('valid', 'suspend'), { change: true, to: 'suspended' });
    assert.deepEqual(decideTransition('suspended', 'suspend'), { change: false, outcome: 'already_suspended' });
    assert.deepEqual(decideTransition('suspended', 'unsuspend'), { change: true, to: 'valid' });
    assert.deepEqual(decideTransition('valid', 'unsuspend'), { change: false, outcome: 'not_suspended' });
  });

  it('a credential with entries in two formats takes the most severe state', () => {
    assert.equal(combinedState(['valid', 'suspended']), 'suspended');
    assert.equal(combinedState(['suspended', 'revoked']), 'revoked');
    assert.equal(combinedState([]), 'valid');
  });

  it('writes states as token values 0/1/2 and as one bit per bitstring purpose', () => {
    const states: CredentialStatusState[] = ['valid', 'revoked', 'suspended'];
    assert.deepEqual(states.map(tokenStatusValueOf), [0x00, 0x01, 0x02]);
    assert.deepEqual(states.map((s) => bitstringBitOf(s, 'revocation')), [false, true, false]);
    assert.deepEqual(states.map((s) => bitstringBitOf(s, 'suspension')), [false, false, true]);
  });

  it('gives jwt_vc_json a revocation and a suspension entry on one index, and dc+sd-jwt one token entry', () => {
    assert.equal(listKindOf('jwt_vc_json'), 'bitstring');
    assert.equal(listKindOf('dc+sd-jwt'), 'token');
    const id = '1f6e2d3c-4b5a-4978-8a6b-5c4d3e2f1a0b';
    assert.deepEqual(statusReferencesOf({ kind: 'bitstring', listId: id, index: 7 }, 'http://localhost:3000/', 'RZX'), [
      { uri: `http://localhost:3000/orgs/RZX/status/bitstring/${id}/revocation`, index: 7, purpose: 'revocation' },
      { uri: `http://localhost:3000/orgs/RZX/status/bitstring/${id}/suspension`, index: 7, purpose: 'suspension' },
    ]);
    assert.deepEqual(statusReferencesOf({ kind: 'token', listId: id, index: 7 }, 'http://localhost:3000', 'RZX'), [
      { uri: statusListUri('http://localhost:3000', 'RZX', { kind: 'token', listId: id }), index: 7 },
    ]);
  });
});

/** An in-memory list: what the store's unique (list, idx) constraint does, without a database. */
function memoryClaims(size: number, taken: Iterable<number> = []) {
  const used = new Set(taken);
  const claims: IndexClaims & { used: Set<number>; tries: number } = {
    used,
    tries: 0,
    async tryClaim(index) {
      claims.tries++;
      if (used.has(index)) return false;
      used.add(index);
      return true;
    },
    async freeCount() {
      return size - used.size;
    },
    async nthFree(n) {
      for (let i = 0, seen = 0; i < size; i++) if (!used.has(i) && seen++ === n) return i;
      return undefined;
    },
  };
  return claims;
}

describe('random index allocation', () => {
  it('draws indexes from the injected random source, not in issuance order', async () => {
    const size = 131_072;
    const claims = memoryClaims(size);
    const random = seededRandomInt(7);
    const indexes: number[] = [];
    for (let i = 0; i < 50; i++) indexes.push((await allocateStatusIndex({ size, random, claims }))!);
    assert.equal(new Set(indexes).size, 50, 'distinct');
    assert.ok(indexes.every((i) => Number.isInteger(i) && i >= 0 && i < size), 'within range');
    assert.notDeepEqual(indexes, [...indexes].sort((a, b) => a - b), 'not monotonic');
    // The same seed gives the same indexes: nothing but the source decides.
    const again = memoryClaims(size);
    const replay = seededRandomInt(7);
    for (const expected of indexes) assert.equal(await allocateStatusIndex({ size, random: replay, claims: again }), expected);
  });

  it('retries a taken index with a new draw', async () => {
    const sequence = [5, 5, 9];
    const claims = memoryClaims(16, [5]);
    const index = await allocateStatusIndex({ size: 16, random: () => sequence.shift()!, claims });
    assert.equal(index, 9);
    assert.equal(claims.tries, 3);
  });

  it('falls back to drawing among the free indexes when random draws keep missing, and says when the list is full', async () => {
    const claims = memoryClaims(16, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 14, 15]);
    const index = await allocateStatusIndex({ size: 16, random: (max) => (max === 16 ? 0 : max - 1), claims, randomAttempts: 4 });
    assert.equal(index, 13);
    assert.equal(await allocateStatusIndex({ size: 16, random: () => 0, claims, randomAttempts: 4 }), undefined);
  });

  it('refuses a random source that answers outside the range', async () => {
    await assert.rejects(allocateStatusIndex({ size: 16, random: () => 16, claims: memoryClaims(16) }), TypeError);
    await assert.rejects(allocateStatusIndex({ size: 16, random: () => 1.5, claims: memoryClaims(16) }), TypeError);
  });

  it('closes a list to new credentials at its fill limit', () => {
    assert.equal(isListFull(117_964, 131_072, 0.9), false);
    assert.equal(isListFull(117_964 + 1, 131_072, 0.9), true);
  });
});
