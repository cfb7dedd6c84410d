// The gateway's side of an external system's /authorize (docs/architecture.md §5, D30): the
// interaction oidc-provider hands over to us runs one wallet session, in the name of the client's
// organisation, and ends the authorization either with a code whose ID token says what the
// wallet proved, or with `access_denied` (fail closed: no ID token for a failed, declined or
// expired wallet session).
//
//   GET  /gateway/interaction/{uid}         start the wallet session (QR page), or show where
//                                           it stands: live → its page; completed → finish;
//                                           failed/expired → why, "Try again", "Return to …"
//   POST /gateway/interaction/{uid}/retry   a new wallet session for the same authorization
//   GET  /gateway/interaction/{uid}/abort   back to the client with error=access_denied
//
// Verifying mode asks for the identity credential and the scope's types (OpenID4VP, DCQL) and
// puts what verified in the ID token. Issuing mode offers the pushed credentials (OpenID4VCI,
// issued by the client's organisation's DID) bound to the holder key of the person's access key
// or identity credential, so only the wallet of the person with that DSP unique identifier can
// receive them; the ID token then lists each credential's serial number.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type Provider from 'oidc-provider';
import { z } from 'zod';
import { expiryOf, type CredentialTypeId } from '../../core/credentials/index.ts';
import { organisationDid } from '../../core/did/index.ts';
import {
  issuedCredentialClaims,
  readCredentialDetails,
  readGatewayScope,
  verifiedIdentityClaims,
  type CredentialToIssue,
  type GatewayClaims,
  type GatewayRequest,
} from '../../core/oidc/index.ts';
import type { Organisation } from '../../core/passport/organisation.ts';
import type { Clock } from '../../platform/clock.ts';
import type { KeyManagement } from '../../platform/key-management.ts';
import type { Database, Db } from '../../store/database.ts';
import { findOidcClient, type OidcClientRecord } from '../../store/oidc-clients.ts';
import { oidcInteractionStore, type OidcInteractionRecord } from '../../store/oidc-interactions.ts';
import { findOrganisationById } from '../../store/organisations.ts';
import { holderKeysOfPerson, issuedAtOf } from '../../store/person-holder-keys.ts';
import { scopeOf } from '../../store/scope.ts';
import { walletSessions, type WalletSession } from '../../store/wallet-sessions.ts';
import { BINDING_TYPES, createCredentialOffer } from '../oid4vci/create-credential-offer.ts';
import { createPresentationRequest } from '../oid4vp/create-presentation-request.ts';
import type { PresentationOutcome } from '../oid4vp/presentation-response.ts';
import { beginWalletSession, failureMessage, walletSessionOutcome, walletSessionPath } from '../wallet-sessions/index.ts';
import { GATEWAY_PATH } from './provider.ts';
import { grantClaimsStore } from './grant-claims.ts';

export interface InteractionDeps {
  provider: Provider;
  database: Database;
  clock: Clock;
  keys: KeyManagement<Db>;
  publicUrl: string;
  secureCookies: boolean;
  /** How long a QR code works (default 5 minutes). */
  walletSessionTtlSeconds?: number;
}

/** How long the claims of a finished interaction wait for the token request. */
const CLAIMS_TTL_SECONDS = 600;

const zParams = z.object({ uid: z.string().regex(/^[A-Za-z0-9_-]{10,64}$/) });

interface Loaded {
  uid: string;
  client: OidcClientRecord;
  organisation: Organisation;
  request: GatewayRequest;
  /** Issuing mode: what to issue, read from the pushed authorization_details. */
  credentials: CredentialToIssue[];
  scope: string;
  rar: unknown[];
  record: OidcInteractionRecord;
  session: WalletSession | undefined;
}

type Loading = { ok: true; loaded: Loaded } | { ok: false; notFound: true } | { ok: false; error: string; description: string };

export function interactionPath(uid: string): string {
  return `${GATEWAY_PATH}/interaction/${uid}`;
}

export function registerInteraction(app: FastifyInstance, deps: InteractionDeps): void {
  const { provider, database, clock } = deps;
  const db = database.db;
  const claims = grantClaimsStore(db, clock);
  const ttlSeconds = deps.walletSessionTtlSeconds ?? 300;

  async function load(request: FastifyRequest, reply: FastifyReply): Promise<Loading> {
    const params = zParams.safeParse(request.params);
    if (!params.success) return { ok: false, notFound: true };
    // Reads the interaction through its cookie: only the browser that was sent here has it.
    const details = await provider.interactionDetails(request.raw, reply.raw).catch(() => undefined);
    if (!details || details.uid !== params.data.uid) return { ok: false, notFound: true };
    const client = await findOidcClient(db, String(details.params.client_id));
    const organisation = client && !client.disabledAt ? await findOrganisationById(db, client.organisationId) : undefined;
    if (!client || !organisation) return { ok: false, notFound: true };
    const scope = String(details.params.scope ?? '');
    const read = readGatewayScope(scope);
    if (!read.ok) return { ok: false, error: 'invalid_scope', description: read.reason };
    let rar: unknown[] = [];
    let credentials: CredentialToIssue[] = [];
    if (read.request.mode === 'issue') {
      try {
        rar = JSON.parse(String(details.params.authorization_details ?? '[]')) as unknown[];
      } catch {
        return { ok: false, error: 'invalid_authorization_details', description: 'authorization_details is not JSON' };
      }
      if (!Array.isArray(rar)) return { ok: false, error: 'invalid_authorization_details', description: 'authorization_details must be an array' };
      const checked = readCredentialDetails(rar, read.request.types);
      if (!checked.ok) return { ok: false, error: 'invalid_authorization_details', description: checked.reason };
      credentials = checked.credentials;
    }
    const scoped = oidcInteractionStore(db, scopeOf(organisation.id));
    const record = await scoped.ensure({ uid: details.uid, clientId: client.clientId, mode: read.request.mode, expiresAt: new Date(details.exp * 1000), now: clock.now() });
    const session = record.walletSessionId ? await walletSessions(db, scopeOf(organisation.id)).get(record.walletSessionId, clock.now()) : undefined;
    return { ok: true, loaded: { uid: details.uid, client, organisation, request: read.request, credentials, scope, rar, record, session } };
  }

  /** Ends the authorization; oidc-provider answers the browser with the redirect back to the client. */
  async function finish(request: FastifyRequest, reply: FastifyReply, result: Parameters<Provider['interactionFinished']>[2]) {
    reply.hijack();
    await provider.interactionFinished(request.raw, reply.raw, result, { mergeWithLastSubmission: false });
  }

  async function startWalletSession(request: FastifyRequest, reply: FastifyReply, loaded: Loaded): Promise<string | { problem: 'no_holder_key' }> {
    const { organisation, client, uid } = loaded;
    const binding = beginWalletSession(request, reply, deps.secureCookies);
    const walletSession = { browserBinding: binding.browserBinding, returnTo: interactionPath(uid), ttlSeconds };
    let thumbprints: string[] = [];
    if (loaded.request.mode === 'issue') {
      thumbprints = await holderKeysOfPerson(db, loaded.credentials[0]!.dspId, BINDING_TYPES);
      if (thumbprints.length === 0) return { problem: 'no_holder_key' };
    }
    return database.transaction(async (tx) => {
      let sessionId: string;
      if (loaded.request.mode === 'verify') {
        const types: CredentialTypeId[] = ['Identity', ...loaded.request.types.filter((t) => t !== 'Identity')];
        const created = await createPresentationRequest(tx, deps, {
          organisation,
          credentials: types.map((type) => ({ id: type, type })),
          purpose: `${client.name} wants to check your ${types.length === 1 ? 'identity' : 'identity and credentials'}`,
          walletSession: { purpose: 'gateway-verify', ...walletSession },
        });
        sessionId = created.sessionId;
      } else {
        const offer = await createCredentialOffer(tx, deps, {
          organisation,
          dspId: loaded.credentials[0]!.dspId,
          credentials: loaded.credentials.map((c) => ({ type: c.type, format: 'dc+sd-jwt', subject: c.subject })),
          holderBinding: { mode: 'holder-key', thumbprints },
          walletSession: { purpose: 'gateway-issue', ...walletSession },
        });
        sessionId = offer.sessionId;
      }
      const attached = await oidcInteractionStore(tx, scopeOf(organisation.id)).attachWalletSession(uid, loaded.record.walletSessionId, sessionId);
      if (!attached) throw new ConcurrentRetry();
      return sessionId;
    });
  }

  async function claimsFor(request: FastifyRequest, loaded: Loaded): Promise<GatewayClaims | undefined> {
    const outcome = await walletSessionOutcome(db, clock, request, loaded.organisation.id, loaded.session!.id);
    if (!outcome) return undefined;
    if (loaded.request.mode === 'verify') {
      const presented = outcome as PresentationOutcome;
      if (!presented.credentials.some((c) => c.type === 'Identity')) return undefined;
      return verifiedIdentityClaims(presented.dspId, presented.credentials);
    }
    const issued = (outcome as { issued: { serialNumber: string; type: string }[] }).issued;
    const issuedAt = await issuedAtOf(db, scopeOf(loaded.organisation.id), issued.map((i) => i.serialNumber));
    const issuer = organisationDid(deps.publicUrl, loaded.organisation.odsCode);
    return issuedCredentialClaims(
      loaded.credentials[0]!.dspId,
      issued.map((i) => {
        const at = issuedAt.get(i.serialNumber) ?? clock.now();
        const subject = loaded.credentials.find((c) => c.type === i.type)?.subject;
        return { type: i.type, serialNumber: i.serialNumber, issuer, issuedAt: at, expiresAt: subject ? (expiryOf(i.type as CredentialTypeId, subject, at) ?? null) : null };
      }),
    );
  }

  async function complete(request: FastifyRequest, reply: FastifyReply, loaded: Loaded) {
    const established = await claimsFor(request, loaded);
    if (!established) return finish(request, reply, { error: 'access_denied', error_description: 'the wallet session did not complete' });
    const grant = new provider.Grant({ accountId: established.sub, clientId: loaded.client.clientId });
    grant.addOIDCScope(loaded.scope);
    for (const detail of loaded.rar) grant.addRar(detail as never);
    const grantId = await grant.save();
    await claims.put(grantId, established, CLAIMS_TTL_SECONDS);
    return finish(request, reply, { login: { accountId: established.sub, amr: ['vc'] }, consent: { grantId } });
  }

  function problemPage(reply: FastifyReply, loaded: Loaded, message: { heading: string; body: string[] }, canRetry: boolean) {
    reply.header('cache-control', 'no-store');
    return reply.page('gateway/oidc/interaction-problem.njk', {
      pageTitle: message.heading,
      message,
      clientName: loaded.client.name,
      organisation: loaded.organisation,
      retryUrl: canRetry ? `${interactionPath(loaded.uid)}/retry` : undefined,
      abortUrl: `${interactionPath(loaded.uid)}/abort`,
    });
  }

  function notFound(reply: FastifyReply) {
    return reply.page('gateway/oidc/interaction-expired.njk', { pageTitle: 'This link has expired' }, 404);
  }

  const noHolderKey = {
    heading: 'Add your staff passport access key to your wallet first',
    body: [
      'To receive this credential, your wallet must already hold your NHS staff passport access key or identity credential, so we know the wallet is yours.',
      'Get your access key from your employer’s staff passport portal, then go back and try again.',
    ],
  };

  app.get(`${GATEWAY_PATH}/interaction/:uid`, { config: { surface: 'page' } }, async (request, reply) => {
    const loading = await load(request, reply);
    if (!loading.ok) {
      if ('notFound' in loading) return notFound(reply);
      return finish(request, reply, { error: loading.error, error_description: loading.description });
    }
    const { loaded } = loading;
    const { session } = loaded;
    if (!session) {
      const started = await startOrProblem(request, reply, loaded);
      if (typeof started !== 'string') return started;
      return reply.redirect(walletSessionPath(loaded.organisation.odsCode, started), 303);
    }
    if (session.state === 'completed') return complete(request, reply, loaded);
    if (session.state === 'pending' || session.state === 'in_progress') return reply.redirect(walletSessionPath(loaded.organisation.odsCode, session.id), 303);
    return problemPage(reply, loaded, failureMessage(session.failure, session.state), true);
  });

  async function startOrProblem(request: FastifyRequest, reply: FastifyReply, loaded: Loaded): Promise<string | FastifyReply> {
    try {
      const started = await startWalletSession(request, reply, loaded);
      if (typeof started === 'string') return started;
      return problemPage(reply, loaded, noHolderKey, true);
    } catch (error) {
      if (!(error instanceof ConcurrentRetry)) throw error;
      // Another tab started one meanwhile: show that one.
      const current = await oidcInteractionStore(db, scopeOf(loaded.organisation.id)).get(loaded.uid);
      return current?.walletSessionId ?? reply.redirect(interactionPath(loaded.uid), 303);
    }
  }

  app.post(`${GATEWAY_PATH}/interaction/:uid/retry`, { config: { surface: 'page' } }, async (request, reply) => {
    const loading = await load(request, reply);
    if (!loading.ok) return notFound(reply);
    const { loaded } = loading;
    const live = loaded.session && ['pending', 'in_progress', 'completed'].includes(loaded.session.state);
    if (live) return reply.redirect(interactionPath(loaded.uid), 303);
    const started = await startOrProblem(request, reply, loaded);
    if (typeof started !== 'string') return started;
    return reply.redirect(walletSessionPath(loaded.organisation.odsCode, started), 303);
  });

  app.get(`${GATEWAY_PATH}/interaction/:uid/abort`, { config: { surface: 'page' } }, async (request, reply) => {
    const loading = await load(request, reply);
    if (!loading.ok && 'notFound' in loading) return notFound(reply);
    return finish(request, reply, { error: 'access_denied', error_description: 'the person did not complete the wallet step' });
  });
}

class ConcurrentRetry extends Error {}
