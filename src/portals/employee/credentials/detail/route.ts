// One credential (S4, S8, S10): GET /trusts/{ods}/employee/credentials/{id} — its details (the
// catalogue's labels, the assurance block), who provided it and when, its expiry, and what the
// person can do in its state: accept or reject a new one (S4), reissue one in the wallet (S8),
// read why one was revoked and how to delete it from the wallet (S10), or withdrawn. Another
// passport's or another trust's id is the 404 page.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { getCredentialType } from '../../../../core/credentials/catalogue.ts';
import { employeePage } from '../../auth/employee-context.ts';
import { credentialOfRequest, credentialPath, credentialsPath, fieldsOf, formatDay, groupOf, rejectReasonOf, revocationReasonOf, SOURCE_TEXT, STATE_TEXT } from '../credential-view.ts';

/** What the page says after an action (`?done=`); shown only when the state agrees. */
const zDone = z.object({ done: z.enum(['added', 'reissued', 'rejected', 'not-added', 'no-key', 'not-reissued']).optional().catch(undefined) });

export function registerCredentialDetail(app: FastifyInstance): void {
  app.get('/trusts/:ods/employee/credentials/:id', { config: { surface: 'page' } }, async (request, reply) => {
    const found = await credentialOfRequest(request, reply);
    if (!found) return reply;
    const { ctx, credential: c } = found;
    const done = zDone.parse(request.query ?? {}).done;
    const definition = getCredentialType(c.credentialType);
    const { fields, assurance } = fieldsOf(c);
    const notice =
      done === 'added' && c.state === 'accepted'
        ? { success: true, text: `${c.title} has been added to your wallet.` }
        : done === 'reissued' && c.state === 'accepted'
          ? { success: true, text: `A new copy of ${c.title} has been added to your wallet. The copy it replaces has been revoked and can no longer be shared: delete it from your wallet.` }
          : done === 'rejected' && c.state === 'declined'
            ? { success: true, text: `You have rejected ${c.title}. ${ctx.organisation.name} can see why.` }
            : done === 'not-added'
              ? c.state === 'pending'
                ? { success: false, text: 'Nothing was added to your wallet. You can try again.' }
                : { success: false, text: 'This credential was not added to your wallet. If your wallet shows a new copy of it, delete it: that copy has been revoked.' }
              : done === 'no-key'
                ? { success: false, text: 'Your wallet must hold your access key for this organisation before other credentials can be added to it. Collect your access key first.' }
                : done === 'not-reissued'
                  ? { success: false, text: 'This credential is no longer in your wallet as it was, so it was not reissued. Any new copy has been revoked.' }
                  : undefined;
    return employeePage(reply, ctx, 'portals/employee/credentials/detail/page.njk', {
      pageTitle: c.title,
      navCurrent: credentialsPath(ctx),
      backHref: credentialsPath(ctx),
      notice,
      credential: {
        title: c.title,
        typeName: definition.display.name,
        description: definition.display.description,
        group: groupOf(c),
        state: c.state,
        stateText: STATE_TEXT[c.state],
        providedBy: ctx.organisation.name,
        source: SOURCE_TEXT[c.source],
        providedOn: formatDay(c.providedAt),
        expiresOn: c.expiresAt ? formatDay(c.expiresAt) : undefined,
        changedOn: formatDay(c.stateChangedAt),
      },
      fields,
      assurance,
      rejected: c.state === 'declined' ? rejectReasonOf(c.stateReason) : undefined,
      revoked: c.state === 'revoked' ? revocationReasonOf(c.stateReason) : undefined,
      acceptAction: credentialPath(ctx, c.id, '/accept'),
      rejectHref: credentialPath(ctx, c.id, '/reject'),
      reissueHref: credentialPath(ctx, c.id, '/reissue'),
    });
  });
}
