// E13 pages (rules in renew.ts):
//   GET  /trusts/{ods}/employer/staff-passports/{passportId}/new-access-key   confirm
//   POST …/new-access-key   1. the context and the passport of this trust (else 404); 2. ONE
//        transaction: once per form (`latest`); 303 back with the outcome.
//   GET  …/new-identity   confirm the details (those of the current Identity)
//   POST …/new-identity   the same steps.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { formValues } from '../../../platform/http/forms.ts';
import { providedCredentials } from '../../../store/provided-credentials.ts';
import { scopeOf } from '../../../store/scope.ts';
import type { EmployerPortalDeps } from '../auth/deps.ts';
import { employerContext, employerPage, employerPath } from '../auth/employer-context.ts';
import { fullName, passportOf, passportPath } from '../esr-shared/passport-esr.ts';
import { currentOf, renewAccessKey, renewIdentity } from './renew.ts';

const KINDS = {
  'new-access-key': { type: 'AccessKey', template: 'access-key.njk', title: 'Provide a new access key credential', renew: renewAccessKey },
  'new-identity': { type: 'Identity', template: 'identity.njk', title: 'Create a new identity credential', renew: renewIdentity },
} as const;

const DONE = {
  renewed: { 'new-access-key': 'A new access key credential was provided and the old access key revoked. They have been sent a link to collect it.', 'new-identity': 'New Identity credential provided.' },
  'already-renewed': 'This was already done.',
  'not-available': 'Confirm their identity first.',
} as const;

const SUBJECT_ROWS: Array<[string, string]> = [
  ['firstName', 'First name'], ['middleNames', 'Middle names'], ['lastName', 'Last name'], ['birthDate', 'Date of birth'], ['legalGender', 'Legal gender'], ['nationality', 'Nationality'],
];

/** The current Identity's details, as HR confirms them (the address as one line). */
function detailRows(subject: Record<string, unknown>): Array<{ key: { text: string }; value: { text: string } }> {
  const rows = SUBJECT_ROWS.flatMap(([key, label]) => (typeof subject[key] === 'string' && subject[key] ? [{ key: { text: label }, value: { text: subject[key] } }] : []));
  const address = subject.address && typeof subject.address === 'object' ? (subject.address as Record<string, unknown>) : undefined;
  if (address) {
    const lines = [...(Array.isArray(address.addressLines) ? address.addressLines : []), address.townOrCity, address.postcode].filter((x): x is string => typeof x === 'string' && x !== '');
    if (lines.length) rows.push({ key: { text: 'Address' }, value: { text: lines.join(', ') } });
  }
  return rows;
}

export function registerRenewCredentialPages(app: FastifyInstance, deps: EmployerPortalDeps): void {
  for (const [path, kind] of Object.entries(KINDS) as Array<[keyof typeof KINDS, (typeof KINDS)[keyof typeof KINDS]]>) {
    app.get(`/trusts/:ods/employer/staff-passports/:passportId/${path}`, { config: { surface: 'page' } }, async (request, reply) => {
      const ctx = await employerContext(request, reply);
      if (!ctx) return reply;
      const passport = await passportOf(request, reply, ctx);
      if (!passport) return reply;
      const latest = currentOf(await providedCredentials(deps.database.db, scopeOf(ctx.organisation.id)).listForPassport(passport.id), kind.type);
      const done = z.enum(['renewed', 'already-renewed', 'not-available']).optional().catch(undefined).parse((request.query as Record<string, unknown> | undefined)?.done);
      const subject = (latest?.subject ?? {}) as Record<string, unknown>;
      return employerPage(reply, ctx, `portals/employer/renew-credentials/${kind.template}`, {
        pageTitle: `${kind.title} for ${fullName(passport)}`,
        passportName: fullName(passport),
        notice: done ? (done === 'renewed' ? DONE.renewed[path] : DONE[done]) : undefined,
        available: Boolean(passport.dspId && latest),
        latest: latest?.id ?? 'none',
        rows: detailRows(subject),
        action: passportPath(ctx, passport.id, `/${path}`),
        backHref: passportPath(ctx, passport.id),
        navCurrent: employerPath(ctx.organisation, '/staff-passports'),
      });
    });

    app.post(`/trusts/:ods/employer/staff-passports/:passportId/${path}`, { config: { surface: 'page' } }, async (request, reply) => {
      const ctx = await employerContext(request, reply);
      if (!ctx) return reply;
      const passport = await passportOf(request, reply, ctx);
      if (!passport) return reply;
      const expected = z.uuid().safeParse(formValues(request.body).latest);
      const result = expected.success
        ? await deps.database.transaction((tx) =>
            kind.renew(tx, deps, { organisation: ctx.organisation, scope: scopeOf(ctx.organisation.id), actor: `user:${ctx.user.id}`, correlationId: String(request.id) }, passport.id, expected.data),
          )
        : { outcome: 'already-renewed' as const };
      if (result.outcome === 'not-found') return reply.page('errors/not-found.njk', { pageTitle: 'Page not found' }, 404);
      return reply.redirect(passportPath(ctx, passport.id, `/${path}?done=${result.outcome}`), 303);
    });
  }
}
