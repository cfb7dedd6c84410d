// S2 step 4: enter the 6-digit security code, Continue → the QR code (seed 001).
//   GET  /trusts/{ods}/employee/access-key/security-code/enter[?resent=yes|wait]
//   POST /trusts/{ods}/employee/access-key/security-code/enter
//        1. the form (6 digits; 400 keeps what was typed)
//        2. in one transaction on the locked passport: the code (a wrong, expired or used-up code
//           is a 400 that says which); the right one → one OpenID4VCI offer of the pending
//           AccessKey (and Identity) with session binding, whose tx_code is texted to the same
//           mobile (D23 a), remembered in the journey → 303 the wallet-session page (QR code and
//           the same-device button), which hands back to /access-key/added.
//           A second post of the right code (a double submit) waits for the first's lock, finds
//           the code used and the offer made, and goes to the same wallet-session page: one offer.
//   POST /trusts/{ods}/employee/access-key/security-code/resend   "Send a new code" (30 s apart, 10 in all)
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { beginWalletSession, walletSessionPath } from '../../../../gateway/wallet-sessions/index.ts';
import { formErrors, parseForm, type FormErrors } from '../../../../platform/http/forms.ts';
import { employeeAccessKeys } from '../../../../store/employee-access-keys.ts';
import { employeeSessions } from '../../../../store/employee-sessions.ts';
import { scopeOf } from '../../../../store/scope.ts';
import { staffPassports } from '../../../../store/staff-passports.ts';
import type { EmployeePortalDeps } from '../../auth/deps.ts';
import { checkEmployeeCode, codeProblem, sendEmployeeCode, zSixDigitCode } from '../../auth/codes.ts';
import { employeeJourney, employeePath, employeePublicPage, type EmployeeContext } from '../../auth/employee-context.ts';
import { employeePolicy, minutesText } from '../../auth/policy.ts';
import { offerProvided } from '../../wallet/provided-offers.ts';
import { collectJourneyOf, collectProblem, collectableOf, REFUSED_STATUSES, type ProblemKind } from '../collect-flow.ts';
import { codePostsLimited } from '../security-code/route.ts';

const zEnter = z.object({ code: zSixDigitCode });
const zNotice = z.object({ resent: z.enum(['yes', 'wait']).optional() });

type Decision = { kind: 'offered'; walletSessionId: string } | { kind: 'code'; message: string } | { kind: 'problem'; problem: ProblemKind };

export function registerAccessKeyEnterCode(app: FastifyInstance, deps: EmployeePortalDeps): void {
  const render = (reply: FastifyReply, j: EmployeeContext, extra: { errors?: FormErrors; values?: Record<string, string | undefined>; notice?: string }, status = 200) =>
    employeePublicPage(
      reply,
      j.organisation,
      'portals/employee/access-key/enter-code/page.njk',
      {
        pageTitle: 'Enter your security code',
        backHref: employeePath(j.organisation, '/access-key/security-code'),
        mobileEnding: j.passport.mobile?.slice(-3),
        codeMinutes: minutesText(employeePolicy.codeMs),
        action: employeePath(j.organisation, '/access-key/security-code/enter'),
        resendAction: employeePath(j.organisation, '/access-key/security-code/resend'),
        values: {},
        ...extra,
      },
      status,
    );

  app.get('/trusts/:ods/employee/access-key/security-code/enter', { config: { surface: 'page' } }, async (request, reply) => {
    const j = await employeeJourney(request, reply, 'collect-key');
    if (!j) return reply;
    if (j.session.codesSent === 0) return reply.redirect(employeePath(j.organisation, '/access-key/security-code'), 303);
    const q = zNotice.safeParse(request.query);
    const resent = q.success ? q.data.resent : undefined;
    const notice = resent === 'yes' ? 'We have sent you a new code.' : resent === 'wait' ? 'Wait 30 seconds before asking for another code. The code we sent last still works.' : undefined;
    return render(reply, j, notice ? { notice } : {});
  });

  app.post('/trusts/:ods/employee/access-key/security-code/enter', { config: { surface: 'page', ...codePostsLimited } }, async (request, reply) => {
    const j = await employeeJourney(request, reply, 'collect-key');
    if (!j) return reply;
    const { organisation } = j;
    const scope = scopeOf(organisation.id);

    // 1. The form.
    const form = parseForm(zEnter, request.body);
    if (!form.ok) return render(reply, j, { errors: form.errors, values: { code: form.values.code } }, 400);

    // 2. The code and the offer, once.
    const { browserBinding } = beginWalletSession(request, reply, deps.secureCookies);
    const decision = await deps.database.transaction(async (tx): Promise<Decision> => {
      const passport = await staffPassports(tx, scope).lock(j.passport.id);
      if (!passport) return { kind: 'problem', problem: 'link-not-usable' };
      const check = await checkEmployeeCode(tx, deps, j, 'sms', form.value.code);
      if (check.outcome !== 'right') {
        const journey = collectJourneyOf((await employeeAccessKeys(tx, scope).journeyOf(j.session.id)) ?? {});
        if (check.outcome === 'none' && journey.walletSessionId) return { kind: 'offered', walletSessionId: journey.walletSessionId };
        return { kind: 'code', message: codeProblem(check) };
      }
      if (REFUSED_STATUSES.includes(passport.status)) return { kind: 'problem', problem: 'refused' };
      if (!passport.mobile) return { kind: 'problem', problem: 'no-mobile' };
      const { pending } = await collectableOf(tx, organisation, passport.id);
      if (pending.length === 0 || !passport.dspId) return { kind: 'problem', problem: 'nothing-to-collect' };
      const offer = await offerProvided(tx, deps, {
        organisation,
        passport,
        credentials: pending,
        binding: 'session',
        browserBinding,
        returnTo: employeePath(organisation, '/access-key/added'),
        purpose: 'employee-collect-access-key',
      });
      await employeeSessions(tx, scope).updateJourney(j.session.id, { walletSessionId: offer.sessionId, credentialIds: pending.map((c) => c.id) });
      return { kind: 'offered', walletSessionId: offer.sessionId };
    });
    if (decision.kind === 'problem') return collectProblem(reply, organisation, decision.problem);
    if (decision.kind === 'code') return render(reply, j, { errors: formErrors([{ field: 'code', message: decision.message }]), values: { code: form.value.code } }, 400);
    return reply.redirect(walletSessionPath(organisation.odsCode, decision.walletSessionId), 303);
  });

  app.post('/trusts/:ods/employee/access-key/security-code/resend', { config: { surface: 'page', ...codePostsLimited } }, async (request, reply) => {
    const j = await employeeJourney(request, reply, 'collect-key');
    if (!j) return reply;
    const mobile = j.passport.mobile;
    if (!mobile) return collectProblem(reply, j.organisation, 'no-mobile');
    const sent = await deps.database.transaction((tx) => sendEmployeeCode(tx, deps, j, 'sms', mobile));
    if (sent === 'too-many') return collectProblem(reply, j.organisation, 'too-many-codes');
    return reply.redirect(`${employeePath(j.organisation, '/access-key/security-code/enter')}?resent=${sent === 'sent' ? 'yes' : 'wait'}`, 303);
  });
}
