// Shared by the pages of HR's review of a shared identity (DOMAIN.md E5.3, E5.4): the passport
// of the URL within the signed-in user's trust (else the 404 page) with the identity it shared,
// what HR is shown of it, whether it can make this trust's Identity, and the expired-passport rule.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { expiredPassportRule } from '../../../core/passport/identity-check.ts';
import type { SharedIdentity } from '../../../core/passport/shared-identity.ts';
import { dspIdForSharedIdentity, identityFromSharedIdentity, sharedPassportExpiry, viewOfSharedIdentity, type SharedIdentityView } from '../../../core/passport/shared-identity-review.ts';
import type { StaffPassport } from '../../../core/passport/staff-passport.ts';
import { scopeOf } from '../../../store/scope.ts';
import { sharedIdentities } from '../../../store/shared-identities.ts';
import type { EmployerContext } from '../auth/employer-context.ts';
import { longDate, passportOf, passportPath } from '../esr-shared/passport-esr.ts';

export interface SharedReview {
  passport: StaffPassport;
  shared: SharedIdentity;
  view: SharedIdentityView;
  /** Why it cannot be confirmed (HR can still reject it), or undefined when it can. */
  unusable: string | undefined;
  /** EXP (E5.8): the document was a passport that has expired. */
  passportExpired: boolean;
}

const TYPE_TEXT: Record<SharedIdentity['type'], string> = { DigitalIdentity: 'digital identity', Identity: 'NHS identity credential' };
export const sharedTypeText = (shared: Pick<SharedIdentity, 'type'>) => TYPE_TEXT[shared.type];

const UNUSABLE = {
  invalid: 'It does not hold what an NHS identity credential needs (first name, last name and date of birth), so it cannot be confirmed.',
  'dsp-id-missing': 'It carries no DSP unique identifier, so it cannot be confirmed.',
  'dsp-id-mismatch':
    'It carries a different DSP unique identifier from the one this passport already has. This happens when someone who already has a Digital Staff Passport answered No when the identity service asked. Reject it and check their identity face to face, or ask them to share it again.',
  'dsp-id-taken': "Its DSP unique identifier belongs to another of your trust's staff passports. Check whether this person already has a passport here.",
} as const;
export type UnusableProblem = keyof typeof UNUSABLE;
export const unusableText = (problem: UnusableProblem) => UNUSABLE[problem];

/**
 * The passport of the URL and the identity it shared, while it waits for HR's review; otherwise
 * the reply is sent: the 404 page (not this trust's), or back to the passport with a notice.
 */
export async function sharedReviewOf(request: FastifyRequest, reply: FastifyReply, ctx: EmployerContext, now: Date): Promise<SharedReview | undefined> {
  const today = now.toISOString().slice(0, 10);
  const passport = await passportOf(request, reply, ctx);
  if (!passport) return undefined;
  if (passport.status !== 'identity-shared') return void reply.redirect(passportPath(ctx, passport.id, '?done=identity-not-awaiting'), 303);
  const db = request.server.employerPortal.database.db;
  const scope = scopeOf(ctx.organisation.id);
  const shared = (await sharedIdentities(db, scope).of(passport.id))?.identity;
  if (!shared) return void reply.redirect(passportPath(ctx, passport.id, '?done=identity-not-shared'), 303);
  let unusable: string | undefined;
  const id = dspIdForSharedIdentity(passport.dspId, shared);
  if (!id.ok) unusable = unusableText(id.problem === 'missing' ? 'dsp-id-missing' : 'dsp-id-mismatch');
  else if (!identityFromSharedIdentity(shared, { dspId: id.dspId, organisationName: ctx.organisation.name, now }).ok) unusable = unusableText('invalid');
  const passportExpired = expiredPassportRule(sharedPassportExpiry(shared), today).expired;
  return { passport, shared, view: viewOfSharedIdentity(shared), unusable, passportExpired };
}

const when = (iso: string) =>
  new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit' }).format(new Date(iso));

/** "Verified by … on …". */
export const verifiedText = (review: Pick<SharedReview, 'shared'>) => `${review.shared.issuerName} verified this ${sharedTypeText(review.shared)} on ${when(review.shared.verifiedAt)}.`;

type Row = { key: { text: string }; value: { text: string } | { html: string } };

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** What was shared, for the NHS.UK summary list, in E5.4's order (photo is shown above it). */
export function sharedRows(view: SharedIdentityView, options: { short?: boolean } = {}): Row[] {
  const rows: Row[] = [];
  const add = (key: string, value: string | undefined) => rows.push({ key: { text: key }, value: { text: value ?? 'Not shared' } });
  add('First name', view.firstName);
  add('Middle names', view.middleNames);
  add('Last name', view.lastName);
  add('Date of birth', view.birthDate ? longDate(view.birthDate) : undefined);
  if (options.short) {
    if (view.documentType) add('Identity document', `${view.documentType}, number ending ${view.documentNumberEnding ?? '(not shared)'}`);
    return rows;
  }
  add('Legal gender', view.legalGender);
  add('Nationality', view.nationality);
  if (view.address) {
    const lines = [...view.address.addressLines, view.address.townOrCity, view.address.postcode, view.address.country].filter((l): l is string => Boolean(l));
    rows.push({ key: { text: 'Address' }, value: { html: lines.map(escapeHtml).join('<br>') + (view.currentAddressVerified ? '<br>(current address verified)' : '') } });
  } else add('Address', undefined);
  if (view.type === 'DigitalIdentity') {
    add('Identity document', view.documentType);
    add('Document number ends with', view.documentNumberEnding);
    add('Document issuing country', view.documentIssuingCountry);
    add('Document expiry date', view.documentExpiryDate ? longDate(view.documentExpiryDate) : undefined);
    add('GPG45 profile', view.gpg45Profile);
    add('Level of confidence', view.levelOfConfidence);
    add('Evidence checked by', view.evidenceCheckedBy);
    add('Date of ID check', view.dateOfIdCheck ? longDate(view.dateOfIdCheck) : undefined);
  }
  return rows;
}

/** Where each page of the review lives. */
export const reviewPath = (ctx: EmployerContext, passportId: string, step: '' | '/confirm' | '/reject' = '') => passportPath(ctx, passportId, `/identity/shared${step}`);
