// POST /orgs/{ods}/presentation-responses — the response endpoint of every presentation request
// of an organisation (OpenID4VP 1.0 §8.2 direct_post, §8.3 direct_post.jwt). Cross-site by
// protocol, so CSRF does not apply (`csrf: false`): the response authenticates itself by its
// `state` and by the holder proofs bound to this request's nonce and client_id.
//
// Steps:
//   parse      the form (strict, ./core/oid4vp parse-authorization-response.ts)
//   decrypt    direct_post.jwt: the JWE `kid` names this request's ephemeral key (§8.3); only
//              ECDH-ES with A128GCM or A256GCM (HAIP); the sealed private key is opened by the
//              key-management port
//   consume    the transaction by its state, once, while live (atomic UPDATE … RETURNING): a
//              replayed response, or one to an expired request, is refused (§14.1; STANDARDS e.3)
//   mode       a plain response to a request that asked for encryption is refused (no downgrade)
//   error      a wallet error (§8.5) ends the session: access_denied → `declined`
//   match      every answered query is one we asked, each once; a request left unanswered →
//              `credential_missing` (the verifier never relies on the wallet honouring DCQL, §6.4.2)
//   verify     jwt_vc_json: the VP JWT's holder signature, aud = client_id, nonce; then every
//              credential through the ONE platform verifier with key binding (aud, nonce) and the
//              same-DSP-id rule; the whole response fails if any presentation fails (§14.1)
//   complete   the wallet session with the outcome, audit, and answer: same-device →
//              {redirect_uri} with a fresh single-use response code (§8.2, §14.2); cross-device → {}
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { compactDecrypt, decodeProtectedHeader, importJWK, type JWK } from 'jose';
import { z } from 'zod';
import type { CredentialFormat, DspVerification } from '../../core/credentials/index.ts';
import { organisationDid } from '../../core/did/index.ts';
import {
  RESPONSE_ENCRYPTION_ALG,
  RESPONSE_ENCRYPTION_ENCS,
  didClientId,
  parseDecryptedResponse,
  parseResponseForm,
  unansweredRequests,
  verifyVpJwt,
  type AuthorizationResponse,
  type QueryBinding,
} from '../../core/oid4vp/index.ts';
import type { Organisation } from '../../core/passport/organisation.ts';
import { InvalidRequest, NotFoundError } from '../../platform/errors.ts';
import { appendAudit } from '../../store/audit-log.ts';
import { findOrganisationByOdsCached } from '../../store/organisations.ts';
import { presentationTransactions, type PresentationTransaction } from '../../store/presentation-transactions.ts';
import { scopeOf } from '../../store/scope.ts';
import { walletSessions } from '../../store/wallet-sessions.ts';
import { createCredentialVerifier } from '../verify/credential-verifier.ts';
import { responseKeySealContext } from './create-presentation-request.ts';
import type { Oid4vpVerifierDeps } from './deps.ts';

/** Codes a wallet session of a presentation can fail with; the pages explain each. */
export type PresentationFailure = 'verification_failed' | 'credential_revoked' | 'credential_suspended' | 'declined' | 'credential_missing' | 'expired' | 'wallet_error' | 'wrong_wallet';

/** What a completed presentation session's outcome holds (wallet_sessions.outcome). */
export interface PresentationOutcome {
  dspId: string;
  credentials: {
    queryId: string;
    type: string;
    format: CredentialFormat;
    issuer: string;
    issuerName: string;
    claims: Record<string, unknown>;
    serialNumber: string;
    issuedAt: string;
    expiresAt: string | null;
    /**
     * The issuer-signed credential without the holder's proof (SD-JWT: issuer JWT and the
     * disclosures shared, RFC 9901 §4; jwt_vc_json: the VC JWT the VP wrapped), so a trust that
     * keeps it can verify it again later (DOMAIN.md E9 live verification).
     */
    compact: string;
  }[];
}

const zParams = z.strictObject({ ods: z.string().regex(/^[A-Z0-9]{3,10}$/) });
const zBindings = z.array(
  z.object({ queryId: z.string(), requestId: z.string(), type: z.string(), format: z.enum(['dc+sd-jwt', 'jwt_vc_json']), claims: z.array(z.string()) }),
);

type Judgement = { ok: true; outcome: PresentationOutcome } | { ok: false; failure: PresentationFailure; detail: string };

export function registerPresentationResponse(app: FastifyInstance, deps: Oid4vpVerifierDeps): void {
  const verifier = createCredentialVerifier({ db: deps.database.db, keys: deps.keys, clock: deps.clock, publicUrl: deps.publicUrl, allowLoopback: deps.allowLoopback });
  const codeTtlMs = (deps.responseCodeTtlSeconds ?? 300) * 1000;

  app.post('/orgs/:ods/presentation-responses', { config: { surface: 'protocol', csrf: false } }, async (request, reply) => {
    // Step: parse.
    const params = zParams.safeParse(request.params);
    if (!params.success) throw new NotFoundError('No such response endpoint');
    const organisation = await findOrganisationByOdsCached(deps.database.db, params.data.ods);
    if (!organisation || organisation.odsCode !== params.data.ods) throw new NotFoundError('No such response endpoint');
    const scope = scopeOf(organisation.id);
    const transactions = presentationTransactions(deps.database.db, scope);
    const form = parseResponseForm(request.body);
    if (!form.ok) throw new InvalidRequest('The response is malformed', form.detail);

    // Step: decrypt (direct_post.jwt).
    let response: AuthorizationResponse;
    let encrypted = false;
    if (form.value.kind === 'encrypted') {
      encrypted = true;
      response = await decrypt(form.value.jwe, organisation, transactions, deps);
    } else {
      response = form.value;
    }

    // Step: consume the transaction, once.
    const now = deps.clock.now();
    const transaction = await transactions.consume(response.state, now);
    if (!transaction) {
      const known = await transactions.findByState(response.state);
      if (known && known.status !== 'responded' && known.expiresAt.getTime() <= now.getTime()) {
        await walletSessions(deps.database.db, scope).fail(known.walletSessionId, 'expired', now);
        throw new InvalidRequest('The presentation request has expired', `transaction ${known.id}`);
      }
      throw new InvalidRequest('No presentation request is waiting for this response', known ? `transaction ${known.id} is ${known.status}` : 'unknown state');
    }

    // Step: the response mode the request asked for (no downgrade to plain).
    const judgement: Judgement =
      encrypted !== (transaction.responseMode === 'direct_post.jwt')
        ? { ok: false, failure: 'verification_failed', detail: 'response mode differs from the request' }
        : response.kind === 'error'
          ? { ok: false, failure: response.error === 'access_denied' ? 'declined' : 'wallet_error', detail: `wallet error ${response.error}` }
          : await judge(response.vpToken, transaction, organisation, deps, verifier);

    // Step: end the session, audit.
    const sessionEnded = await deps.database.transaction(async (tx) => {
      const sessions = walletSessions(tx, scope);
      const ended = judgement.ok ? await sessions.complete(transaction.walletSessionId, judgement.outcome, now) : await sessions.fail(transaction.walletSessionId, judgement.failure, now);
      await appendAudit(
        tx,
        {
          organisationId: organisation.id,
          actor: 'wallet',
          action: judgement.ok ? 'presentation.verified' : 'presentation.failed',
          subject: transaction.walletSessionId,
          correlationId: request.id,
          details: judgement.ok ? { serialNumbers: judgement.outcome.credentials.map((c) => c.serialNumber) } : { failure: judgement.failure },
        },
        deps.clock,
      );
      return ended;
    });
    request.log.info({ transaction: transaction.id, outcome: judgement.ok ? 'verified' : judgement.failure, detail: judgement.ok ? undefined : judgement.detail }, 'presentation response');

    if (judgement.ok && !sessionEnded) throw new InvalidRequest('The presentation request has expired');
    if (!judgement.ok && response.kind !== 'error') throw new InvalidRequest('The presentation was not accepted', judgement.detail);

    // Step: respond. Same-device: back to the browser with a single-use code bound to the session.
    if (transaction.flow === 'same_device') {
      const code = randomBytes(32).toString('base64url');
      await transactions.setResponseCode(transaction.id, code, new Date(now.getTime() + codeTtlMs));
      const redirectUri = `${deps.publicUrl}/orgs/${organisation.odsCode}/wallet-sessions/${transaction.walletSessionId}/continue?response_code=${code}`;
      return reply.header('cache-control', 'no-store').send({ redirect_uri: redirectUri });
    }
    return reply.header('cache-control', 'no-store').send({});
  });
}

async function decrypt(
  jwe: string,
  organisation: Organisation,
  transactions: ReturnType<typeof presentationTransactions>,
  deps: Oid4vpVerifierDeps,
): Promise<AuthorizationResponse> {
  let header: Record<string, unknown>;
  try {
    header = decodeProtectedHeader(jwe) as Record<string, unknown>;
  } catch {
    throw new InvalidRequest('The response is not an encrypted JWT');
  }
  const { kid, alg, enc } = header;
  if (alg !== RESPONSE_ENCRYPTION_ALG || !(RESPONSE_ENCRYPTION_ENCS as readonly unknown[]).includes(enc)) {
    throw new InvalidRequest('The response is not encrypted with ECDH-ES and A128GCM or A256GCM');
  }
  if (typeof kid !== 'string') throw new InvalidRequest('The encrypted response names no key (kid)');
  const transaction = await transactions.findByEncryptionKid(kid);
  if (!transaction?.encryptionPrivateSealed) throw new InvalidRequest('The encrypted response names an unknown key');
  const privateJwk = JSON.parse(
    Buffer.from(await deps.keys.open(transaction.encryptionPrivateSealed, responseKeySealContext(organisation.id, transaction.id))).toString('utf8'),
  ) as JWK;
  let payload: unknown;
  try {
    const key = await importJWK(privateJwk, 'ECDH-ES');
    const { plaintext } = await compactDecrypt(jwe, key, { keyManagementAlgorithms: [RESPONSE_ENCRYPTION_ALG], contentEncryptionAlgorithms: [...RESPONSE_ENCRYPTION_ENCS] });
    payload = JSON.parse(new TextDecoder().decode(plaintext));
  } catch {
    throw new InvalidRequest('The encrypted response cannot be decrypted');
  }
  const parsed = parseDecryptedResponse(payload);
  if (!parsed.ok) throw new InvalidRequest('The decrypted response is malformed', parsed.detail);
  // The state inside must be this key's request: a JWE for one request cannot answer another.
  if (parsed.value.state !== transaction.state) throw new InvalidRequest('The encrypted response does not belong to its key');
  return parsed.value;
}

async function judge(
  vpToken: Record<string, string[]>,
  transaction: PresentationTransaction,
  organisation: Organisation,
  deps: Oid4vpVerifierDeps,
  verifier: ReturnType<typeof createCredentialVerifier>,
): Promise<Judgement> {
  const bindings = zBindings.parse(transaction.queryBindings) as QueryBinding[];
  const clientId = didClientId(organisationDid(deps.publicUrl, organisation.odsCode));
  const answered = Object.keys(vpToken);

  // Step: match the answers against the query.
  const unknown = answered.filter((id) => !bindings.some((b) => b.queryId === id));
  if (unknown.length > 0) return { ok: false, failure: 'verification_failed', detail: `answers to queries not asked: ${unknown.join(',')}` };
  const missing = unansweredRequests(bindings, answered);
  if (missing.length > 0) return { ok: false, failure: 'credential_missing', detail: `unanswered: ${missing.join(',')}` };
  const answeredBindings = bindings.filter((b) => answered.includes(b.queryId));
  if (new Set(answeredBindings.map((b) => b.requestId)).size !== answeredBindings.length) return { ok: false, failure: 'verification_failed', detail: 'one credential answered in two formats' };

  // Step: the holder proofs of jwt_vc_json, then every credential through the platform verifier.
  const presented: { compact: string; format: CredentialFormat; binding: QueryBinding }[] = [];
  for (const binding of answeredBindings) {
    const list = vpToken[binding.queryId]!;
    if (list.length !== 1) return { ok: false, failure: 'verification_failed', detail: `${binding.queryId}: expected one presentation` };
    const presentation = list[0]!;
    if (binding.format === 'jwt_vc_json') {
      const vp = await verifyVpJwt(presentation, { audience: clientId, nonce: transaction.nonce, now: deps.clock.now() });
      if (!vp.ok) return { ok: false, failure: 'verification_failed', detail: `${binding.queryId}: VP ${vp.reason}${vp.detail ? ` (${vp.detail})` : ''}` };
      presented.push({ compact: vp.credential, format: 'jwt_vc_json', binding });
    } else {
      presented.push({ compact: presentation, format: 'dc+sd-jwt', binding });
    }
  }
  const result = await verifier.verifyPresented(
    presented.map(({ compact, format }) => ({ compact, format })),
    { keyBinding: { audience: clientId, nonce: transaction.nonce } },
  );
  if (!result.ok) return { ok: false, failure: statusFailure(result.credentials) ?? 'verification_failed', detail: describeFailure(result.credentials, result.sameHolder.status) };

  // Step: each credential is of the type its query asked for.
  const credentials: PresentationOutcome['credentials'] = [];
  for (const [i, verification] of result.credentials.entries()) {
    const { binding } = presented[i]!;
    const credential = verification.credential!;
    if (credential.type !== binding.type || credential.format !== binding.format) return { ok: false, failure: 'verification_failed', detail: `${binding.queryId}: not a ${binding.type}` };
    credentials.push({
      queryId: binding.requestId,
      type: credential.type,
      format: credential.format,
      issuer: credential.issuer,
      issuerName: verification.issuer?.name ?? credential.issuer,
      claims: credential.subject,
      compact: withoutHolderProof(presented[i]!.compact, credential.format),
      serialNumber: credential.serialNumber,
      issuedAt: credential.issuedAt.toISOString(),
      expiresAt: credential.expiresAt ? credential.expiresAt.toISOString() : null,
    });
  }
  if (result.sameHolder.status !== 'passed') return { ok: false, failure: 'verification_failed', detail: 'same holder' };
  // A share started by a signed-in person is answered only with that person's credentials.
  if (transaction.expectedDspId && result.sameHolder.dspId !== transaction.expectedDspId) return { ok: false, failure: 'wrong_wallet', detail: 'credentials about another person' };
  return { ok: true, outcome: { dspId: result.sameHolder.dspId, credentials } };
}

/** An SD-JWT presentation ends with the KB-JWT after the last `~`; the rest is what the issuer signed and disclosed. */
function withoutHolderProof(compact: string, format: CredentialFormat): string {
  return format === 'dc+sd-jwt' ? compact.slice(0, compact.lastIndexOf('~') + 1) : compact;
}

/**
 * A presentation that failed only because a credential's issuer revoked or suspended it gets its
 * own failure code, so the page can say so and what to do (ask the issuer for a new one) rather
 * than the general "could not be checked". Any other failed check keeps `verification_failed`.
 */
function statusFailure(credentials: readonly DspVerification[]): 'credential_revoked' | 'credential_suspended' | undefined {
  const failed = credentials.flatMap((c) => Object.entries(c.checks).filter(([, r]) => r.status === 'failed').map(([name, r]) => ({ name, reason: 'reason' in r ? r.reason : '' })));
  if (failed.length === 0 || failed.some((f) => f.name !== 'status' || (f.reason !== 'revoked' && f.reason !== 'suspended'))) return undefined;
  return failed.some((f) => f.reason === 'revoked') ? 'credential_revoked' : 'credential_suspended';
}

/** Names the failed checks (codes only, never credential contents) for the log. */
function describeFailure(credentials: readonly DspVerification[], sameHolder: string): string {
  const failed = credentials.flatMap((c, i) => Object.entries(c.checks).filter(([, r]) => r.status === 'failed').map(([name, r]) => `${i}:${name}:${'reason' in r ? r.reason : ''}`));
  return `${failed.join(' ')} sameHolder:${sameHolder}`;
}
