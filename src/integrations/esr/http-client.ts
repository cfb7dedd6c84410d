// The ESR port over HTTP: speaks the JSON interface the simulator serves (docs/esr.md), and
// would speak to any ESR gateway that offered it. Each call is a pipeline of named steps:
// check the arguments → send (global fetch, undici, with an AbortSignal timeout that also
// covers reading the body) → read the body (size-capped) → classify the status → parse JSON →
// parse the shape with the core's schemas. Every failure is an EsrError (./errors.ts) with a
// clear message and a `retryable` flag; nothing here logs an assignment number, a person id, a
// name or a URL (which holds them) — only the operation, the organisation, the status and the
// time taken.
import { z } from 'zod';
import {
  zEsrAssignmentLookup,
  zEsrChangePage,
  zEsrPersonRecords,
  type EsrAssignmentLookup,
  type EsrChangePage,
  type EsrPersonRecords,
} from '../../core/esr/index.ts';
import type { Logger } from '../../platform/logger.ts';
import {
  EsrCursorExpired,
  EsrError,
  EsrMalformedResponse,
  EsrNotFound,
  EsrRequestRejected,
  EsrTimeout,
  EsrUnavailable,
  esrResources,
} from './errors.ts';
import { checkLimit, checkOrgCode, checkPersonRef, type EsrOperation, type EsrPort } from './port.ts';

export interface EsrHttpClientOptions {
  /** e.g. `http://localhost:3000/esr-sim` (DSP_ESR_URL). */
  baseUrl: string;
  /** Whole-call limit: connecting, waiting and reading the body (DSP_ESR_TIMEOUT_MS). */
  timeoutMs: number;
  /** Default: the global fetch (undici). */
  fetch?: typeof fetch;
  logger?: Pick<Logger, 'debug' | 'warn'>;
  /** Largest body accepted (default 5 MB): a change page of 1000 entries is about 200 kB. */
  maxBodyBytes?: number;
  /** Sent with every request, e.g. an Authorization header for a real gateway. Never logged. */
  headers?: Record<string, string>;
}

/** The error body of the interface: `{error, error_description, resource?}`; read loosely, it may come from anywhere. */
const zErrorBody = z.looseObject({ error: z.string(), resource: z.enum(esrResources).optional() });

const MAX_PROBLEMS = 5;

class BodyTooLarge extends Error {}

async function readBody(response: Response, maxBytes: number): Promise<string> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel();
    throw new BodyTooLarge();
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw new BodyTooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Retry-After (RFC 9110 §10.2.3): delay-seconds or an HTTP-date. */
function retryAfterMs(value: string | null): number | undefined {
  if (!value) return undefined;
  if (/^[0-9]{1,9}$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

/** A network failure's code (ECONNREFUSED, UND_ERR_SOCKET…), never its message (it may hold the URL). */
function networkCode(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown } } | undefined)?.cause;
  const code = cause && typeof cause.code === 'string' ? cause.code : undefined;
  return code && /^[A-Z0-9_]{2,40}$/.test(code) ? code : 'network error';
}

function problemsOf(error: z.ZodError): string[] {
  const problems = error.issues.slice(0, MAX_PROBLEMS).map((i) => `${i.path.length ? `/${i.path.join('/')}` : '(body)'}: ${i.message}`);
  if (error.issues.length > MAX_PROBLEMS) problems.push(`and ${error.issues.length - MAX_PROBLEMS} more`);
  return problems;
}

export function createEsrHttpClient(options: EsrHttpClientOptions): EsrPort {
  let base: URL;
  try {
    base = new URL(options.baseUrl.replace(/\/+$/, '') + '/');
  } catch {
    throw new TypeError('ESR base URL must be an absolute http(s) URL');
  }
  if (base.protocol !== 'http:' && base.protocol !== 'https:') throw new TypeError('ESR base URL must be an absolute http(s) URL');
  if (!Number.isInteger(options.timeoutMs) || options.timeoutMs < 1) throw new TypeError('ESR timeout must be a positive whole number of milliseconds');
  const fetchImpl = options.fetch ?? fetch;
  const maxBodyBytes = options.maxBodyBytes ?? 5 * 1024 * 1024;

  async function call<T>(operation: EsrOperation, orgCode: string, path: string, schema: z.ZodType<T>): Promise<T> {
    const started = performance.now();
    const signal = AbortSignal.timeout(options.timeoutMs);
    const timedOut = () => signal.aborted;
    let status: number | undefined;
    try {
      // send
      let response: Response;
      try {
        response = await fetchImpl(new URL(path, base), {
          headers: { accept: 'application/json', ...options.headers },
          signal,
          redirect: 'error',
        });
      } catch (error) {
        if (timedOut()) throw new EsrTimeout(operation, options.timeoutMs);
        throw new EsrUnavailable(operation, networkCode(error));
      }
      status = response.status;

      // read
      let text: string;
      try {
        text = await readBody(response, maxBodyBytes);
      } catch (error) {
        if (error instanceof BodyTooLarge) throw new EsrMalformedResponse(operation, [`the body is larger than ${maxBodyBytes} bytes`]);
        if (timedOut()) throw new EsrTimeout(operation, options.timeoutMs);
        throw new EsrUnavailable(operation, `the connection failed while reading the answer (${networkCode(error)})`, status);
      }

      // classify
      if (status === 408 || status === 425 || status === 429 || status >= 500)
        throw new EsrUnavailable(operation, `HTTP ${status}`, status, retryAfterMs(response.headers.get('retry-after')));
      if (status === 404 || status === 410) {
        const body = zErrorBody.safeParse(safeJson(text));
        if (status === 404 && body.success && body.data.error === 'not_found' && body.data.resource) throw new EsrNotFound(operation, body.data.resource);
        if (status === 410 && body.success && body.data.error === 'cursor_expired') throw new EsrCursorExpired(operation);
        throw new EsrRequestRejected(operation, `HTTP ${status} without an ESR error body (is DSP_ESR_URL right?)`, status);
      }
      if (status !== 200) {
        const body = zErrorBody.safeParse(safeJson(text));
        const code = body.success && /^[a-z_]{1,40}$/.test(body.data.error) ? ` ${body.data.error}` : '';
        throw new EsrRequestRejected(operation, `HTTP ${status}${code}`, status);
      }

      // parse JSON
      const type = response.headers.get('content-type') ?? '';
      if (!/^application\/([a-z.+-]+\+)?json\b/i.test(type)) throw new EsrMalformedResponse(operation, [`the body is not JSON (content type ${type.split(';')[0] || 'missing'})`]);
      const json = safeJson(text);
      if (json === undefined) throw new EsrMalformedResponse(operation, ['the body is not valid JSON']);

      // parse shape
      const parsed = schema.safeParse(json);
      if (!parsed.success) throw new EsrMalformedResponse(operation, problemsOf(parsed.error));
      options.logger?.debug({ esr: { operation, orgCode, status, ms: Math.round(performance.now() - started) } }, 'ESR answered');
      return parsed.data;
    } catch (error) {
      if (error instanceof EsrError && !(error instanceof EsrNotFound))
        options.logger?.warn({ esr: { operation, orgCode, status, code: error.code, retryable: error.retryable, ms: Math.round(performance.now() - started) } }, 'ESR call failed');
      throw error;
    }
  }

  const segment = encodeURIComponent;
  return {
    async lookupAssignment(orgCode, assignmentNumber): Promise<EsrAssignmentLookup> {
      checkOrgCode(orgCode);
      checkPersonRef({ assignmentNumber });
      const found = await call('lookupAssignment', orgCode, `organisations/${segment(orgCode)}/assignments/${segment(assignmentNumber)}`, zEsrAssignmentLookup);
      if (found.organisationCode !== orgCode || found.assignment.assignmentNumber !== assignmentNumber)
        throw new EsrMalformedResponse('lookupAssignment', ['the answer is about a different organisation or assignment']);
      return found;
    },
    async personRecords(orgCode, ref): Promise<EsrPersonRecords> {
      checkOrgCode(orgCode);
      checkPersonRef(ref);
      const path =
        'personId' in ref
          ? `organisations/${segment(orgCode)}/people/${segment(ref.personId)}/records`
          : `organisations/${segment(orgCode)}/assignments/${segment(ref.assignmentNumber)}/records`;
      const records = await call('personRecords', orgCode, path, zEsrPersonRecords);
      const matches = 'personId' in ref ? records.person.personId === ref.personId : records.assignments.some((a) => a.assignmentNumber === ref.assignmentNumber);
      if (records.organisationCode !== orgCode || !matches) throw new EsrMalformedResponse('personRecords', ['the answer is about a different organisation or person']);
      return records;
    },
    async changesSince(orgCode, cursor, changesOptions): Promise<EsrChangePage> {
      checkOrgCode(orgCode);
      const limit = checkLimit(changesOptions?.limit);
      if (cursor !== undefined && (cursor.length === 0 || cursor.length > 100)) throw new TypeError('cursor must be 1 to 100 characters');
      const query = new URLSearchParams({ limit: String(limit), ...(cursor !== undefined ? { since: cursor } : {}) });
      return call('changesSince', orgCode, `organisations/${segment(orgCode)}/changes?${query}`, zEsrChangePage);
    },
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
