// Client authentication for the gateway's own endpoints beyond oidc-provider's (credential
// revocation), the same three ways its token endpoint accepts (docs/architecture.md §5):
//   client_secret_basic  Authorization: Basic, id and secret form-urlencoded (RFC 6749 §2.3.1)
//   client_secret_post   client_id and client_secret in the body (RFC 6749 §2.3.1)
//   private_key_jwt      client_assertion signed with one of the client's registered keys,
//                        iss = sub = client_id, aud = the issuer or this endpoint, a short
//                        exp, and a jti never seen before (RFC 7523 §3; OIDC Core §9)
// Exactly one mechanism per request; a client registered with keys may not use a secret.
import { createLocalJWKSet, decodeJwt, jwtVerify, type JSONWebKeySet } from 'jose';
import type { FastifyRequest } from 'fastify';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../store/database.ts';
import { findOidcClient, type OidcClientRecord } from '../../store/oidc-clients.ts';
import { oidcPayloadStore } from '../../store/oidc-payloads.ts';
import { verifyClientSecret } from './client-secrets.ts';

export const JWT_BEARER_ASSERTION = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const MAX_ASSERTION_LIFETIME_SECONDS = 300;

export class ClientAuthenticationError extends Error {
  constructor(
    readonly code: 'invalid_client' | 'invalid_request',
    description: string,
  ) {
    super(description);
  }
}

type Body = Record<string, unknown>;

export async function authenticateClient(
  db: Db,
  clock: Clock,
  request: FastifyRequest,
  audiences: readonly string[],
): Promise<OidcClientRecord> {
  const body: Body = request.body && typeof request.body === 'object' ? (request.body as Body) : {};
  const header = request.headers.authorization;
  const mechanisms = [header !== undefined, body.client_secret !== undefined, body.client_assertion !== undefined].filter(Boolean).length;
  if (mechanisms === 0) throw new ClientAuthenticationError('invalid_client', 'no client authentication provided');
  if (mechanisms > 1) throw new ClientAuthenticationError('invalid_request', 'client authentication must only be provided using one mechanism');

  if (header !== undefined) {
    const [scheme, value] = header.split(' ');
    if (scheme?.toLowerCase() !== 'basic' || !value) throw new ClientAuthenticationError('invalid_client', 'unsupported authorization scheme');
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) throw new ClientAuthenticationError('invalid_client', 'malformed basic credentials');
    let clientId: string;
    let secret: string;
    try {
      clientId = decodeURIComponent(decoded.slice(0, colon).replace(/\+/g, ' '));
      secret = decodeURIComponent(decoded.slice(colon + 1).replace(/\+/g, ' '));
    } catch {
      throw new ClientAuthenticationError('invalid_client', 'malformed basic credentials');
    }
    return bySecret(db, clock, clientId, secret, body);
  }
  if (body.client_secret !== undefined) {
    if (typeof body.client_id !== 'string' || typeof body.client_secret !== 'string') throw new ClientAuthenticationError('invalid_client', 'client_id and client_secret are required');
    return bySecret(db, clock, body.client_id, body.client_secret, body);
  }
  return byAssertion(db, clock, body, audiences);
}

async function bySecret(db: Db, clock: Clock, clientId: string, secret: string, body: Body): Promise<OidcClientRecord> {
  if (body.client_id !== undefined && body.client_id !== clientId) throw new ClientAuthenticationError('invalid_request', 'client_id does not match the authenticated client');
  const client = await findOidcClient(db, clientId);
  // One answer for "no such client", "disabled" and "wrong secret": nothing to probe.
  if (!client || client.disabledAt || client.jwks || !verifyClientSecret(client, secret, clock.now())) {
    throw new ClientAuthenticationError('invalid_client', 'client authentication failed');
  }
  return client;
}

async function byAssertion(db: Db, clock: Clock, body: Body, audiences: readonly string[]): Promise<OidcClientRecord> {
  if (body.client_assertion_type !== JWT_BEARER_ASSERTION) throw new ClientAuthenticationError('invalid_request', `client_assertion_type must be ${JWT_BEARER_ASSERTION}`);
  if (typeof body.client_assertion !== 'string') throw new ClientAuthenticationError('invalid_request', 'client_assertion must be a JWT');
  let sub: unknown;
  try {
    ({ sub } = decodeJwt(body.client_assertion));
  } catch {
    throw new ClientAuthenticationError('invalid_request', 'client_assertion is not a JWT');
  }
  if (typeof sub !== 'string') throw new ClientAuthenticationError('invalid_client', 'client_assertion has no sub');
  const client = await findOidcClient(db, sub);
  if (!client || client.disabledAt || !client.jwks) throw new ClientAuthenticationError('invalid_client', 'client authentication failed');
  const now = clock.now();
  let payload;
  try {
    ({ payload } = await jwtVerify(body.client_assertion, createLocalJWKSet(client.jwks as JSONWebKeySet), {
      issuer: client.clientId,
      subject: client.clientId,
      audience: [...audiences],
      algorithms: ['ES256', 'RS256', 'PS256', 'EdDSA'],
      requiredClaims: ['exp', 'jti'],
      currentDate: now,
      clockTolerance: 5,
    }));
  } catch {
    throw new ClientAuthenticationError('invalid_client', 'client assertion is not valid');
  }
  const exp = payload.exp!;
  if (exp - Math.floor(now.getTime() / 1000) > MAX_ASSERTION_LIFETIME_SECONDS) throw new ClientAuthenticationError('invalid_client', 'client assertion lives too long');
  const fresh = await oidcPayloadStore(db, 'DspClientAssertionJti').claim(`${client.clientId}:${String(payload.jti)}`, new Date(exp * 1000 + 5000));
  if (!fresh) throw new ClientAuthenticationError('invalid_client', 'client assertion was already used');
  return client;
}
