// Test support: Open DSP over real HTTP (app.listen on localhost) with one trust and its keys,
// offers and presentation requests made through the gateway's own APIs, and a small hostile
// server (node:http) for messages Open DSP would never send.
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { testApp } from './app.ts';
import type { Database } from '../../src/store/database.ts';
import { CREDENTIAL_TYPE_IDS, SAMPLE_DSP_ID, SAMPLE_SUBJECTS, mayIssue, type CredentialFormat, type CredentialTypeId } from '../../src/core/credentials/index.ts';
import type { Organisation } from '../../src/core/passport/organisation.ts';
import { systemClock } from '../../src/platform/clock.ts';
import { addOrganisation } from '../../src/store/organisations.ts';
import { provisionOrganisationKeys } from '../../src/store/organisation-keys.ts';
import { scopeOf } from '../../src/store/scope.ts';
import { walletSessions } from '../../src/store/wallet-sessions.ts';
import { createCredentialOffer, type HolderBinding } from '../../src/gateway/oid4vci/index.ts';
import { createPresentationRequest } from '../../src/gateway/oid4vp/index.ts';
export type { PresentationOutcome } from '../../src/gateway/oid4vp/index.ts';
import type { ResponseMode } from '../../src/core/oid4vp/index.ts';
export { freePort } from './free-port.ts';
import { freePort } from './free-port.ts';

/**
 * Every catalogue type the test trust may issue: all but DigitalIdentity, which only an identity
 * service provider issues (its wallet tests are in test/journeys/idsp-simulator.test.ts).
 */
export const TRUST_TYPES: readonly CredentialTypeId[] = CREDENTIAL_TYPE_IDS.filter((type) => mayIssue(type, 'trust'));

export async function startOpenDsp(database: Database, odsCode = 'RWL') {
  const port = await freePort();
  const publicUrl = `http://localhost:${port}`;
  const app = await testApp(database, { DSP_PUBLIC_URL: publicUrl });
  const trust: Organisation = (await addOrganisation(database.db, { odsCode, name: 'Wallet Test Trust', kind: 'trust' })).organisation;
  await provisionOrganisationKeys(database.db, app.services.keys, trust.id);
  await app.listen({ port, host: 'localhost' });

  const offer = (credentials: { type: CredentialTypeId; format: CredentialFormat }[], holderBinding: HolderBinding = { mode: 'session' }) =>
    database.transaction((tx) =>
      createCredentialOffer(tx, { clock: systemClock, publicUrl }, {
        organisation: trust,
        dspId: SAMPLE_DSP_ID,
        credentials: credentials.map((c) => ({ ...c, subject: SAMPLE_SUBJECTS[c.type] })),
        holderBinding,
        txCode: holderBinding.mode === 'session',
        walletSession: { purpose: 'test', browserBinding: 'b', returnTo: '/done', ttlSeconds: 600 },
      }),
    );

  const request = (credentials: { id: string; type: CredentialTypeId; formats?: CredentialFormat[] }[], responseMode: ResponseMode = 'direct_post.jwt') =>
    database.transaction((tx) =>
      createPresentationRequest(tx, { keys: app.services.keys, clock: systemClock, publicUrl }, {
        organisation: trust,
        credentials,
        purpose: 'Wallet test',
        responseMode,
        walletSession: { purpose: 'test', browserBinding: 'b', returnTo: '/done', ttlSeconds: 300 },
      }),
    );

  const session = (id: string) => walletSessions(database.db, scopeOf(trust.id)).get(id, systemClock.now());
  const issuer = `${publicUrl}/orgs/${odsCode}`;
  const did = `did:web:localhost%3A${port}:orgs:${odsCode}`;
  return { app, publicUrl, trust, issuer, did, offer, request, session, close: () => app.close() };
}

export type Route = (req: IncomingMessage, body: string) => { status?: number; type?: string; body: unknown } | undefined;

/** A server that answers what the test says, on 127.0.0.1. */
export async function startHostileServer(route: Route) {
  const server = createHttpServer((req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const answer = route(req, body);
      if (!answer) {
        res.writeHead(404).end();
        return;
      }
      const text = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
      res.writeHead(answer.status ?? 200, { 'content-type': answer.type ?? 'application/json' }).end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
