// GET /demo/training/identity-not-matched: the identity the wallet proved is not the signed-in
// person's (D2W step 6.9). Says which details differ, without showing the credential's, and
// offers no way on to a download.
import type { FastifyInstance } from 'fastify';
import { paths } from '../academy.ts';
import { signedIn, type PortalContext } from '../portal.ts';
import { render } from '../render.ts';

const DETAILS = { firstName: 'first name', lastName: 'last name', birthDate: 'date of birth' } as const;

export function registerIdentityNotMatched(app: FastifyInstance, ctx: PortalContext): void {
  app.get(paths.identityNotMatched, { config: { surface: 'page' } }, async (request, reply) => {
    const who = await signedIn(ctx, request, reply, 'employee');
    if (!who) return reply;
    const mismatches = who.session.identityMismatch;
    if (!mismatches) return reply.redirect(paths.records, 303);
    const differing = mismatches.filter((m): m is keyof typeof DETAILS => m in DETAILS).map((m) => DETAILS[m]);
    return render(reply, 'identity-not-matched', 'Your identity does not match your account', {
      account: who.account,
      differing: differing.length ? joinWords(differing) : undefined,
      otherPassport: mismatches.includes('dspId'),
    });
  });
}

/** "first name, last name and date of birth". */
function joinWords(words: string[]): string {
  return words.length < 2 ? words.join('') : `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;
}
