// POST /orgs/{ods}/nonce — a fresh c_nonce for key proofs (OpenID4VCI 1.0 §7). No
// authentication; `Cache-Control: no-store` (§7.2). The nonce is stored hashed with a short
// lifetime and consumed once by the credential endpoint.
//
// Steps: find the issuer → make and store a nonce → respond.
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../store/database.ts';
import { oid4vciIssuance } from '../../store/oid4vci-issuance.ts';
import { scopeOf, type OrganisationScope } from '../../store/scope.ts';
import { LIMITS, NO_STORE, organisationOfPath, randomSecret, sha256, type Oid4vciDeps } from './issuer-context.ts';

/** A fresh c_nonce, stored hashed with a short lifetime; the credential endpoint consumes it once. */
export async function mintNonce(db: Db, scope: OrganisationScope, now: Date): Promise<string> {
  const nonce = randomSecret();
  await oid4vciIssuance(db, scope).createNonce(sha256(nonce), now, new Date(now.getTime() + LIMITS.nonceSeconds * 1000));
  return nonce;
}

export function registerNonceEndpoint(app: FastifyInstance, deps: Oid4vciDeps): void {
  app.post('/orgs/:ods/nonce', { config: { csrf: false, surface: 'protocol' } }, async (request, reply) => {
    const organisation = await organisationOfPath(deps.database.db, request.params);
    const nonce = await mintNonce(deps.database.db, scopeOf(organisation.id), deps.clock.now());
    return reply.headers(NO_STORE).send({ c_nonce: nonce });
  });
}
