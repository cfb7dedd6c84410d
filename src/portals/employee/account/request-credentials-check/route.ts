// S5 Request credentials, step 2: review, then "Yes, request credentials".
//   GET  /trusts/{ods}/employee/credentials/request/check   what was ticked (from the journey)
//   POST /trusts/{ods}/employee/credentials/request/check
//        1. the ticked types from the journey (none: back to step 1 — or, after a request was
//           just made, to its confirmation: a double submit acts once)
//        2. ONE transaction, the passport locked so two submissions take turns: the types an
//           open request does not already ask for (none left: nothing is made), the request
//           (credentialRequests.create records `credential-request.made` in the history), the
//           audit entry, the confirmation by email and SMS on the person's channels (S11), and
//           the journey moved on
//        3. 303 to the confirmation
import type { FastifyInstance } from 'fastify';
import { employeePortalUrl } from '../../../../core/passport/portal-links.ts';
import { notifyPerson, titleList } from '../../../../jobs/notify-person.ts';
import { appendAudit } from '../../../../store/audit-log.ts';
import { credentialRequests } from '../../../../store/credential-requests.ts';
import { scopeOf } from '../../../../store/scope.ts';
import { staffPassports } from '../../../../store/staff-passports.ts';
import type { EmployeePortalDeps } from '../../auth/deps.ts';
import { employeeContext, employeePage } from '../../auth/employee-context.ts';
import { accountJourney, accountPaths, correlationOf, requestableName, updateAccountJourney } from '../shared/account.ts';

export function registerRequestCredentialsCheckPage(app: FastifyInstance, deps: EmployeePortalDeps): void {
  app.get('/trusts/:ods/employee/credentials/request/check', { config: { surface: 'page' } }, async (request, reply) => {
    const ctx = await employeeContext(request, reply);
    if (!ctx) return reply;
    const types = accountJourney(ctx).credentialRequest?.types ?? [];
    if (types.length === 0) return reply.redirect(accountPaths.request(ctx), 303);
    return employeePage(reply, ctx, 'portals/employee/account/request-credentials-check/page.njk', {
      pageTitle: 'Check the credentials you are requesting',
      navCurrent: accountPaths.credentials(ctx),
      backHref: accountPaths.request(ctx),
      changeHref: accountPaths.request(ctx),
      action: accountPaths.requestCheck(ctx),
      titles: types.map(requestableName),
    });
  });

  app.post('/trusts/:ods/employee/credentials/request/check', { config: { surface: 'page' } }, async (request, reply) => {
    const ctx = await employeeContext(request, reply);
    if (!ctx) return reply;
    // 1. What to request.
    const journey = accountJourney(ctx);
    const types = journey.credentialRequest?.types ?? [];
    if (types.length === 0) return reply.redirect(journey.credentialRequestMade ? accountPaths.requestDone(ctx) : accountPaths.request(ctx), 303);

    // 2. One transaction.
    const scope = scopeOf(ctx.organisation.id);
    const actor = `staff:${ctx.passport.id}`;
    const made = await deps.database.transaction(async (tx) => {
      const passport = await staffPassports(tx, scope).lock(ctx.passport.id);
      if (!passport) return undefined;
      const requests = credentialRequests(tx, scope);
      const open = new Set((await requests.openFor(passport.id)).flatMap((r) => r.items.filter((i) => i.state === 'pending').map((i) => i.credentialType)));
      const wanted = types.filter((t) => !open.has(t));
      if (wanted.length === 0) {
        // Asked for already (the first of a double submit, or another tab): nothing new.
        await updateAccountJourney(tx, ctx, { credentialRequest: null });
        return journey.credentialRequestMade ?? null;
      }
      const now = deps.clock.now();
      const created = await requests.create({ passportId: passport.id, types: wanted, at: now });
      await appendAudit(
        tx,
        { organisationId: ctx.organisation.id, actor, action: 'credential-request.made', subject: created.id, correlationId: correlationOf(request), details: { passport: passport.id, types: created.items.map((i) => i.credentialType) } },
        deps.clock,
      );
      await notifyPerson(tx, deps.notifier, ctx.organisation.id, passport, {
        email: 'credentials-requested-email',
        sms: 'credentials-requested-sms',
        personalisation: {
          name: passport.givenName,
          organisation_name: ctx.organisation.name,
          titles: titleList(created.items.map((i) => requestableName(i.credentialType))),
          link: employeePortalUrl(deps.publicUrl, ctx.organisation.odsCode),
        },
      });
      await updateAccountJourney(tx, ctx, { credentialRequest: null, credentialRequestMade: created.id });
      return created.id;
    });
    if (made === undefined) return reply.redirect(accountPaths.request(ctx), 303);

    // 3. The confirmation.
    return reply.redirect(accountPaths.requestDone(ctx), 303);
  });
}
