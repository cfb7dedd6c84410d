// S1.6 Create your profile: the email address, then the mobile, each proved by a 6-digit code
// (5 minutes, 5 wrong tries, a new code no sooner than 30 s, at most 10 per journey: employeePolicy).
// One set of pages per channel:
//   GET/POST …/sign-up/email           the address (prefilled from the invitation) → a code is sent
//   GET/POST …/sign-up/email/code      the code → the passport's address proved (and changed, if new)
//   POST     …/sign-up/email/resend    "Send a new code"
//   …and the same under …/sign-up/mobile for the SMS code.
// An address another passport of the trust already has is a form error (the unique index decides,
// so two people racing for one address cannot both have it). The same address posted twice within
// 30 s (a double submit) goes on to the code page without a second code.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { zUkMobile } from '../../../../core/passport/staff-passport.ts';
import { formErrors, formValues, parseForm, type FormErrors } from '../../../../platform/http/forms.ts';
import type { CodeChannel } from '../../../../store/employee-sessions.ts';
import { employeeSignUp } from '../../../../store/employee-sign-up.ts';
import { staffPassports } from '../../../../store/staff-passports.ts';
import { checkEmployeeCode, codeProblem, sendEmployeeCode, zSixDigitCode, type SendOutcome } from '../../auth/codes.ts';
import type { EmployeePortalDeps } from '../../auth/deps.ts';
import { employeePolicy, minutesText } from '../../auth/policy.ts';
import { previousStepPath, recordProgress, signUpPage, signUpPath, signUpStep, toStepDue, type SignUpContext, type SignUpJourney } from '../journey.ts';

const rateLimited = { rateLimit: { max: employeePolicy.postsPerMinute, timeWindow: 60_000 } };

const zEmail = z.string().trim().toLowerCase().min(1, 'Enter your email address').pipe(z.email('Enter an email address in the correct format, like name@example.com')).pipe(z.string().max(254, 'Email address must be 254 characters or fewer'));
const zMobile = z.string().trim().min(1, 'Enter your mobile phone number').pipe(zUkMobile);

/** How a channel differs: its field, wording, parsing and where its state lives. */
interface Channel {
  code: CodeChannel;
  path: '/email' | '/mobile';
  field: 'email' | 'mobile';
  step: 'email' | 'mobile';
  codeStep: 'email-code' | 'mobile-code';
  schema: z.ZodType<string, string>;
  title: string;
  codeTitle: string;
  sentKey: 'emailSent' | 'mobileSent';
  targetKey: 'emailTarget' | 'mobileTarget';
  verifiedKey: 'emailVerified' | 'mobileVerified';
  taken: string;
  display: (value: string) => string;
}

/** +447700900123 → 07700 900123, as people write it. */
export function mobileForPeople(e164: string): string {
  const m = /^\+44(7\d{3})(\d{6})$/.exec(e164);
  return m ? `0${m[1]} ${m[2]}` : e164;
}

const CHANNELS: Channel[] = [
  {
    code: 'email',
    path: '/email',
    field: 'email',
    step: 'email',
    codeStep: 'email-code',
    schema: zEmail,
    title: 'Enter your email address',
    codeTitle: 'Check your email',
    sentKey: 'emailSent',
    targetKey: 'emailTarget',
    verifiedKey: 'emailVerified',
    taken: 'Another staff passport here already uses this email address. Enter a different email address, or contact HR',
    display: (v) => v,
  },
  {
    code: 'sms',
    path: '/mobile',
    field: 'mobile',
    step: 'mobile',
    codeStep: 'mobile-code',
    schema: zMobile,
    title: 'Enter your mobile phone number',
    codeTitle: 'Check your phone',
    sentKey: 'mobileSent',
    targetKey: 'mobileTarget',
    verifiedKey: 'mobileVerified',
    taken: 'Another staff passport here already uses this mobile number. Enter a different number, or contact HR',
    display: mobileForPeople,
  },
];

const TOO_MANY_CODES = 'You have asked for too many codes. Open the link in your invitation again to start again';
const WAIT = `You can ask for a new code ${employeePolicy.codeResendMs / 1000} seconds after the last one. Wait a moment, then send a new code`;

export function registerProfilePages(app: FastifyInstance, deps: EmployeePortalDeps): void {
  for (const channel of CHANNELS) registerChannel(app, deps, channel);
}

function registerChannel(app: FastifyInstance, deps: EmployeePortalDeps, ch: Channel): void {
  const base = `/trusts/:ods/employee/sign-up${ch.path}`;
  const addressPath = (ctx: SignUpContext) => signUpPath(ctx.organisation, ch.path);
  const codePath = (ctx: SignUpContext) => signUpPath(ctx.organisation, `${ch.path}/code`);
  const resendPath = (ctx: SignUpContext) => signUpPath(ctx.organisation, `${ch.path}/resend`);

  const renderAddress = (reply: FastifyReply, ctx: SignUpContext, values: Record<string, string>, errors?: FormErrors) =>
    signUpPage(reply, ctx, 'portals/employee/sign-up/profile/address.njk', {
      pageTitle: ch.title,
      channel: ch.field,
      backHref: previousStepPath(ctx.organisation, ch.step, ctx.journey),
      action: addressPath(ctx),
      minutes: minutesText(employeePolicy.codeMs),
      values,
      ...(errors ? { errors } : {}),
    }, errors ? 400 : 200);

  const renderCode = (reply: FastifyReply, ctx: SignUpContext, journey: SignUpJourney, values: Record<string, string>, options: { errors?: FormErrors; notice?: string; status?: number } = {}) =>
    signUpPage(reply, ctx, 'portals/employee/sign-up/profile/code.njk', {
      pageTitle: ch.codeTitle,
      channel: ch.field,
      target: ch.display(journey[ch.targetKey] ?? ''),
      backHref: addressPath(ctx),
      action: codePath(ctx),
      resendAction: resendPath(ctx),
      changeHref: addressPath(ctx),
      minutes: minutesText(employeePolicy.codeMs),
      values,
      ...(options.notice ? { notice: options.notice } : {}),
      ...(options.errors ? { errors: options.errors } : {}),
    }, options.status ?? (options.errors ? 400 : 200));

  /** Sends a code to `target` in one transaction; the journey then names it. */
  const send = async (ctx: SignUpContext, target: string): Promise<SendOutcome> => deps.database.transaction((tx) => sendEmployeeCode(tx, deps, ctx, ch.code, target));

  app.get(base, { config: { surface: 'page' } }, async (request, reply) => {
    const ctx = await signUpStep(request, reply, ch.step);
    if (!ctx) return reply;
    const current = ctx.journey[ch.targetKey] ?? (ch.field === 'email' ? ctx.passport.email : ctx.passport.mobile);
    return renderAddress(reply, ctx, current ? { [ch.field]: ch.display(current) } : {});
  });

  app.post(base, { config: { surface: 'page', ...rateLimited } }, async (request, reply) => {
    const ctx = await signUpStep(request, reply, ch.step);
    if (!ctx) return reply;
    const form = parseForm(z.object({ [ch.field]: ch.schema }), request.body);
    if (!form.ok) return renderAddress(reply, ctx, form.values, form.errors);
    const target = String((form.value as Record<string, string>)[ch.field]);
    const values = formValues(request.body);

    // Someone else's at this trust: say so before sending anything.
    const passports = staffPassports(deps.database.db, ctx.scope);
    const other = ch.field === 'email' ? await passports.findByEmail(target) : await passports.findByMobile(target);
    if (other && other.id !== ctx.passport.id) return renderAddress(reply, ctx, values, formErrors([{ field: ch.field, message: ch.taken }]));

    const sent = await send(ctx, target);
    if (sent === 'too-many') return renderAddress(reply, ctx, values, formErrors([{ field: ch.field, message: TOO_MANY_CODES }]));
    if (sent === 'wait') {
      // The same address again within 30 s (a double submit): its code is on the way.
      const live = ctx.session.code;
      if (live && live.channel === ch.code && live.target === target) {
        await recordProgress(request, ctx, { [ch.sentKey]: true, [ch.targetKey]: target, [ch.verifiedKey]: false });
        return reply.redirect(codePath(ctx), 303);
      }
      return renderAddress(reply, ctx, values, formErrors([{ field: ch.field, message: WAIT }]));
    }
    request.log.info({ passport: ctx.passport.id, channel: ch.code }, 'employee sign-up: code sent');
    await recordProgress(request, ctx, { [ch.sentKey]: true, [ch.targetKey]: target, [ch.verifiedKey]: false });
    return reply.redirect(codePath(ctx), 303);
  });

  app.get(`${base}/code`, { config: { surface: 'page' } }, async (request, reply) => {
    const ctx = await signUpStep(request, reply, ch.codeStep);
    if (!ctx) return reply;
    if (!ctx.journey[ch.targetKey]) return reply.redirect(addressPath(ctx), 303);
    const resent = (request.query as Record<string, unknown> | undefined)?.resent === '1';
    return renderCode(reply, ctx, ctx.journey, {}, resent ? { notice: 'We have sent you a new code.' } : {});
  });

  app.post(`${base}/code`, { config: { surface: 'page', ...rateLimited } }, async (request, reply) => {
    const ctx = await signUpStep(request, reply, ch.codeStep);
    if (!ctx) return reply;
    if (!ctx.journey[ch.targetKey]) return reply.redirect(addressPath(ctx), 303);
    const form = parseForm(z.object({ code: zSixDigitCode }), request.body);
    if (!form.ok) return renderCode(reply, ctx, ctx.journey, form.values, { errors: form.errors });

    // The code, once; then the address proved on the passport, in the same transaction.
    const now = deps.clock.now();
    const result = await deps.database.transaction(async (tx) => {
      const check = await checkEmployeeCode(tx, deps, ctx, ch.code, form.value.code);
      if (check.outcome !== 'right') return { check } as const;
      const store = employeeSignUp(tx, ctx.scope);
      const changed = ch.code === 'email' ? await store.verifyEmail(ctx.passport.id, check.target, now) : await store.verifyMobile(ctx.passport.id, check.target, now);
      return { check, changed } as const;
    });
    if (result.check.outcome !== 'right') {
      request.log.info({ passport: ctx.passport.id, channel: ch.code, outcome: result.check.outcome }, 'employee sign-up: code refused');
      return renderCode(reply, ctx, ctx.journey, formValues(request.body), { errors: formErrors([{ field: 'code', message: codeProblem(result.check) }]) });
    }
    if (result.changed === 'taken') {
      const journey = await recordProgress(request, ctx, { [ch.sentKey]: false, [ch.verifiedKey]: false });
      return renderAddress(reply, { ...ctx, journey }, { [ch.field]: ch.display(result.check.target) }, formErrors([{ field: ch.field, message: ch.taken }]));
    }
    return toStepDue(reply, ctx, await recordProgress(request, ctx, { [ch.verifiedKey]: true }));
  });

  app.post(`${base}/resend`, { config: { surface: 'page', ...rateLimited } }, async (request, reply) => {
    const ctx = await signUpStep(request, reply, ch.codeStep);
    if (!ctx) return reply;
    const target = ctx.journey[ch.targetKey];
    if (!target) return reply.redirect(addressPath(ctx), 303);
    const sent = await send(ctx, target);
    if (sent === 'sent') return reply.redirect(`${codePath(ctx)}?resent=1`, 303);
    return renderCode(reply, ctx, ctx.journey, {}, { errors: formErrors([{ field: 'resend', message: sent === 'wait' ? WAIT : TOO_MANY_CODES }]) });
  });
}
