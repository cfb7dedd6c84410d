// Staff passports of one trust (src/core/passport/staff-passport.ts). Every statement is scoped
// by the organisation (docs/architecture.md D11). Duplicates (the same email or mobile at one
// trust, DOMAIN.md E4.5) are refused by unique indexes, so two HR users adding the same person at
// once cannot both succeed: the loser's insert does nothing and reports `duplicate`.
import { randomUUID } from 'node:crypto';
import { and, asc, desc, eq, inArray, isNull, notInArray, or, sql, type SQL } from 'drizzle-orm';
import {
  zStaffPassportInput,
  type EsrLinkState,
  type PassportStatus,
  type StaffPassport,
  type StaffPassportInput,
} from '../core/passport/staff-passport.ts';
import type { PassportAction } from '../core/passport/invitation-rows.ts';
import type { PgUpdateSetSource } from 'drizzle-orm/pg-core';
import type { Db } from './database.ts';
import { schema } from './database.ts';
import type { OrganisationScope } from './scope.ts';

const t = schema.staffPassports;

export const passportColumns = {
  id: t.id,
  organisationId: t.organisationId,
  givenName: t.givenName,
  middleNames: t.middleNames,
  familyName: t.familyName,
  dateOfBirth: t.dateOfBirth,
  dspId: t.dspId,
  email: t.email,
  mobile: t.mobile,
  notifyByEmail: t.notifyByEmail,
  notifyBySms: t.notifyBySms,
  staffGroup: t.staffGroup,
  jobRole: t.jobRole,
  employmentType: t.employmentType,
  employmentStatus: t.employmentStatus,
  orielPin: t.orielPin,
  status: t.status,
  esrAssignmentNumber: t.esrAssignmentNumber,
  esrLinkState: t.esrLinkState,
  esrPersonId: t.esrPersonId,
  esrLinkedAt: t.esrLinkedAt,
  esrSyncedAt: t.esrSyncedAt,
  createdAt: t.createdAt,
  updatedAt: t.updatedAt,
};

/** What a message to the holder needs. */
export interface PassportContact {
  id: string;
  givenName: string;
  email: string | null;
  mobile: string | null;
  notifyByEmail: boolean;
  notifyBySms: boolean;
}

/** A row of the staff list (E4 staff list; what the list page shows). */
export interface PassportListRow {
  id: string;
  givenName: string;
  familyName: string;
  email: string | null;
  status: PassportStatus;
  esrAssignmentNumber: string | null;
  esrLinkState: EsrLinkState;
  /** Whether an invitation is live (sent, not yet accepted, superseded or expired). */
  liveInvitation: boolean;
}

export interface PassportSearch {
  /** Words, each of which must start-or-appear in the given or family name, the email or the assignment number. */
  query?: string;
  status?: PassportStatus;
  action?: PassportAction;
  /** 1..100. */
  limit: number;
  offset: number;
}

export type AddPassportResult = { outcome: 'added'; passport: StaffPassport } | { outcome: 'duplicate'; field: 'email' | 'mobile' | 'dspId' };

/** The ESR-linked passports an auto-provide run reads (only what it needs). */
export interface LinkedPassport {
  id: string;
  esrAssignmentNumber: string;
  esrPersonId: string | null;
  esrSyncedAt: Date | null;
  email: string | null;
  mobile: string | null;
  notifyByEmail: boolean;
  notifyBySms: boolean;
  givenName: string;
}

export interface LinkedSelection {
  /** Every linked passport (a full read, e.g. after the change-feed cursor was lost). */
  all?: boolean;
  /** Linked passports of these ESR people… */
  personIds?: readonly string[];
  /** …or these assignment numbers… */
  assignmentNumbers?: readonly string[];
  /** …and, in any case, those whose records were never read (newly linked). */
}

const CHUNK = 1000;

/** A unique index refused the row (PostgreSQL 23505), whether the driver's error or drizzle's wrapper of it. */
export function isUniqueViolation(error: unknown): boolean {
  for (let e: unknown = error; e instanceof Error; e = e.cause) if ((e as { code?: unknown }).code === '23505') return true;
  return false;
}

async function updatePassport(db: Db, scope: OrganisationScope, id: string, values: PgUpdateSetSource<typeof t>, extra?: SQL): Promise<boolean> {
  const where = and(eq(t.organisationId, scope.organisationId), eq(t.id, id), extra);
  const rows = await db
    .update(t)
    .set({ ...values, updatedAt: sql`now()` })
    .where(where)
    .returning({ id: t.id });
  return rows.length === 1;
}

export function staffPassports(db: Db, scope: OrganisationScope) {
  const inScope = eq(t.organisationId, scope.organisationId);
  const byId = (id: string) => and(inScope, eq(t.id, id));

  const update = (id: string, values: PgUpdateSetSource<typeof t>, extra?: SQL) => updatePassport(db, scope, id, values, extra);

  return {
    /** Adds a passport; a second one with the same email, mobile or DSP id at this trust is a `duplicate`. */
    async add(input: StaffPassportInput, options: { id?: string; dspId?: string } = {}): Promise<AddPassportResult> {
      const data = zStaffPassportInput.parse(input);
      const [row] = await db
        .insert(t)
        .values({
          id: options.id ?? randomUUID(),
          organisationId: scope.organisationId,
          givenName: data.givenName,
          middleNames: data.middleNames ?? null,
          familyName: data.familyName,
          dateOfBirth: data.dateOfBirth ?? null,
          dspId: options.dspId ?? null,
          email: data.email ?? null,
          mobile: data.mobile ?? null,
          staffGroup: data.staffGroup ?? null,
          jobRole: data.jobRole ?? null,
          employmentType: data.employmentType ?? null,
          employmentStatus: data.employmentStatus ?? null,
          orielPin: data.orielPin ?? null,
          status: data.status,
          // A number typed on the form waits for HR to confirm it against ESR (E6).
          esrAssignmentNumber: data.esrAssignmentNumber ?? null,
          esrLinkState: data.esrAssignmentNumber ? 'unconfirmed' : 'unlinked',
        })
        .onConflictDoNothing()
        .returning(passportColumns);
      if (row) return { outcome: 'added', passport: row };
      // Which duplicate: reads inside the scope only.
      if (data.email && (await this.findByEmail(data.email))) return { outcome: 'duplicate', field: 'email' };
      if (data.mobile && (await this.findByMobile(data.mobile))) return { outcome: 'duplicate', field: 'mobile' };
      return { outcome: 'duplicate', field: 'dspId' };
    },

    async findById(id: string): Promise<StaffPassport | undefined> {
      const [row] = await db.select(passportColumns).from(t).where(byId(id));
      return row;
    },

    /**
     * The passport, its row locked until the caller's transaction ends (`for update`): two
     * changes to one passport (a double-submitted form, two HR users at once) take turns, and the
     * second sees what the first did.
     */
    async lock(id: string): Promise<StaffPassport | undefined> {
      const [row] = await db.select(passportColumns).from(t).where(byId(id)).for('update');
      return row;
    },

    async findByEmail(email: string): Promise<StaffPassport | undefined> {
      const [row] = await db.select(passportColumns).from(t).where(and(inScope, sql`lower(${t.email}) = ${email.trim().toLowerCase()}`));
      return row;
    },

    async findByMobile(mobile: string): Promise<StaffPassport | undefined> {
      const [row] = await db.select(passportColumns).from(t).where(and(inScope, eq(t.mobile, mobile)));
      return row;
    },

    async findByDspId(dspId: string): Promise<StaffPassport | undefined> {
      const [row] = await db.select(passportColumns).from(t).where(and(inScope, eq(t.dspId, dspId)));
      return row;
    },

    /** The passport linked to an ESR assignment number (at most one, by a unique index). */
    async findLinked(assignmentNumber: string): Promise<StaffPassport | undefined> {
      const [row] = await db
        .select(passportColumns)
        .from(t)
        .where(and(inScope, eq(t.esrAssignmentNumber, assignmentNumber), eq(t.esrLinkState, 'linked')));
      return row;
    },

    async list(options: { status?: PassportStatus; limit?: number; offset?: number } = {}): Promise<StaffPassport[]> {
      const limit = options.limit ?? 100;
      if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new TypeError('limit must be an integer in 1..1000');
      return db
        .select(passportColumns)
        .from(t)
        .where(options.status ? and(inScope, eq(t.status, options.status)) : inScope)
        .orderBy(asc(t.familyName), asc(t.givenName), asc(t.id))
        .limit(limit)
        .offset(options.offset ?? 0);
    },

    /**
     * The staff list: filtered, sorted by family name, given name and id, a page at a time, with
     * the total. Scoped by the organisation's indexes (org + status, org + names); a search is a
     * case-insensitive substring match on the trust's rows (LIKE, wildcards in the words escaped).
     */
    async search(options: PassportSearch): Promise<{ rows: PassportListRow[]; total: number }> {
      if (!Number.isInteger(options.limit) || options.limit < 1 || options.limit > 100) throw new TypeError('limit must be an integer in 1..100');
      if (!Number.isInteger(options.offset) || options.offset < 0) throw new TypeError('offset must be a non-negative integer');
      // Written out: drizzle leaves columns unqualified inside sql``, which a subquery would misread.
      // Answered by invitations_live_key (organisation_id, passport_id) where state = 'sent'.
      const live = sql<boolean>`exists (select 1 from invitations i where i.organisation_id = staff_passports.organisation_id and i.passport_id = staff_passports.id and i.state = 'sent')`;
      const conditions: Array<SQL | undefined> = [inScope];
      if (options.status) conditions.push(eq(t.status, options.status));
      for (const word of (options.query ?? '').trim().toLowerCase().split(/\s+/).filter(Boolean).slice(0, 5)) {
        const pattern = `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
        conditions.push(
          or(
            sql`lower(${t.givenName}) like ${pattern}`,
            sql`lower(${t.familyName}) like ${pattern}`,
            sql`lower(${t.email}) like ${pattern}`,
            sql`${t.esrAssignmentNumber} like ${pattern}`,
          ),
        );
      }
      switch (options.action) {
        case 'review-identity':
          conditions.push(eq(t.status, 'identity-shared'));
          break;
        case 'appointment-needed':
          conditions.push(eq(t.status, 'appointment-needed'));
          break;
        case 'connect-esr':
          conditions.push(inArray(t.status, ['credentials-pending', 'active']), sql`${t.esrLinkState} <> 'linked'`);
          break;
        case 'invitation-expired':
          conditions.push(eq(t.status, 'invited'), sql`not ${live}`);
          break;
        case 'review-credentials':
          // E9.1: answered by shared_credentials_to_review_idx (organisation_id, passport_id) where state = 'to-review'.
          conditions.push(
            sql`exists (select 1 from shared_credentials s where s.organisation_id = staff_passports.organisation_id and s.passport_id = staff_passports.id and s.state = 'to-review')`,
          );
          break;
        case undefined:
          break;
      }
      const where = and(...conditions);
      const columns = {
        id: t.id,
        givenName: t.givenName,
        familyName: t.familyName,
        email: t.email,
        status: t.status,
        esrAssignmentNumber: t.esrAssignmentNumber,
        esrLinkState: t.esrLinkState,
        liveInvitation: live,
      };
      const byName = [asc(t.familyName), asc(t.givenName), asc(t.id)];
      const out = (rows: Array<Omit<PassportListRow, 'liveInvitation'> & { liveInvitation: unknown }>) => rows.map((r) => ({ ...r, liveInvitation: Boolean(r.liveInvitation) }));
      const count = async () => Number((await db.select({ n: sql<number>`count(*)::int` }).from(t).where(where))[0]?.n ?? 0);
      if (options.query?.trim()) {
        // A search reads every row of the trust once anyway: the total comes with the page.
        const rows = await db
          .select({ ...columns, total: sql<number>`count(*) over ()` })
          .from(t)
          .where(where)
          .orderBy(...byName)
          .limit(options.limit)
          .offset(options.offset);
        const total = rows[0] ? Number(rows[0].total) : options.offset > 0 ? await count() : 0;
        return { rows: out(rows.map(({ total: _total, ...r }) => r)), total };
      }
      // Without a search the name index gives pages in order; a page in the second half is read
      // from the end (the same index backwards), so the last page costs what the first does.
      const total = await count();
      if (options.offset * 2 <= total) return { rows: out(await db.select(columns).from(t).where(where).orderBy(...byName).limit(options.limit).offset(options.offset)), total };
      const fromEnd = total - options.offset - options.limit;
      const take = Math.max(0, Math.min(options.limit, total - options.offset));
      if (take === 0) return { rows: [], total };
      const rows = await db
        .select(columns)
        .from(t)
        .where(where)
        .orderBy(desc(t.familyName), desc(t.givenName), desc(t.id))
        .limit(take)
        .offset(Math.max(0, fromEnd));
      return { rows: out(rows).reverse(), total };
    },

    /** Which of these emails (lower case) and E.164 mobiles already belong to a passport of the trust. */
    async takenContacts(emails: readonly string[], mobiles: readonly string[]): Promise<{ emails: Set<string>; mobiles: Set<string> }> {
      const taken = { emails: new Set<string>(), mobiles: new Set<string>() };
      for (let i = 0; i < emails.length; i += CHUNK) {
        const chunk = emails.slice(i, i + CHUNK).map((e) => e.toLowerCase());
        const rows = await db
          .select({ email: sql<string>`lower(${t.email})` })
          .from(t)
          .where(and(inScope, sql`lower(${t.email}) in (${sql.join(chunk.map((e) => sql`${e}`), sql`, `)})`));
        for (const r of rows) taken.emails.add(r.email);
      }
      for (let i = 0; i < mobiles.length; i += CHUNK) {
        const rows = await db.select({ mobile: t.mobile }).from(t).where(and(inScope, inArray(t.mobile, mobiles.slice(i, i + CHUNK))));
        for (const r of rows) if (r.mobile) taken.mobiles.add(r.mobile);
      }
      return taken;
    },

    /** Locks the passport's row for the rest of the transaction (one resend or delete at a time). */
    async lockForUpdate(id: string): Promise<StaffPassport | undefined> {
      const [row] = await db.select(passportColumns).from(t).where(byId(id)).for('update');
      return row;
    },

    async countByStatus(): Promise<Partial<Record<PassportStatus, number>>> {
      const rows = await db
        .select({ status: t.status, n: sql<number>`count(*)::int` })
        .from(t)
        .where(inScope)
        .groupBy(t.status);
      return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
    },

    /** How to reach each of these passports' holders (for the jobs' messages). */
    async contactsOf(ids: readonly string[]): Promise<Map<string, PassportContact>> {
      const found = new Map<string, PassportContact>();
      const unique = [...new Set(ids)];
      for (let i = 0; i < unique.length; i += CHUNK) {
        const rows = await db
          .select({ id: t.id, givenName: t.givenName, email: t.email, mobile: t.mobile, notifyByEmail: t.notifyByEmail, notifyBySms: t.notifyBySms })
          .from(t)
          .where(and(inScope, inArray(t.id, unique.slice(i, i + CHUNK))));
        for (const row of rows) found.set(row.id, row);
      }
      return found;
    },

    /** Passports past the identity check that are not linked to ESR (the "Connect to ESR" action, E6). */
    async countNeedingEsrLink(): Promise<number> {
      const [row] = await db
        .select({ n: sql<number>`count(*)::int` })
        .from(t)
        .where(and(inScope, inArray(t.status, ['credentials-pending', 'active']), sql`${t.esrLinkState} <> 'linked'`));
      return Number(row?.n ?? 0);
    },

    async setStatus(id: string, status: PassportStatus): Promise<boolean> {
      return update(id, { status });
    },

    async setDspId(id: string, dspId: string): Promise<boolean> {
      return update(id, { dspId });
    },

    /** The person's notification channels (S11). */
    async setNotificationChannels(id: string, channels: { email: boolean; sms: boolean }): Promise<boolean> {
      return update(id, { notifyByEmail: channels.email, notifyBySms: channels.sms });
    },

    /**
     * Links the passport to an ESR assignment after HR confirmed ESR's record is this person
     * (E6). A new or changed link needs a full read of the records, so the sync mark is cleared.
     * Returns `taken` when another passport of the trust is linked to the number.
     */
    async linkEsr(id: string, link: { assignmentNumber: string; personId?: string; actor: string; now: Date }): Promise<'linked' | 'taken' | 'not_found'> {
      const other = await this.findLinked(link.assignmentNumber);
      if (other && other.id !== id) return 'taken';
      try {
        // A savepoint: losing the race for the number must not abort the caller's transaction.
        const changed = await db.transaction(async (sp) =>
          updatePassport(sp, scope, id, {
            esrAssignmentNumber: link.assignmentNumber,
            esrLinkState: 'linked' satisfies EsrLinkState,
            esrPersonId: link.personId ?? null,
            esrLinkedAt: link.now,
            esrLinkedBy: link.actor,
            esrSyncedAt: null,
          }),
        );
        return changed ? 'linked' : 'not_found';
      } catch (error) {
        // Another passport was linked to the number meanwhile (staff_passports_org_esr_linked_key).
        if (isUniqueViolation(error)) return 'taken';
        throw error;
      }
    },

    /** Disconnects ESR (E6.4: changing the number disconnects; reconnecting is a new link). */
    async unlinkEsr(id: string): Promise<boolean> {
      return update(id, { esrAssignmentNumber: null, esrLinkState: 'unlinked', esrPersonId: null, esrLinkedAt: null, esrLinkedBy: null, esrSyncedAt: null });
    },

    /**
     * Linked passports an auto-provide run must read: those named by the change feed (by ESR
     * person id or assignment number), those never read since they were linked, or all.
     */
    async linkedForSync(selection: LinkedSelection): Promise<LinkedPassport[]> {
      const columns = {
        id: t.id,
        esrAssignmentNumber: sql<string>`${t.esrAssignmentNumber}`,
        esrPersonId: t.esrPersonId,
        esrSyncedAt: t.esrSyncedAt,
        email: t.email,
        mobile: t.mobile,
        notifyByEmail: t.notifyByEmail,
        notifyBySms: t.notifyBySms,
        givenName: t.givenName,
      };
      // Nothing is provided to a passport whose access was declined or that the trust closed.
      const linked = and(inScope, eq(t.esrLinkState, 'linked'), notInArray(t.status, ['identity-declined', 'deactivated']));
      if (selection.all) return db.select(columns).from(t).where(linked).orderBy(asc(t.id));
      const found = new Map<string, LinkedPassport>();
      for (const row of await db.select(columns).from(t).where(and(linked, isNull(t.esrSyncedAt)))) found.set(row.id, row);
      const personIds = [...new Set(selection.personIds ?? [])];
      const numbers = [...new Set(selection.assignmentNumbers ?? [])];
      for (let i = 0; i < Math.max(personIds.length, numbers.length); i += CHUNK) {
        const people = personIds.slice(i, i + CHUNK);
        const assignments = numbers.slice(i, i + CHUNK);
        const named = [people.length ? inArray(t.esrPersonId, people) : undefined, assignments.length ? inArray(t.esrAssignmentNumber, assignments) : undefined].filter(
          (c): c is SQL => c !== undefined,
        );
        if (named.length === 0) continue;
        for (const row of await db.select(columns).from(t).where(and(linked, or(...named)))) found.set(row.id, row);
      }
      return [...found.values()].sort((a, b) => (a.id < b.id ? -1 : 1));
    },

    /**
     * Records a completed read of the person's ESR records (and ESR's person id, learnt from it).
     * Only while the link is the one that was read: a link changed meanwhile needs its own read.
     */
    async markEsrSynced(id: string, sync: { assignmentNumber: string; personId: string; at: Date }): Promise<boolean> {
      return update(
        id,
        { esrSyncedAt: sync.at, esrPersonId: sync.personId },
        and(eq(t.esrLinkState, 'linked'), eq(t.esrAssignmentNumber, sync.assignmentNumber)),
      );
    },

    /** Something new was provided: the weekly pending reminders count from now (src/core/passport/reminders.ts). */
    async resetPendingReminders(id: string): Promise<boolean> {
      return update(id, { pendingRemindersSent: 0, pendingRemindedAt: null });
    },

    /** Records a pending-credentials reminder, once: only if none was recorded since `previous`. */
    async recordPendingReminder(id: string, at: Date, previous: Date | null): Promise<boolean> {
      return update(
        id,
        { pendingRemindersSent: sql`${t.pendingRemindersSent} + 1`, pendingRemindedAt: at },
        previous === null ? isNull(t.pendingRemindedAt) : eq(t.pendingRemindedAt, previous),
      );
    },

    /** Deletes the passport and everything of it (E15: irreversible). */
    async remove(id: string): Promise<boolean> {
      const rows = await db.delete(t).where(byId(id)).returning({ id: t.id });
      return rows.length === 1;
    },
  };
}
