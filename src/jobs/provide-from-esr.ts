// Providing credentials to one staff passport from a reading of the person's ESR records: the one
// code path for the daily auto-provide job (src/jobs/auto-provide.ts) and for HR providing by hand
// in the employer portal (E7, src/portals/employer/provide-from-esr). The caller reads the
// records from ESR (outside any transaction: ESR may be slow) and owns the transaction this runs
// in; everything written here commits or rolls back with it:
//   1 plan      what is new or changed against every version the passport already has
//               (src/core/passport/plan-provision.ts), narrowed to what HR chose when they chose;
//   2 insert    the planned versions, `ON CONFLICT DO NOTHING` on the de-duplication key, so a
//               repeat (a retried job, a double-submitted form, two HR users at once) inserts
//               nothing twice;
//   3 archive   only the pending versions a row inserted *here* replaces;
//   4 history   one entry per credential provided and per version archived;
//   5 notify    the holder on their chosen channels (S11) when something was provided;
//   6 mark read the passport's ESR records were read (only while the link is still the one read).
import { createHash } from 'node:crypto';
import { subjectsFromEsrRecords, type EsrPersonRecords } from '../core/esr/index.ts';
import { expiryOf } from '../core/credentials/catalogue.ts';
import type { Organisation } from '../core/passport/organisation.ts';
import { planProvision, slotKeyOf, titleOf, type ExistingVersion, type PlannedCredential, type ProvisionPlan } from '../core/passport/plan-provision.ts';
import { employeePortalUrl } from '../core/passport/portal-links.ts';
import type { Reachable } from '../core/passport/staff-passport.ts';
import type { Notifier } from '../integrations/notify/index.ts';
import type { Db } from '../store/database.ts';
import { passportHistory, type HistoryInput } from '../store/passport-history.ts';
import { providedCredentials, type ProvidedVersion } from '../store/provided-credentials.ts';
import type { OrganisationScope } from '../store/scope.ts';
import { staffPassports } from '../store/staff-passports.ts';
import { counted, notifyPerson, titleList } from './notify-person.ts';

/** What providing needs of the passport: its id, its ESR link and how to reach the holder. */
export interface ProvidePassport extends Reachable {
  id: string;
  givenName: string;
  esrAssignmentNumber: string;
}

export interface ProvideFromEsrInput {
  organisation: Pick<Organisation, 'id' | 'odsCode' | 'name'>;
  scope: OrganisationScope;
  passport: ProvidePassport;
  records: EsrPersonRecords;
  /** When the records were read: the provenance block's "Last refresh". */
  readAt: Date;
  /** When the versions are provided. */
  now: Date;
  /** `system:auto-provide`, `user:<id>`. */
  actor: string;
  jobRunId?: string | null;
  /** HR's choice, as offer item ids (`offerItemId`); absent: everything new or changed. */
  chosen?: ReadonlySet<string>;
}

export interface ProvideFromEsrOutcome {
  provided: ProvidedVersion[];
  archived: number;
  /** Items the passport already had, plus planned ones a concurrent provide inserted first. */
  unchanged: number;
  stale: number;
  /** Planned items HR did not choose. */
  notChosen: number;
  notified: number;
}

export interface ProvideDeps {
  notifier: Notifier;
  publicUrl: string;
}

/** A short, stable id for one planned version (from its de-duplication key), for forms and URLs. */
export function offerItemId(planned: Pick<PlannedCredential, 'dedupeKey'>): string {
  return createHash('sha256').update(planned.dedupeKey).digest('base64url').slice(0, 16);
}

/** The catalogue subjects a reading of ESR gives (without `dspId`, which is added at issuance). */
export function esrItems(records: EsrPersonRecords, readAt: Date) {
  return subjectsFromEsrRecords(records, { dspId: '', refreshedAt: readAt });
}

export interface EsrOfferLine {
  /** For a checkbox: present only on what can be provided. */
  itemId?: string;
  type: string;
  title: string;
  status: 'new' | 'updated' | 'already-provided' | 'older' | 'expired';
}

/**
 * What a reading of ESR offers this passport, for HR to choose from (E7): every item, with
 * whether it is new, an updated version of one provided, already provided, or older than one
 * provided. The same plan `provideFromEsr` makes, so what HR sees is what would be provided.
 */
export function esrOffer(records: EsrPersonRecords, existing: readonly ExistingVersion[], readAt: Date, now: Date): { plan: ProvisionPlan; lines: EsrOfferLine[] } {
  const items = esrItems(records, readAt);
  const plan = planProvision(items, existing, now);
  const bySlot = new Map(plan.provide.map((p) => [p.slotKey, p]));
  const newest = new Map<string, string>();
  for (const v of existing) if (v.credentialType === 'CoreSkill') newest.set(v.slotKey, [newest.get(v.slotKey) ?? '', String(v.subject.dateLastAwarded ?? '')].sort().at(-1)!);
  const seen = new Set<string>();
  const lines: EsrOfferLine[] = [];
  for (const item of items) {
    const slot = slotKeyOf(item.type, item.subject);
    if (seen.has(slot)) continue;
    seen.add(slot);
    const planned = bySlot.get(slot);
    if (planned) {
      lines.push({ itemId: offerItemId(planned), type: planned.type, title: planned.title, status: planned.supersedes ? 'updated' : 'new' });
      continue;
    }
    const older = item.type === 'CoreSkill' && String(item.subject.dateLastAwarded ?? '') < (newest.get(slot) ?? '');
    const expired = (expiryOf(item.type, item.subject, now)?.getTime() ?? Infinity) <= now.getTime();
    lines.push({ type: item.type, title: titleOf(item.type, item.subject), status: older ? 'older' : expired ? 'expired' : 'already-provided' });
  }
  return { plan, lines };
}

/** Steps 1–6 above, in the caller's transaction `tx`. */
export async function provideFromEsr(tx: Db, deps: ProvideDeps, input: ProvideFromEsrInput): Promise<ProvideFromEsrOutcome> {
  const { organisation, scope, passport, actor, now } = input;
  const credentials = providedCredentials(tx, scope);

  // 1 plan
  const plan = planProvision(esrItems(input.records, input.readAt), await credentials.versionsOf(passport.id), now);
  const chosen = input.chosen;
  const toProvide = chosen ? plan.provide.filter((p) => chosen.has(offerItemId(p))) : plan.provide;
  const notChosen = plan.provide.length - toProvide.length;

  // 2 insert
  const inserted = await credentials.provide(passport.id, toProvide, { source: 'esr', actor, now, jobRunId: input.jobRunId ?? null });

  // 3 archive: only what a version inserted here replaces (a concurrent provide that inserted it
  // archived them; a slot HR did not choose keeps its pending version).
  const replaced = new Set(inserted.map((i) => i.supersedes).filter((id): id is string => id !== null));
  const archived = await credentials.supersede(plan.supersede.filter((id) => replaced.has(id)), now, passport.id);

  // 4 history
  const history: HistoryInput[] = inserted.map((c) => ({
    passportId: passport.id,
    event: 'credential.provided',
    actor,
    at: now,
    credentialId: c.id,
    details: { type: c.credentialType, title: c.title, source: 'esr', supersedes: c.supersedes },
  }));
  for (const id of archived) history.push({ passportId: passport.id, event: 'credential.superseded', actor, at: now, credentialId: id, details: { reason: 'newer version provided' } });
  await passportHistory(tx, scope).record(history);

  // 5 notify
  const passports = staffPassports(tx, scope);
  let notified = 0;
  if (inserted.length > 0) {
    await passports.resetPendingReminders(passport.id);
    notified = await notifyPerson(tx, deps.notifier, organisation.id, passport, {
      email: 'credentials-provided-email',
      sms: 'credentials-provided-sms',
      personalisation: {
        name: passport.givenName,
        organisation_name: organisation.name,
        credentials: counted(inserted.length, 'credential', 'new'),
        titles: titleList(inserted.map((c) => c.title)),
        link: employeePortalUrl(deps.publicUrl, organisation.odsCode),
      },
    });
  }

  // 6 mark read
  await passports.markEsrSynced(passport.id, { assignmentNumber: passport.esrAssignmentNumber, personId: input.records.person.personId, at: now });
  return {
    provided: inserted,
    archived: archived.length,
    unchanged: plan.unchanged + (toProvide.length - inserted.length),
    stale: plan.stale,
    notChosen,
    notified,
  };
}
