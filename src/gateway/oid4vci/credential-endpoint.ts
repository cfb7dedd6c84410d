// POST /orgs/{ods}/credential — the credential endpoint (OpenID4VCI 1.0 §8).
//
// Steps:
//   1 find the issuer
//   2 authenticate the access token (Bearer, or DPoP with a proof by the bound key)
//   3 parse the request: exactly one of credential_configuration_id / credential_identifier, one
//     `jwt` key proof under `proofs` (no batch issuance is advertised), no response encryption
//   4 validate the key proof (verify-key-proof.ts), then consume its c_nonce — in its own
//     statement, so a later refusal cannot roll the consumption back and reopen the nonce
//   5 check the holder binding (docs/architecture.md D23): with `holder-key` binding the proof key
//     must be one the person's earlier credentials were bound to; within one offer every
//     credential goes to the key of the first. Otherwise credential_request_denied, nothing issued.
//   6 issue, in one transaction: the offer is bound to the key, issueCredential (serial, status
//     index, signature, audit) and our record of it; the wallet session completes when every
//     offered credential has been issued
//   7 respond 200 { credentials: [{ credential }], notification_id, c_nonce }, no-store. c_nonce
//     is a fresh nonce for the wallet's next key proof: OpenID4VCI 1.0 §8.3 no longer defines it
//     (wallets get nonces from the nonce endpoint, §7, and ignore members they do not know), but
//     wallets built on Credo 0.6 take the nonce of every request after the first from the
//     previous Credential Response and send a nonce-less proof without it — so an offer of
//     several credentials stopped after the first (test/interop/credo-holder.test.ts).
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { CredentialIssueError } from '../../core/credentials/index.ts';
import type { Organisation } from '../../core/passport/organisation.ts';
import { oid4vciIssuance, type OfferRow } from '../../store/oid4vci-issuance.ts';
import { scopeOf, type OrganisationScope } from '../../store/scope.ts';
import { walletSessions } from '../../store/wallet-sessions.ts';
import { issueCredential } from '../issuance/issue-credential.ts';
import { authenticateAccessToken } from './authenticate-access-token.ts';
import { parseStoredOffer, type OfferedCredential } from './create-credential-offer.ts';
import {
  CredentialRequestDenied,
  InvalidCredentialRequest,
  InvalidEncryptionParameters,
  InvalidNonce,
  InvalidProof,
  InvalidToken,
  UnknownCredentialConfiguration,
  UnknownCredentialIdentifier,
} from './errors.ts';
import { NO_STORE, issuerUrls, organisationOfPath, parseConfigurationId, sha256, type Oid4vciDeps } from './issuer-context.ts';
import { mintNonce } from './nonce-endpoint.ts';
import { verifyKeyProof, type VerifiedKeyProof } from './verify-key-proof.ts';

// Unknown members are ignored (§8.2); the ones we read are checked strictly.
const zCredentialRequest = z.looseObject({
  credential_configuration_id: z.string().max(200).optional(),
  credential_identifier: z.string().max(200).optional(),
  proofs: z.unknown().optional(),
  proof: z.unknown().optional(),
  credential_response_encryption: z.unknown().optional(),
});
const zProofs = z.strictObject({ jwt: z.array(z.string().max(16_384)).min(1) });

/** Step 3. */
function parse(body: unknown, offered: OfferedCredential[]): { credential: OfferedCredential; proofJwt: string } {
  const parsed = zCredentialRequest.safeParse(body);
  if (!parsed.success) throw new InvalidCredentialRequest('The credential request is malformed');
  const request = parsed.data;
  if (request.credential_response_encryption !== undefined) throw new InvalidEncryptionParameters();
  const byConfiguration = request.credential_configuration_id !== undefined;
  if (byConfiguration === (request.credential_identifier !== undefined)) {
    throw new InvalidCredentialRequest('Send exactly one of credential_configuration_id and credential_identifier');
  }
  let credential: OfferedCredential | undefined;
  if (byConfiguration) {
    const id = request.credential_configuration_id!;
    if (!parseConfigurationId(id)) throw new UnknownCredentialConfiguration();
    credential = offered.find((c) => c.configurationId === id);
    if (!credential) throw new InvalidCredentialRequest('This credential was not offered to you');
  } else {
    // Our credential identifiers (token endpoint, authorization_details) are the configuration ids.
    credential = offered.find((c) => c.configurationId === request.credential_identifier);
    if (!credential) throw new UnknownCredentialIdentifier();
  }
  // §8.2: `proof` (singular) was removed in 1.0; `proofs` is required because binding is.
  if (request.proof !== undefined) throw new InvalidProof('Use proofs, not proof');
  const proofs = zProofs.safeParse(request.proofs);
  if (!proofs.success) throw new InvalidProof('A proofs object with one jwt key proof is required');
  if (proofs.data.jwt.length !== 1) throw new InvalidCredentialRequest('Batch issuance is not supported: send one key proof');
  return { credential, proofJwt: proofs.data.jwt[0]! };
}

/** Step 5. */
function checkHolderBinding(binding: ReturnType<typeof parseStoredOffer>['binding'], offer: OfferRow, proof: VerifiedKeyProof): void {
  if (binding.mode === 'holder-key' && !binding.thumbprints.includes(proof.thumbprint)) {
    throw new CredentialRequestDenied('This wallet does not hold the key of your earlier credentials', `holder key ${proof.thumbprint} not bound to the person`);
  }
  if (offer.boundThumbprint !== null && offer.boundThumbprint !== proof.thumbprint) {
    throw new CredentialRequestDenied('Credentials of one offer go to one wallet key', `holder key ${proof.thumbprint}`);
  }
}

async function issue(deps: Oid4vciDeps, organisation: Organisation, scope: OrganisationScope, offer: OfferRow, credential: OfferedCredential, proof: VerifiedKeyProof, correlationId: string) {
  const now = deps.clock.now();
  return deps.database.transaction(async (tx) => {
    const store = oid4vciIssuance(tx, scope);
    if (!(await store.bindHolderKey(offer.id, proof.thumbprint))) throw new CredentialRequestDenied('Credentials of one offer go to one wallet key');
    const already = await store.issuedForOffer(offer.id);
    if (already.some((i) => i.credentialConfigurationId === credential.configurationId)) {
      throw new CredentialRequestDenied('This credential has already been issued for this offer');
    }
    // Our record and the session first, the credential last: issuing ends by counting the status
    // entry, whose list-row lock lasts until commit, so nothing else should run after it.
    const serialNumber = randomUUID();
    const notificationId = randomUUID();
    const record = await store.recordIssued({
      serialNumber,
      offerId: offer.id,
      credentialConfigurationId: credential.configurationId,
      credentialType: credential.type,
      format: credential.format,
      dspId: offer.dspId,
      holderKeyThumbprint: proof.thumbprint,
      notificationId,
      issuedAt: now,
    });
    const issued = [...already, record];
    const { credentials } = parseStoredOffer(offer);
    if (issued.length === credentials.length) {
      await walletSessions(tx, scope).complete(
        offer.walletSessionId,
        { issued: issued.map((i) => ({ serialNumber: i.serialNumber, type: i.credentialType, format: i.format })) },
        now,
      );
    }
    // A credential whose data says it has already expired (a pending one past its expiry before
    // the nightly sweep marks it) cannot be issued: the request is denied (OpenID4VCI 1.0
    // §8.3.1.2 `credential_request_denied`), not answered as a server error.
    const result = await issueCredential(tx, deps, {
      organisation,
      type: credential.type,
      format: credential.format,
      subject: credential.subject,
      holderJwk: proof.jwk,
      ...(proof.holderDid ? { holderId: proof.holderDid } : {}),
      actor: 'oid4vci:wallet',
      correlationId,
      serialNumber,
    }).catch((error: unknown) => {
      if (error instanceof CredentialIssueError && error.code === 'already_expired') throw new CredentialRequestDenied('This credential has expired and cannot be issued');
      throw error;
    });
    if (result.outcome !== 'issued') throw new CredentialRequestDenied('This organisation may not issue this credential');
    return { credential: result.credential, notificationId };
  });
}

export function registerCredentialEndpoint(app: FastifyInstance, deps: Oid4vciDeps): void {
  app.post('/orgs/:ods/credential', { config: { csrf: false, surface: 'protocol' } }, async (request, reply) => {
    const organisation = await organisationOfPath(deps.database.db, request.params);
    const scope = scopeOf(organisation.id);
    const urls = issuerUrls(deps.publicUrl, organisation.odsCode);
    const now = deps.clock.now();
    const store = oid4vciIssuance(deps.database.db, scope);

    const { offer } = await authenticateAccessToken(deps.database.db, scope, request, reply, { url: urls.credential, now }, (hash) => store.findAccessTokenWithOffer(hash, now));
    if (!offer || offer.expiresAt.getTime() <= now.getTime()) {
      reply.header('www-authenticate', 'Bearer error="invalid_token"');
      throw new InvalidToken('The offer of this access token has expired');
    }
    const stored = parseStoredOffer(offer);

    const { credential, proofJwt } = parse(request.body, stored.credentials);

    const proof = await verifyKeyProof(proofJwt, { audience: urls.issuer, now, clock: deps.clock });
    if (!(await store.consumeNonce(sha256(proof.nonce), now))) throw new InvalidNonce();

    try {
      checkHolderBinding(stored.binding, offer, proof);
    } catch (error) {
      // A wallet that is not the person's scanned the QR code: end the session so the page says so.
      await walletSessions(deps.database.db, scope).fail(offer.walletSessionId, 'wrong_wallet', now);
      throw error;
    }

    const issued = await issue(deps, organisation, scope, offer, credential, proof, request.id);
    request.log.info({ offer: offer.id, configuration: credential.configurationId, holderKey: proof.thumbprint }, 'credential issued');
    const nextNonce = await mintNonce(deps.database.db, scope, now);
    return reply.headers(NO_STORE).send({ credentials: [{ credential: issued.credential.credential }], notification_id: issued.notificationId, c_nonce: nextNonce });
  });
}
