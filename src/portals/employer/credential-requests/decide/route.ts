// Reviewing a credential request, step 2 (DOMAIN.md E8.3): provide or reject each credential.
//   GET  /trusts/{ods}/employer/credential-requests/{id}/decide
//        ESR is read again (what can be provided is what ESR holds now); each requested credential
//        with what ESR holds for it, and Provide / Reject with a reason beside it; a credential ESR
//        holds nothing for (and the passport has nothing of) is shown as rejected automatically
//        (E8.5), with no choice to make.
//   POST …/decide   every credential decided, a reason for each rejection (400 with the NHS.UK
//        error summary, every choice and reason kept); then the confirmation page (confirm/), the
//        choices in hidden fields.
//        Nothing is written here.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { StaffPassport } from '../../../../core/passport/staff-passport.ts';
import { formErrors, type FormErrors } from '../../../../platform/http/forms.ts';
import type { CredentialRequest } from '../../../../store/credential-requests.ts';
import type { EmployerPortalDeps } from '../../auth/deps.ts';
import { employerContext, employerPage, type EmployerContext } from '../../auth/employer-context.ts';
import { esrProblemPage, fullName } from '../../esr-shared/passport-esr.ts';
import { isLinked, readEsrOffer } from '../../provide-from-esr/read-offer.ts';
import { renderConfirm } from '../confirm/route.ts';
import { autoRejected, canProvide, choiceProblems, esrForTypes, MAX_REASON, navCurrent, readChoices, requestOf, requestPath, typeName, type Choice, type EsrForType } from '../shared/requests.ts';

export function renderDecide(
  reply: FastifyReply,
  ctx: EmployerContext,
  req: CredentialRequest,
  passport: StaffPassport,
  esr: Map<string, EsrForType>,
  choices: Map<string, Choice>,
  errors?: FormErrors,
  status = 200,
): FastifyReply {
  const name = fullName(passport);
  return employerPage(
    reply,
    ctx,
    'portals/employer/credential-requests/decide/page.njk',
    {
      pageTitle: `Credential requests for ${name}`,
      name,
      maxReason: MAX_REASON,
      items: req.items.map((item) => {
        const e = esr.get(item.id)!;
        return {
          id: item.id,
          title: typeName(item.credentialType),
          provide: e.provide,
          already: e.already,
          automatic: !canProvide(e),
          decision: choices.get(item.id)?.decision,
          reason: choices.get(item.id)?.reason ?? '',
        };
      }),
      action: requestPath(ctx, req.id, '/decide'),
      backHref: requestPath(ctx, req.id, '/review'),
      navCurrent: navCurrent(ctx),
      errors,
    },
    status,
  );
}

export function registerCredentialRequestDecidePage(app: FastifyInstance, deps: EmployerPortalDeps): void {
  async function load(request: Parameters<typeof requestOf>[0], reply: FastifyReply) {
    const ctx = await employerContext(request, reply);
    if (!ctx) return undefined;
    const found = await requestOf(request, reply, ctx);
    if (!found) return undefined;
    const { request: req, passport } = found;
    if (req.state !== 'open') return void reply.redirect(requestPath(ctx, req.id, '/done'), 303);
    if (!isLinked(passport)) return void reply.redirect(requestPath(ctx, req.id, '/review'), 303);
    try {
      const reading = await readEsrOffer(deps, ctx, passport);
      return { ctx, req, passport, esr: esrForTypes(reading.lines, req.items) };
    } catch (error) {
      return void esrProblemPage(reply, ctx, passport, error, requestPath(ctx, req.id, '/decide'));
    }
  }

  app.get('/trusts/:ods/employer/credential-requests/:requestId/decide', { config: { surface: 'page' } }, async (request, reply) => {
    const loaded = await load(request, reply);
    if (!loaded) return reply;
    return renderDecide(reply, loaded.ctx, loaded.req, loaded.passport, loaded.esr, new Map());
  });

  app.post('/trusts/:ods/employer/credential-requests/:requestId/decide', { config: { surface: 'page' } }, async (request, reply) => {
    const loaded = await load(request, reply);
    if (!loaded) return reply;
    const { ctx, req, passport, esr } = loaded;
    const choices = readChoices(request.body, req.items);
    const problems = choiceProblems(req.items, choices, esr);
    if (problems.length) return renderDecide(reply, ctx, req, passport, esr, choices, formErrors(problems), 400);
    return renderConfirm(reply, ctx, req, passport, choices, autoRejected(req.items, esr));
  });
}
