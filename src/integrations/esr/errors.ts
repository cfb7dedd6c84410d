// The ESR port's errors, one class per stable code (STYLE.md rules 6–7). `retryable` says
// whether the same call may succeed later (an outage, a timeout, a garbled answer) or never
// will as it stands (an unknown number, a refused request, a forgotten cursor), so a job can
// back off and retry the first kind and report the second. Messages name the operation and
// what went wrong, never an assignment number, a name or anything else about a person: they are
// logged and stored (`jobs.last_error`).
import type { EsrOperation } from './port.ts';

export const esrErrorCodes = [
  'esr_unavailable',
  'esr_timeout',
  'esr_malformed_response',
  'esr_not_found',
  'esr_request_rejected',
  'esr_cursor_expired',
] as const;
export type EsrErrorCode = (typeof esrErrorCodes)[number];

export abstract class EsrError extends Error {
  abstract readonly code: EsrErrorCode;
  abstract readonly retryable: boolean;
  constructor(
    readonly operation: EsrOperation,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** ESR could not be reached, or answered that it cannot serve now (5xx, 429, 408). Retry later. */
export class EsrUnavailable extends EsrError {
  readonly code = 'esr_unavailable';
  readonly retryable = true;
  constructor(
    operation: EsrOperation,
    /** `HTTP 503`, or a network error code such as `ECONNREFUSED`. */
    readonly detail: string,
    readonly status?: number,
    /** From a Retry-After header, when ESR sent one. */
    readonly retryAfterMs?: number,
  ) {
    super(operation, `ESR is unavailable (${operation}): ${detail}`);
  }
}

/** ESR did not answer within the configured time (DSP_ESR_TIMEOUT_MS). Retry later. */
export class EsrTimeout extends EsrError {
  readonly code = 'esr_timeout';
  readonly retryable = true;
  constructor(
    operation: EsrOperation,
    readonly timeoutMs: number,
  ) {
    super(operation, `ESR did not answer ${operation} within ${timeoutMs} ms`);
  }
}

/**
 * ESR answered, but not with what the interface promises: not JSON, or JSON of the wrong shape.
 * Retryable: a truncated body or a proxy's error page usually passes; a job's attempt limit
 * bounds the case where it does not. `problems` lists JSON paths and what is wrong, never values.
 */
export class EsrMalformedResponse extends EsrError {
  readonly code = 'esr_malformed_response';
  readonly retryable = true;
  constructor(
    operation: EsrOperation,
    readonly problems: readonly string[],
  ) {
    super(operation, `ESR answered ${operation} with malformed data: ${problems.join('; ')}`);
  }
}

export const esrResources = ['organisation', 'assignment', 'person'] as const;
export type EsrResource = (typeof esrResources)[number];

/** ESR has no such organisation, assignment number or person. Not retryable: ask for another number (E6 step 2). */
export class EsrNotFound extends EsrError {
  readonly code = 'esr_not_found';
  readonly retryable = false;
  constructor(
    operation: EsrOperation,
    readonly resource: EsrResource,
  ) {
    super(operation, `ESR has no ${resource} with that identifier (${operation})`);
  }
}

/** ESR refused the request itself (400, 401, 403, an unexpected 4xx): our request or our credentials are wrong. Not retryable. */
export class EsrRequestRejected extends EsrError {
  readonly code = 'esr_request_rejected';
  readonly retryable = false;
  constructor(
    operation: EsrOperation,
    readonly detail: string,
    readonly status?: number,
  ) {
    super(operation, `ESR refused ${operation}: ${detail}`);
  }
}

/** The change-feed cursor is one ESR no longer knows (it restarted, or the cursor is too old). Read everyone again. */
export class EsrCursorExpired extends EsrError {
  readonly code = 'esr_cursor_expired';
  readonly retryable = false;
  constructor(operation: EsrOperation = 'changesSince') {
    super(operation, 'ESR no longer knows this change-feed cursor: read the records again and follow the feed from its start');
  }
}
