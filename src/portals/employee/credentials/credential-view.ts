// What the credentials pages (S4, S8, S10) share: the signed-in person's provided credential by
// the URL's id (another passport's or trust's: the 404 page), how one is shown (the catalogue's
// group and field labels, the §5.2 assurance block), the list's sections, the reasons a person
// gives for rejecting one (S4) and the words for why a trust revoked one (S10), and the wallet
// step a page keeps in the session's journey while the wallet session runs.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ASSURANCE_FIELD, ASSURANCE_LABELS, CREDENTIAL_GROUPS, getCredentialType, type CredentialGroup } from '../../../core/credentials/catalogue.ts';
import type { ProvidedCredential, ProvidedState } from '../../../core/passport/provided-credential.ts';
import { BINDING_TYPES } from '../../../gateway/oid4vci/create-credential-offer.ts';
import type { Db } from '../../../store/database.ts';
import { employeeSessions } from '../../../store/employee-sessions.ts';
import { oid4vciIssuance } from '../../../store/oid4vci-issuance.ts';
import { providedCredentials } from '../../../store/provided-credentials.ts';
import { scopeOf } from '../../../store/scope.ts';
import type { EmployeePortalDeps } from '../auth/deps.ts';
import { employeeContext, employeePath, type EmployeeContext } from '../auth/employee-context.ts';
import { offerProvided } from '../wallet/provided-offers.ts';

export const zCredentialParams = z.object({ ods: z.string(), id: z.uuid() });

export function notFound(reply: FastifyReply): FastifyReply {
  return reply.page('errors/not-found.njk', { pageTitle: 'Page not found' }, 404);
}

/**
 * The signed-in person and the credential of the URL, or undefined when the answer was sent:
 * sign-in, or the 404 page for an id that is not one of this passport's credentials at this
 * trust (the store is scoped by the trust; the passport is compared here).
 */
export async function credentialOfRequest(request: FastifyRequest, reply: FastifyReply): Promise<{ ctx: EmployeeContext; credential: ProvidedCredential } | undefined> {
  const ctx = await employeeContext(request, reply);
  if (!ctx) return undefined;
  const params = zCredentialParams.safeParse(request.params);
  const credential = params.success ? await providedCredentials(request.server.employeePortal.database.db, scopeOf(ctx.organisation.id)).findById(params.data.id) : undefined;
  if (!credential || credential.passportId !== ctx.passport.id) {
    notFound(reply);
    return undefined;
  }
  return { ctx, credential };
}

export const credentialsPath = (ctx: Pick<EmployeeContext, 'organisation'>, path = '') => employeePath(ctx.organisation, `/credentials${path}`);
export const credentialPath = (ctx: Pick<EmployeeContext, 'organisation'>, id: string, path = '') => credentialsPath(ctx, `/${id}${path}`);

// ---- the list's sections (S4) ----

export interface ListSection {
  id: string;
  heading: string;
  empty: string;
  states: readonly ProvidedState[];
  /** The row's link text. */
  linkText: string;
}

export const LIST_SECTIONS: readonly ListSection[] = [
  { id: 'new', heading: 'New credentials to review', empty: 'You have no new credentials to review.', states: ['pending'], linkText: 'Review and add' },
  { id: 'wallet', heading: 'In your wallet', empty: 'You have not added any credentials to your wallet yet.', states: ['accepted'], linkText: 'View' },
  { id: 'past', heading: 'Past credentials', empty: 'You have no past credentials.', states: ['revoked', 'expired', 'withdrawn'], linkText: 'View' },
  { id: 'rejected', heading: 'Rejected by you', empty: 'You have not rejected any credentials.', states: ['declined'], linkText: 'View' },
];

export const STATE_TEXT: Readonly<Record<ProvidedState, string>> = {
  pending: 'New – waiting for you to review it',
  accepted: 'In your wallet',
  declined: 'Rejected by you',
  withdrawn: 'Withdrawn',
  archived: 'Replaced by a newer version',
  expired: 'Expired',
  revoked: 'Revoked',
};

export const groupOf = (c: Pick<ProvidedCredential, 'credentialType'>): CredentialGroup => getCredentialType(c.credentialType).display.group;

/** The credentials of some states, by the portal groups of DOMAIN.md §5.1 in their order; empty groups left out. */
export function byGroup<T extends Pick<ProvidedCredential, 'credentialType'>>(credentials: readonly T[]): { group: CredentialGroup; credentials: T[] }[] {
  return CREDENTIAL_GROUPS.map((group) => ({ group, credentials: credentials.filter((c) => groupOf(c) === group) })).filter((g) => g.credentials.length > 0);
}

// ---- how one credential is shown ----

const dateFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/London' });
const dayFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

/** "12 April 2025" (UK time). */
export const formatDay = (at: Date): string => dateFormat.format(at);

function valueText(value: unknown, labels: Readonly<Record<string, string>>): string {
  if (value === null || value === undefined || value === '') return 'Not given';
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (typeof value === 'string') {
    if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return dayFormat.format(new Date(`${value}T00:00:00Z`));
    if (/^\d{4}-\d{2}-\d{2}T[\d:.]+(Z|[+-]\d{2}:\d{2})$/.test(value)) return formatDay(new Date(value));
    return value;
  }
  if (Array.isArray(value)) return value.map((v) => valueText(v, labels)).join(', ');
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    // An address reads as one: its lines, town, postcode, country.
    // (jsonb keeps its own key order, so the parts are put in order here).
    if ('addressLines' in value) {
      const order = ['addressLines', 'townOrCity', 'county', 'postcode', 'country'];
      const parts = [...order.flatMap((k) => entries.filter(([n]) => n === k)), ...entries.filter(([n]) => !order.includes(n))];
      return parts.map(([, v]) => valueText(v, labels)).join(', ');
    }
    return entries.map(([k, v]) => `${labels[k] ?? k}: ${valueText(v, labels)}`).join('; ');
  }
  return String(value);
}

function isJpegField(c: Pick<ProvidedCredential, 'credentialType'>, name: string): boolean {
  const properties = getCredentialType(c.credentialType).subjectSchema.properties as Record<string, { contentMediaType?: unknown }> | undefined;
  return properties?.[name]?.contentMediaType === 'image/jpeg';
}

export interface ShownField {
  label: string;
  value: string;
}

/** The subject's fields with the catalogue's labels, in its display order, and the assurance block (§5.2) apart. */
export function fieldsOf(c: Pick<ProvidedCredential, 'credentialType' | 'subject'>): { fields: ShownField[]; assurance: ShownField[] } {
  const { fieldLabels, displayOrder } = getCredentialType(c.credentialType).display;
  const names = [...displayOrder.filter((n) => n in c.subject), ...Object.keys(c.subject).filter((n) => !displayOrder.includes(n))];
  const fields: ShownField[] = [];
  for (const name of names) {
    if (name === ASSURANCE_FIELD || c.subject[name] === undefined) continue;
    // A photo is not spelled out as base64; the wallet shows it.
    const value = isJpegField(c, name) ? 'Included (shown in your wallet)' : valueText(c.subject[name], fieldLabels);
    fields.push({ label: fieldLabels[name] ?? name, value });
  }
  const block = (c.subject[ASSURANCE_FIELD] ?? {}) as Record<string, unknown>;
  const assurance = Object.entries(ASSURANCE_LABELS)
    .filter(([key]) => block[key] !== undefined)
    .map(([key, label]) => ({ label, value: valueText(block[key], {}) }));
  return { fields, assurance };
}

export const SOURCE_TEXT: Readonly<Record<ProvidedCredential['source'], string>> = {
  esr: 'From the Electronic Staff Record (ESR)',
  manual: 'Entered by the HR team',
  request: 'You requested it',
};

// ---- S4: why the person rejects a credential ----

export const REJECT_REASONS = {
  duplicate: 'It is a duplicate',
  'incorrect-information': 'The information is incorrect',
  'no-longer-wanted': 'I no longer want it',
  other: 'Other',
} as const;
export type RejectReason = keyof typeof REJECT_REASONS;
const REJECT_CODES = Object.keys(REJECT_REASONS) as [RejectReason, ...RejectReason[]];

export const zRejectForm = z
  .object({
    reason: z.enum(REJECT_CODES, { error: 'Select why you are rejecting this credential' }),
    details: z.string().trim().max(500, 'Details must be 500 characters or fewer').optional().transform((s) => s || undefined),
  })
  .superRefine((form, ctx) => {
    if (form.reason === 'other' && !form.details) ctx.addIssue({ code: 'custom', path: ['details'], message: 'Enter why you are rejecting this credential' });
  });

/**
 * The decline's `stateReason`: the reason's code, then `: ` and the person's words when they
 * gave any (always for `other`). HR reads it back with `rejectReasonOf` (E11).
 */
export const rejectStateReason = (form: { reason: RejectReason; details?: string | undefined }): string => (form.details ? `${form.reason}: ${form.details}` : form.reason);

export function rejectReasonOf(stateReason: string | null): { code: RejectReason | undefined; text: string; details: string | undefined } {
  const [code, ...rest] = (stateReason ?? '').split(': ');
  const known = (REJECT_CODES as readonly string[]).includes(code ?? '') ? (code as RejectReason) : undefined;
  const details = known ? rest.join(': ') || undefined : stateReason || undefined;
  return { code: known, text: known ? REJECT_REASONS[known] : 'No reason given', details };
}

// ---- S10: why the trust revoked it (the status ledger's reasons, src/core/credentials/status) ----

export const REVOCATION_TEXT: Readonly<Record<string, string>> = {
  TrainingExpiry: 'The training it records has expired',
  LeavingOrganisation: 'You have left the organisation',
  CredentialProvidedInError: 'It was provided in error',
  Other: 'Another reason',
};

/** The words for a revocation's `stateReason` (a ledger reason code, optionally `: ` and HR's words). */
export function revocationReasonOf(stateReason: string | null): { text: string; details: string | undefined } {
  const [code, ...rest] = (stateReason ?? '').split(': ');
  const text = code ? REVOCATION_TEXT[code] : undefined;
  if (text) return { text, details: rest.join(': ') || undefined };
  return { text: stateReason?.trim() ? stateReason : 'No reason was given', details: undefined };
}

// ---- the wallet step kept in the session's journey while the wallet session runs ----

export const zWalletStep = z.object({
  kind: z.enum(['accept', 'reissue']),
  walletSessionId: z.uuid(),
  credentialIds: z.array(z.uuid()).min(1),
  /** Reissue: the serial number of the copy being replaced. */
  previousSerialNumber: z.uuid().optional(),
});
export type WalletStep = z.infer<typeof zWalletStep>;
export const WALLET_STEP_KEY = 'credentialWalletStep';

/** The step this session started for `walletSessionId`, if it is that one. */
export function walletStepOf(ctx: EmployeeContext, walletSessionId: string, kind: WalletStep['kind']): WalletStep | undefined {
  const step = zWalletStep.safeParse(ctx.session.journey[WALLET_STEP_KEY]);
  return step.success && step.data.walletSessionId === walletSessionId && step.data.kind === kind ? step.data : undefined;
}

export const zHandBack = z.object({ walletSession: z.uuid() });

/**
 * In the caller's transaction: a holder-key offer of one credential (D23 b: only the wallet
 * holding the key of the person's access key or identity credential can receive it), handing back
 * to `handBack`, and the wallet step remembered in the session's journey. `no-key` when the
 * person has no such key yet (collect the access key first).
 */
export async function offerToWallet(
  tx: Db,
  deps: EmployeePortalDeps,
  ctx: EmployeeContext,
  credential: ProvidedCredential,
  input: { dspId: string; browserBinding: string; handBack: string; purpose: string; kind: WalletStep['kind']; previousSerialNumber?: string },
): Promise<'no-key' | { sessionId: string }> {
  const scope = scopeOf(ctx.organisation.id);
  if ((await oid4vciIssuance(tx, scope).holderKeysOf(input.dspId, BINDING_TYPES)).length === 0) return 'no-key';
  const made = await offerProvided(tx, deps, {
    organisation: ctx.organisation,
    passport: ctx.passport,
    credentials: [credential],
    binding: 'holder-key',
    browserBinding: input.browserBinding,
    returnTo: credentialPath(ctx, credential.id, input.handBack),
    purpose: input.purpose,
  });
  const step: WalletStep = { kind: input.kind, walletSessionId: made.sessionId, credentialIds: [credential.id], ...(input.previousSerialNumber ? { previousSerialNumber: input.previousSerialNumber } : {}) };
  await employeeSessions(tx, scope).updateJourney(ctx.session.id, { [WALLET_STEP_KEY]: step });
  return made;
}
