// Sign-in sessions of the training portal: held on the server (so signing out ends them), in
// this process's memory — the portal is a single-process demo and a restart only signs people
// out — and named by a random id in a signed, HttpOnly cookie scoped to the portal's pages.
// SameSite=Lax, so the cookie comes back with the gateway's redirect to the callback (a
// top-level GET). A session also carries the journey's state: the identity checked (D2W: once
// per session), the record being downloaded, and the one gateway request in flight.
import { randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../../platform/clock.ts';
import { BASE_PATH } from './academy.ts';
import type { IdentityMismatch } from './identity-match.ts';

const COOKIE = 'learning-portal-session';
const IDLE_MS = 60 * 60 * 1000;
const ABSOLUTE_MS = 8 * 60 * 60 * 1000;

/** A request to the gateway the portal is waiting to hear back about (single-use). */
export type PendingAuthorization =
  | { mode: 'verify'; state: string; nonce: string; codeVerifier: string }
  | { mode: 'issue'; state: string; nonce: string; codeVerifier: string; recordId: string; dspId: string };

export interface PortalSession {
  readonly id: string;
  readonly accountId: string;
  readonly startedAt: number;
  lastSeenAt: number;
  /** The identity the wallet proved in this session (checked once per session, D2W step 6). */
  identity?: { dspId: string; checkedAt: string };
  /** What did not match at the last identity check. */
  identityMismatch?: (IdentityMismatch | 'dspId')[];
  /** The record whose download the person started, resumed after the identity check. */
  downloading?: string;
  /** Records whose old copy the person confirmed deleting from their wallet, for a re-download. */
  oldCopyDeleted: string[];
  pending?: PendingAuthorization;
  /** A one-time message for the next page. */
  flash?: string;
}

export interface Sessions {
  start(reply: FastifyReply, accountId: string): PortalSession;
  current(request: FastifyRequest): PortalSession | undefined;
  end(request: FastifyRequest, reply: FastifyReply): void;
}

export function createSessions(deps: { clock: Clock; secureCookies: boolean }): Sessions {
  const sessions = new Map<string, PortalSession>();
  const now = () => deps.clock.now().getTime();

  const sweep = (at: number) => {
    for (const [id, s] of sessions) if (at - s.lastSeenAt > IDLE_MS || at - s.startedAt > ABSOLUTE_MS) sessions.delete(id);
  };

  const idOf = (request: FastifyRequest): string | undefined => {
    const raw = request.cookies[COOKIE];
    if (!raw) return undefined;
    const unsigned = request.unsignCookie(raw);
    return unsigned.valid && unsigned.value ? unsigned.value : undefined;
  };

  return {
    start(reply, accountId) {
      const at = now();
      sweep(at);
      // A new id at every sign-in (no session fixation).
      const session: PortalSession = { id: randomBytes(32).toString('base64url'), accountId, startedAt: at, lastSeenAt: at, oldCopyDeleted: [] };
      sessions.set(session.id, session);
      reply.setCookie(COOKIE, session.id, { path: BASE_PATH, httpOnly: true, sameSite: 'lax', secure: deps.secureCookies, signed: true });
      return session;
    },
    current(request) {
      const id = idOf(request);
      const session = id ? sessions.get(id) : undefined;
      if (!session) return undefined;
      const at = now();
      if (at - session.lastSeenAt > IDLE_MS || at - session.startedAt > ABSOLUTE_MS) {
        sessions.delete(session.id);
        return undefined;
      }
      session.lastSeenAt = at;
      return session;
    },
    end(request, reply) {
      const id = idOf(request);
      if (id) sessions.delete(id);
      reply.clearCookie(COOKIE, { path: BASE_PATH });
    },
  };
}
