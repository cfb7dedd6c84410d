// The wallet-session pages every journey uses (docs/architecture.md D22):
//   GET …/wallet-sessions/{id}           the NHS.UK page: QR code (SVG), the same-device button,
//                                        live progress, expiry and failures explained
//   GET …/wallet-sessions/{id}/events    server-sent events with the session's state; read from the
//                                        database, so any replica can answer
//   GET …/wallet-sessions/{id}/continue  the hand-back: once completed, back to the caller's page
// All three answer only the browser that started the session (browser-binding.ts).
import type { FastifyInstance, FastifyReply } from 'fastify';
import QRCode from 'qrcode';
import { z } from 'zod';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../store/database.ts';
import { scopeOf } from '../../store/scope.ts';
import { walletSessions, type WalletSession } from '../../store/wallet-sessions.ts';
import { loadSession, walletSessionPath } from './load-session.ts';
import { failureMessage } from './messages.ts';

export interface WalletSessionPagesDeps {
  db: Db;
  clock: Clock;
  /** How often the events stream looks at the session (default 1 s). */
  pollIntervalMs?: number;
  /** The longest one events stream stays open (default 10 minutes); the browser reconnects. */
  maxStreamMs?: number;
  /**
   * Same-device presentations come back with a `response_code` (OpenID4VP §13.3, §14.2); the
   * verifier checks it is this session's and unused. Absent: a response_code is refused.
   */
  consumeResponseCode?: (db: Db, scope: { organisationId: string }, sessionId: string, code: string, now: Date) => Promise<boolean>;
  /**
   * Whether a same-device presentation still waits for its response_code: then only the browser
   * that brings the code back may continue (OpenID4VP §14.2; HAIP: reject a redirect-back that
   * does not arrive in the initiating session).
   */
  responseCodePending?: (db: Db, scope: { organisationId: string }, sessionId: string) => Promise<boolean>;
}

const terminal = new Set(['completed', 'failed', 'expired']);
const zContinueQuery = z.object({ response_code: z.string().min(16).max(200).optional() });

function notFound(reply: FastifyReply) {
  return reply.page('errors/not-found.njk', { pageTitle: 'Page not found' }, 404);
}

export function registerWalletSessionPages(app: FastifyInstance, deps: WalletSessionPagesDeps): void {
  const pollIntervalMs = deps.pollIntervalMs ?? 1000;
  const maxStreamMs = deps.maxStreamMs ?? 10 * 60_000;

  app.get('/orgs/:ods/wallet-sessions/:id', { config: { surface: 'page' } }, async (request, reply) => {
    const loaded = await loadSession(deps.db, deps.clock, request);
    if (!loaded) return notFound(reply);
    const { organisation, session } = loaded;
    reply.header('cache-control', 'no-store');
    const base = walletSessionPath(organisation.odsCode, session.id);
    const live = session.state === 'pending' || session.state === 'in_progress';
    return reply.page('gateway/wallet-sessions/page.njk', {
      pageTitle: pageTitle(session),
      organisation,
      session,
      live,
      sameDeviceUri: session.walletUri ? sameDeviceLink(session) : undefined,
      qrSvg: live && session.walletUri ? await QRCode.toString(session.walletUri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 }) : undefined,
      eventsUrl: `${base}/events`,
      continueUrl: `${base}/continue`,
      failure: terminal.has(session.state) && session.state !== 'completed' ? failureMessage(session.failure, session.state, session.purpose) : undefined,
      expiresAt: session.expiresAt.toISOString(),
    });
  });

  app.get('/orgs/:ods/wallet-sessions/:id/events', { config: { surface: 'protocol' }, logLevel: 'warn' }, async (request, reply) => {
    const loaded = await loadSession(deps.db, deps.clock, request);
    if (!loaded) return reply.code(404).send({ error: 'not_found', error_description: 'Not found' });
    const scope = scopeOf(loaded.organisation.id);
    const sessionId = loaded.session.id;
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    let last = '';
    let closed = false;
    request.raw.on('close', () => {
      closed = true;
    });
    const started = Date.now();
    const store = walletSessions(deps.db, scope);
    while (!closed) {
      const session = await store.get(sessionId, deps.clock.now()).catch(() => undefined);
      const state = session?.state ?? 'expired';
      if (state !== last) {
        res.write(`event: state\ndata: ${JSON.stringify({ state })}\n\n`);
        last = state;
      }
      if (terminal.has(state) || Date.now() - started > maxStreamMs) break;
      await new Promise((r) => setTimeout(r, pollIntervalMs));
    }
    res.end();
  });

  app.get('/orgs/:ods/wallet-sessions/:id/continue', { config: { surface: 'page' } }, async (request, reply) => {
    const loaded = await loadSession(deps.db, deps.clock, request);
    if (!loaded) return notFound(reply);
    const { organisation, session } = loaded;
    const query = zContinueQuery.safeParse(request.query);
    if (!query.success) return notFound(reply);
    const base = walletSessionPath(organisation.odsCode, session.id);
    if (query.data.response_code !== undefined) {
      // Same-device presentation: the wallet sent the person back with a response code that must be
      // this session's and unused, in the browser that started it.
      const ok = session.kind === 'presentation' && deps.consumeResponseCode
        ? await deps.consumeResponseCode(deps.db, scopeOf(organisation.id), session.id, query.data.response_code, deps.clock.now())
        : false;
      if (!ok) return notFound(reply);
    } else if (session.kind === 'presentation' && deps.responseCodePending && (await deps.responseCodePending(deps.db, scopeOf(organisation.id), session.id))) {
      return reply.redirect(base, 303);
    }
    if (session.state !== 'completed') return reply.redirect(base, 303);
    const separator = session.returnTo.includes('?') ? '&' : '?';
    return reply.redirect(`${session.returnTo}${separator}walletSession=${session.id}`, 303);
  });
}

/**
 * The button's link. For presentations it names the same-device flow (D25): the verifier then
 * answers with a redirect carrying a response code, which only this browser can bring back.
 */
function sameDeviceLink(session: WalletSession): string {
  const uri = session.walletUri!;
  if (session.kind !== 'presentation') return uri;
  const url = new URL(uri);
  const requestUri = url.searchParams.get('request_uri');
  if (!requestUri) return uri;
  url.searchParams.set('request_uri', `${requestUri}${requestUri.includes('?') ? '&' : '?'}flow=same-device`);
  return url.toString();
}

function pageTitle(session: WalletSession): string {
  if (session.state === 'completed') return 'Done';
  if (session.state === 'failed' || session.state === 'expired') return 'There is a problem';
  return session.kind === 'issuance' ? 'Add to your wallet' : 'Share from your wallet';
}
