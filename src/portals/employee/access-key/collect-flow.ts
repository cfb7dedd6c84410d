// What the access-key pages (S2; D45) share: the collect-key journey's progress in the session, what
// a passport has to collect, and the pages that say why a step cannot go on.
//
// What is collected: the passport's pending AccessKey, with its pending Identity when there is one
// (HR's identity confirmation, E5.6, provides both; a new access key, E13, provides an AccessKey
// alone). Both go into the wallet in one offer with session binding (D23 a). A passport "has
// collected" its key when its live link was used (`collectedAt`), or when it has an accepted
// AccessKey and no pending one — so a new access key from HR can be collected although an older
// one was accepted before.
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import type { Organisation } from '../../../core/passport/organisation.ts';
import type { ProvidedCredential } from '../../../core/passport/provided-credential.ts';
import type { PassportStatus } from '../../../core/passport/staff-passport.ts';
import type { Db } from '../../../store/database.ts';
import { providedCredentials } from '../../../store/provided-credentials.ts';
import { scopeOf } from '../../../store/scope.ts';
import { employeePath, employeePublicPage } from '../auth/employee-context.ts';

/** The collect-key journey's progress (employee_sessions.journey), parsed not trusted. */
export const zCollectJourney = z.object({
  /** The wallet session of the offer made after the right SMS code. */
  walletSessionId: z.uuid().optional(),
  /** The provided credentials that offer carries. */
  credentialIds: z.array(z.string()).optional(),
});
export type CollectJourney = z.infer<typeof zCollectJourney>;

export function collectJourneyOf(journey: Record<string, unknown>): CollectJourney {
  const parsed = zCollectJourney.safeParse(journey);
  return parsed.success ? parsed.data : {};
}

/** Passports that may not collect a key or sign in (HR declined, the person left, the key locked). */
export const REFUSED_STATUSES: readonly PassportStatus[] = ['identity-declined', 'deactivated', 'disabled'];

export interface Collectable {
  /** The pending AccessKey and, when there is one, the pending Identity: what the offer carries. */
  pending: ProvidedCredential[];
  /** The passport already holds an accepted AccessKey. */
  hasAcceptedKey: boolean;
}

export async function collectableOf(db: Db, organisation: Pick<Organisation, 'id'>, passportId: string): Promise<Collectable> {
  const held = await providedCredentials(db, scopeOf(organisation.id)).listForPassport(passportId);
  const newest = (type: 'AccessKey' | 'Identity') => held.find((c) => c.credentialType === type && c.state === 'pending');
  const accessKey = newest('AccessKey');
  const identity = newest('Identity');
  return {
    pending: accessKey ? [accessKey, ...(identity ? [identity] : [])] : [],
    hasAcceptedKey: held.some((c) => c.credentialType === 'AccessKey' && c.state === 'accepted'),
  };
}

export type ProblemKind = 'link-not-usable' | 'refused' | 'nothing-to-collect' | 'no-mobile' | 'too-many-codes' | 'not-added';

const problems: Record<ProblemKind, { title: string; status: number }> = {
  'link-not-usable': { title: 'This link cannot be used', status: 400 },
  refused: { title: 'You cannot collect an access key', status: 403 },
  'nothing-to-collect': { title: 'There is no access key for you to collect', status: 200 },
  'no-mobile': { title: 'We do not have your mobile phone number', status: 200 },
  'too-many-codes': { title: 'You have asked for too many codes', status: 429 },
  'not-added': { title: 'Your access key was not added', status: 409 },
};

/** The page that says why collecting cannot go on, and what to do (E13: HR sends a new access key). */
export function collectProblem(reply: FastifyReply, organisation: Organisation, kind: ProblemKind): FastifyReply {
  const { title, status } = problems[kind];
  return employeePublicPage(reply, organisation, 'portals/employee/access-key/problem.njk', { pageTitle: title, kind, signIn: employeePath(organisation, '/sign-in') }, status);
}
