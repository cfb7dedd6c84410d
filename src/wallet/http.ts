// HTTP for the holder: an injected WHATWG fetch (global fetch in Node 20 and in browsers fits),
// an address policy, and reading answers defensively (offers, metadata and requests are
// untrusted input, STANDARDS e.3 "malicious credential offer / metadata").
//
// Address policy: https only, except plain http to this machine (localhost, 127.0.0.1, [::1])
// when the caller allows it, for development and tests. This is per address, which is why we
// do not use @openid4vc's global `allowInsecureUrls` switch.
import { InsecureUrl, ServiceUnreachable, UnexpectedAnswer } from './errors.ts';

export type WalletFetch = (url: string, init?: RequestInit) => Promise<Response>;

export interface HttpPolicy {
  fetch: WalletFetch;
  /** Allow http:// to localhost / 127.0.0.1 / [::1] (never to anything else). Default false. */
  allowLoopbackHttp?: boolean;
  /** Per-request time limit (default 15 s). */
  timeoutMs?: number;
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);
const MAX_BODY_BYTES = 1_048_576;

export function isLoopbackUrl(url: URL): boolean {
  return LOOPBACK.has(url.hostname);
}

/** The URL, if the policy lets the wallet talk to it; otherwise InsecureUrl. */
export function allowedUrl(value: string, policy: Pick<HttpPolicy, 'allowLoopbackHttp'>): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InsecureUrl(value);
  }
  if (url.protocol === 'https:') return url;
  if (url.protocol === 'http:' && policy.allowLoopbackHttp && isLoopbackUrl(url)) return url;
  throw new InsecureUrl(value);
}

export interface HttpAnswer {
  status: number;
  contentType: string | undefined;
  text: string;
  headers: Headers;
}

/** One request under the policy: no redirects followed (a redirect could leave the policy), a timeout, a size cap. */
export async function send(policy: HttpPolicy, url: string, init: RequestInit = {}): Promise<HttpAnswer> {
  const target = allowedUrl(url, policy);
  let response: Response;
  try {
    response = await policy.fetch(target.toString(), { ...init, redirect: 'manual', signal: AbortSignal.timeout(policy.timeoutMs ?? 15_000) });
  } catch (error) {
    throw new ServiceUnreachable(url, error instanceof Error ? error.name : undefined);
  }
  const text = await response.text();
  if (text.length > MAX_BODY_BYTES) throw new UnexpectedAnswer(url, 'answer too large');
  return { status: response.status, contentType: response.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase(), text, headers: response.headers };
}

/** The answer's body as JSON (an object), or UnexpectedAnswer. */
export function jsonOf(answer: HttpAnswer, url: string): Record<string, unknown> {
  if (answer.text === '') return {};
  try {
    const value: unknown = JSON.parse(answer.text);
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw new UnexpectedAnswer(url, `HTTP ${answer.status}, not a JSON object`);
}

export function formBody(fields: Record<string, string>): { headers: Record<string, string>; body: string } {
  return { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() };
}
