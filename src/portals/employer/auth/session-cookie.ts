// The employer portal's session cookie (D38): `<organisation id>.<token>`, signed by
// @fastify/cookie, HttpOnly, SameSite=Lax, Secure on https, `__Host-` prefixed in production on
// https (so Path=/ and no Domain). It names the organisation so a request for another trust's
// portal is told apart without an unscoped query; the token's SHA-256 finds the session row.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { EmployerPortalDeps } from './deps.ts';

export function sessionCookieName(deps: Pick<EmployerPortalDeps, 'production' | 'secureCookies'>): string {
  return deps.production && deps.secureCookies ? '__Host-dsp-employer' : 'dsp-employer';
}

export function setSessionCookie(reply: FastifyReply, deps: EmployerPortalDeps, organisationId: string, token: string): void {
  reply.setCookie(sessionCookieName(deps), `${organisationId}.${token}`, { path: '/', httpOnly: true, sameSite: 'lax', secure: deps.secureCookies, signed: true });
}

export function clearSessionCookie(reply: FastifyReply, deps: EmployerPortalDeps): void {
  reply.clearCookie(sessionCookieName(deps), { path: '/', httpOnly: true, sameSite: 'lax', secure: deps.secureCookies, signed: true });
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function readSessionCookie(request: FastifyRequest, deps: EmployerPortalDeps): { organisationId: string; token: string } | undefined {
  const raw = request.cookies[sessionCookieName(deps)];
  if (!raw) return undefined;
  const unsigned = request.unsignCookie(raw);
  if (!unsigned.valid || !unsigned.value) return undefined;
  const dot = unsigned.value.indexOf('.');
  const organisationId = unsigned.value.slice(0, dot);
  const token = unsigned.value.slice(dot + 1);
  if (dot < 0 || !uuidPattern.test(organisationId) || !/^[A-Za-z0-9_-]{43}$/.test(token)) return undefined;
  return { organisationId, token };
}
