// The OpenID4VP 1.0 verifier of every organisation (issue 4): routes and the API other parts call.
//   GET|POST /orgs/{ods}/presentation-requests/{id}   the signed Request Object (./request-object.ts)
//   POST     /orgs/{ods}/presentation-responses       the response endpoint (./presentation-response.ts)
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../store/database.ts';
import { presentationTransactions } from '../../store/presentation-transactions.ts';
import type { OrganisationScope } from '../../store/scope.ts';
import type { Oid4vpVerifierDeps } from './deps.ts';
import { registerPresentationResponse } from './presentation-response.ts';
import { registerRequestObject } from './request-object.ts';

export { createPresentationRequest, type PresentationRequest, type PresentationRequestDeps, type PresentationRequestInput } from './create-presentation-request.ts';
export type { PresentationFailure, PresentationOutcome } from './presentation-response.ts';
export type { Oid4vpVerifierDeps } from './deps.ts';

export function registerOid4vpVerifier(app: FastifyInstance, deps: Oid4vpVerifierDeps): void {
  registerRequestObject(app, deps);
  registerPresentationResponse(app, deps);
}

/**
 * The same-device redirect's response code (OpenID4VP 1.0 §8.2, §14.2): true exactly once, for
 * the code the response endpoint issued for this session, before it expires. The caller also
 * checks that the browser is the one that started the session (its binding cookie).
 */
export function consumeResponseCode(db: Db, scope: OrganisationScope, sessionId: string, code: string, now: Date): Promise<boolean> {
  if (code.length === 0 || code.length > 128) return Promise.resolve(false);
  return presentationTransactions(db, scope).consumeResponseCode(sessionId, code, now);
}

/** Which link the wallet followed for a session's request, once it fetched it (undefined before). */
export async function presentationFlow(db: Db, scope: OrganisationScope, sessionId: string): Promise<'cross_device' | 'same_device' | undefined> {
  return (await presentationTransactions(db, scope).findBySession(sessionId))?.flow ?? undefined;
}
