// What HR's review of shared credentials (DOMAIN.md E9) and the passport page share:
//   - the live verification of a shared credential: the credential kept without the holder's
//     proof is verified again now, by the platform's one verifier (signature, issuer trusted in
//     the registry, status list, expiry), so a credential revoked or expired since it was shared
//     shows as such — what was true at sharing time is not trusted for ever;
//   - how a shared credential reads (the catalogue's name and field labels, the assurance block);
//   - the credentials-required progress (E9.2): the checklist that applies to the passport (the
//     most specific, D41) ticked by the types HR accepted from shares AND the types this trust
//     provided that the person accepted into their wallet (DOMAIN.md §9 #25 "accepted
//     shared/provided credentials of those types");
//   - the two transactions: confirming the staged decisions (history and audit per decision, the
//     person told of rejections and HR's notes) and completing or bypassing the credentials
//     required (the passport becomes Active and Reviewed).
import { getCredentialType, isCredentialTypeId, type CredentialTypeId } from '../../../core/credentials/catalogue.ts';
import type { CredentialFormat } from '../../../core/credentials/index.ts';
import type { DspVerification } from '../../../core/credentials/verify-credential.ts';
import { checklistProgress } from '../../../core/passport/credentials-required.ts';
import type { Organisation } from '../../../core/passport/organisation.ts';
import { employeePortalUrl } from '../../../core/passport/portal-links.ts';
import { channelsFor, type StaffPassport } from '../../../core/passport/staff-passport.ts';
import { createCredentialVerifier } from '../../../gateway/verify/credential-verifier.ts';
import { InvalidRecipient } from '../../../integrations/notify/index.ts';
import { counted } from '../../../jobs/notify-person.ts';
import { appendAudit } from '../../../store/audit-log.ts';
import { credentialsRequiredChecklists, type CredentialsRequiredChecklist } from '../../../store/credentials-required-checklists.ts';
import { credentialsReview, type CredentialsReviewOutcome } from '../../../store/credentials-review.ts';
import type { Db } from '../../../store/database.ts';
import { passportHistory, type HistoryInput } from '../../../store/passport-history.ts';
import { providedCredentials } from '../../../store/provided-credentials.ts';
import type { OrganisationScope } from '../../../store/scope.ts';
import { sharedCredentials, type SharedCredential } from '../../../store/shared-credentials.ts';
import { staffPassports } from '../../../store/staff-passports.ts';
import { fieldsOf, formatDay } from '../../employee/credentials/credential-view.ts';
import type { EmployerPortalDeps } from '../auth/deps.ts';
import type { EmployerContext } from '../auth/employer-context.ts';
import { passportPath } from '../esr-shared/passport-esr.ts';

/** HR's note with a rejection: optional (DOMAIN.md E9.1 "a note can be left"), but bounded. */
export const MAX_NOTE = 500;

export const sharedPath = (ctx: EmployerContext, passportId: string, suffix = '') => passportPath(ctx, passportId, `/shared-credentials${suffix}`);
export const requiredPath = (ctx: EmployerContext, passportId: string, which: 'complete' | 'bypass') => passportPath(ctx, passportId, `/credentials-required/${which}`);

export const typeName = (type: string) => (isCredentialTypeId(type) ? getCredentialType(type).display.name : type);

export const STATE_TEXT: Readonly<Record<SharedCredential['state'], string>> = { 'to-review': 'To review', accepted: 'Accepted', rejected: 'Rejected' };
export const draftText = (c: Pick<SharedCredential, 'state' | 'draft'>) =>
  c.state !== 'to-review' ? STATE_TEXT[c.state] : c.draft === 'accept' ? 'To review (accept, not yet confirmed)' : c.draft === 'reject' ? 'To review (reject, not yet confirmed)' : 'To review';

// ---- live verification ----

export interface LiveCheck {
  label: string;
  text: string;
  ok: boolean;
}

export interface LiveVerification {
  ok: boolean;
  /** Short for a tag: "Verified", "Revoked", "Expired", "Failed verification". */
  summary: string;
  checks: LiveCheck[];
}

export function verifierFor(deps: Pick<EmployerPortalDeps, 'keys' | 'clock' | 'publicUrl' | 'production'>, db: Db) {
  // Issuers are trusted only when they are organisations of this deployment, resolved from the
  // database; loopback did:web (other hosts) only outside production, as the gateway's verifier.
  return createCredentialVerifier({ db, keys: deps.keys, clock: deps.clock, publicUrl: deps.publicUrl, allowLoopback: !deps.production });
}

/** Each shared credential verified again now; a verifier error fails closed as "could not be checked". */
export async function verifyLive(verifier: ReturnType<typeof verifierFor>, credentials: readonly SharedCredential[]): Promise<Map<string, LiveVerification>> {
  const out = new Map<string, LiveVerification>();
  for (const c of credentials) {
    let v: DspVerification | undefined;
    try {
      v = await verifier.verify(c.compact, { format: c.format satisfies CredentialFormat });
    } catch {
      v = undefined;
    }
    out.set(c.id, liveView(c, v));
  }
  return out;
}

function liveView(c: SharedCredential, v: DspVerification | undefined): LiveVerification {
  if (!v) return { ok: false, summary: 'Could not be checked', checks: [{ label: 'Verification', text: 'Could not be checked now. Try again later.', ok: false }] };
  const signature = v.checks.signature?.status === 'passed';
  const issuer = v.checks.issuer;
  const status = v.checks.status;
  const validity = v.checks.validity;
  const checks: LiveCheck[] = [{ label: 'Signature', text: signature ? 'Valid' : 'Not valid: it was not signed by the issuer or has been changed', ok: signature }];
  checks.push(
    issuer?.status === 'passed'
      ? { label: 'Issuer', text: `Trusted: ${v.issuer?.name ?? c.issuerName}`, ok: true }
      : issuer?.status === 'failed' && issuer.reason === 'issuer_not_allowed'
        ? { label: 'Issuer', text: `${v.issuer?.name ?? c.issuerName} may not issue this credential`, ok: false }
        : { label: 'Issuer', text: issuer?.status === 'failed' ? 'Not trusted: not a registered organisation' : 'Not checked', ok: false },
  );
  const statusText =
    status?.status === 'passed'
      ? 'Valid'
      : status?.status === 'failed'
        ? status.reason === 'revoked'
          ? 'Revoked by the issuer'
          : status.reason === 'suspended'
            ? 'Suspended by the issuer'
            : 'Could not be checked'
        : 'Not checked';
  checks.push({ label: 'Status', text: statusText, ok: status?.status === 'passed' });
  const expires = c.expiresAt ?? v.credential?.expiresAt;
  const expired = validity?.status === 'failed' && validity.reason === 'expired';
  checks.push({
    label: 'Expiry',
    text: expired ? `Expired on ${expires ? formatDay(expires) : 'an earlier date'}` : validity?.status === 'failed' ? 'Not yet valid' : expires ? `Not expired (expires ${formatDay(expires)})` : 'Does not expire',
    ok: validity?.status !== 'failed',
  });
  const others = Object.entries(v.checks).filter(([name, r]) => !['signature', 'issuer', 'status', 'validity'].includes(name) && r.status === 'failed');
  if (others.length > 0) checks.push({ label: 'Other checks', text: `Failed: ${others.map(([name]) => name).join(', ')}`, ok: false });
  const summary = v.ok
    ? 'Verified'
    : status?.status === 'failed' && status.reason === 'revoked'
      ? 'Revoked'
      : status?.status === 'failed' && status.reason === 'suspended'
        ? 'Suspended'
        : expired
          ? 'Expired'
          : 'Failed verification';
  return { ok: v.ok, summary, checks };
}

// ---- how a shared credential reads ----

type Row = { key: { text: string }; value: { text: string } };

/** The key claims with the catalogue's labels, and the assurance block (E9: for an Identity the GPG45 profile, who checked and when). */
export function claimRows(c: SharedCredential): { fields: Row[]; assurance: Row[] } {
  if (!isCredentialTypeId(c.type)) return { fields: [], assurance: [] };
  const { dspId: _dspId, ...subject } = c.claims;
  const shown = fieldsOf({ credentialType: c.type, subject: subject as never });
  const row = (f: { label: string; value: string }) => ({ key: { text: f.label }, value: { text: f.value.replace('(shown in your wallet)', '(not shown here)') } });
  return { fields: shown.fields.map(row), assurance: shown.assurance.map(row) };
}

// ---- credentials-required progress (E9.2) ----

export interface RequiredProgress {
  checklist: CredentialsRequiredChecklist | undefined;
  items: { type: CredentialTypeId; name: string; done: boolean }[];
  completed: number;
  total: number;
  allTicked: boolean;
}

export async function requiredProgress(db: Db, scope: OrganisationScope, passport: StaffPassport): Promise<RequiredProgress> {
  const checklist = await credentialsRequiredChecklists(db, scope).applicableTo(passport);
  if (!checklist) return { checklist: undefined, items: [], completed: 0, total: 0, allTicked: false };
  const [shared, provided] = await Promise.all([sharedCredentials(db, scope).acceptedTypes(passport.id), providedCredentials(db, scope).listForPassport(passport.id)]);
  const held = new Set<string>([...shared, ...provided.filter((p) => p.state === 'accepted').map((p) => p.credentialType)]);
  const progress = checklistProgress(checklist, held);
  const done = new Set<string>(progress.completed);
  return {
    checklist,
    items: checklist.credentialTypes.map((type) => ({ type, name: typeName(type), done: done.has(type) })),
    completed: progress.completed.length,
    total: progress.total,
    allTicked: progress.outstanding.length === 0,
  };
}

/** Why completing or bypassing is not possible now, or undefined when it is. */
export function reviewBlock(passport: StaffPassport, toReview: number, which: CredentialsReviewOutcome, progress: RequiredProgress): string | undefined {
  if (passport.status === 'active') return 'The credentials required for this passport have already been reviewed.';
  if (passport.status !== 'credentials-pending') return 'Credentials required can be completed or bypassed once their identity has been confirmed.';
  if (toReview > 0) return 'Accept or reject the shared credentials waiting for review first.';
  if (which === 'completed' && !progress.checklist) return 'No credentials required checklist applies to this passport. Bypass the credentials required if you are satisfied.';
  if (which === 'completed' && !progress.allTicked) return `Only ${progress.completed} credentials out of ${progress.total} are completed. Bypass the credentials required if you are satisfied.`;
  return undefined;
}

// ---- the transactions ----

export interface Who {
  organisation: Pick<Organisation, 'id' | 'odsCode' | 'name'>;
  scope: OrganisationScope;
  /** `user:<id>`. */
  actor: string;
  correlationId: string;
}

/**
 * "Yes, confirm" (E9.1): the staged decisions become final, in the caller's transaction on the
 * locked passport; history and audit per decision; the person told of any rejections with HR's
 * notes on the channels they chose. A second submission finds nothing staged and does nothing.
 */
export async function confirmDecisions(
  tx: Db,
  deps: Pick<EmployerPortalDeps, 'clock' | 'notifier' | 'publicUrl'>,
  who: Who,
  passportId: string,
): Promise<{ outcome: 'not-found' } | { outcome: 'done'; accepted: number; rejected: number }> {
  const passport = await staffPassports(tx, who.scope).lockForUpdate(passportId);
  if (!passport) return { outcome: 'not-found' };
  const now = deps.clock.now();
  const decided = await sharedCredentials(tx, who.scope).confirmStaged(passport.id, who.actor, now);
  const accepted = decided.filter((c) => c.state === 'accepted');
  const rejected = decided.filter((c) => c.state === 'rejected');
  // History and audit name the credential (type, issuer, serial number); HR's note goes only to the person.
  const history: HistoryInput[] = decided.map((c) => ({
    passportId: passport.id,
    event: c.state === 'accepted' ? 'shared-credential.accepted' : 'shared-credential.rejected',
    actor: who.actor,
    at: now,
    details: { sharedCredentialId: c.id, type: c.type, title: typeName(c.type), issuer: c.issuerName, serialNumber: c.serialNumber },
  }));
  await passportHistory(tx, who.scope).record(history);
  for (const c of decided) {
    await appendAudit(
      tx,
      {
        organisationId: who.organisation.id,
        actor: who.actor,
        action: c.state === 'accepted' ? 'shared-credential.accepted' : 'shared-credential.rejected',
        subject: c.id,
        correlationId: who.correlationId,
        details: { passportId: passport.id, type: c.type, issuer: c.issuer, serialNumber: c.serialNumber, ...(c.state === 'rejected' ? { noted: Boolean(c.note) } : {}) },
      },
      deps.clock,
    );
  }
  if (rejected.length > 0) await tellRejected(tx, deps, who, passport, accepted, rejected);
  return { outcome: 'done', accepted: accepted.length, rejected: rejected.length };
}

async function tellRejected(tx: Db, deps: Pick<EmployerPortalDeps, 'notifier' | 'publicUrl'>, who: Who, passport: StaffPassport, accepted: readonly SharedCredential[], rejected: readonly SharedCredential[]): Promise<void> {
  const personalisation = {
    name: passport.givenName,
    organisation_name: who.organisation.name,
    credentials: counted(rejected.length, 'credential'),
    accepted: accepted.length > 0 ? accepted.map((c) => typeName(c.type)).join(', ') : 'none',
    rejected: rejected.map((c) => `${typeName(c.type)} (reason: ${c.note ?? 'no reason was given'})`).join('; '),
    link: employeePortalUrl(deps.publicUrl, who.organisation.odsCode),
  };
  for (const { channel, to } of channelsFor(passport)) {
    try {
      if (channel === 'email') await deps.notifier.send(tx, { organisationId: who.organisation.id, channel, to, template: 'shared-credentials-rejected-email', personalisation });
      else await deps.notifier.send(tx, { organisationId: who.organisation.id, channel, to, template: 'shared-credentials-rejected-sms', personalisation });
    } catch (error) {
      if (!(error instanceof InvalidRecipient)) throw error;
    }
  }
}

/**
 * Complete (every checklist item ticked) or bypass the credentials required (E9.3, E9.4), in the
 * caller's transaction on the locked passport: it becomes Active and Reviewed, with history and
 * audit. The rules are checked again here, so a stale page cannot complete what is not complete;
 * a second submission finds the passport already reviewed and does nothing.
 */
export async function finishReview(
  tx: Db,
  deps: Pick<EmployerPortalDeps, 'clock'>,
  who: Who,
  passportId: string,
  outcome: CredentialsReviewOutcome,
): Promise<'not-found' | 'already' | 'blocked' | 'done'> {
  const passport = await staffPassports(tx, who.scope).lockForUpdate(passportId);
  if (!passport) return 'not-found';
  if (passport.status === 'active' && (await credentialsReview(tx, who.scope).of(passport.id))) return 'already';
  const toReview = await sharedCredentials(tx, who.scope).countToReview(passport.id);
  const progress = await requiredProgress(tx, who.scope, passport);
  if (reviewBlock(passport, toReview, outcome, progress)) return 'blocked';
  const now = deps.clock.now();
  if (!(await credentialsReview(tx, who.scope).markReviewed(passport.id, outcome, who.actor, now))) return 'already';
  const details = { checklistId: progress.checklist?.id ?? null, completed: progress.completed, required: progress.total };
  await passportHistory(tx, who.scope).record([
    { passportId: passport.id, event: outcome === 'completed' ? 'credentials-required.completed' : 'credentials-required.bypassed', actor: who.actor, at: now, details },
  ]);
  await appendAudit(
    tx,
    {
      organisationId: who.organisation.id,
      actor: who.actor,
      action: outcome === 'completed' ? 'credentials-required.completed' : 'credentials-required.bypassed',
      subject: passport.id,
      correlationId: who.correlationId,
      details: { ...details, from: passport.status, to: 'active' },
    },
    deps.clock,
  );
  return 'done';
}
