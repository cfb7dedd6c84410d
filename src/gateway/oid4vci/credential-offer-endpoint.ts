// GET /orgs/{ods}/credential-offers/{reference} — the credential offer a `credential_offer_uri`
// points at (OpenID4VCI 1.0 §4.1.3), answered as JSON.
//
// Steps: find the issuer → parse the reference → find the live offer (its pre-authorized code is
// derived from the reference, see create-credential-offer.ts), recording the first fetch and
// marking the wallet session in progress → respond. An unknown, malformed or expired reference
// is the same 404.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { NotFoundError } from '../../platform/errors.ts';
import { oid4vciIssuance } from '../../store/oid4vci-issuance.ts';
import { scopeOf } from '../../store/scope.ts';
import { preAuthorizedCodeOf, type OfferedCredential } from './create-credential-offer.ts';
import { LIMITS, NO_STORE, PRE_AUTHORIZED_CODE_GRANT, issuerUrls, organisationOfPath, sha256, type Oid4vciDeps } from './issuer-context.ts';

const zParams = z.object({ ods: z.string(), reference: z.string().regex(/^[A-Za-z0-9_-]{43}$/) });

export function registerCredentialOfferEndpoint(app: FastifyInstance, deps: Oid4vciDeps): void {
  app.get('/orgs/:ods/credential-offers/:reference', { config: { surface: 'protocol' } }, async (request, reply) => {
    const organisation = await organisationOfPath(deps.database.db, request.params);
    const params = zParams.safeParse(request.params);
    if (!params.success) throw new NotFoundError();
    const now = deps.clock.now();
    const scope = scopeOf(organisation.id);

    const code = preAuthorizedCodeOf(params.data.reference);
    // One statement: find it, record the first fetch, move the wallet session to in progress.
    const offer = await oid4vciIssuance(deps.database.db, scope).fetchLiveOffer(sha256(code), now);
    if (!offer) throw new NotFoundError();

    const credentials = offer.credentials as OfferedCredential[];
    const grant: Record<string, unknown> = { 'pre-authorized_code': code };
    if (offer.txCodeHash !== null) {
      grant.tx_code = { input_mode: 'numeric', length: LIMITS.txCodeLength, description: 'Enter the 6-digit code we sent to your mobile phone' };
    }
    return reply.headers(NO_STORE).send({
      credential_issuer: issuerUrls(deps.publicUrl, organisation.odsCode).issuer,
      credential_configuration_ids: credentials.map((c) => c.configurationId),
      grants: { [PRE_AUTHORIZED_CODE_GRANT]: grant },
    });
  });
}
