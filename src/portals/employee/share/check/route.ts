// S6 Share credentials, step 2 (DOMAIN.md §4.2 S6.1): "You'll see a summary screen listing all
// credentials that you have selected to be shared. Choose 'Yes, connect to my wallet' and
// 'Continue' to proceed."
//   GET  /trusts/{ods}/employee/credentials/share/check   the ticked types (from the journey)
//   POST /trusts/{ods}/employee/credentials/share/check
//        1. unanswered: 400 with the error summary; "No, go back and change": 303 to step 1 (ticks kept)
//        2. "Yes": a presentation request for one credential of each ticked type (OpenID4VP; the
//           DCQL query asks for each type's required claims), answerable only by credentials about
//           this person (`expectedDspId`: a QR code relayed to someone else's wallet fails
//           `wrong_wallet`), handing back to ../shared → 303 to the wallet-session page (QR code
//           and the same-device button). A GET never creates a request.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { createPresentationRequest } from '../../../../gateway/oid4vp/index.ts';
import { beginWalletSession, walletSessionPath } from '../../../../gateway/wallet-sessions/index.ts';
import { parseForm, type FormErrors } from '../../../../platform/http/forms.ts';
import type { EmployeePortalDeps } from '../../auth/deps.ts';
import { employeeContext, employeePage, type EmployeeContext } from '../../auth/employee-context.ts';
import { employeePolicy } from '../../auth/policy.ts';
import { SHARE_PURPOSE, shareableName, shareJourney, sharePaths } from '../share.ts';

const zConnect = z.object({ connect: z.enum(['yes', 'no'], { error: 'Select yes to connect to your wallet, or no to go back and change the credentials' }) });

function render(reply: FastifyReply, ctx: EmployeeContext, types: readonly Parameters<typeof shareableName>[0][], values: Record<string, string>, errors?: FormErrors): FastifyReply {
  return employeePage(
    reply,
    ctx,
    'portals/employee/share/check/page.njk',
    {
      pageTitle: 'Check the credentials you are sharing',
      navCurrent: sharePaths.credentials(ctx.organisation),
      backHref: sharePaths.choose(ctx.organisation),
      changeHref: sharePaths.choose(ctx.organisation),
      action: sharePaths.check(ctx.organisation),
      titles: types.map(shareableName),
      items: [
        { value: 'yes', text: 'Yes, connect to my wallet', checked: values.connect === 'yes' },
        { value: 'no', text: 'No, go back and change', checked: values.connect === 'no' },
      ],
      errors,
    },
    errors ? 400 : 200,
  );
}

export function registerShareCheckPage(app: FastifyInstance, deps: EmployeePortalDeps): void {
  app.get('/trusts/:ods/employee/credentials/share/check', { config: { surface: 'page' } }, async (request, reply) => {
    const ctx = await employeeContext(request, reply);
    if (!ctx) return reply;
    const types = shareJourney(ctx).credentialShare?.types ?? [];
    if (types.length === 0) return reply.redirect(sharePaths.choose(ctx.organisation), 303);
    return render(reply, ctx, types, {});
  });

  app.post('/trusts/:ods/employee/credentials/share/check', { config: { surface: 'page' } }, async (request, reply) => {
    const ctx = await employeeContext(request, reply);
    if (!ctx) return reply;
    const types = shareJourney(ctx).credentialShare?.types ?? [];
    if (types.length === 0) return reply.redirect(sharePaths.choose(ctx.organisation), 303);

    // 1. The answer.
    const form = parseForm(zConnect, request.body);
    if (!form.ok) return render(reply, ctx, types, form.values, form.errors);
    if (form.value.connect === 'no') return reply.redirect(sharePaths.choose(ctx.organisation), 303);
    // Signed in with an access key means a DSP id (D47); without one nothing could be matched.
    const dspId = ctx.passport.dspId;
    if (!dspId) return reply.redirect(sharePaths.credentials(ctx.organisation), 303);

    // 2. The presentation request and its QR code page.
    const { browserBinding } = beginWalletSession(request, reply, deps.secureCookies);
    const presentation = await deps.database.transaction((tx) =>
      createPresentationRequest(tx, deps, {
        organisation: ctx.organisation,
        credentials: types.map((type) => ({ id: type, type })),
        purpose: `Share your credentials with ${ctx.organisation.name} for their review`,
        walletSession: { purpose: SHARE_PURPOSE, browserBinding, returnTo: sharePaths.handBack(ctx.organisation), ttlSeconds: employeePolicy.walletSessionSeconds },
        expectedDspId: dspId,
      }),
    );
    return reply.redirect(walletSessionPath(ctx.organisation.odsCode, presentation.sessionId), 303);
  });
}
