// Step shared by the wallet-session routes: the organisation and the session from the path,
// visible only to the browser that started it. Anything else is "not found", so a session id
// seen over someone's shoulder reveals nothing.
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Organisation } from '../../core/passport/organisation.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../store/database.ts';
import { findOrganisationByOds } from '../../store/organisations.ts';
import { scopeOf } from '../../store/scope.ts';
import { walletSessions, type WalletSession } from '../../store/wallet-sessions.ts';
import { isSameBrowser } from './browser-binding.ts';

const zParams = z.object({ ods: z.string().regex(/^[A-Z0-9]{3,10}$/), id: z.uuid() });

export interface LoadedSession {
  organisation: Organisation;
  session: WalletSession;
}

export async function loadSession(db: Db, clock: Clock, request: FastifyRequest): Promise<LoadedSession | undefined> {
  const params = zParams.safeParse(request.params);
  if (!params.success) return undefined;
  const organisation = await findOrganisationByOds(db, params.data.ods);
  if (!organisation || organisation.odsCode !== params.data.ods) return undefined;
  const session = await walletSessions(db, scopeOf(organisation.id)).get(params.data.id, clock.now());
  if (!session || !isSameBrowser(request, session.browserBinding)) return undefined;
  return { organisation, session };
}

export function walletSessionPath(odsCode: string, sessionId: string): string {
  return `/orgs/${odsCode}/wallet-sessions/${sessionId}`;
}
