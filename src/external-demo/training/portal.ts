// What every page of the training portal shares: its dependencies, the signed-in person, and
// the page context its layout needs (the academy's header with the account menu).
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../../platform/clock.ts';
import { paths } from './academy.ts';
import type { GatewayConnection } from './gateway-client.ts';
import { renderProblem } from './problem/problem.ts';
import type { PortalSession, Sessions } from './sessions.ts';
import type { Account, PortalState, StateStore } from './state.ts';

/** The email the portal sends when it revokes a record (a template of the notification service). */
export interface RevocationEmail {
  to: string;
  template: 'training-record-revoked-email';
  personalisation: { name: string; record: string; provider_name: string; downloaded_on: string; reason: string; link: string };
}

export type SendEmail = (message: RevocationEmail) => Promise<void>;

export interface PortalContext {
  publicUrl: string;
  clock: Clock;
  state: StateStore;
  sessions: Sessions;
  gateway: GatewayConnection;
  sendEmail: SendEmail;
}

export interface SignedIn {
  session: PortalSession;
  account: Account;
  state: PortalState;
}

/**
 * The signed-in person with the role the page needs; otherwise the reply is sent (to sign in, or
 * a 403 page) and undefined is returned.
 */
export async function signedIn(ctx: PortalContext, request: FastifyRequest, reply: FastifyReply, role: Account['role']): Promise<SignedIn | undefined> {
  const session = ctx.sessions.current(request);
  const state = await ctx.state.read();
  const account = session ? state.accounts.find((a) => a.id === session.accountId) : undefined;
  if (!session || !account) {
    await reply.redirect(paths.signIn, 303);
    return undefined;
  }
  if (account.role !== role) {
    await renderProblem(reply, 'forbidden', { account });
    return undefined;
  }
  return { session, account, state };
}

/** Today in the UK as YYYY-MM-DD. */
export function today(clock: Clock): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' }).format(clock.now());
}

/** Takes the session's one-time message. */
export function takeFlash(session: PortalSession): string | undefined {
  const flash = session.flash;
  delete session.flash;
  return flash;
}
