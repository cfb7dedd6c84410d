// GET  /demo/training/records/{id}/already-downloaded   the record is in the person's wallet
//      already: they may download it again, but first they are asked to delete the old copy
//      from their wallet (D2W step 5.3), so they never hold two copies of one record
// POST the same: they confirm they have deleted it (a checkbox they must tick)
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { parseForm } from '../../../platform/http/forms.ts';
import { paths } from '../academy.ts';
import { formatDateTime, recordTitle } from '../core-skill-credential.ts';
import { nextStep } from '../download-journey.ts';
import { atStep, stepPath, type AtStep } from '../download/route.ts';
import type { PortalContext } from '../portal.ts';
import { render } from '../render.ts';

const zDeleted = z.object({
  deleted: z.literal('yes', { error: 'Confirm that you have deleted the old copy from your wallet' }),
});

function pageContext(at: AtStep, extra: Record<string, unknown> = {}) {
  const downloadedAt = at.status.kind === 'downloaded' ? formatDateTime(at.status.download.downloadedAt) : '';
  return { account: at.account, title: recordTitle(at.record), downloadedAt, action: paths.alreadyDownloaded(at.record.id), backHref: paths.records, values: {}, ...extra };
}

export function registerAlreadyDownloaded(app: FastifyInstance, ctx: PortalContext): void {
  app.get(paths.alreadyDownloaded(':recordId'), { config: { surface: 'page' } }, async (request, reply) => {
    const at = await atStep(ctx, request, reply, 'already-downloaded');
    if (!at) return reply;
    return render(reply, 'already-downloaded', 'Delete the old copy from your wallet first', pageContext(at));
  });

  app.post(paths.alreadyDownloaded(':recordId'), { config: { surface: 'page' } }, async (request, reply) => {
    const at = await atStep(ctx, request, reply, 'already-downloaded');
    if (!at) return reply;
    const parsed = parseForm(zDeleted, request.body);
    if (!parsed.ok) return render(reply, 'already-downloaded', 'Delete the old copy from your wallet first', pageContext(at, { errors: parsed.errors, values: parsed.values }), 400);
    at.session.oldCopyDeleted.push(at.record.id);
    at.session.downloading = at.record.id;
    const next = nextStep({ status: at.status, oldCopyDeleted: true, identityChecked: Boolean(at.session.identity) });
    return reply.redirect(stepPath(next, at.record.id), 303);
  });
}
