// GET  /demo/training/records/{id}/check   every field of the credential the person is about to
//      download, exactly as it will be issued (D2W step 5.4: "present them with the exact
//      information that is to be downloaded and ask them to confirm")
// POST the same: they confirm; the credential is pushed to the gateway (PAR with
//      authorization_details, scope `openid issue.CoreSkill`) and they go to the gateway's QR page
import type { FastifyInstance } from 'fastify';
import { ACADEMY, paths } from '../academy.ts';
import { coreSkillClaims, fieldsToDownload, recordTitle } from '../core-skill-credential.ts';
import { atStep } from '../download/route.ts';
import { GatewayUnavailable } from '../gateway-client.ts';
import type { PortalContext } from '../portal.ts';
import { renderProblem } from '../problem/problem.ts';
import { render } from '../render.ts';

export function registerCheckDownload(app: FastifyInstance, ctx: PortalContext): void {
  app.get(paths.checkDownload(':recordId'), { config: { surface: 'page' } }, async (request, reply) => {
    const at = await atStep(ctx, request, reply, 'check');
    if (!at) return reply;
    const { fields, assurance } = fieldsToDownload(coreSkillClaims(at.record), at.session.identity!.dspId);
    return render(reply, 'check-download', 'Check what will be downloaded', {
      account: at.account,
      title: recordTitle(at.record),
      fields,
      assurance,
      issuer: `${ACADEMY.name} (${ACADEMY.odsCode})`,
      action: paths.checkDownload(at.record.id),
      backHref: paths.records,
    });
  });

  app.post(paths.checkDownload(':recordId'), { config: { surface: 'page' } }, async (request, reply) => {
    const at = await atStep(ctx, request, reply, 'check');
    if (!at) return reply;
    try {
      const started = await ctx.gateway.startIssuing({ recordId: at.record.id, dspId: at.session.identity!.dspId, claims: coreSkillClaims(at.record) });
      if (!started.ok) {
        request.log.warn({ error: started.error }, 'training portal: the gateway refused the pushed credential');
        return renderProblem(reply, 'gateway-refused', { account: at.account });
      }
      at.session.pending = started.pending;
      return reply.redirect(started.url.href, 303);
    } catch (error) {
      if (!(error instanceof GatewayUnavailable)) throw error;
      request.log.warn({ reason: error.reason, err: error.cause }, 'training portal: gateway unavailable');
      return renderProblem(reply, error.reason === 'not_onboarded' ? 'not-onboarded' : 'gateway-unavailable', { account: at.account });
    }
  });
}
