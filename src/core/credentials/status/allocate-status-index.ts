// Choosing a credential's index in a status list.
//
// The index must reveal nothing about when the credential was issued or what else was issued
// around it: sequential indexes would let anyone who sees two credentials order them, and
// let a verifier watching a list infer issuance volumes. So an index is drawn uniformly at
// random among the list's FREE indexes (Token Status List, Privacy Considerations, "Unlinkability";
// HAIP 1.0 requires a unique random index per credential; the EU WE BUILD ADR chose the same).
//
// How: rejection sampling. Draw an index uniformly from [0, size) and try to claim it; a
// claim fails only when the index is taken (the store's unique (list, idx) constraint decides,
// atomically, so two replicas can never claim one index). Accepting the first free draw is
// exactly uniform over the free indexes. Because a list is closed to new credentials once it
// is 90% used (DEFAULT_STATUS_LIST_FILL_LIMIT), a draw succeeds with probability ≥ 0.1 and on
// average in ~2.6 draws over a list's life; after `randomAttempts` misses (0.9^64 ≈ 0.1%
// even at the limit) we fall back to drawing the n-th free index, still uniform, which costs
// the store one scan of the list.
//
// Randomness is injected (`RandomInt`): node:crypto's randomInt at the edges, a seeded
// source in tests.

/** A uniformly distributed integer in [0, maxExclusive). */
export type RandomInt = (maxExclusive: number) => number;

/** How the store claims indexes of one list (inside the caller's transaction). */
export interface IndexClaims {
  /** Claims `index` for the credential; false when it is already taken. */
  tryClaim(index: number): Promise<boolean>;
  /** How many indexes of the list are free. */
  freeCount(): Promise<number>;
  /** The n-th free index (0-based, ascending), or undefined when fewer than n + 1 are free. */
  nthFree(n: number): Promise<number | undefined>;
}

export interface AllocateIndexInput {
  /** Entries in the list. */
  size: number;
  random: RandomInt;
  claims: IndexClaims;
  /** Uniform draws over the whole list before falling back to drawing among the free ones (default 64). */
  randomAttempts?: number;
}

const FALLBACK_ROUNDS = 8;

function draw(random: RandomInt, maxExclusive: number): number {
  const value = random(maxExclusive);
  if (!Number.isSafeInteger(value) || value < 0 || value >= maxExclusive) {
    throw new TypeError(`random source returned ${String(value)}, not an integer in [0, ${maxExclusive})`);
  }
  return value;
}

/** Claims a uniformly random free index of the list; undefined when the list is full. */
export async function allocateStatusIndex(input: AllocateIndexInput): Promise<number | undefined> {
  const { size, random, claims } = input;
  if (!Number.isSafeInteger(size) || size <= 0) throw new TypeError('status list size must be a positive integer');
  const attempts = input.randomAttempts ?? 64;
  for (let i = 0; i < attempts; i++) {
    const index = draw(random, size);
    if (await claims.tryClaim(index)) return index;
  }
  // The list is (nearly) full: draw among the free indexes. A concurrent claim can take the
  // chosen one between the count and the claim, so try a few rounds.
  for (let round = 0; round < FALLBACK_ROUNDS; round++) {
    const free = await claims.freeCount();
    if (free <= 0) return undefined;
    const index = await claims.nthFree(draw(random, free));
    if (index !== undefined && (await claims.tryClaim(index))) return index;
  }
  return undefined;
}

/** Whether a list with `used` of `size` entries taken is closed to new credentials: more than `fillLimit` of it is used. */
export function isListFull(used: number, size: number, fillLimit: number): boolean {
  return used > size * fillLimit;
}
