// POST /gateway/Revocation/revokecredential — the direct-to-wallet standard's revocation
// (DOMAIN.md §6.1; docs/architecture.md §5): an external system revokes a credential it issued
// by serial number. Authenticated like the token endpoint (./client-authentication.ts).
//   200 {"serialNumber", "status": "revoked"}  revoked now, or already revoked (idempotent)
//   404 not_found      a serial number the client's organisation did not issue (the ledger is
//                      scoped to that organisation, so another's credential is never revealed)
//   401 invalid_client bad client authentication;  400 invalid_request a malformed body
// After it, the organisation's status lists say revoked, so every later share fails verification.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { STATUS_REASONS } from '../../core/credentials/status/index.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../store/database.ts';
import { scopeOf } from '../../store/scope.ts';
import { statusLedger } from '../../store/status-ledger.ts';
import { ClientAuthenticationError, authenticateClient } from './client-authentication.ts';
import { GATEWAY_PATH } from './provider.ts';

export const REVOCATION_PATH = `${GATEWAY_PATH}/Revocation/revokecredential`;

const zBody = z.object({
  serialNumber: z.uuid(),
  reason: z.enum(STATUS_REASONS).default('Other'),
});

export interface RevocationDeps {
  db: Db;
  clock: Clock;
  issuer: string;
  publicUrl: string;
}

function oauthError(reply: FastifyReply, status: number, error: string, description: string) {
  reply.header('cache-control', 'no-store');
  if (status === 401) reply.header('www-authenticate', 'Basic realm="gateway"');
  return reply.code(status).send({ error, error_description: description });
}

export function registerRevocationEndpoint(app: FastifyInstance, deps: RevocationDeps): void {
  app.post(REVOCATION_PATH, { config: { csrf: false, surface: 'protocol' } }, async (request, reply) => {
    let client;
    try {
      client = await authenticateClient(deps.db, deps.clock, request, [deps.issuer, `${deps.publicUrl}${REVOCATION_PATH}`, `${deps.issuer}/token`]);
    } catch (error) {
      if (!(error instanceof ClientAuthenticationError)) throw error;
      return oauthError(reply, error.code === 'invalid_client' ? 401 : 400, error.code, error.message);
    }
    const body = zBody.safeParse(request.body);
    if (!body.success) return oauthError(reply, 400, 'invalid_request', `serialNumber must be a credential serial number and reason one of ${STATUS_REASONS.join(', ')}`);
    const result = await statusLedger(deps.db, scopeOf(client.organisationId)).revoke(
      { serialNumber: body.data.serialNumber, reason: body.data.reason, actor: `client:${client.clientId}`, correlationId: request.id },
      deps.clock,
    );
    if (result.outcome === 'not_found') return oauthError(reply, 404, 'not_found', 'no credential with that serial number was issued by your organisation');
    reply.header('cache-control', 'no-store');
    return reply.code(200).send({ serialNumber: body.data.serialNumber.toLowerCase(), status: 'revoked' });
  });
}
