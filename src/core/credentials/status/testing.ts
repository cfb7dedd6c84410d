// Deterministic randomness for tests of status allocation (STYLE.md rule 14): a seeded
// mulberry32 generator. Not for production use — the ledger uses node:crypto's randomInt.
import type { RandomInt } from './allocate-status-index.ts';

export function seededRandomInt(seed: number): RandomInt {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return (maxExclusive) => Math.floor(next() * maxExclusive);
}
