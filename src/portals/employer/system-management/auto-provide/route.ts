// Automatic providing (DOMAIN.md E3, seed 000 "Set up credentials to be issued automatically"):
// on or off, and the last run of each of the trust's scheduled jobs — when, how it was started,
// its state, what it did, and for a failed attempt the error and when it will be tried again
// (issue 7's "last run's outcome visible to senior portal administrators"; D37's job_runs).
//   GET  /trusts/{ods}/employer/system-management/auto-provide
//   POST /trusts/{ods}/employer/system-management/auto-provide   autoProvide (on|off)
// Setting what is already set changes nothing and is not audited (a double submit acts once).
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { parseForm, type FormErrors } from '../../../../platform/http/forms.ts';
import { jobRuns } from '../../../../store/job-runs.ts';
import { scopeOf } from '../../../../store/scope.ts';
import { trustSettings } from '../../../../store/trust-settings.ts';
import type { EmployerPortalDeps } from '../../auth/deps.ts';
import { employerContext, employerPage, type EmployerContext } from '../../auth/employer-context.ts';
import { actorOf, auditChange, formatWhen, runViews, systemPath } from '../shared.ts';

const zForm = z.object({ autoProvide: z.enum(['on', 'off'], { error: 'Select whether to provide credentials automatically' }) });
const zQuery = z.object({ done: z.enum(['on', 'off']) });

export function registerAutoProvidePage(app: FastifyInstance, deps: EmployerPortalDeps): void {
  const url = '/trusts/:ods/employer/system-management/auto-provide';

  async function render(reply: FastifyReply, ctx: EmployerContext, extra: { values?: Record<string, string>; errors?: FormErrors; notice?: string }, status = 200) {
    const scope = scopeOf(ctx.organisation.id);
    const [settings, latest] = await Promise.all([trustSettings(deps.database.db, scope).get(), jobRuns(deps.database.db, scope).latest()]);
    return employerPage(
      reply,
      ctx,
      'portals/employer/system-management/auto-provide/page.njk',
      {
        pageTitle: 'Automatic providing',
        navCurrent: systemPath(ctx.organisation),
        backHref: systemPath(ctx.organisation),
        action: systemPath(ctx.organisation, '/auto-provide'),
        on: settings.autoProvide,
        changed: settings.updatedAt ? formatWhen(settings.updatedAt) : undefined,
        values: extra.values ?? { autoProvide: settings.autoProvide ? 'on' : 'off' },
        errors: extra.errors,
        notice: extra.notice,
        jobs: runViews(latest),
      },
      status,
    );
  }

  app.get(url, { config: { surface: 'page' } }, async (request, reply) => {
    const ctx = await employerContext(request, reply, { senior: true });
    if (!ctx) return reply;
    const q = zQuery.safeParse(request.query);
    const notice = q.success ? (q.data.done === 'on' ? 'Automatic providing is on.' : 'Automatic providing is off.') : undefined;
    return render(reply, ctx, { notice });
  });

  app.post(url, { config: { surface: 'page' } }, async (request, reply) => {
    const ctx = await employerContext(request, reply, { senior: true });
    if (!ctx) return reply;
    const form = parseForm(zForm, request.body);
    if (!form.ok) return render(reply, ctx, { values: form.values, errors: form.errors }, 400);
    const on = form.value.autoProvide === 'on';
    await deps.database.transaction(async (tx) => {
      // trust_settings.updated_by records who changed it (D37's store), the audit log what and when.
      if (await trustSettings(tx, scopeOf(ctx.organisation.id)).setAutoProvide(on, actorOf(ctx))) {
        await auditChange(tx, deps, request, ctx, on ? 'auto-provide.switched-on' : 'auto-provide.switched-off', ctx.organisation.id, { autoProvide: on });
      }
    });
    return reply.redirect(`${systemPath(ctx.organisation, '/auto-provide')}?done=${form.value.autoProvide}`, 303);
  });
}
