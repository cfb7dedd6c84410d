// The wallet-session component: what a caller (a portal page, the OIDC face) uses to run one
// "scan the QR code" step and get its outcome back. The protocol parts (OpenID4VCI offers,
// OpenID4VP requests) create and move the sessions; see src/store/wallet-sessions.ts.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../store/database.ts';
import { scopeOf } from '../../store/scope.ts';
import { walletSessions } from '../../store/wallet-sessions.ts';
import { browserBinding, isSameBrowser } from './browser-binding.ts';

export { registerWalletSessionPages, type WalletSessionPagesDeps } from './register.ts';
export { walletSessionPath } from './load-session.ts';
export { failureMessage } from './messages.ts';
export { browserBinding } from './browser-binding.ts';

/** Before creating an offer or request for this browser: its binding (setting its cookie if new). */
export function beginWalletSession(request: FastifyRequest, reply: FastifyReply, secureCookies: boolean): { browserBinding: string } {
  return { browserBinding: browserBinding(request, reply, secureCookies) };
}

/**
 * The outcome of a completed session, for the browser that started it only; undefined when the
 * session is not this organisation's, not this browser's, or not completed.
 */
export async function walletSessionOutcome(db: Db, clock: Clock, request: FastifyRequest, organisationId: string, sessionId: string): Promise<unknown> {
  const session = await walletSessions(db, scopeOf(organisationId)).get(sessionId, clock.now());
  if (!session || session.state !== 'completed' || !isSameBrowser(request, session.browserBinding)) return undefined;
  return session.outcome;
}
