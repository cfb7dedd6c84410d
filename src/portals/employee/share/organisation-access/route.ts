// S6.3 Share credentials with a different trust, the question (DOMAIN.md §4.2 S6.3): "you'll be
// asked if you already have access to the Digital Staff Passport for the organisation you have
// selected."
//   GET  /trusts/{ods}/employee/credentials/share/organisation/{other}
//   POST /trusts/{ods}/employee/credentials/share/organisation/{other}
//        unanswered: 400 with the error summary; "No" → ../no-access (get that trust's access key
//        first); "Yes" → 303 to that trust's employee sign-in (/trusts/{other}/employee/sign-in),
//        where the person presents that trust's access key and then shares as in S6.1 there.
//   {other} must be another trust on the platform (not this one, not another kind): else the 404 page.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Organisation } from '../../../../core/passport/organisation.ts';
import { parseForm, type FormErrors } from '../../../../platform/http/forms.ts';
import { findOrganisationByOdsCached } from '../../../../store/organisations.ts';
import type { EmployeePortalDeps } from '../../auth/deps.ts';
import { employeeContext, employeePage, employeePath, type EmployeeContext } from '../../auth/employee-context.ts';
import { sharePaths } from '../share.ts';

const zParams = z.object({ other: z.string().regex(/^[A-Za-z0-9]{3,10}$/) });

/** The signed-in person and the other trust of the URL, or undefined when the answer was sent. */
export async function otherTrustOf(request: FastifyRequest, reply: FastifyReply, deps: EmployeePortalDeps): Promise<{ ctx: EmployeeContext; other: Organisation } | undefined> {
  const ctx = await employeeContext(request, reply);
  if (!ctx) return undefined;
  const params = zParams.safeParse(request.params);
  const other = params.success ? await findOrganisationByOdsCached(deps.database.db, params.data.other) : undefined;
  if (!other || other.kind !== 'trust' || other.id === ctx.organisation.id) {
    reply.page('errors/not-found.njk', { pageTitle: 'Page not found' }, 404);
    return undefined;
  }
  return { ctx, other };
}

function question(other: Organisation): string {
  return `Do you already have access to the Digital Staff Passport for ${other.name}?`;
}

const zAccess = z.object({ access: z.enum(['yes', 'no'], { error: 'Select yes if you already have access to the Digital Staff Passport for this organisation' }) });

function render(reply: FastifyReply, ctx: EmployeeContext, other: Organisation, values: Record<string, string>, errors?: FormErrors): FastifyReply {
  return employeePage(
    reply,
    ctx,
    'portals/employee/share/organisation-access/page.njk',
    {
      pageTitle: question(other),
      question: question(other),
      other,
      navCurrent: sharePaths.credentials(ctx.organisation),
      backHref: sharePaths.organisation(ctx.organisation),
      action: sharePaths.access(ctx.organisation, other),
      items: [
        { value: 'yes', text: 'Yes', hint: { text: `I have an access key for ${other.name} in my wallet` }, checked: values.access === 'yes' },
        { value: 'no', text: 'No', checked: values.access === 'no' },
      ],
      errors,
    },
    errors ? 400 : 200,
  );
}

export function registerShareOrganisationAccessPage(app: FastifyInstance, deps: EmployeePortalDeps): void {
  app.get('/trusts/:ods/employee/credentials/share/organisation/:other', { config: { surface: 'page' } }, async (request, reply) => {
    const found = await otherTrustOf(request, reply, deps);
    if (!found) return reply;
    return render(reply, found.ctx, found.other, {});
  });

  app.post('/trusts/:ods/employee/credentials/share/organisation/:other', { config: { surface: 'page' } }, async (request, reply) => {
    const found = await otherTrustOf(request, reply, deps);
    if (!found) return reply;
    const { ctx, other } = found;
    const form = parseForm(zAccess, request.body);
    if (!form.ok) return render(reply, ctx, other, form.values, form.errors);
    if (form.value.access === 'no') return reply.redirect(sharePaths.noAccess(ctx.organisation, other), 303);
    // Sign in there with that trust's access key; the session here ends when that one starts (D45).
    return reply.redirect(employeePath(other, '/sign-in'), 303);
  });
}
