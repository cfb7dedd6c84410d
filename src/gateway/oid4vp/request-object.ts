// GET | POST /orgs/{ods}/presentation-requests/{id} — the Request Object of a presentation,
// fetched by reference (OpenID4VP 1.0 §5.7 request_uri, §5.10 request_uri_method=post; RFC 9101 §5.2).
//
// Steps: parse (id, flow; for POST the form `wallet_metadata`, `wallet_nonce`, §5.10.1) → load the
// organisation → claim the transaction (single-use: created → requested, while live; STYLE.md
// rule 11) → mark the wallet session in progress → sign the Request Object with the
// organisation's active DID key through the key-management port, echoing `wallet_nonce` →
// answer `application/oauth-authz-req+jwt`, never cached.
//
// A second fetch, an unknown id or an expired request answers `invalid_request_uri` (RFC 9101
// §7 error codes, used by OpenID4VP §5.10.2): a relayed or replayed request_uri gets nothing.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { JWK } from 'jose';
import { z } from 'zod';
import { organisationDid } from '../../core/did/index.ts';
import { REQUEST_OBJECT_MEDIA_TYPE, createRequestObject, didClientId, type DcqlQuery } from '../../core/oid4vp/index.ts';
import { NotFoundError, ProtocolError } from '../../platform/errors.ts';
import { findOrganisationByOdsCached } from '../../store/organisations.ts';
import { presentationTransactions } from '../../store/presentation-transactions.ts';
import { scopeOf } from '../../store/scope.ts';
import { organisationSigner } from '../issuance/issue-credential.ts';
import { presentationResponseUrl } from './create-presentation-request.ts';
import type { Oid4vpVerifierDeps } from './deps.ts';

export class InvalidRequestUri extends ProtocolError {
  constructor(detail?: string) {
    super('invalid_request_uri', 400, 'The request_uri is unknown, already used or expired', detail);
  }
}

const zParams = z.strictObject({ ods: z.string().regex(/^[A-Z0-9]{3,10}$/), id: z.uuid() });
const zQuery = z.object({ flow: z.literal('same-device').optional() });
const zPostForm = z.object({
  wallet_nonce: z.string().regex(/^[\x21-\x7e]{1,256}$/).optional(),
  /** §5.10.1: JSON; read only to check it is well-formed, our requests do not depend on it. */
  wallet_metadata: z.string().max(32_000).optional(),
});

export function registerRequestObject(app: FastifyInstance, deps: Oid4vpVerifierDeps): void {
  const handler = async (request: FastifyRequest, reply: FastifyReply) => {
    // Step: parse.
    const params = zParams.safeParse(request.params);
    if (!params.success) throw new NotFoundError('No such presentation request');
    const query = zQuery.safeParse(request.query);
    if (!query.success) throw new InvalidRequestUri('unknown flow');
    let walletNonce: string | undefined;
    if (request.method === 'POST') {
      const form = zPostForm.safeParse(request.body ?? {});
      if (!form.success) throw new ProtocolError('invalid_request', 400, 'wallet_nonce or wallet_metadata is malformed');
      walletNonce = form.data.wallet_nonce;
    }

    // Step: the organisation.
    const organisation = await findOrganisationByOdsCached(deps.database.db, params.data.ods);
    if (!organisation || organisation.odsCode !== params.data.ods) throw new NotFoundError('No such presentation request');
    const scope = scopeOf(organisation.id);

    // Step: claim the transaction, once (the wallet session moves to in progress with it).
    const now = deps.clock.now();
    const flow = query.data.flow === 'same-device' ? 'same_device' : 'cross_device';
    const transaction = await presentationTransactions(deps.database.db, scope).markRequested(params.data.id, flow, now);
    if (!transaction) throw new InvalidRequestUri();

    // Step: sign the Request Object.
    const signer = await organisationSigner(deps.database.db, deps, organisation);
    const jar = await createRequestObject({
      clientId: didClientId(organisationDid(deps.publicUrl, organisation.odsCode)),
      clientName: organisation.name,
      responseUri: presentationResponseUrl(deps.publicUrl, organisation.odsCode),
      responseMode: transaction.responseMode,
      nonce: transaction.nonce,
      state: transaction.state,
      dcqlQuery: transaction.dcqlQuery as DcqlQuery,
      ...(transaction.encryptionPublicJwk ? { encryptionJwk: transaction.encryptionPublicJwk as JWK & { kid: string } } : {}),
      ...(walletNonce ? { walletNonce } : {}),
      now,
      signer,
    });
    request.log.info({ transaction: transaction.id, flow, organisation: organisation.odsCode }, 'presentation request fetched');

    // Step: respond.
    return reply.header('cache-control', 'no-store').type(REQUEST_OBJECT_MEDIA_TYPE).send(jar);
  };
  const options = { config: { surface: 'protocol' as const, csrf: false } };
  app.get('/orgs/:ods/presentation-requests/:id', options, handler);
  app.post('/orgs/:ods/presentation-requests/:id', options, handler);
}
