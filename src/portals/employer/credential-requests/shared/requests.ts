// Shared by the credential request pages (DOMAIN.md E8; docs/architecture.md D44): the request of
// the URL within the signed-in user's trust (another trust's looks like one that does not exist),
// its passport, the URLs, the decisions form (provide or reject each, a reason to reject), and what
// ESR holds for each requested type.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { StaffPassport } from '../../../../core/passport/staff-passport.ts';
import type { EsrOfferLine } from '../../../../jobs/provide-from-esr.ts';
import { credentialRequests, type CredentialRequest, type CredentialRequestItem } from '../../../../store/credential-requests.ts';
import { scopeOf } from '../../../../store/scope.ts';
import { staffPassports } from '../../../../store/staff-passports.ts';
import { employerPath, type EmployerContext } from '../../auth/employer-context.ts';
import { GROUP_NAMES } from '../../esr-shared/passport-esr.ts';

const zParams = z.object({ requestId: z.uuid() });

/** `/trusts/{ods}/employer/credential-requests[/{id}]` + suffix. */
export function requestPath(ctx: EmployerContext, requestId?: string, suffix = ''): string {
  return employerPath(ctx.organisation, `/credential-requests${requestId ? `/${encodeURIComponent(requestId)}` : ''}${suffix}`);
}

export const navCurrent = (ctx: EmployerContext) => employerPath(ctx.organisation, '/credential-requests');

/** The request in the URL and its passport, if this trust's; otherwise the reply is the 404 page. */
export async function requestOf(request: FastifyRequest, reply: FastifyReply, ctx: EmployerContext): Promise<{ request: CredentialRequest; passport: StaffPassport } | undefined> {
  const params = zParams.safeParse(request.params);
  const db = request.server.employerPortal.database.db;
  const scope = scopeOf(ctx.organisation.id);
  const found = params.success ? await credentialRequests(db, scope).find(params.data.requestId) : undefined;
  const passport = found ? await staffPassports(db, scope).findById(found.passportId) : undefined;
  if (!found || !passport) {
    reply.page('errors/not-found.njk', { pageTitle: 'Page not found' }, 404);
    return undefined;
  }
  return { request: found, passport };
}

export const typeName = (type: string): string => GROUP_NAMES[type] ?? type;

/** What ESR holds for a requested type: what can be provided, and what the passport already has. */
export interface EsrForType {
  provide: string[];
  already: string[];
}

export function esrForTypes(lines: readonly EsrOfferLine[], items: readonly CredentialRequestItem[]): Map<string, EsrForType> {
  const out = new Map<string, EsrForType>();
  for (const item of items) {
    const of = lines.filter((l) => l.type === item.credentialType);
    out.set(item.id, { provide: of.filter((l) => l.itemId).map((l) => l.title), already: of.filter((l) => !l.itemId).map((l) => l.title) });
  }
  return out;
}

export const canProvide = (e: EsrForType | undefined): boolean => !!e && (e.provide.length > 0 || e.already.length > 0);

/**
 * E8.5: a requested credential that cannot be provided — ESR holds nothing for it and the passport
 * has nothing of it — is rejected automatically with this reason (HR neither chooses nor types
 * one), and the staff member is told with the rest of the outcome.
 */
export const AUTO_REJECT_REASON = 'Rejected automatically: ESR holds no record of this for you, so it cannot be provided';

/** The items ESR's reading shows cannot be provided (none when ESR was not read). */
export function autoRejected(items: readonly CredentialRequestItem[], esr: Map<string, EsrForType> | undefined): Set<string> {
  return new Set(esr ? items.filter((item) => !canProvide(esr.get(item.id))).map((item) => item.id) : []);
}

export type Choice = { decision?: 'provide' | 'reject'; reason?: string };

/** The decisions as posted (`decision-<item id>`, `reason-<item id>`), for the pending items only. */
export function readChoices(body: unknown, items: readonly CredentialRequestItem[]): Map<string, Choice> {
  const form = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const choices = new Map<string, Choice>();
  for (const item of items) {
    const d = form[`decision-${item.id}`];
    const r = form[`reason-${item.id}`];
    choices.set(item.id, {
      decision: d === 'provide' || d === 'reject' ? d : undefined,
      reason: typeof r === 'string' ? r.slice(0, 2000) : undefined,
    });
  }
  return choices;
}

export const MAX_REASON = 500;

/**
 * Problems with the decisions, in page order: each item decided, a reason to reject. Items ESR
 * cannot provide (E8.5) are not HR's to decide, so they are skipped.
 */
export function choiceProblems(items: readonly CredentialRequestItem[], choices: Map<string, Choice>, esr: Map<string, EsrForType> | undefined): Array<{ field: string; message: string }> {
  const problems: Array<{ field: string; message: string }> = [];
  const automatic = autoRejected(items, esr);
  for (const item of items) {
    if (automatic.has(item.id)) continue;
    const c = choices.get(item.id) ?? {};
    const label = typeName(item.credentialType);
    if (!c.decision) problems.push({ field: `decision-${item.id}`, message: `Select whether to provide or reject ${label}` });
    else if (c.decision === 'reject') {
      const reason = (c.reason ?? '').trim();
      if (reason === '') problems.push({ field: `reason-${item.id}`, message: `Enter a reason for rejecting ${label}` });
      else if (reason.length > MAX_REASON) problems.push({ field: `reason-${item.id}`, message: `The reason for rejecting ${label} must be ${MAX_REASON} characters or fewer` });
    }
  }
  return problems;
}
