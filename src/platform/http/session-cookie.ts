// A portal's session cookie (D38, D45): `<organisation id>.<token>`, signed by @fastify/cookie,
// HttpOnly, SameSite=Lax, Secure on https, `__Host-` prefixed in production on https (so Path=/
// and no Domain). It names the organisation so a request for another trust's portal is told apart
// without an unscoped query; the token's SHA-256 finds the session row. Each portal makes its own
// with its cookie's base name.
import type { FastifyReply, FastifyRequest } from 'fastify';

export interface SessionCookieDeps {
  production: boolean;
  secureCookies: boolean;
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function sessionCookie(baseName: string) {
  const name = (deps: SessionCookieDeps): string => (deps.production && deps.secureCookies ? `__Host-${baseName}` : baseName);
  const options = (deps: SessionCookieDeps) => ({ path: '/', httpOnly: true, sameSite: 'lax' as const, secure: deps.secureCookies, signed: true });
  return {
    name,
    set(reply: FastifyReply, deps: SessionCookieDeps, organisationId: string, token: string): void {
      reply.setCookie(name(deps), `${organisationId}.${token}`, options(deps));
    },
    clear(reply: FastifyReply, deps: SessionCookieDeps): void {
      reply.clearCookie(name(deps), options(deps));
    },
    read(request: FastifyRequest, deps: SessionCookieDeps): { organisationId: string; token: string } | undefined {
      const raw = request.cookies[name(deps)];
      if (!raw) return undefined;
      const unsigned = request.unsignCookie(raw);
      if (!unsigned.valid || !unsigned.value) return undefined;
      const dot = unsigned.value.indexOf('.');
      const organisationId = unsigned.value.slice(0, dot);
      const token = unsigned.value.slice(dot + 1);
      if (dot < 0 || !uuidPattern.test(organisationId) || !/^[A-Za-z0-9_-]{43}$/.test(token)) return undefined;
      return { organisationId, token };
    },
  };
}
