// Credentials a trust has provided to its staff passports (src/core/passport/provided-credential.ts),
// scoped by the organisation (docs/architecture.md D11). Providing is idempotent: the
// de-duplication key is unique per passport, and an insert that meets it does nothing, so a run
// repeated, or killed half-way and started again, provides each version exactly once. State
// changes are conditional updates (`where state in (allowed)`), so two of them racing cannot both
// win.
import { randomUUID } from 'node:crypto';
import { and, asc, desc, eq, inArray, lt, ne, sql } from 'drizzle-orm';
import { z } from 'zod';
import { isCredentialTypeId, type CredentialSubject, type CredentialTypeId } from '../core/credentials/catalogue.ts';
import type { ExistingVersion, PlannedCredential } from '../core/passport/plan-provision.ts';
import {
  EXPIRABLE_STATES,
  TRANSITIONS,
  type ProvidedAction,
  type ProvidedCredential,
  type ProvidedSource,
  type ProvidedState,
} from '../core/passport/provided-credential.ts';
import { rowsOf, schema, type Db } from './database.ts';
import type { OrganisationScope } from './scope.ts';

const t = schema.providedCredentials;

// jsonb read back from the database is parsed, not trusted (STYLE.md rule 10).
const zSubject = z.record(z.string(), z.unknown());

const columns = {
  id: t.id,
  organisationId: t.organisationId,
  passportId: t.passportId,
  credentialType: t.credentialType,
  subject: t.subject,
  title: t.title,
  source: t.source,
  slotKey: t.slotKey,
  dedupeKey: t.dedupeKey,
  supersedes: t.supersedes,
  state: t.state,
  stateReason: t.stateReason,
  expiresAt: t.expiresAt,
  serialNumber: t.serialNumber,
  providedAt: t.providedAt,
  providedBy: t.providedBy,
  stateChangedAt: t.stateChangedAt,
  jobRunId: t.jobRunId,
};

type Row = Pick<typeof t.$inferSelect, keyof typeof columns>;

function typeOf(value: string): CredentialTypeId {
  if (!isCredentialTypeId(value)) throw new TypeError('provided_credentials holds an unknown credential type');
  return value;
}

function toCredential(row: Row): ProvidedCredential {
  return { ...row, credentialType: typeOf(row.credentialType), subject: zSubject.parse(row.subject) as CredentialSubject };
}

export interface ProvideMeta {
  source: ProvidedSource;
  /** `system:auto-provide`, `user:<id>`. */
  actor: string;
  now: Date;
  jobRunId?: string | null;
}

/** A version that was inserted (an insert that met its de-duplication key is not in the answer). */
export interface ProvidedVersion {
  id: string;
  credentialType: CredentialTypeId;
  title: string;
  slotKey: string;
  supersedes: string | null;
}

export interface ExpiredCredential {
  id: string;
  passportId: string;
  credentialType: string;
  title: string;
  /** `pending` (an offer nobody accepted) or `accepted` (in the wallet). */
  previousState: ProvidedState;
}

export interface PendingPassport {
  passportId: string;
  givenName: string;
  email: string | null;
  mobile: string | null;
  notifyByEmail: boolean;
  notifyBySms: boolean;
  remindersSent: number;
  lastRemindedAt: Date | null;
  pending: number;
  oldestPendingAt: Date;
  lastProvidedAt: Date;
}

export type TransitionResult = { outcome: 'changed'; credential: ProvidedCredential; archived: string[] } | { outcome: 'not_allowed' | 'not_found' };

export function providedCredentials(db: Db, scope: OrganisationScope) {
  const inScope = eq(t.organisationId, scope.organisationId);

  return {
    /** Every version a passport has, in any state: what a provision plan compares against. */
    async versionsOf(passportId: string): Promise<ExistingVersion[]> {
      const rows = await db
        .select({ id: t.id, credentialType: t.credentialType, slotKey: t.slotKey, state: t.state, subject: t.subject, providedAt: t.providedAt })
        .from(t)
        .where(and(inScope, eq(t.passportId, passportId)));
      return rows.map((r) => ({ ...r, subject: zSubject.parse(r.subject) as CredentialSubject }));
    },

    /**
     * Inserts the planned versions; one whose de-duplication key the passport already has is
     * skipped by the database. Returns the versions inserted by this call.
     */
    async provide(passportId: string, planned: readonly PlannedCredential[], meta: ProvideMeta): Promise<ProvidedVersion[]> {
      if (planned.length === 0) return [];
      const rows = await db
        .insert(t)
        .values(
          planned.map((p) => ({
            id: randomUUID(),
            organisationId: scope.organisationId,
            passportId,
            credentialType: p.type,
            subject: p.subject,
            title: p.title,
            source: meta.source,
            slotKey: p.slotKey,
            dedupeKey: p.dedupeKey,
            supersedes: p.supersedes,
            state: 'pending' as const,
            expiresAt: p.expiresAt,
            providedAt: meta.now,
            providedBy: meta.actor,
            stateChangedAt: meta.now,
            jobRunId: meta.jobRunId ?? null,
          })),
        )
        .onConflictDoNothing()
        .returning({ id: t.id, credentialType: t.credentialType, title: t.title, slotKey: t.slotKey, supersedes: t.supersedes });
      return rows.map((r) => ({ ...r, credentialType: typeOf(r.credentialType) }));
    },

    /** Archives earlier versions a newer one replaced (`supersede`); returns those it changed. */
    async supersede(ids: readonly string[], now: Date, passportId: string): Promise<string[]> {
      if (ids.length === 0) return [];
      const rows = await db
        .update(t)
        .set({ state: 'archived', stateReason: 'superseded', stateChangedAt: now })
        .where(and(inScope, eq(t.passportId, passportId), inArray(t.id, [...ids]), inArray(t.state, [...TRANSITIONS.supersede.from])))
        .returning({ id: t.id });
      return rows.map((r) => r.id);
    },

    async findById(id: string): Promise<ProvidedCredential | undefined> {
      const [row] = await db.select(columns).from(t).where(and(inScope, eq(t.id, id)));
      return row ? toCredential(row) : undefined;
    },

    /** A passport's credentials, newest first; archived ones only when asked (E10 "Include archived credentials"). */
    async listForPassport(passportId: string, options: { includeArchived?: boolean } = {}): Promise<ProvidedCredential[]> {
      const where = and(inScope, eq(t.passportId, passportId), options.includeArchived ? undefined : ne(t.state, 'archived'));
      const rows = await db.select(columns).from(t).where(where).orderBy(desc(t.providedAt), asc(t.title));
      return rows.map(toCredential);
    },

    /**
     * Moves a credential by one of the lifecycle's actions, if its current state allows it.
     * Accepting records the issued credential's serial number and archives the earlier accepted
     * versions of the same slot (E10: archive is automatic when a newer version is accepted).
     */
    async transition(id: string, action: ProvidedAction, change: { now: Date; reason?: string; serialNumber?: string }): Promise<TransitionResult> {
      const rule = TRANSITIONS[action];
      if (action === 'accept' && !change.serialNumber) throw new TypeError('accepting a credential needs the issued serial number');
      // DOMAIN.md E8, E10, S4: a rejection, a withdrawal and a revocation each say why.
      if ((action === 'decline' || action === 'withdraw' || action === 'revoke') && !change.reason?.trim()) throw new TypeError(`${action} needs a reason`);
      const extra = action === 'restore' ? sql`${t.serialNumber} is not null` : undefined;
      const [row] = await db
        .update(t)
        .set({
          state: rule.to,
          stateChangedAt: change.now,
          stateReason: change.reason ?? null,
          ...(change.serialNumber ? { serialNumber: change.serialNumber } : {}),
        })
        .where(and(inScope, eq(t.id, id), inArray(t.state, [...rule.from]), extra))
        .returning(columns);
      if (!row) return (await this.findById(id)) ? { outcome: 'not_allowed' } : { outcome: 'not_found' };
      let archived: string[] = [];
      if (action === 'accept') {
        const older = await db
          .update(t)
          .set({ state: 'archived', stateReason: 'superseded', stateChangedAt: change.now })
          .where(
            and(inScope, eq(t.passportId, row.passportId), eq(t.slotKey, row.slotKey), ne(t.id, row.id), eq(t.state, 'accepted'), lt(t.providedAt, row.providedAt)),
          )
          .returning({ id: t.id });
        archived = older.map((r) => r.id);
      }
      return { outcome: 'changed', credential: toCredential(row), archived };
    },

    /**
     * Marks up to `limit` credentials past their expiry as expired and returns them. Rows are
     * taken `for update skip locked`, so two sweeps running at once split the work rather than
     * both telling the same person.
     */
    async expireDue(now: Date, limit: number): Promise<ExpiredCredential[]> {
      const rows = await rowsOf<{ id: string; passport_id: string; credential_type: string; title: string; previous_state: ProvidedState }>(
        db,
        sql`
        with due as (
          select id, state from provided_credentials
           where organisation_id = ${scope.organisationId}
             and state in (${sql.join(EXPIRABLE_STATES.map((s) => sql`${s}`), sql`, `)})
             and expires_at <= ${now.toISOString()}::timestamptz
           order by expires_at, id
           limit ${limit}
             for update skip locked)
        update provided_credentials c
           set state = 'expired', state_changed_at = ${now.toISOString()}::timestamptz, state_reason = null
          from due
         where c.organisation_id = ${scope.organisationId} and c.id = due.id
        returning c.id, c.passport_id, c.credential_type, c.title, due.state as previous_state`,
      );
      return rows.map((r) => ({ id: r.id, passportId: r.passport_id, credentialType: r.credential_type, title: r.title, previousState: r.previous_state }));
    },

    /**
     * Passports with credentials waiting for review, with what the weekly reminder rule needs
     * (src/core/passport/reminders.ts) and how to reach the holder. Keyset-paged by passport id.
     */
    async pendingByPassport(options: { after?: string; limit: number }): Promise<PendingPassport[]> {
      const rows = await rowsOf<{
        id: string;
        given_name: string;
        email: string | null;
        mobile: string | null;
        notify_by_email: boolean;
        notify_by_sms: boolean;
        pending_reminders_sent: number;
        pending_reminded_at: Date | string | null;
        pending: number;
        oldest_pending_at: Date | string;
        last_provided_at: Date | string;
      }>(
        db,
        sql`
        select p.id, p.given_name, p.email, p.mobile, p.notify_by_email, p.notify_by_sms,
               p.pending_reminders_sent, p.pending_reminded_at,
               count(*) filter (where c.state = 'pending')::int as pending,
               min(c.provided_at) filter (where c.state = 'pending') as oldest_pending_at,
               max(c.provided_at) as last_provided_at
          from staff_passports p
          join provided_credentials c on c.organisation_id = p.organisation_id and c.passport_id = p.id
         where p.organisation_id = ${scope.organisationId}
           and p.id > ${options.after ?? '00000000-0000-0000-0000-000000000000'}
           and exists (select 1 from provided_credentials x
                        where x.organisation_id = p.organisation_id and x.passport_id = p.id and x.state = 'pending')
         group by p.id
         order by p.id
         limit ${options.limit}`,
      );
      const date = (v: Date | string) => new Date(v);
      return rows.map((r) => ({
        passportId: r.id,
        givenName: r.given_name,
        email: r.email,
        mobile: r.mobile,
        notifyByEmail: r.notify_by_email,
        notifyBySms: r.notify_by_sms,
        remindersSent: Number(r.pending_reminders_sent),
        lastRemindedAt: r.pending_reminded_at === null ? null : date(r.pending_reminded_at),
        pending: Number(r.pending),
        oldestPendingAt: date(r.oldest_pending_at),
        lastProvidedAt: date(r.last_provided_at),
      }));
    },

    /** How many of each type are in each state. */
    async countByTypeAndState(): Promise<Array<{ credentialType: string; state: ProvidedState; count: number }>> {
      const rows = await db
        .select({ credentialType: t.credentialType, state: t.state, count: sql<number>`count(*)::int` })
        .from(t)
        .where(inScope)
        .groupBy(t.credentialType, t.state);
      return rows.map((r) => ({ ...r, count: Number(r.count) }));
    },

    /** Per type: expired within [from, to) and still valid but expiring within [to, until). */
    async expiryCounts(window: { from: Date; to: Date; until: Date }): Promise<Array<{ credentialType: string; expired: number; expiring: number }>> {
      const rows = await rowsOf<{ credential_type: string; expired: number; expiring: number }>(
        db,
        sql`
        select credential_type,
               count(*) filter (where state = 'expired' and state_changed_at >= ${window.from.toISOString()}::timestamptz
                                  and state_changed_at < ${window.to.toISOString()}::timestamptz)::int as expired,
               count(*) filter (where state in ('pending', 'accepted') and expires_at >= ${window.to.toISOString()}::timestamptz
                                  and expires_at < ${window.until.toISOString()}::timestamptz)::int as expiring
          from provided_credentials
         where organisation_id = ${scope.organisationId}
         group by credential_type`,
      );
      return rows.map((r) => ({ credentialType: r.credential_type, expired: Number(r.expired), expiring: Number(r.expiring) }));
    },
  };
}
