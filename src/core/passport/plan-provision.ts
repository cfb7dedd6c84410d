// What to provide to one passport from a fresh reading of its source records (ESR, DOMAIN.md
// §9 #13): only items that are new or changed, each as a new version of its "slot" (which
// credential it is), with the version it replaces. Pure: the caller reads the records and the
// passport's existing versions, then writes the plan in one transaction.
//
// Two keys per item:
// - the slot key names which credential an item is a version of: one core skill competency (by
//   framework, name and level), one assignment (by number), one registration (by body and
//   number), the person's occupational health record;
// - the de-duplication key names one version and is unique per passport in the database, so two
//   runs (a re-run, a run killed half-way and started again, two replicas) can never provide the
//   same version twice: the second insert is a conflict and does nothing.
//
// What counts as changed:
// - a core skill is de-duplicated by competency and date last awarded (DOMAIN.md §5.3: receivers
//   reject the same competency with the same date), so a renewal (a later date) is a new version
//   and a correction of other fields under the same date is not; an award older than one already
//   provided is stale and left alone;
// - anything else is a new version when its content differs from the latest version of its slot,
//   whatever that version's state (a declined or withdrawn version with the same content is not
//   offered again). Its key is the content's hash *and* the version it follows, so content that
//   changes A → B → A is offered again the third time, yet re-running the same step is not.
// Content compares the subject without `dspId` (added at issuance) and `assurance.lastRefresh`
// (the time of reading, different on every read).
import { createHash } from 'node:crypto';
import { expiryOf, getCredentialType, type CredentialSubject, type CredentialTypeId } from '../credentials/catalogue.ts';
import type { ProvidedState } from './provided-credential.ts';

export interface ProvidableItem {
  type: CredentialTypeId;
  subject: CredentialSubject;
}

/** A version the passport already has, in any state. */
export interface ExistingVersion {
  id: string;
  credentialType: string;
  slotKey: string;
  state: ProvidedState;
  subject: CredentialSubject;
  providedAt: Date;
}

export interface PlannedCredential {
  type: CredentialTypeId;
  /** The subject as stored: without `dspId`. */
  subject: CredentialSubject;
  title: string;
  slotKey: string;
  dedupeKey: string;
  /** The latest earlier version of the slot, if any. */
  supersedes: string | null;
  expiresAt: Date | null;
}

export interface ProvisionPlan {
  provide: PlannedCredential[];
  /** Pending earlier versions to archive: a newer version replaces them before anyone accepted them. */
  supersede: string[];
  /** Items whose version the passport already has. */
  unchanged: number;
  /** Core skills older than a version already provided. */
  stale: number;
  /**
   * Items already past their expiry (e.g. a lapsed training record in ESR): not provided, since a
   * credential that has already expired cannot be issued (prepare-issuance `already_expired`) and
   * the person could never accept it.
   */
  expired: number;
}

const VOLATILE_ASSURANCE_FIELDS = new Set(['lastRefresh']);

/** The subject as stored and compared: `dspId` dropped (it is added when the credential is issued). */
export function storedSubject(subject: CredentialSubject): CredentialSubject {
  const { dspId: _dspId, ...rest } = subject;
  return rest;
}

/** JSON with keys sorted at every level: equal content, equal text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** A digest of what a subject says, leaving out what changes on every read. */
export function contentFingerprint(subject: CredentialSubject): string {
  const { dspId: _dspId, assurance, ...rest } = subject;
  const stableAssurance =
    assurance !== null && typeof assurance === 'object' && !Array.isArray(assurance)
      ? Object.fromEntries(Object.entries(assurance as Record<string, unknown>).filter(([k]) => !VOLATILE_ASSURANCE_FIELDS.has(k)))
      : assurance;
  return createHash('sha256').update(canonicalJson({ ...rest, assurance: stableAssurance })).digest('base64url').slice(0, 32);
}

const text = (v: unknown) => (typeof v === 'string' ? v : '');

/** Which credential an item is a version of. */
export function slotKeyOf(type: CredentialTypeId, subject: CredentialSubject): string {
  switch (type) {
    case 'CoreSkill':
      return `CoreSkill|${text(subject.competencyFramework)}|${text(subject.competencyName)}|${text(subject.subjectLevel)}`;
    case 'EmploymentAssignment':
      return `EmploymentAssignment|${text(subject.esrAssignmentNumber)}`;
    case 'ProfessionalRegistration':
      return `ProfessionalRegistration|${text(subject.professionalBody)}|${text(subject.registrationNumber)}`;
    default:
      return type;
  }
}

/** The title a list shows for it: the catalogue's per-instance title, else the type's name. */
export function titleOf(type: CredentialTypeId, subject: CredentialSubject): string {
  const display = getCredentialType(type).display;
  return display.title ? display.title(subject) : display.name;
}

function latestOf(versions: readonly ExistingVersion[]): ExistingVersion | undefined {
  let latest: ExistingVersion | undefined;
  for (const v of versions) {
    if (!latest || v.providedAt.getTime() > latest.providedAt.getTime() || (v.providedAt.getTime() === latest.providedAt.getTime() && v.id > latest.id)) latest = v;
  }
  return latest;
}

/**
 * The plan for one passport. `now` is when the versions will be provided (their expiry is
 * worked out from it where the data sets none).
 */
export function planProvision(items: readonly ProvidableItem[], existing: readonly ExistingVersion[], now: Date): ProvisionPlan {
  const bySlot = new Map<string, ExistingVersion[]>();
  for (const v of existing) {
    const list = bySlot.get(v.slotKey);
    if (list) list.push(v);
    else bySlot.set(v.slotKey, [v]);
  }

  const plan: ProvisionPlan = { provide: [], supersede: [], unchanged: 0, stale: 0, expired: 0 };
  const plannedSlots = new Set<string>();
  for (const item of items) {
    const slotKey = slotKeyOf(item.type, item.subject);
    // One version per slot per reading; a source that lists a slot twice gets its first.
    if (plannedSlots.has(slotKey)) continue;
    const versions = bySlot.get(slotKey) ?? [];
    const latest = latestOf(versions);
    let dedupeKey: string;
    if (item.type === 'CoreSkill') {
      const awarded = text(item.subject.dateLastAwarded);
      const awards = versions.map((v) => text(v.subject.dateLastAwarded));
      if (awards.includes(awarded)) {
        plan.unchanged += 1;
        continue;
      }
      // ISO dates compare as text.
      if (awards.some((a) => a > awarded)) {
        plan.stale += 1;
        continue;
      }
      dedupeKey = `${slotKey}|${awarded}`;
    } else {
      const fingerprint = contentFingerprint(item.subject);
      if (latest && contentFingerprint(latest.subject) === fingerprint) {
        plan.unchanged += 1;
        continue;
      }
      dedupeKey = `${slotKey}|${fingerprint}|after:${latest?.id ?? 'none'}`;
    }
    const subject = storedSubject(item.subject);
    const expiresAt = expiryOf(item.type, subject, now) ?? null;
    if (expiresAt && expiresAt.getTime() <= now.getTime()) {
      plan.expired += 1;
      continue;
    }
    plannedSlots.add(slotKey);
    plan.provide.push({
      type: item.type,
      subject,
      title: titleOf(item.type, subject),
      slotKey,
      dedupeKey,
      supersedes: latest?.id ?? null,
      expiresAt,
    });
    for (const v of versions) if (v.state === 'pending') plan.supersede.push(v.id);
  }
  return plan;
}
