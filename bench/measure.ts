// Times tasks the same way on the main thread and in each worker thread. Benchmarks assert
// nothing about time: they report what they measured.
//
// The machine is shared (other test runs come and go), so the tasks are not timed one after
// the other: they take turns in short slices, round-robin, for the whole window. A burst of
// outside load then slows every task alike, and the credential figures keep their ratio to the
// raw ES256 figures measured alongside them.
import { performance } from 'node:perf_hooks';
import type { Step } from './tasks.ts';

export interface Timing {
  /** Operations completed in the task's slices. */
  ops: number;
  /** The slices' real length in seconds (each slightly over `sliceMs`: its last op finishes). */
  seconds: number;
}

export interface Schedule {
  /** Untimed run of each task first (JIT, caches). */
  warmupMs: number;
  /** Length of one turn of one task. */
  sliceMs: number;
  /** Turns per task. */
  slices: number;
}

/** Runs `step` back to back for `ms`. */
async function runFor(step: Step, ms: number): Promise<Timing> {
  const start = performance.now();
  const end = start + ms;
  let ops = 0;
  let now = start;
  while (now < end) {
    const result = step();
    // Credential operations are async; the raw node:crypto calls are not and stay unawaited.
    if (result instanceof Promise) await result;
    ops += 1;
    now = performance.now();
  }
  return { ops, seconds: (now - start) / 1000 };
}

/** Warms each step up, then gives them `slices` turns of `sliceMs` each, round-robin. */
export async function timeRoundRobin(steps: readonly Step[], schedule: Schedule): Promise<Timing[]> {
  for (const step of steps) await runFor(step, schedule.warmupMs);
  const totals = steps.map(() => ({ ops: 0, seconds: 0 }));
  for (let slice = 0; slice < schedule.slices; slice += 1) {
    for (const [i, step] of steps.entries()) {
      const t = await runFor(step, schedule.sliceMs);
      const total = totals[i] as Timing;
      total.ops += t.ops;
      total.seconds += t.seconds;
    }
  }
  return totals;
}

export const opsPerSecond = (t: Timing): number => t.ops / t.seconds;
