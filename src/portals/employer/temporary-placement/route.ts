// Temporary placement credential (DOMAIN.md §4.1 E12), issued by the host trust.
//   GET  /trusts/{ods}/employer/staff-passports/{passportId}/temporary-placement
//        eligibility: who it is for (unpaid temporary arrangements; paid permanent or fixed-term
//        staff get employment assignment credentials only), "Continue"
//   POST …/temporary-placement   every step posts here with `step` = the page submitted; the
//        earlier pages' answers come back as hidden fields (nothing is kept on the server or in a
//        URL between steps). Each submission checks every page up to the one submitted (a bad
//        page: that page again, 400, the NHS error summary and the answers kept), then shows the
//        next: position → department → licence to attend → check answers. `goto` (the check
//        page's Change buttons) shows a page with every answer, which then returns to check.
//        step=check: ONE transaction, the passport locked: the subject (validated against the
//        TemporaryPlacement catalogue type) planned like every provide (planProvision: the same
//        answers twice give one credential, so a double submit acts once), PROVIDED pending
//        (source `manual`), an older pending placement archived as superseded, history, audit
//        (`credentials.provided`, no PII), the staff member told on their chosen channels
//        (credentials-provided-*); 303 to the done page.
//   GET  …/temporary-placement/done   "Temporary placement credential provided".
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { validateSubject } from '../../../core/credentials/validate-subject.ts';
import { planProvision } from '../../../core/passport/plan-provision.ts';
import { employeePortalUrl } from '../../../core/passport/portal-links.ts';
import type { StaffPassport } from '../../../core/passport/staff-passport.ts';
import { counted, notifyPerson, titleList } from '../../../jobs/notify-person.ts';
import { formErrors, formValues, type FormErrors } from '../../../platform/http/forms.ts';
import { appendAudit } from '../../../store/audit-log.ts';
import { listOrganisations } from '../../../store/organisations.ts';
import { passportHistory } from '../../../store/passport-history.ts';
import { providedCredentials } from '../../../store/provided-credentials.ts';
import { scopeOf } from '../../../store/scope.ts';
import { staffPassports } from '../../../store/staff-passports.ts';
import type { EmployerPortalDeps } from '../auth/deps.ts';
import { employerContext, employerPage, employerPath, type EmployerContext } from '../auth/employer-context.ts';
import { fullName, longDate, passportOf, passportPath } from '../esr-shared/passport-esr.ts';
import { FIELDS, OTHER, PAGES, pageProblems, placementSubject, type EmployerChoice, type PageName } from './answers.ts';

type Step = 'eligibility' | PageName | 'check';
const TITLES: Record<Step, string> = {
  eligibility: 'Provide a temporary placement credential',
  position: 'Position details',
  department: 'Department details',
  licence: 'Licence to attend',
  check: 'Check the temporary placement details',
};

async function employersOf(deps: EmployerPortalDeps, ctx: EmployerContext): Promise<EmployerChoice[]> {
  const all = await listOrganisations(deps.database.db);
  return all.filter((o) => o.kind === 'trust' && o.id !== ctx.organisation.id).map((o) => ({ ods: o.odsCode, name: o.name })).sort((a, b) => a.name.localeCompare(b.name));
}

const ALL_FIELDS = PAGES.flatMap((p) => FIELDS[p]);

function dateText(values: Record<string, string>, name: string): string {
  const [d, m, y] = ['day', 'month', 'year'].map((p) => (values[`${name}-${p}`] ?? '').trim());
  return longDate(`${y}-${m!.padStart(2, '0')}-${d!.padStart(2, '0')}`);
}

function summary(values: Record<string, string>, employers: readonly EmployerChoice[], host: string) {
  const v = (k: string) => (values[k] ?? '').trim();
  const employer = v('permanentEmployer') === OTHER ? v('permanentEmployerOther') : (employers.find((e) => e.ods === v('permanentEmployer'))?.name ?? '');
  return [
    { page: 'position', heading: 'Position details', rows: [
      ['Position title', v('positionTitle')],
      ['Position number', v('positionNumberUnknown') === 'yes' ? 'Not known' : v('positionNumber')],
      ['Work pattern', v('workPattern')],
      ['Start date', dateText(values, 'startDate')],
      ['End date', dateText(values, 'endDate')],
    ] },
    { page: 'department', heading: 'Department details', rows: [
      ['Permanent employer', employer],
      ['Host organisation', host],
      ['Department', v('department')],
      ['Department contact name', v('departmentContactName')],
      ['Department contact email', v('departmentContactEmail')],
      ['Department contact telephone', v('departmentContactTelephone') || 'Not given'],
      ['HR contact', v('hrContact')],
      ['Approved by', v('approvedBy')],
      ['Additional information', v('additionalInformation') || 'None'],
    ] },
    { page: 'licence', heading: 'Licence to attend', rows: [['Licence to attend', v('licenceToAttend') === 'yes' ? 'Yes, under the DSP terms and conditions, with a local MOU' : 'No, agreed outside the service']] },
  ];
}

async function render(reply: FastifyReply, deps: EmployerPortalDeps, ctx: EmployerContext, passport: StaffPassport, step: Step, values: Record<string, string>, options: { errors?: FormErrors; status?: number; fromCheck?: boolean } = {}): Promise<FastifyReply> {
  const employers = await employersOf(deps, ctx);
  const own = step === 'eligibility' || step === 'check' ? [] : FIELDS[step];
  const hidden = step === 'eligibility' ? [] : ALL_FIELDS.filter((f) => !own.includes(f) && values[f] !== undefined && values[f] !== '').map((name) => ({ name, value: values[name] }));
  const base = passportPath(ctx, passport.id);
  return employerPage(
    reply,
    ctx,
    'portals/employer/temporary-placement/page.njk',
    {
      pageTitle: TITLES[step],
      step,
      passportName: fullName(passport),
      givenName: passport.givenName,
      action: `${base}/temporary-placement`,
      cancelHref: base,
      backHref: base,
      navCurrent: employerPath(ctx.organisation, '/staff-passports'),
      values,
      hidden,
      fromCheck: options.fromCheck === true,
      hostName: ctx.organisation.name,
      employers: [
        { value: '', text: 'Select the permanent employer' },
        ...employers.map((e) => ({ value: e.ods, text: e.name, selected: values.permanentEmployer === e.ods })),
        { value: OTHER, text: 'Other', selected: values.permanentEmployer === OTHER },
      ],
      sections: step === 'check' ? summary(values, employers, ctx.organisation.name) : [],
      errors: options.errors,
    },
    options.status ?? (options.errors ? 400 : 200),
  );
}

export function registerTemporaryPlacementPages(app: FastifyInstance, deps: EmployerPortalDeps): void {
  app.get('/trusts/:ods/employer/staff-passports/:passportId/temporary-placement', { config: { surface: 'page' } }, async (request, reply) => {
    const ctx = await employerContext(request, reply);
    if (!ctx) return reply;
    const passport = await passportOf(request, reply, ctx);
    if (!passport) return reply;
    return render(reply, deps, ctx, passport, 'eligibility', {});
  });

  app.get('/trusts/:ods/employer/staff-passports/:passportId/temporary-placement/done', { config: { surface: 'page' } }, async (request, reply) => {
    const ctx = await employerContext(request, reply);
    if (!ctx) return reply;
    const passport = await passportOf(request, reply, ctx);
    if (!passport) return reply;
    return employerPage(reply, ctx, 'portals/employer/temporary-placement/done.njk', {
      pageTitle: 'Temporary placement credential provided',
      passportName: fullName(passport),
      givenName: passport.givenName,
      passportHref: passportPath(ctx, passport.id),
      navCurrent: employerPath(ctx.organisation, '/staff-passports'),
    });
  });

  app.post('/trusts/:ods/employer/staff-passports/:passportId/temporary-placement', { config: { surface: 'page' } }, async (request, reply) => {
    const ctx = await employerContext(request, reply);
    if (!ctx) return reply;
    const passport = await passportOf(request, reply, ctx);
    if (!passport) return reply;
    const values = formValues(request.body);
    const employers = await employersOf(deps, ctx);
    const step = values.step as Step;
    const fromCheck = values.fromCheck === 'yes';
    if (step === 'eligibility' || !(['check', ...PAGES] as string[]).includes(step)) return render(reply, deps, ctx, passport, 'position', step === 'eligibility' ? {} : values);
    const goto = values.goto as PageName;
    if (step === 'check' && PAGES.includes(goto)) return render(reply, deps, ctx, passport, goto, values, { fromCheck: true });

    // Every page up to the one submitted (all of them from the check page).
    const upTo = step === 'check' ? PAGES.length - 1 : PAGES.indexOf(step);
    for (let i = 0; i <= upTo; i += 1) {
      const page = PAGES[i]!;
      const problems = pageProblems(page, values, employers);
      if (problems.length > 0) return render(reply, deps, ctx, passport, page, values, { errors: formErrors(problems), fromCheck });
    }
    if (step !== 'check') {
      const next: Step = fromCheck || upTo === PAGES.length - 1 ? 'check' : PAGES[upTo + 1]!;
      return render(reply, deps, ctx, passport, next, values);
    }

    // Confirmed: provide it.
    const scope = scopeOf(ctx.organisation.id);
    const actor = `user:${ctx.user.id}`;
    const subject = placementSubject(values, employers, ctx.organisation, deps.clock.now());
    const invalid = validateSubject('TemporaryPlacement', { ...subject, dspId: passport.dspId ?? randomUUID() });
    if (invalid.length > 0) {
      request.log.warn({ paths: invalid.map((e) => e.path) }, 'temporary placement: subject failed the catalogue schema');
      return render(reply, deps, ctx, passport, 'check', values, { errors: formErrors([{ field: 'confirm', message: 'These details cannot be provided as a credential. Change them and try again' }]) });
    }
    const outcome = await deps.database.transaction(async (tx) => {
      const passports = staffPassports(tx, scope);
      const current = await passports.lock(passport.id);
      if (!current) return undefined;
      const now = deps.clock.now();
      // As identity confirmation and the employee portal do: the passport's DSP identifier, minted once.
      const dspId = current.dspId ?? randomUUID();
      if (!current.dspId) await passports.setDspId(current.id, dspId);
      const credentials = providedCredentials(tx, scope);
      const plan = planProvision([{ type: 'TemporaryPlacement', subject: { ...subject, dspId } }], await credentials.versionsOf(current.id), now);
      const inserted = await credentials.provide(current.id, plan.provide, { source: 'manual', actor, now });
      if (inserted.length === 0) return 'already' as const;
      const replaced = new Set(inserted.map((i) => i.supersedes).filter((id): id is string => id !== null));
      const archived = await credentials.supersede(plan.supersede.filter((id) => replaced.has(id)), now, current.id);
      await passportHistory(tx, scope).record([
        ...inserted.map((c) => ({ passportId: current.id, event: 'credential.provided' as const, actor, at: now, credentialId: c.id, details: { type: c.credentialType, title: c.title, source: 'manual', supersedes: c.supersedes } })),
        ...archived.map((id) => ({ passportId: current.id, event: 'credential.superseded' as const, actor, at: now, credentialId: id, details: { reason: 'newer version provided' } })),
      ]);
      await passports.resetPendingReminders(current.id);
      const notified = await notifyPerson(tx, deps.notifier, ctx.organisation.id, current, {
        email: 'credentials-provided-email',
        sms: 'credentials-provided-sms',
        personalisation: {
          name: current.givenName,
          organisation_name: ctx.organisation.name,
          credentials: counted(inserted.length, 'credential', 'new'),
          titles: titleList(inserted.map((c) => c.title)),
          link: employeePortalUrl(deps.publicUrl, ctx.organisation.odsCode),
        },
      });
      await appendAudit(
        tx,
        {
          organisationId: ctx.organisation.id,
          actor,
          action: 'credentials.provided',
          subject: current.id,
          correlationId: String(request.id),
          details: { source: 'manual', types: ['TemporaryPlacement'], credentialIds: inserted.map((c) => c.id), archived, licenceToAttend: subject.licenceToAttend === true, notified },
        },
        deps.clock,
      );
      return 'provided' as const;
    });
    if (!outcome) return reply.page('errors/not-found.njk', { pageTitle: 'Page not found' }, 404);
    return reply.redirect(passportPath(ctx, passport.id, '/temporary-placement/done'), 303);
  });
}
