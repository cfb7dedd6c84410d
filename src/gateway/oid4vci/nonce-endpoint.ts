// POST /orgs/{ods}/nonce — a fresh c_nonce for key proofs (OpenID4VCI 1.0 §7). No
// authentication; `Cache-Control: no-store` (§7.2). The nonce is stored hashed with a short
// lifetime and consumed once by the credential endpoint.
//
// Steps: find the issuer → make and store a nonce → respond.
import type { FastifyInstance } from 'fastify';
import { oid4vciIssuance } from '../../store/oid4vci-issuance.ts';
import { scopeOf } from '../../store/scope.ts';
import { LIMITS, NO_STORE, organisationOfPath, randomSecret, sha256, type Oid4vciDeps } from './issuer-context.ts';

export function registerNonceEndpoint(app: FastifyInstance, deps: Oid4vciDeps): void {
  app.post('/orgs/:ods/nonce', { config: { csrf: false, surface: 'protocol' } }, async (request, reply) => {
    const organisation = await organisationOfPath(deps.database.db, request.params);
    const now = deps.clock.now();
    const nonce = randomSecret();
    await oid4vciIssuance(deps.database.db, scopeOf(organisation.id)).createNonce(sha256(nonce), now, new Date(now.getTime() + LIMITS.nonceSeconds * 1000));
    return reply.headers(NO_STORE).send({ c_nonce: nonce });
  });
}
