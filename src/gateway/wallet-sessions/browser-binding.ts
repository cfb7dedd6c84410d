// The browser that starts a wallet session holds a random secret in a signed, HttpOnly cookie;
// the session stores only its hash. Pages, progress events and the hand-back to the caller
// answer only that browser: someone who sees the QR code (or relays it, OpenID4VP §14.2
// session fixation) cannot take over the outcome in another browser.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { browserBindingOf } from '../../store/wallet-sessions.ts';

export const BROWSER_COOKIE = 'dsp-browser';

function secretFrom(request: FastifyRequest): string | undefined {
  const raw = request.cookies[BROWSER_COOKIE];
  if (!raw) return undefined;
  const unsigned = request.unsignCookie(raw);
  return unsigned.valid && unsigned.value ? unsigned.value : undefined;
}

/** The binding of this browser, setting its secret cookie first if it has none. */
export function browserBinding(request: FastifyRequest, reply: FastifyReply, secure: boolean): string {
  let secret = secretFrom(request);
  if (!secret) {
    secret = randomBytes(32).toString('base64url');
    reply.setCookie(BROWSER_COOKIE, secret, { path: '/', httpOnly: true, sameSite: 'lax', secure, signed: true, maxAge: 60 * 60 * 24 });
  }
  return browserBindingOf(secret);
}

/** Whether this request comes from the browser a session is bound to. */
export function isSameBrowser(request: FastifyRequest, binding: string): boolean {
  const secret = secretFrom(request);
  if (!secret) return false;
  const a = Buffer.from(browserBindingOf(secret));
  const b = Buffer.from(binding);
  return a.length === b.length && timingSafeEqual(a, b);
}
