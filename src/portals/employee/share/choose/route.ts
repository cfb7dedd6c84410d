// S6 Share credentials, step 1 (DOMAIN.md §4.2 S6.1): "A list of all credentials will be
// displayed. Choose the corresponding boxes to select credentials to be shared."
//   GET  /trusts/{ods}/employee/credentials/share
//        every shareable type (./share.ts), grouped as the portals group them, as checkboxes; the
//        ticks kept in the journey come back ticked (Back from the summary; S6.2 "return to the
//        page where you selected the credentials … and deselect the credential … flagged as missing")
//   POST /trusts/{ods}/employee/credentials/share
//        1. the ticked types (none, or one not offered: 400 with the error summary, ticks kept)
//        2. kept in the session's journey (not the URL); 303 to the summary
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { getCredentialType } from '../../../../core/credentials/catalogue.ts';
import { formErrors, type FormErrors } from '../../../../platform/http/forms.ts';
import type { EmployeePortalDeps } from '../../auth/deps.ts';
import { employeeContext, employeePage, type EmployeeContext } from '../../auth/employee-context.ts';
import { SHAREABLE_TYPES, shareableGroups, shareableName, shareJourney, sharePaths, updateShareJourney } from '../share.ts';

function render(reply: FastifyReply, ctx: EmployeeContext, chosen: readonly string[], errors?: FormErrors, status = 200): FastifyReply {
  return employeePage(
    reply,
    ctx,
    'portals/employee/share/choose/page.njk',
    {
      pageTitle: 'Share credentials',
      navCurrent: sharePaths.credentials(ctx.organisation),
      backHref: sharePaths.credentials(ctx.organisation),
      action: sharePaths.choose(ctx.organisation),
      // The first group's first box has the id `types`, the error summary's target.
      groups: shareableGroups().map((g, i) => ({
        legend: g.group,
        idPrefix: i === 0 ? 'types' : `share-group-${i + 1}`,
        items: g.types.map((t) => ({ value: t, text: shareableName(t), hint: { text: getCredentialType(t).display.description }, checked: chosen.includes(t) })),
      })),
      errors,
    },
    status,
  );
}

const zTicked = z
  .union([z.string(), z.array(z.string()).max(SHAREABLE_TYPES.length * 2)])
  .optional()
  .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]));

export function registerShareChoosePage(app: FastifyInstance, deps: EmployeePortalDeps): void {
  app.get('/trusts/:ods/employee/credentials/share', { config: { surface: 'page' } }, async (request, reply) => {
    const ctx = await employeeContext(request, reply);
    if (!ctx) return reply;
    return render(reply, ctx, shareJourney(ctx).credentialShare?.types ?? []);
  });

  app.post('/trusts/:ods/employee/credentials/share', { config: { surface: 'page' } }, async (request, reply) => {
    const ctx = await employeeContext(request, reply);
    if (!ctx) return reply;
    // 1. What was ticked: only types offered on the page.
    const ticked = zTicked.safeParse((request.body as Record<string, unknown> | undefined)?.types);
    const raw = ticked.success ? ticked.data : [];
    const types = SHAREABLE_TYPES.filter((t) => raw.includes(t));
    if (types.length === 0 || types.length !== new Set(raw).size) {
      return render(reply, ctx, raw, formErrors([{ field: 'types', message: 'Select the credentials you want to share' }]), 400);
    }
    // 2. Kept for the summary, and for coming back here.
    await updateShareJourney(deps.database.db, ctx, { credentialShare: { types } });
    return reply.redirect(sharePaths.check(ctx.organisation), 303);
  });
}
