// Shared by the credential pages of a staff passport (DOMAIN.md E10): the passport and credential
// of the URL, within the signed-in user's trust (another trust's ids, or a credential of another
// passport, answer the NHS.UK 404 page, exactly like ids that do not exist); their URLs; how a
// credential reads on a page.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { ProvidedCredential, ProvidedState } from '../../../core/passport/provided-credential.ts';
import type { StaffPassport } from '../../../core/passport/staff-passport.ts';
import { providedCredentials } from '../../../store/provided-credentials.ts';
import { scopeOf } from '../../../store/scope.ts';
import { staffPassports } from '../../../store/staff-passports.ts';
import { fieldsOf, formatDay } from '../../employee/credentials/credential-view.ts';
import { employerContext, employerPath, type EmployerContext } from '../auth/employer-context.ts';
import { passportPath } from '../esr-shared/passport-esr.ts';

const zParams = z.object({ passportId: z.uuid(), credentialId: z.uuid() });

export const STATE_TEXT: Readonly<Record<ProvidedState, string>> = {
  pending: 'Pending (awaiting staff review)',
  accepted: 'Accepted (in their wallet)',
  declined: 'Rejected by staff',
  withdrawn: 'Withdrawn',
  archived: 'Archived',
  expired: 'Expired',
  revoked: 'Revoked',
};

export const credentialsPath = (ctx: EmployerContext, passportId: string, suffix = '') => passportPath(ctx, passportId, `/credentials${suffix}`);
export const credentialPath = (ctx: EmployerContext, passportId: string, credentialId: string, suffix = '') => credentialsPath(ctx, passportId, `/${encodeURIComponent(credentialId)}${suffix}`);
export const navCurrent = (ctx: EmployerContext) => employerPath(ctx.organisation, '/staff-passports');

export function notFound(reply: FastifyReply): FastifyReply {
  return reply.page('errors/not-found.njk', { pageTitle: 'Page not found' }, 404);
}

/** The signed-in context, the passport and the credential of the URL; `undefined` when the reply is already sent. */
export async function credentialOf(request: FastifyRequest, reply: FastifyReply): Promise<{ ctx: EmployerContext; passport: StaffPassport; credential: ProvidedCredential } | undefined> {
  const ctx = await employerContext(request, reply);
  if (!ctx) return undefined;
  const params = zParams.safeParse(request.params);
  const db = request.server.employerPortal.database.db;
  const scope = scopeOf(ctx.organisation.id);
  const passport = params.success ? await staffPassports(db, scope).findById(params.data.passportId) : undefined;
  const credential = passport && params.success ? await providedCredentials(db, scope).findById(params.data.credentialId) : undefined;
  if (!passport || !credential || credential.passportId !== passport.id) return void notFound(reply);
  return { ctx, passport, credential };
}

/** The credential's summary rows: every attribute (E10 "full attributes shown"), then its state. */
export function credentialRows(c: ProvidedCredential): { key: { text: string }; value: { text: string } }[] {
  const { fields, assurance } = fieldsOf(c);
  return [
    { key: { text: 'Credential' }, value: { text: c.title } },
    ...fields.map((f) => ({ key: { text: f.label }, value: { text: f.value } })),
    ...assurance.map((f) => ({ key: { text: f.label }, value: { text: f.value } })),
    { key: { text: 'Provided' }, value: { text: formatDay(c.providedAt) } },
    { key: { text: 'Expires' }, value: { text: c.expiresAt ? formatDay(c.expiresAt) : 'Does not expire' } },
    { key: { text: 'State' }, value: { text: STATE_TEXT[c.state] } },
  ];
}
