// GET  /demo/training/admin/downloads/{serial}/revoke   why is it being revoked (the gateway's
//      reasons), and what will happen
// POST the same: revokes it at the gateway (POST /gateway/Revocation/revokecredential with the
//      portal's client credentials), records that, then emails the person to delete it from their
//      wallet — a wallet copy cannot be removed remotely (D2W "Revoking a credential" steps 2–3)
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { parseForm } from '../../../platform/http/forms.ts';
import { ACADEMY, paths } from '../academy.ts';
import { formatDateTime, recordTitle } from '../core-skill-credential.ts';
import { GatewayUnavailable } from '../gateway-client.ts';
import { signedIn, type PortalContext, type SignedIn } from '../portal.ts';
import { renderProblem } from '../problem/problem.ts';
import { render } from '../render.ts';
import { REVOCATION_REASONS, type Download, type RevocationReason } from '../state.ts';

/** How each of the gateway's reasons reads, on the form and in the email. */
const REASONS: Record<RevocationReason, { label: string; email: string }> = {
  TrainingExpiry: { label: 'The training has expired', email: 'the training has expired' },
  LeavingOrganisation: { label: 'They have left the organisation', email: 'you have left the organisation' },
  CredentialProvidedInError: { label: 'The record was provided in error', email: 'the record was provided in error' },
  Other: { label: 'Another reason', email: 'the record is no longer valid' },
};

const zParams = z.object({ serialNumber: z.uuid() });
const zRevoke = z.object({ reason: z.enum(REVOCATION_REASONS, { error: 'Select why you are revoking this record' }) });

function found(who: SignedIn, params: unknown) {
  const parsed = zParams.safeParse(params);
  const download = parsed.success ? who.state.downloads.find((d) => d.serialNumber === parsed.data.serialNumber) : undefined;
  const person = download ? who.state.accounts.find((a) => a.id === download.accountId) : undefined;
  const record = download ? who.state.records.find((r) => r.id === download.recordId) : undefined;
  return download && person && record ? { download, person, record } : undefined;
}

function pageContext(who: SignedIn, subject: NonNullable<ReturnType<typeof found>>, extra: Record<string, unknown> = {}) {
  return {
    account: who.account,
    person: `${subject.person.firstName} ${subject.person.lastName}`,
    title: recordTitle(subject.record),
    serialNumber: subject.download.serialNumber,
    downloadedAt: formatDateTime(subject.download.downloadedAt),
    reasons: REVOCATION_REASONS.map((value) => ({ value, text: REASONS[value].label })),
    action: paths.revoke(subject.download.serialNumber),
    backHref: paths.admin,
    values: {},
    ...extra,
  };
}

export function registerRevoke(app: FastifyInstance, ctx: PortalContext): void {
  app.get(paths.revoke(':serialNumber'), { config: { surface: 'page' } }, async (request, reply) => {
    const who = await signedIn(ctx, request, reply, 'administrator');
    if (!who) return reply;
    const subject = found(who, request.params);
    if (!subject) return renderProblem(reply, 'not-found', { account: who.account });
    if (subject.download.revokedAt) return reply.redirect(paths.admin, 303);
    return render(reply, 'revoke', 'Revoke a downloaded record', pageContext(who, subject));
  });

  app.post(paths.revoke(':serialNumber'), { config: { surface: 'page' } }, async (request, reply) => {
    const who = await signedIn(ctx, request, reply, 'administrator');
    if (!who) return reply;
    const subject = found(who, request.params);
    if (!subject) return renderProblem(reply, 'not-found', { account: who.account });
    if (subject.download.revokedAt) return reply.redirect(paths.admin, 303);
    const parsed = parseForm(zRevoke, request.body);
    if (!parsed.ok) return render(reply, 'revoke', 'Revoke a downloaded record', pageContext(who, subject, { errors: parsed.errors, values: parsed.values }), 400);
    const reason = parsed.value.reason;

    // 1. Revoke at the gateway: from now on the credential fails every verification.
    let outcome: 'revoked' | 'not_found';
    try {
      outcome = await ctx.gateway.revoke(subject.download.serialNumber, reason);
    } catch (error) {
      if (!(error instanceof GatewayUnavailable)) throw error;
      request.log.warn({ reason: error.reason, err: error.cause }, 'training portal: gateway unavailable for revocation');
      return renderProblem(reply, error.reason === 'not_onboarded' ? 'not-onboarded' : 'gateway-unavailable', { account: who.account });
    }
    if (outcome === 'not_found') return renderProblem(reply, 'revocation-not-found', { account: who.account });

    // 2. Record it.
    const revokedAt = ctx.clock.now().toISOString();
    await ctx.state.update((state) => {
      const stored = state.downloads.find((d) => d.serialNumber === subject.download.serialNumber);
      if (stored) Object.assign(stored, { revokedAt, revocationReason: reason } satisfies Partial<Download>);
    });

    // 3. Ask the person to delete it from their wallet.
    const name = `${subject.person.firstName} ${subject.person.lastName}`;
    const title = recordTitle(subject.record);
    try {
      await ctx.sendEmail({
        to: subject.person.email,
        template: 'training-record-revoked-email',
        personalisation: {
          name: subject.person.firstName,
          record: title,
          provider_name: ACADEMY.name,
          downloaded_on: formatDateTime(subject.download.downloadedAt),
          reason: REASONS[reason].email,
          link: `${ctx.publicUrl}${paths.records}`,
        },
      });
      who.session.flash = `${title} for ${name} has been revoked. We have emailed ${name} to ask them to delete it from their wallet.`;
    } catch (error) {
      request.log.error({ err: error }, 'training portal: revocation email not sent');
      who.session.flash = `${title} for ${name} has been revoked, but we could not send the email: ask ${name} to delete it from their wallet.`;
    }
    return reply.redirect(paths.admin, 303);
  });
}
