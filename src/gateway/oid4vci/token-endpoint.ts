// POST /orgs/{ods}/token — the token endpoint of the issuer's own authorization server, for the
// pre-authorized code grant (OpenID4VCI 1.0 §6). Wallets post cross-site and without client
// authentication (anonymous access, §6.1), so CSRF checks are off for this route (D6).
//
// Steps: find the issuer → parse → check DPoP (when sent) → find the offer and check
// authorization_details against it → redeem the code and issue an access token (once, in one
// statement; tx_code compared and attempts counted in the same database statements) → respond
// (no-store).
//
// Parsed with zod rather than @openid4vc/oauth2's `verifyPreAuthorizedCodeAccessTokenRequest`:
// that check wants the expected code and tx_code in plaintext, and ours exist only as hashes,
// compared inside one conditional UPDATE so two replicas cannot both redeem a code.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { InvalidGrant, InvalidRequest } from '../../platform/errors.ts';
import { oid4vciIssuance } from '../../store/oid4vci-issuance.ts';
import { scopeOf, type OrganisationScope } from '../../store/scope.ts';
import { walletSessions } from '../../store/wallet-sessions.ts';
import { txCodeHashOf, type OfferedCredential } from './create-credential-offer.ts';
import { UnsupportedGrantType } from './errors.ts';
import { LIMITS, NO_STORE, PRE_AUTHORIZED_CODE_GRANT, issuerUrls, organisationOfPath, randomSecret, sha256, type Oid4vciDeps } from './issuer-context.ts';
import { verifyDpopProof } from './verify-dpop-proof.ts';

// Unknown parameters are ignored (RFC 6749 §3.2); a repeated parameter arrives as an array and fails.
const zTokenRequest = z.looseObject({
  grant_type: z.string(),
  'pre-authorized_code': z.string().min(1).max(512),
  tx_code: z.string().max(64).optional(),
  authorization_details: z.string().max(4096).optional(),
});

const zAuthorizationDetails = z.array(z.looseObject({ type: z.literal('openid_credential'), credential_configuration_id: z.string() })).min(1);

function parse(body: unknown) {
  if (typeof body === 'object' && body !== null && 'grant_type' in body && body.grant_type !== PRE_AUTHORIZED_CODE_GRANT) {
    throw new UnsupportedGrantType();
  }
  const parsed = zTokenRequest.safeParse(body);
  if (!parsed.success) throw new InvalidRequest('The token request is malformed', parsed.error.issues[0]?.message);
  let details: z.infer<typeof zAuthorizationDetails> | undefined;
  if (parsed.data.authorization_details !== undefined) {
    let json: unknown;
    try {
      json = JSON.parse(parsed.data.authorization_details);
    } catch {
      throw new InvalidRequest('authorization_details is not JSON');
    }
    const d = zAuthorizationDetails.safeParse(json);
    if (!d.success) throw new InvalidRequest('authorization_details is malformed');
    details = d.data;
  }
  return { code: parsed.data['pre-authorized_code'], txCode: parsed.data.tx_code, details };
}

async function checkDpop(request: FastifyRequest, deps: Oid4vciDeps, scope: OrganisationScope, tokenUrl: string, now: Date): Promise<string | null> {
  const header = request.headers.dpop;
  if (header === undefined) return null;
  if (typeof header !== 'string') throw new InvalidRequest('One DPoP header at most');
  return verifyDpopProof(deps.database.db, scope, header, { method: 'POST', url: tokenUrl, now, status: 400 });
}

export function registerTokenEndpoint(app: FastifyInstance, deps: Oid4vciDeps): void {
  app.post('/orgs/:ods/token', { config: { csrf: false, surface: 'protocol' } }, async (request, reply) => {
    const organisation = await organisationOfPath(deps.database.db, request.params);
    const scope = scopeOf(organisation.id);
    const urls = issuerUrls(deps.publicUrl, organisation.odsCode);
    const now = deps.clock.now();

    const input = parse(request.body);
    const dpopJkt = await checkDpop(request, deps, scope, urls.token, now);

    // Redeem the code. The offer's id salts the tx_code hash, so look the offer up by code first.
    const store = oid4vciIssuance(deps.database.db, scope);
    const codeHash = sha256(input.code);
    const candidate = await store.findLiveOfferByCodeHash(codeHash, now);
    const txCodeHash = input.txCode !== undefined && candidate ? txCodeHashOf(candidate.id, input.txCode) : input.txCode !== undefined ? 'none' : undefined;

    // OpenID4VCI 1.0 §6.2: with authorization_details, each names an offered configuration and
    // gets credential identifiers (ours are the configuration ids themselves). Checked against
    // the offer the code names before it is redeemed (its credentials never change), so the
    // redemption and the access token are one statement. Without a live offer the redemption
    // below fails as invalid_grant.
    if (candidate && input.details) {
      const offered = (candidate.credentials as OfferedCredential[]).map((c) => c.configurationId);
      if (input.details.some((d) => !offered.includes(d.credential_configuration_id))) {
        throw new InvalidRequest('authorization_details names a credential that was not offered');
      }
    }

    const accessToken = randomSecret();
    const redeemed = await store.redeemCode({
      codeHash,
      txCodeHash,
      now,
      maxTxCodeAttempts: LIMITS.maxTxCodeAttempts,
      accessToken: { tokenHash: sha256(accessToken), dpopJkt, expiresAt: new Date(now.getTime() + LIMITS.accessTokenSeconds * 1000) },
    });
    switch (redeemed.outcome) {
      case 'redeemed':
        break;
      case 'invalid_code':
        throw new InvalidGrant('The pre-authorized code is invalid, expired or already used');
      case 'tx_code_missing':
        throw new InvalidRequest('This offer needs the transaction code');
      case 'tx_code_unexpected':
        throw new InvalidRequest('This offer has no transaction code');
      case 'wrong_tx_code':
        throw new InvalidGrant('The transaction code is wrong', `attempts left ${redeemed.attemptsLeft}`);
      case 'attempts_exhausted':
        await walletSessions(deps.database.db, scope).fail(redeemed.offer.walletSessionId, 'tx_code_attempts_exhausted', now);
        throw new InvalidGrant('The transaction code is wrong and no attempts are left');
    }

    return reply.headers(NO_STORE).send({
      access_token: accessToken,
      token_type: dpopJkt ? 'DPoP' : 'Bearer',
      expires_in: LIMITS.accessTokenSeconds,
      ...(input.details
        ? { authorization_details: input.details.map((d) => ({ ...d, credential_identifiers: [d.credential_configuration_id] })) }
        : {}),
    });
  });
}
