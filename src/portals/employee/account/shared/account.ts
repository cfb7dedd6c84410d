// Shared by the account pages (S5, S9, S11, S12): their URLs, what they keep in the session's
// journey between pages (parsed when read back, STYLE.md rule 10), and small helpers.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { REQUESTABLE_TYPES, zRequestableType, type RequestableType } from '../../../../store/credential-requests.ts';
import { employeeSessions } from '../../../../store/employee-sessions.ts';
import type { Db } from '../../../../store/database.ts';
import { scopeOf } from '../../../../store/scope.ts';
import { GROUP_NAMES } from '../../../employer/esr-shared/passport-esr.ts';
import { employeePath, type EmployeeContext } from '../../auth/employee-context.ts';

export const accountPaths = {
  request: (ctx: Pick<EmployeeContext, 'organisation'>) => employeePath(ctx.organisation, '/credentials/request'),
  requestCheck: (ctx: Pick<EmployeeContext, 'organisation'>) => employeePath(ctx.organisation, '/credentials/request/check'),
  requestDone: (ctx: Pick<EmployeeContext, 'organisation'>) => employeePath(ctx.organisation, '/credentials/request/done'),
  nsi: (ctx: Pick<EmployeeContext, 'organisation'>, page = '') => employeePath(ctx.organisation, `/credentials/new-starter-information${page ? `/${page}` : ''}`),
  credential: (ctx: Pick<EmployeeContext, 'organisation'>, id: string) => employeePath(ctx.organisation, `/credentials/${encodeURIComponent(id)}`),
  credentials: (ctx: Pick<EmployeeContext, 'organisation'>) => employeePath(ctx.organisation, '/credentials'),
  history: (ctx: Pick<EmployeeContext, 'organisation'>) => employeePath(ctx.organisation, '/history'),
  settings: (ctx: Pick<EmployeeContext, 'organisation'>) => employeePath(ctx.organisation, '/settings'),
  deletePassport: (ctx: Pick<EmployeeContext, 'organisation'>) => employeePath(ctx.organisation, '/settings/delete'),
  deleted: (ctx: Pick<EmployeeContext, 'organisation'>) => employeePath(ctx.organisation, '/passport-deleted'),
};

/** How HR names a requestable type (the employer's words, so both sides read the same). */
export const requestableName = (type: string): string => GROUP_NAMES[type] ?? type;

/** What each requestable type is, for the person choosing. */
export const REQUESTABLE_HINTS: Readonly<Record<RequestableType, string>> = {
  EmploymentAssignment: 'Your job, grade and where you work, from the Electronic Staff Record (ESR).',
  CoreSkill: 'Your statutory and mandatory training (Core Skills Training Framework) from ESR.',
  OccupationalHealth: 'Your vaccinations and screening results held by occupational health.',
  ProfessionalRegistration: 'Your registration with a professional regulator, such as the NMC or HCPC.',
};

export const byCatalogueOrder = (a: RequestableType, b: RequestableType) => REQUESTABLE_TYPES.indexOf(a) - REQUESTABLE_TYPES.indexOf(b);

/**
 * The journey keys of these pages. Each page reads only its own, parsed; unknown or malformed
 * content reads as nothing (the person starts that step again).
 */
const zJourney = z.object({
  credentialRequest: z.object({ types: z.array(zRequestableType).max(REQUESTABLE_TYPES.length) }).nullable().optional().catch(undefined),
  credentialRequestMade: z.uuid().nullable().optional().catch(undefined),
  newStarterInformation: z.record(z.string(), z.unknown()).nullable().optional().catch(undefined),
  newStarterInformationCreated: z.uuid().nullable().optional().catch(undefined),
});
export type AccountJourney = z.infer<typeof zJourney>;

export function accountJourney(ctx: Pick<EmployeeContext, 'session'>): AccountJourney {
  return zJourney.parse(ctx.session.journey);
}

/** Merges `patch` into this session's journey (in `db`, which may be the caller's transaction). */
export async function updateAccountJourney(db: Db, ctx: Pick<EmployeeContext, 'organisation' | 'session'>, patch: AccountJourney): Promise<void> {
  await employeeSessions(db, scopeOf(ctx.organisation.id)).updateJourney(ctx.session.id, patch);
}

export function notFoundPage(reply: FastifyReply): FastifyReply {
  return reply.page('errors/not-found.njk', { pageTitle: 'Page not found' }, 404);
}

/** Today in England as `YYYY-MM-DD`. */
export function londonToday(now: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** A time as people in England read it: `2 March 2026 at 14:05`. */
export function londonTime(at: Date): string {
  const day = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', day: 'numeric', month: 'long', year: 'numeric' }).format(at);
  const time = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: '2-digit', minute: '2-digit' }).format(at);
  return `${day} at ${time}`;
}

/** The correlation id for audit entries. */
export const correlationOf = (request: FastifyRequest): string => String(request.id);
