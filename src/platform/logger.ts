// Structured logging with pino. Secrets and personal data never reach a log line
// (STYLE.md rule 9): known sensitive keys are censored wherever they appear, and URLs
// are logged without their query string because OAuth codes and tokens travel there.
import { pino, type Logger, type LoggerOptions } from 'pino';

export type { Logger };

/** Keys whose values are never logged, at any depth up to four levels. */
export const sensitiveKeys = [
  'authorization', 'cookie', 'set-cookie', 'dpop', 'password', 'passwordHash', 'secret', 'client_secret', 'clientSecret',
  'token', 'access_token', 'accessToken', 'refresh_token', 'id_token', 'idToken', 'code', 'pre-authorized_code',
  'preAuthorizedCode', 'tx_code', 'txCode', 'nonce', 'c_nonce', 'state', 'proof', 'proofs', 'credential', 'credentials',
  'vp_token', 'presentation', 'request', 'privateKey', 'private_key', 'd', 'otp', 'totp', 'email', 'phone', 'mobile',
  'given_name', 'givenName', 'family_name', 'familyName', 'birthdate', 'dateOfBirth', 'name', 'address', 'niNumber',
  'nationalInsuranceNumber', 'body', 'to', 'recipient', 'personalisation', 'keyEncryptionKey', 'cookieSecret', 'apiKey',
];

function redactPaths(): string[] {
  const paths: string[] = [];
  for (const key of sensitiveKeys) {
    const k = /^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `["${key}"]`;
    paths.push(k.slice(k.startsWith('.') ? 1 : 0), `*${k}`, `*.*${k}`, `*.*.*${k}`);
  }
  return paths;
}

/** A path segment that is a bearer secret: 32+ base64url characters that are not a UUID (link tokens, offer references). */
const SECRET_SEGMENT = /^[A-Za-z0-9_-]{32,}$/;
const UUID_SEGMENT = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The URL as logged: query parameter names kept and values dropped, and path segments that carry
 * secrets (an invitation or access-key link's token, a credential offer's reference) replaced by
 * `…`, since whoever reads the log could otherwise follow the link.
 */
export function safeUrl(url: string): string {
  const q = url.indexOf('?');
  const path = (q < 0 ? url : url.slice(0, q))
    .split('/')
    .map((segment) => (SECRET_SEGMENT.test(segment) && !UUID_SEGMENT.test(segment) ? '…' : segment))
    .join('/');
  if (q < 0) return path;
  const names = new URLSearchParams(url.slice(q + 1));
  return `${path}?${[...new Set(names.keys())].map((n) => `${n}=…`).join('&')}`;
}

export function loggerOptions(level: string): LoggerOptions {
  return {
    level,
    redact: { paths: redactPaths(), censor: '[redacted]' },
    base: { service: 'dsp' },
    timestamp: pino.stdTimeFunctions.isoTime,
    serializers: {
      req: (req: { id?: string; method?: string; url?: string; headers?: Record<string, string> }) => ({
        id: req.id,
        method: req.method,
        url: req.url ? safeUrl(req.url) : undefined,
      }),
      res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
      err: pino.stdSerializers.err,
    },
  };
}

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return destination ? pino(loggerOptions(level), destination) : pino(loggerOptions(level));
}
