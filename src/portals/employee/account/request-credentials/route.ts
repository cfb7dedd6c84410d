// S5 Request credentials, step 1 (DOMAIN.md §4.2 S5): tick the credentials to ask the trust for.
//   GET  /trusts/{ods}/employee/credentials/request
//        the requestable types (store/credential-requests.ts REQUESTABLE_TYPES, in HR's words);
//        a type an open request already asks for is listed as "already requested" and cannot be
//        ticked again (HR has it to review; asking twice would only give HR two of the same)
//   POST /trusts/{ods}/employee/credentials/request
//        1. the ticked types (none, or one not offered: 400 with the error summary, ticks kept)
//        2. kept in the session's journey (not the URL); 303 to the review page
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { formErrors, type FormErrors } from '../../../../platform/http/forms.ts';
import { credentialRequests, REQUESTABLE_TYPES, type RequestableType } from '../../../../store/credential-requests.ts';
import { scopeOf } from '../../../../store/scope.ts';
import type { EmployeePortalDeps } from '../../auth/deps.ts';
import { employeeContext, employeePage, type EmployeeContext } from '../../auth/employee-context.ts';
import { accountJourney, accountPaths, londonTime, REQUESTABLE_HINTS, requestableName, updateAccountJourney } from '../shared/account.ts';

/** The types an open request of this passport already asks for, with when they were asked for. */
export async function alreadyRequested(deps: Pick<EmployeePortalDeps, 'database'>, ctx: EmployeeContext): Promise<Map<RequestableType, Date>> {
  const open = await credentialRequests(deps.database.db, scopeOf(ctx.organisation.id)).openFor(ctx.passport.id);
  const out = new Map<RequestableType, Date>();
  for (const request of open) for (const item of request.items) if (item.state === 'pending' && !out.has(item.credentialType)) out.set(item.credentialType, request.requestedAt);
  return out;
}

function render(reply: FastifyReply, ctx: EmployeeContext, already: Map<RequestableType, Date>, chosen: readonly string[], errors?: FormErrors, status = 200): FastifyReply {
  const offered = REQUESTABLE_TYPES.filter((t) => !already.has(t));
  return employeePage(
    reply,
    ctx,
    'portals/employee/account/request-credentials/page.njk',
    {
      pageTitle: 'Request credentials',
      navCurrent: accountPaths.credentials(ctx),
      backHref: accountPaths.credentials(ctx),
      action: accountPaths.request(ctx),
      items: offered.map((t) => ({ value: t, text: requestableName(t), hint: { text: REQUESTABLE_HINTS[t] }, checked: chosen.includes(t) })),
      already: REQUESTABLE_TYPES.filter((t) => already.has(t)).map((t) => ({ title: requestableName(t), since: londonTime(already.get(t)!) })),
      errors,
    },
    status,
  );
}

const zTicked = z
  .union([z.string(), z.array(z.string()).max(20)])
  .optional()
  .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]));

export function registerRequestCredentialsPage(app: FastifyInstance, deps: EmployeePortalDeps): void {
  app.get('/trusts/:ods/employee/credentials/request', { config: { surface: 'page' } }, async (request, reply) => {
    const ctx = await employeeContext(request, reply);
    if (!ctx) return reply;
    // Back from the review page ("Change"): the ticks kept in the journey.
    const chosen = accountJourney(ctx).credentialRequest?.types ?? [];
    return render(reply, ctx, await alreadyRequested(deps, ctx), chosen);
  });

  app.post('/trusts/:ods/employee/credentials/request', { config: { surface: 'page' } }, async (request, reply) => {
    const ctx = await employeeContext(request, reply);
    if (!ctx) return reply;
    // 1. What was ticked: only types offered on the page.
    const already = await alreadyRequested(deps, ctx);
    const ticked = zTicked.safeParse((request.body as Record<string, unknown> | undefined)?.types);
    const raw = ticked.success ? ticked.data : [];
    const offered = REQUESTABLE_TYPES.filter((t) => !already.has(t));
    const types = offered.filter((t) => raw.includes(t));
    // Everything is requested already (another tab): the page says so.
    if (offered.length === 0) return reply.redirect(accountPaths.request(ctx), 303);
    if (types.length === 0 || types.length !== new Set(raw).size) {
      return render(reply, ctx, already, raw, formErrors([{ field: 'types', message: 'Select the credentials you want to request' }]), 400);
    }
    // 2. Kept for the review page.
    await updateAccountJourney(deps.database.db, ctx, { credentialRequest: { types } });
    return reply.redirect(accountPaths.requestCheck(ctx), 303);
  });
}
