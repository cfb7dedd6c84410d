// Exponential backoff between attempts: base, 2×base, 4×base, … capped. No jitter, so
// tests with a fixed clock know exactly when a retry becomes due; replicas do not retry in
// lockstep anyway, since each job failed at its own time.

/** Delay before the run after `attempt` (1-based) failed. */
export function retryDelayMs(attempt: number, baseMs: number, maxMs: number): number {
  const exponent = Math.min(Math.max(attempt - 1, 0), 30);
  return Math.min(baseMs * 2 ** exponent, maxMs);
}
