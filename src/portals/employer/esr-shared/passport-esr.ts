// Shared by the ESR pages of a staff passport (E6 connect, change and disconnect; E7 provide from
// ESR): the passport of the URL, within the signed-in user's trust; the URLs of the pages; and
// ESR's failures as NHS.UK pages that say what happened and what to do.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { StaffPassport } from '../../../core/passport/staff-passport.ts';
import { EsrError, EsrMalformedResponse, EsrNotFound, EsrTimeout, EsrUnavailable } from '../../../integrations/esr/index.ts';
import { scopeOf } from '../../../store/scope.ts';
import { staffPassports } from '../../../store/staff-passports.ts';
import { employerPage, employerPath, type EmployerContext } from '../auth/employer-context.ts';

const zPassportParams = z.object({ passportId: z.uuid() });

/** `/trusts/{ods}/employer/staff-passports/{id}` + suffix. */
export function passportPath(ctx: EmployerContext, passportId: string, suffix = ''): string {
  return employerPath(ctx.organisation, `/staff-passports/${encodeURIComponent(passportId)}${suffix}`);
}

/**
 * The passport in the URL, if it is one of this trust's; otherwise the reply is the NHS.UK 404
 * page (another trust's passport looks exactly like one that does not exist).
 */
export async function passportOf(request: FastifyRequest, reply: FastifyReply, ctx: EmployerContext): Promise<StaffPassport | undefined> {
  const params = zPassportParams.safeParse(request.params);
  const passport = params.success ? await staffPassports(request.server.employerPortal.database.db, scopeOf(ctx.organisation.id)).findById(params.data.passportId) : undefined;
  if (!passport) reply.page('errors/not-found.njk', { pageTitle: 'Page not found' }, 404);
  return passport;
}

export function fullName(p: Pick<StaffPassport, 'givenName' | 'middleNames' | 'familyName'>): string {
  return [p.givenName, p.middleNames, p.familyName].filter(Boolean).join(' ');
}

/** `1990-04-12` → `12 April 1990`. */
export function longDate(iso: string | null | undefined): string {
  if (!iso) return 'Not known';
  const d = new Date(`${iso}T00:00:00Z`);
  return Number.isNaN(d.getTime()) ? iso : new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' }).format(d);
}

export interface EsrProblem {
  status: number;
  title: string;
  /** What happened, then what to do. */
  paragraphs: string[];
}

/** What a person is told when ESR fails (docs/esr.md, Errors). Nothing has been changed in any case. */
export function esrProblemOf(error: EsrError): EsrProblem {
  const nothingChanged = 'Nothing has been changed.';
  if (error instanceof EsrUnavailable)
    return { status: 503, title: 'ESR is not available at the moment', paragraphs: ['The Electronic Staff Record (ESR) could not be reached. ' + nothingChanged, 'Try again in a few minutes. If it keeps happening, tell your ESR team or IT service desk.'] };
  if (error instanceof EsrTimeout)
    return { status: 503, title: 'ESR took too long to answer', paragraphs: ['The Electronic Staff Record (ESR) did not answer in time. ' + nothingChanged, 'Try again in a few minutes. If it keeps happening, tell your ESR team or IT service desk.'] };
  if (error instanceof EsrMalformedResponse)
    return { status: 502, title: 'ESR sent an answer that could not be read', paragraphs: ['The Electronic Staff Record (ESR) answered, but not with data this service understands. ' + nothingChanged, 'Try again. If it happens again, tell your IT service desk that ESR answers are malformed.'] };
  if (error instanceof EsrNotFound)
    return { status: 404, title: 'This staff member was not found in ESR', paragraphs: ['ESR no longer has the assignment number this passport is connected to. ' + nothingChanged, 'Check the assignment in ESR, or connect the passport to the right assignment number.'] };
  return { status: 502, title: 'ESR refused the request', paragraphs: ['The Electronic Staff Record (ESR) refused the request. ' + nothingChanged, 'Tell your IT service desk: the connection to ESR may be set up wrongly.'] };
}

/** Renders an ESR failure; anything that is not an ESR failure is rethrown. */
export function esrProblemPage(reply: FastifyReply, ctx: EmployerContext, passport: StaffPassport, error: unknown, backHref: string): FastifyReply {
  if (!(error instanceof EsrError)) throw error;
  reply.log.warn({ code: error.code, operation: error.operation }, 'ESR call failed');
  const problem = esrProblemOf(error);
  return employerPage(
    reply,
    ctx,
    'portals/employer/esr-shared/esr-problem.njk',
    { pageTitle: problem.title, problem, passportName: fullName(passport), retryHref: backHref, backHref: passportPath(ctx, passport.id), navCurrent: employerPath(ctx.organisation, '/staff-passports') },
    problem.status,
  );
}

/** Credential groups as the employer portal names them (DOMAIN.md E8.3). */
export const GROUP_NAMES: Record<string, string> = {
  EmploymentAssignment: 'Confirmation of assignment',
  CoreSkill: 'Core skills training information',
  OccupationalHealth: 'Health information – vaccinations and testing',
  ProfessionalRegistration: 'Professional registration',
};

/** Item ids from a form or query: one string or many, each the shape `offerItemId` makes. */
export const zItemIds = z
  .union([z.string(), z.array(z.string()).max(1000)])
  .optional()
  .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]))
  .pipe(z.array(z.string().regex(/^[A-Za-z0-9_-]{16}$/)));
