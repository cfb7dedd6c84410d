// S3: signing in by sharing this trust's access key from the wallet.
//   GET  /trusts/{ods}/employee/sign-in[?signedOut=1|collected=1|alreadyCollected=1|key={token}]
//        the page (already signed in here → home). `key`: the access-key email's link when it is
//        the only link the email shows (seed 001: "that link will also take you to the right
//        place") — a live link whose key is not yet collected goes on to /access-key/{token}.
//   POST /trusts/{ods}/employee/sign-in   (rate limited) a presentation request for one AccessKey
//        → 303 the wallet-session page (QR code, same-device button) → /sign-in/done (../done).
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { createPresentationRequest } from '../../../../gateway/oid4vp/index.ts';
import { beginWalletSession, walletSessionPath } from '../../../../gateway/wallet-sessions/index.ts';
import { accessKeyLinks } from '../../../../store/access-key-links.ts';
import { scopeOf } from '../../../../store/scope.ts';
import type { EmployeePortalDeps } from '../../auth/deps.ts';
import { currentEmployeeSession, employeeOrganisationOf, employeePath, employeePublicPage } from '../../auth/employee-context.ts';
import { employeePolicy } from '../../auth/policy.ts';
import { zLinkToken } from '../../access-key/link/route.ts';

const zQuery = z.object({
  signedOut: z.string().optional(),
  collected: z.string().optional(),
  alreadyCollected: z.string().optional(),
  key: z.string().optional(),
});

export const signInPostsLimited = { rateLimit: { max: employeePolicy.postsPerMinute, timeWindow: 60_000 } };

/** The wallet session's purpose: the wallet-session page words its failures for it (messages.ts). */
export const SIGN_IN_PURPOSE = 'employee-sign-in';

export function registerSignInStart(app: FastifyInstance, deps: EmployeePortalDeps): void {
  app.get('/trusts/:ods/employee/sign-in', { config: { surface: 'page' } }, async (request, reply) => {
    const organisation = await employeeOrganisationOf(request, deps);
    if (!organisation) return reply.page('errors/not-found.njk', { pageTitle: 'Page not found' }, 404);
    const parsed = zQuery.safeParse(request.query);
    const q = parsed.success ? parsed.data : {};

    // The sign-in-only email: its link carries the access-key link's token.
    let keyCollected = false;
    if (q.key !== undefined) {
      reply.header('referrer-policy', 'no-referrer');
      const token = zLinkToken.safeParse(q.key);
      const link = token.success ? await accessKeyLinks(deps.database.db, scopeOf(organisation.id)).findLive(token.data, deps.clock.now()) : undefined;
      if (token.success && link && !link.collectedAt) return reply.redirect(employeePath(organisation, `/access-key/${encodeURIComponent(token.data)}`), 303);
      keyCollected = Boolean(link?.collectedAt);
    }

    const current = await currentEmployeeSession(request, deps, organisation);
    if (current.kind === 'session' && current.session.stage === 'signed-in') return reply.redirect(employeePath(organisation), 303);
    const notice = q.collected
      ? 'Your access key is in your wallet. You can now sign in with it.'
      : q.alreadyCollected || keyCollected
        ? 'You have already collected your access key. Sign in with it.'
        : q.signedOut
          ? 'You have signed out.'
          : undefined;
    return employeePublicPage(reply, organisation, 'portals/employee/sign-in/start/page.njk', {
      pageTitle: 'Sign in with your access key',
      notice,
      action: employeePath(organisation, '/sign-in'),
    });
  });

  app.post('/trusts/:ods/employee/sign-in', { config: { surface: 'page', ...signInPostsLimited } }, async (request, reply) => {
    const organisation = await employeeOrganisationOf(request, deps);
    if (!organisation) return reply.page('errors/not-found.njk', { pageTitle: 'Page not found' }, 404);
    const { browserBinding } = beginWalletSession(request, reply, deps.secureCookies);
    const presentation = await deps.database.transaction((tx) =>
      createPresentationRequest(tx, deps, {
        organisation,
        credentials: [{ id: 'access-key', type: 'AccessKey' }],
        purpose: `Share your ${organisation.name} access key to sign in to its Digital Staff Passport employee portal`,
        walletSession: { purpose: SIGN_IN_PURPOSE, browserBinding, returnTo: employeePath(organisation, '/sign-in/done'), ttlSeconds: employeePolicy.walletSessionSeconds },
      }),
    );
    return reply.redirect(walletSessionPath(organisation.odsCode, presentation.sessionId), 303);
  });
}
