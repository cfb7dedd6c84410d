// S11 Passport and settings → Manage notifications (DOMAIN.md §4.2 S11): email and text message
// alerts on or off, with the warning that with both off the person gets no alerts about new
// credentials or requests; the current email address and mobile number; deleting the passport.
//   GET  /trusts/{ods}/employee/settings[?saved=yes]
//   POST /trusts/{ods}/employee/settings
//        1. the two choices (either missing: 400 with the error summary, the other kept)
//        2. ONE transaction, the passport locked: the channels set only when they change (a
//           double submit changes nothing the second time), history `notifications.changed`,
//           audit `passport.notifications-changed`
//        3. 303 to this page with a notice
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { parseForm, type FormErrors } from '../../../../platform/http/forms.ts';
import { appendAudit } from '../../../../store/audit-log.ts';
import { passportHistory } from '../../../../store/passport-history.ts';
import { scopeOf } from '../../../../store/scope.ts';
import { staffPassports } from '../../../../store/staff-passports.ts';
import type { EmployeePortalDeps } from '../../auth/deps.ts';
import { employeeContext, employeePage, type EmployeeContext } from '../../auth/employee-context.ts';
import { accountPaths, correlationOf } from '../shared/account.ts';

const zSettings = z.object({
  email: z.enum(['on', 'off'], { error: 'Select whether you want alerts by email' }),
  sms: z.enum(['on', 'off'], { error: 'Select whether you want alerts by text message' }),
});

const zQuery = z.object({ saved: z.literal('yes').optional().catch(undefined) });

function render(reply: FastifyReply, ctx: EmployeeContext, values: Record<string, string>, options: { errors?: FormErrors; saved?: boolean } = {}, status = 200): FastifyReply {
  const { passport } = ctx;
  const onOff = (name: string, on: string, off: string) => [
    { value: 'on', text: on, checked: values[name] === 'on' },
    { value: 'off', text: off, checked: values[name] === 'off' },
  ];
  return employeePage(
    reply,
    ctx,
    'portals/employee/account/settings/page.njk',
    {
      pageTitle: 'Settings',
      navCurrent: accountPaths.settings(ctx),
      action: accountPaths.settings(ctx),
      deleteHref: accountPaths.deletePassport(ctx),
      email: passport.email,
      mobile: passport.mobile,
      emailItems: onOff('email', 'Yes, email me', 'No, do not email me'),
      smsItems: onOff('sms', 'Yes, text me', 'No, do not text me'),
      bothOff: passport.notifyByEmail === false && passport.notifyBySms === false,
      saved: options.saved,
      errors: options.errors,
    },
    status,
  );
}

const currentValues = (ctx: EmployeeContext) => ({ email: ctx.passport.notifyByEmail ? 'on' : 'off', sms: ctx.passport.notifyBySms ? 'on' : 'off' });

export function registerSettingsPage(app: FastifyInstance, deps: EmployeePortalDeps): void {
  app.get('/trusts/:ods/employee/settings', { config: { surface: 'page' } }, async (request, reply) => {
    const ctx = await employeeContext(request, reply);
    if (!ctx) return reply;
    return render(reply, ctx, currentValues(ctx), { saved: zQuery.parse(request.query ?? {}).saved === 'yes' });
  });

  app.post('/trusts/:ods/employee/settings', { config: { surface: 'page' } }, async (request, reply) => {
    const ctx = await employeeContext(request, reply);
    if (!ctx) return reply;
    // 1. The choices.
    const form = parseForm(zSettings, request.body);
    if (!form.ok) return render(reply, ctx, form.values, { errors: form.errors }, 400);
    const wanted = { email: form.value.email === 'on', sms: form.value.sms === 'on' };

    // 2. One transaction.
    const scope = scopeOf(ctx.organisation.id);
    const actor = `staff:${ctx.passport.id}`;
    await deps.database.transaction(async (tx) => {
      const passports = staffPassports(tx, scope);
      const passport = await passports.lock(ctx.passport.id);
      if (!passport || (passport.notifyByEmail === wanted.email && passport.notifyBySms === wanted.sms)) return;
      await passports.setNotificationChannels(passport.id, wanted);
      const now = deps.clock.now();
      await passportHistory(tx, scope).record([{ passportId: passport.id, event: 'notifications.changed', actor, at: now, details: { email: wanted.email, sms: wanted.sms } }]);
      await appendAudit(
        tx,
        { organisationId: ctx.organisation.id, actor, action: 'passport.notifications-changed', subject: passport.id, correlationId: correlationOf(request), details: { email: wanted.email, sms: wanted.sms } },
        deps.clock,
      );
    });

    // 3. Back with a notice.
    return reply.redirect(`${accountPaths.settings(ctx)}?saved=yes`, 303);
  });
}
