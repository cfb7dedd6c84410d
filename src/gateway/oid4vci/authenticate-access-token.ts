// The access-token step of the credential and notification endpoints (RFC 6750 §2.1, RFC 9449
// §7): `Authorization: Bearer <token>` or `DPoP <token>` with a DPoP proof. A token issued to a
// DPoP key is accepted only with a valid proof by that key (and never as a Bearer token).
// The endpoint says how to look the token up (`lookup`, by the token's hash, live tokens only),
// so it can fetch what it needs with the token in the same statement.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../../store/database.ts';
import type { AccessTokenRow } from '../../store/oid4vci-issuance.ts';
import type { OrganisationScope } from '../../store/scope.ts';
import { InvalidDpopProof, InvalidToken } from './errors.ts';
import { sha256 } from './issuer-context.ts';
import { verifyDpopProof } from './verify-dpop-proof.ts';

const AUTHORIZATION = /^(Bearer|DPoP) ([A-Za-z0-9\-._~+/]+=*)$/;

export async function authenticateAccessToken<T extends { token: AccessTokenRow }>(
  db: Db,
  scope: OrganisationScope,
  request: FastifyRequest,
  reply: FastifyReply,
  expected: { url: string; now: Date },
  lookup: (tokenHash: string) => Promise<T | undefined>,
): Promise<T> {
  try {
    const header = request.headers.authorization;
    const match = typeof header === 'string' ? AUTHORIZATION.exec(header) : null;
    if (!match) throw new InvalidToken('An access token is required');
    const [, scheme, token] = match as unknown as [string, 'Bearer' | 'DPoP', string];
    const found = await lookup(sha256(token));
    if (!found) throw new InvalidToken('The access token is invalid or expired', undefined, scheme);
    const row = found.token;
    if (row.dpopJkt === null) {
      if (scheme !== 'Bearer') throw new InvalidToken('The access token is not DPoP-bound', undefined, 'DPoP');
      return found;
    }
    if (scheme !== 'DPoP') throw new InvalidToken('The access token is DPoP-bound', 'bearer use of a DPoP token', 'DPoP');
    const proof = request.headers.dpop;
    if (typeof proof !== 'string') throw new InvalidDpopProof('A DPoP proof is required', undefined, 401);
    const jkt = await verifyDpopProof(db, scope, proof, { method: request.method, url: expected.url, accessToken: token, now: expected.now, status: 401 });
    if (jkt !== row.dpopJkt) throw new InvalidDpopProof('The DPoP proof is not by the key the token is bound to', undefined, 401);
    return found;
  } catch (error) {
    // RFC 6750 §3, RFC 9449 §7.1: a 401 names the scheme and the error.
    if (error instanceof InvalidToken) reply.header('www-authenticate', `${error.scheme} error="invalid_token"`);
    if (error instanceof InvalidDpopProof) reply.header('www-authenticate', `DPoP error="invalid_dpop_proof", algs="ES256 EdDSA"`);
    throw error;
  }
}
