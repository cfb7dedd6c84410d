// The training portal's side of the Digital Staff Passport credential gateway, written only
// against the gateway's published interface (docs/architecture.md §5, the direct-to-wallet
// standard) with a standard OpenID Connect client library (openid-client):
//   verifying mode  authorization code flow with PKCE, scope `openid Identity`
//   issuing mode    pushed authorization request with `authorization_details` of type
//                   `dsp_credential`, scope `openid issue.CoreSkill`
//   revocation      POST {issuer}/Revocation/revokecredential with the client's credentials
// The client id and secret come from onboarding (in the D2W standard NHS England hands them
// out; here the composition root registers the portal with the demo world's academy) and are
// kept in the portal's state file.
import * as oidc from 'openid-client';
import { z } from 'zod';
import type { Clock } from '../../platform/clock.ts';
import { ACADEMY, redirectUriOf } from './academy.ts';
import { CORE_SKILL } from './core-skill-credential.ts';
import type { PendingAuthorization } from './sessions.ts';
import type { GatewayClient, RevocationReason, StateStore } from './state.ts';

/** How the portal gets its client id and secret: the gateway operator's onboarding. */
export interface GatewayOnboarding {
  /** Whether the gateway still knows this client (its database may be newer than the portal's file). */
  isRegistered(clientId: string): Promise<boolean>;
  /** Registers the portal; undefined when the gateway has no organisation with this ODS code. */
  register(input: { odsCode: string; name: string; redirectUri: string; credentialTypes: string[] }): Promise<{ clientId: string; clientSecret: string } | undefined>;
}

/** The gateway cannot be used now: not onboarded, unreachable, or it refused our credentials. */
export class GatewayUnavailable extends Error {
  readonly reason: 'not_onboarded' | 'unreachable' | 'client_rejected';
  constructor(reason: GatewayUnavailable['reason'], options?: { cause?: unknown }) {
    super(`the credential gateway is unavailable: ${reason}`, options);
    this.name = 'GatewayUnavailable';
    this.reason = reason;
  }
}

/** What the gateway said about a verifying request (ID token claims, D2W step 6). */
const zVerifiedIdentity = z.object({
  sub: z.uuid(),
  given_name: z.string().optional(),
  family_name: z.string().optional(),
  birthdate: z.string().optional(),
});
export type VerifiedIdentity = z.infer<typeof zVerifiedIdentity>;

/** What the gateway said about an issuing request: each credential's serial number (D2W step 7). */
const zIssued = z.object({
  sub: z.uuid(),
  issued_credentials: z
    .array(z.object({ type: z.string(), serial_number: z.uuid(), issuer: z.string().min(1), issued_at: z.number(), expires_at: z.number().optional() }))
    .min(1),
});
export type IssuedCredentials = z.infer<typeof zIssued>;

/** A refusal the person should hear about (OAuth error codes: access_denied, invalid_grant, …). */
export interface GatewayRefusal {
  ok: false;
  error: string;
}

export interface GatewayConnection {
  /** Where to send the person to share their identity credential, and what to remember. */
  startVerifying(): Promise<{ url: URL; pending: Extract<PendingAuthorization, { mode: 'verify' }> }>;
  /** Pushes the credential (PAR) and says where to send the person to download it. */
  startIssuing(input: { recordId: string; dspId: string; claims: Record<string, unknown> }): Promise<{ ok: true; url: URL; pending: Extract<PendingAuthorization, { mode: 'issue' }> } | GatewayRefusal>;
  /** Exchanges the code the gateway sent back for the ID token, checked against what we sent. */
  finishVerifying(pending: Extract<PendingAuthorization, { mode: 'verify' }>, callbackUrl: URL): Promise<{ ok: true; identity: VerifiedIdentity } | GatewayRefusal>;
  finishIssuing(pending: Extract<PendingAuthorization, { mode: 'issue' }>, callbackUrl: URL): Promise<{ ok: true; issued: IssuedCredentials } | GatewayRefusal>;
  /** Revokes one credential the academy issued. */
  revoke(serialNumber: string, reason: RevocationReason): Promise<'revoked' | 'not_found'>;
}

export interface GatewayConnectionDeps {
  publicUrl: string;
  state: StateStore;
  onboarding: GatewayOnboarding;
  clock: Clock;
  /** Seconds to wait for the gateway (default 10). */
  timeoutSeconds?: number;
}

export function gatewayConnection(deps: GatewayConnectionDeps): GatewayConnection {
  const issuer = `${deps.publicUrl}/gateway`;
  const redirectUri = redirectUriOf(deps.publicUrl);
  const timeoutSeconds = deps.timeoutSeconds ?? 10;
  // openid-client refuses http unless told; the demo allows it only when its own address is
  // http (a local run), never for an https deployment.
  const insecure = issuer.startsWith('http:');
  let connected: Promise<{ config: oidc.Configuration; client: GatewayClient }> | undefined;

  async function clientCredentials(): Promise<GatewayClient> {
    const stored = (await deps.state.read()).client;
    if (stored && stored.redirectUri === redirectUri && (await deps.onboarding.isRegistered(stored.clientId))) return stored;
    const registered = await deps.onboarding.register({
      odsCode: ACADEMY.odsCode,
      name: `${ACADEMY.name} ${ACADEMY.serviceName.toLowerCase()}`,
      redirectUri,
      credentialTypes: [CORE_SKILL],
    });
    if (!registered) throw new GatewayUnavailable('not_onboarded');
    const client: GatewayClient = { ...registered, redirectUri, registeredAt: deps.clock.now().toISOString() };
    await deps.state.update((state) => {
      state.client = client;
    });
    return client;
  }

  async function connect() {
    const client = await clientCredentials();
    try {
      const config = await oidc.discovery(new URL(issuer), client.clientId, client.clientSecret, oidc.ClientSecretBasic(client.clientSecret), {
        timeout: timeoutSeconds,
        ...(insecure ? { execute: [oidc.allowInsecureRequests] } : {}),
      });
      config.timeout = timeoutSeconds;
      return { config, client };
    } catch (error) {
      throw new GatewayUnavailable('unreachable', { cause: error });
    }
  }

  /** Connects once per process (discovery, credentials); a failure is retried on the next use. */
  const connection = () => {
    connected ??= connect().catch((error: unknown) => {
      connected = undefined;
      throw error;
    });
    return connected;
  };

  const newChecks = async () => {
    const codeVerifier = oidc.randomPKCECodeVerifier();
    return { state: oidc.randomState(), nonce: oidc.randomNonce(), codeVerifier, codeChallenge: await oidc.calculatePKCECodeChallenge(codeVerifier) };
  };

  /** Runs a gateway call, turning OAuth error answers into refusals and anything else into unavailability. */
  async function call<T>(step: () => Promise<T>): Promise<T | GatewayRefusal> {
    try {
      return await step();
    } catch (error) {
      if (error instanceof oidc.AuthorizationResponseError || error instanceof oidc.ResponseBodyError) {
        if (error.error === 'invalid_client') {
          connected = undefined; // the secret may have been rotated or the client removed
          throw new GatewayUnavailable('client_rejected', { cause: error });
        }
        return { ok: false, error: error.error };
      }
      // A response that fails openid-client's checks (state, iss, nonce, ID token signature,
      // unexpected status…); timeouts and network failures are unavailability.
      if (error instanceof oidc.ClientError && error.code !== undefined && !['OAUTH_TIMEOUT', 'OAUTH_ABORT'].includes(error.code)) {
        return { ok: false, error: 'invalid_response' };
      }
      throw new GatewayUnavailable('unreachable', { cause: error });
    }
  }

  return {
    async startVerifying() {
      const { config } = await connection();
      const checks = await newChecks();
      const url = oidc.buildAuthorizationUrl(config, {
        redirect_uri: redirectUri,
        scope: 'openid Identity',
        state: checks.state,
        nonce: checks.nonce,
        code_challenge: checks.codeChallenge,
        code_challenge_method: 'S256',
      });
      return { url, pending: { mode: 'verify', state: checks.state, nonce: checks.nonce, codeVerifier: checks.codeVerifier } };
    },

    async startIssuing({ recordId, dspId, claims }) {
      const { config } = await connection();
      const checks = await newChecks();
      return call(async () => {
        // The credential rides in the pushed request (client-authenticated), never in a URL.
        const url = await oidc.buildAuthorizationUrlWithPAR(config, {
          redirect_uri: redirectUri,
          scope: `openid issue.${CORE_SKILL}`,
          state: checks.state,
          nonce: checks.nonce,
          code_challenge: checks.codeChallenge,
          code_challenge_method: 'S256',
          authorization_details: JSON.stringify([{ type: 'dsp_credential', credential_type: CORE_SKILL, dsp_unique_identifier: dspId, claims }]),
        });
        return { ok: true as const, url, pending: { mode: 'issue' as const, state: checks.state, nonce: checks.nonce, codeVerifier: checks.codeVerifier, recordId, dspId } };
      });
    },

    async finishVerifying(pending, callbackUrl) {
      const { config } = await connection();
      return call(async () => {
        const tokens = await oidc.authorizationCodeGrant(config, callbackUrl, { pkceCodeVerifier: pending.codeVerifier, expectedState: pending.state, expectedNonce: pending.nonce });
        const identity = zVerifiedIdentity.safeParse(tokens.claims());
        return identity.success ? { ok: true as const, identity: identity.data } : { ok: false as const, error: 'invalid_response' };
      });
    },

    async finishIssuing(pending, callbackUrl) {
      const { config } = await connection();
      return call(async () => {
        const tokens = await oidc.authorizationCodeGrant(config, callbackUrl, { pkceCodeVerifier: pending.codeVerifier, expectedState: pending.state, expectedNonce: pending.nonce });
        const issued = zIssued.safeParse(tokens.claims());
        return issued.success ? { ok: true as const, issued: issued.data } : { ok: false as const, error: 'invalid_response' };
      });
    },

    async revoke(serialNumber, reason) {
      const { client } = await connection();
      let response: Response;
      try {
        response = await fetch(`${issuer}/Revocation/revokecredential`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json', authorization: basicAuthorization(client.clientId, client.clientSecret) },
          body: JSON.stringify({ serialNumber, reason }),
          signal: AbortSignal.timeout(timeoutSeconds * 1000),
        });
      } catch (error) {
        throw new GatewayUnavailable('unreachable', { cause: error });
      }
      await response.body?.cancel();
      if (response.status === 200) return 'revoked';
      if (response.status === 404) return 'not_found';
      if (response.status === 401) {
        connected = undefined;
        throw new GatewayUnavailable('client_rejected');
      }
      throw new GatewayUnavailable('unreachable', { cause: new Error(`revocation answered ${response.status}`) });
    },
  };
}

/** client_secret_basic: both parts form-encoded first (RFC 6749 §2.3.1). */
function basicAuthorization(clientId: string, secret: string): string {
  const encode = (s: string) => encodeURIComponent(s).replace(/%20/g, '+');
  return `Basic ${Buffer.from(`${encode(clientId)}:${encode(secret)}`).toString('base64')}`;
}
