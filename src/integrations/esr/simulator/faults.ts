// Faults a test or a demo can make the simulated ESR show, so every failure the port must handle
// can be produced over real HTTP: an error status, a slow answer, a body that is not JSON, JSON of
// the wrong shape, an HTML page from a proxy, a dropped connection.
import { z } from 'zod';
import { esrOperations, type EsrOperation } from '../port.ts';

export const faultKinds = ['error', 'delay', 'malformed-json', 'wrong-shape', 'html', 'disconnect'] as const;
export type FaultKind = (typeof faultKinds)[number];

/** A fault as a control request describes it. */
export const zFaultInput = z
  .strictObject({
    /** Which operation it affects (default: every one). */
    operation: z.enum([...esrOperations, 'any']).default('any'),
    /** Only requests for this organisation (default: any). */
    orgCode: z.string().regex(/^[A-Z0-9]{3,10}$/).optional(),
    kind: z.enum(faultKinds),
    /** For `error`: the HTTP status to answer (default 503). */
    status: z.number().int().min(400).max(599).optional(),
    /** For `error` with 429 or 503: a Retry-After header, in seconds. */
    retryAfterSeconds: z.number().int().min(0).max(86_400).optional(),
    /** For `delay`: how long to wait before answering normally. */
    delayMs: z.number().int().min(1).max(300_000).optional(),
    /** How many requests it affects before it clears itself (default: until cleared). */
    times: z.number().int().min(1).max(1_000_000).optional(),
  })
  .superRefine((f, ctx) => {
    if (f.kind === 'delay' && f.delayMs === undefined) ctx.addIssue({ code: 'custom', path: ['delayMs'], message: 'is required for a delay' });
    if (f.kind !== 'delay' && f.delayMs !== undefined) ctx.addIssue({ code: 'custom', path: ['delayMs'], message: 'applies only to a delay' });
    if (f.kind !== 'error' && (f.status !== undefined || f.retryAfterSeconds !== undefined))
      ctx.addIssue({ code: 'custom', path: ['status'], message: 'status and retryAfterSeconds apply only to an error' });
  });
export type FaultInput = z.input<typeof zFaultInput>;

export interface Fault {
  id: number;
  operation: EsrOperation | 'any';
  orgCode?: string;
  kind: FaultKind;
  status?: number;
  retryAfterSeconds?: number;
  delayMs?: number;
  /** Requests it will still affect; undefined: until cleared. */
  remaining?: number;
}

export interface FaultBoard {
  add(input: FaultInput): Fault;
  list(): Fault[];
  remove(id: number): boolean;
  clear(): void;
  /** The first fault that matches this request, counted as used. */
  take(operation: EsrOperation, orgCode: string): Fault | undefined;
}

export function createFaultBoard(): FaultBoard {
  let faults: Fault[] = [];
  let nextId = 1;
  return {
    add(input) {
      const parsed = zFaultInput.parse(input);
      const fault: Fault = {
        id: nextId++,
        operation: parsed.operation,
        kind: parsed.kind,
        ...(parsed.orgCode ? { orgCode: parsed.orgCode } : {}),
        ...(parsed.kind === 'error' ? { status: parsed.status ?? 503 } : {}),
        ...(parsed.retryAfterSeconds !== undefined ? { retryAfterSeconds: parsed.retryAfterSeconds } : {}),
        ...(parsed.delayMs !== undefined ? { delayMs: parsed.delayMs } : {}),
        ...(parsed.times !== undefined ? { remaining: parsed.times } : {}),
      };
      faults.push(fault);
      return { ...fault };
    },
    list: () => faults.map((f) => ({ ...f })),
    remove(id) {
      const before = faults.length;
      faults = faults.filter((f) => f.id !== id);
      return faults.length < before;
    },
    clear() {
      faults = [];
    },
    take(operation, orgCode) {
      const fault = faults.find((f) => (f.operation === 'any' || f.operation === operation) && (f.orgCode === undefined || f.orgCode === orgCode));
      if (!fault) return undefined;
      if (fault.remaining !== undefined) {
        fault.remaining -= 1;
        if (fault.remaining <= 0) faults = faults.filter((f) => f !== fault);
      }
      return { ...fault };
    },
  };
}
