// GET /demo/training/records/{id}/downloaded: the record is in the person's wallet (D2W step
// 7.10), with its serial number, and what to do next (add it to their passport, share it).
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { paths } from '../academy.ts';
import { formatDateTime, recordTitle } from '../core-skill-credential.ts';
import { recordStatus } from '../download-journey.ts';
import { signedIn, type PortalContext } from '../portal.ts';
import { render } from '../render.ts';

const zParams = z.object({ recordId: z.uuid() });

export function registerDownloaded(app: FastifyInstance, ctx: PortalContext): void {
  app.get(paths.downloaded(':recordId'), { config: { surface: 'page' } }, async (request, reply) => {
    const who = await signedIn(ctx, request, reply, 'employee');
    if (!who) return reply;
    const params = zParams.safeParse(request.params);
    const record = params.success ? who.state.records.find((r) => r.id === params.data.recordId && r.accountId === who.account.id) : undefined;
    const status = record ? recordStatus(record, who.state.downloads) : undefined;
    if (!record || status?.kind !== 'downloaded') return reply.redirect(paths.records, 303);
    return render(reply, 'downloaded', 'Downloaded to your wallet', {
      account: who.account,
      title: recordTitle(record),
      serialNumber: status.download.serialNumber,
      downloadedAt: formatDateTime(status.download.downloadedAt),
    });
  });
}
