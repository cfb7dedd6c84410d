// GET /demo/training/admin: for the academy's records administrator, every record downloaded to
// a Digital Staff Passport wallet (serial number, when, whose) and whether it was revoked, with
// a "Revoke" action for each one still valid.
import type { FastifyInstance } from 'fastify';
import { paths } from '../academy.ts';
import { formatDateTime, recordTitle } from '../core-skill-credential.ts';
import { signedIn, takeFlash, type PortalContext } from '../portal.ts';
import { render } from '../render.ts';

export function registerAdminPage(app: FastifyInstance, ctx: PortalContext): void {
  app.get(paths.admin, { config: { surface: 'page' } }, async (request, reply) => {
    const who = await signedIn(ctx, request, reply, 'administrator');
    if (!who) return reply;
    const { state } = who;
    const downloads = [...state.downloads]
      .sort((a, b) => b.downloadedAt.localeCompare(a.downloadedAt))
      .map((d) => {
        const person = state.accounts.find((a) => a.id === d.accountId);
        const record = state.records.find((r) => r.id === d.recordId);
        return {
          serialNumber: d.serialNumber,
          person: person ? `${person.firstName} ${person.lastName}` : 'Unknown',
          title: record ? recordTitle(record) : 'Unknown record',
          downloadedAt: formatDateTime(d.downloadedAt),
          revokedAt: d.revokedAt ? formatDateTime(d.revokedAt) : undefined,
          revokeHref: d.revokedAt ? undefined : paths.revoke(d.serialNumber),
        };
      });
    return render(reply, 'admin', 'Records downloaded to wallets', { account: who.account, downloads, flash: takeFlash(who.session) });
  });
}
