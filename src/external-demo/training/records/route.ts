// GET /demo/training/records: the signed-in employee's training records, each with whether it
// was downloaded to their Digital Staff Passport wallet (D2W step 5: "make it clear whether the
// employee has already downloaded the credentials") and, where the passport applies to them, a
// link to download it (again).
import type { FastifyInstance } from 'fastify';
import { paths } from '../academy.ts';
import { formatDate, formatDateTime, recordTitle } from '../core-skill-credential.ts';
import { isExpired, mayDownload, recordStatus } from '../download-journey.ts';
import { signedIn, takeFlash, today, type PortalContext } from '../portal.ts';
import { render } from '../render.ts';

export function registerRecordsPage(app: FastifyInstance, ctx: PortalContext): void {
  app.get(paths.records, { config: { surface: 'page' } }, async (request, reply) => {
    const who = await signedIn(ctx, request, reply, 'employee');
    if (!who) return reply;
    const { account, session, state } = who;
    const day = today(ctx.clock);
    const records = state.records
      .filter((r) => r.accountId === account.id)
      .map((record) => {
        const status = recordStatus(record, state.downloads);
        const expired = isExpired(record, day);
        return {
          id: record.id,
          title: recordTitle(record),
          completedOn: formatDate(record.completedOn),
          expiresOn: formatDate(record.expiresOn),
          status:
            status.kind === 'revoked'
              ? { text: 'Revoked', colour: 'red', detail: `on ${formatDateTime(status.download.revokedAt!)}` }
              : expired
                ? { text: 'Expired', colour: 'grey', detail: '' }
                : status.kind === 'downloaded'
                  ? { text: 'Downloaded', colour: 'green', detail: `on ${formatDateTime(status.download.downloadedAt)}` }
                  : { text: 'Not downloaded', colour: 'white', detail: '' },
          downloadHref: mayDownload(account, record, status, day) ? paths.download(record.id) : undefined,
          downloadText: status.kind === 'downloaded' ? 'Download again' : 'Download to your wallet',
        };
      });
    return render(reply, 'records', 'Your training records', {
      account,
      records,
      identityChecked: Boolean(session.identity),
      flash: takeFlash(session),
    });
  });
}
