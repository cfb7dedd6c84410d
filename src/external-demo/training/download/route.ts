// GET /demo/training/records/{id}/download: starts (or resumes) a record's download journey and
// sends the person to the step they are at (download-journey.ts). Also the guard every later
// step uses: the record must be the signed-in person's and downloadable, and the page asked for
// must be the step they are at.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { paths } from '../academy.ts';
import { mayDownload, nextStep, recordStatus, type DownloadStep, type RecordStatus } from '../download-journey.ts';
import { signedIn, today, type PortalContext, type SignedIn } from '../portal.ts';
import { renderProblem } from '../problem/problem.ts';
import type { TrainingRecord } from '../state.ts';

const zParams = z.object({ recordId: z.uuid() });

export function stepPath(step: DownloadStep, recordId: string): string {
  if (step === 'already-downloaded') return paths.alreadyDownloaded(recordId);
  if (step === 'check-identity') return paths.checkIdentity;
  return paths.checkDownload(recordId);
}

export interface AtStep extends SignedIn {
  record: TrainingRecord;
  status: RecordStatus;
}

/**
 * The record of the path when the person may download it and is at `step` (or at any step when
 * `step` is undefined); otherwise the reply is sent — to sign in, to their records, or to the
 * step they are at — and undefined is returned.
 */
export async function atStep(ctx: PortalContext, request: FastifyRequest, reply: FastifyReply, step: DownloadStep | undefined): Promise<AtStep | undefined> {
  const who = await signedIn(ctx, request, reply, 'employee');
  if (!who) return undefined;
  const params = zParams.safeParse(request.params);
  const record = params.success ? who.state.records.find((r) => r.id === params.data.recordId && r.accountId === who.account.id) : undefined;
  if (!record) {
    await renderProblem(reply, 'not-found', { account: who.account });
    return undefined;
  }
  const status = recordStatus(record, who.state.downloads);
  if (!mayDownload(who.account, record, status, today(ctx.clock))) {
    await reply.redirect(paths.records, 303);
    return undefined;
  }
  const next = nextStep({ status, oldCopyDeleted: who.session.oldCopyDeleted.includes(record.id), identityChecked: Boolean(who.session.identity) });
  if (step !== undefined && next !== step) {
    await reply.redirect(stepPath(next, record.id), 303);
    return undefined;
  }
  return { ...who, record, status };
}

export function registerDownloadStart(app: FastifyInstance, ctx: PortalContext): void {
  app.get(paths.download(':recordId'), { config: { surface: 'page' } }, async (request, reply) => {
    const at = await atStep(ctx, request, reply, undefined);
    if (!at) return reply;
    at.session.downloading = at.record.id;
    const next = nextStep({ status: at.status, oldCopyDeleted: at.session.oldCopyDeleted.includes(at.record.id), identityChecked: Boolean(at.session.identity) });
    return reply.redirect(stepPath(next, at.record.id), 303);
  });
}
