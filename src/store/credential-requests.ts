// Staff members' credential requests (DOMAIN.md E8; docs/architecture.md D44): a request names the
// credential types a member of staff asks their trust to provide; HR provides or rejects each
// (a reason is required to reject). Scoped by the organisation (D11): every statement carries
// `organisation_id`, and a request hangs off a passport of the same trust by the composite key,
// so another trust's request id finds and changes nothing.
//
//   const requests = credentialRequests(db, scopeOf(orgId));      // db: connection or transaction
//   await requests.create({ passportId, types: ['CoreSkill'], at }); // the employee portal (issue 9), tests, the demo world
//   await requests.awaitingReview();           // one row per passport with open requests, oldest first
//   await requests.countAwaitingReview();      // passports with open requests (the home page)
//   await requests.openFor(passportId);        // the passport's open requests with their items
//   await requests.find(requestId);            // one request with its items, any state
//   await requests.lock(requestId);            // `for update`, in the caller's transaction
//   await requests.decide(requestId, decisions, actor, at);  // once: false when already reviewed
import { randomUUID } from 'node:crypto';
import { and, asc, count, countDistinct, eq, inArray, min, sql } from 'drizzle-orm';
import { z } from 'zod';
import { schema, type Db } from './database.ts';
import { passportHistory } from './passport-history.ts';
import type { OrganisationScope } from './scope.ts';

const r = schema.credentialRequests;
const i = schema.credentialRequestItems;
const p = schema.staffPassports;

/** The credential types a staff member can ask their trust for: those a trust provides from ESR. */
export const REQUESTABLE_TYPES = ['EmploymentAssignment', 'CoreSkill', 'OccupationalHealth', 'ProfessionalRegistration'] as const;
export type RequestableType = (typeof REQUESTABLE_TYPES)[number];
export const zRequestableType = z.enum(REQUESTABLE_TYPES);

export interface CredentialRequestItem {
  id: string;
  credentialType: RequestableType;
  state: 'pending' | 'provided' | 'rejected';
  reason: string | null;
  providedCount: number | null;
  decidedAt: Date | null;
  decidedBy: string | null;
}

export interface CredentialRequest {
  id: string;
  passportId: string;
  state: 'open' | 'reviewed';
  requestedBy: string;
  requestedAt: Date;
  note: string | null;
  reviewedAt: Date | null;
  reviewedBy: string | null;
  items: CredentialRequestItem[];
}

export interface AwaitingReview {
  passportId: string;
  givenName: string;
  familyName: string;
  email: string | null;
  requests: number;
  credentials: number;
  firstRequestedAt: Date;
  /** The oldest open request: where "review" starts. */
  requestId: string;
}

/** A rejection the service made (E8.5: ESR holds nothing to provide), not the reviewing user. */
export const AUTO_REJECT_ACTOR = 'system:esr-check';

export type Decision = { itemId: string; state: 'provided'; providedCount: number } | { itemId: string; state: 'rejected'; reason: string; automatic?: boolean };

const zItem = z.object({
  id: z.string(),
  credentialType: zRequestableType,
  state: z.enum(['pending', 'provided', 'rejected']),
  reason: z.string().nullable(),
  providedCount: z.number().int().nullable(),
  decidedAt: z.date().nullable(),
  decidedBy: z.string().nullable(),
});

const byCatalogue = (a: { credentialType: string }, b: { credentialType: string }) => REQUESTABLE_TYPES.indexOf(a.credentialType as RequestableType) - REQUESTABLE_TYPES.indexOf(b.credentialType as RequestableType);

export function credentialRequests(db: Db, scope: OrganisationScope) {
  const orgId = scope.organisationId;
  const inScope = eq(r.organisationId, orgId);

  async function withItems(rows: Array<Omit<CredentialRequest, 'items'>>): Promise<CredentialRequest[]> {
    if (rows.length === 0) return [];
    const items = await db
      .select({ requestId: i.requestId, id: i.id, credentialType: i.credentialType, state: i.state, reason: i.reason, providedCount: i.providedCount, decidedAt: i.decidedAt, decidedBy: i.decidedBy })
      .from(i)
      .where(and(eq(i.organisationId, orgId), inArray(i.requestId, rows.map((row) => row.id))));
    return rows.map((row) => ({
      ...row,
      items: items
        .filter((it) => it.requestId === row.id)
        .map((it) => zItem.parse(it))
        .sort(byCatalogue),
    }));
  }

  const requestColumns = { id: r.id, passportId: r.passportId, state: r.state, requestedBy: r.requestedBy, requestedAt: r.requestedAt, note: r.note, reviewedAt: r.reviewedAt, reviewedBy: r.reviewedBy };

  const repo = {
    /**
     * A staff member asks for credentials (the employee portal's side). One item per type, in the
     * catalogue's order; the passport must be this trust's (the composite foreign key refuses
     * another's). Records `credential-request.made` in the passport's history.
     */
    async create(input: { passportId: string; types: readonly RequestableType[]; at: Date; note?: string | null; id?: string }): Promise<CredentialRequest> {
      const types = [...new Set(input.types.map((t) => zRequestableType.parse(t)))].sort((a, b) => REQUESTABLE_TYPES.indexOf(a) - REQUESTABLE_TYPES.indexOf(b));
      if (types.length === 0) throw new TypeError('a credential request needs at least one credential type');
      const id = input.id ?? randomUUID();
      const requestedBy = `staff:${input.passportId}`;
      await db.insert(r).values({ id, organisationId: orgId, passportId: input.passportId, requestedBy, requestedAt: input.at, note: input.note ?? null });
      await db.insert(i).values(types.map((credentialType) => ({ id: randomUUID(), organisationId: orgId, requestId: id, credentialType })));
      await passportHistory(db, scope).record([{ passportId: input.passportId, event: 'credential-request.made', actor: requestedBy, at: input.at, details: { requestId: id, types: types.join(',') } }]);
      const made = await repo.find(id);
      if (!made) throw new Error('credential request not found after insert');
      return made;
    },

    /** Passports with open requests, oldest request first. */
    async awaitingReview(options: { limit?: number } = {}): Promise<AwaitingReview[]> {
      const rows = await db
        .select({
          passportId: r.passportId,
          givenName: p.givenName,
          familyName: p.familyName,
          email: p.email,
          requests: countDistinct(r.id),
          credentials: count(i.id),
          firstRequestedAt: min(r.requestedAt),
          requestId: sql<string>`(array_agg(${r.id} order by ${r.requestedAt}, ${r.id}))[1]`,
        })
        .from(r)
        .innerJoin(p, and(eq(p.organisationId, r.organisationId), eq(p.id, r.passportId)))
        .innerJoin(i, and(eq(i.organisationId, r.organisationId), eq(i.requestId, r.id)))
        .where(and(inScope, eq(r.state, 'open')))
        .groupBy(r.passportId, p.givenName, p.familyName, p.email)
        .orderBy(asc(min(r.requestedAt)), asc(r.passportId))
        .limit(options.limit ?? 500);
      return rows.map((row) => ({ ...row, requests: Number(row.requests), credentials: Number(row.credentials), firstRequestedAt: row.firstRequestedAt ?? new Date(0), requestId: String(row.requestId) }));
    },

    /** How many passports have requests awaiting review. */
    async countAwaitingReview(): Promise<number> {
      const [row] = await db.select({ n: countDistinct(r.passportId) }).from(r).where(and(inScope, eq(r.state, 'open')));
      return Number(row?.n ?? 0);
    },

    async openFor(passportId: string): Promise<CredentialRequest[]> {
      const rows = await db.select(requestColumns).from(r).where(and(inScope, eq(r.passportId, passportId), eq(r.state, 'open'))).orderBy(asc(r.requestedAt), asc(r.id));
      return withItems(rows);
    },

    async find(requestId: string): Promise<CredentialRequest | undefined> {
      const rows = await db.select(requestColumns).from(r).where(and(inScope, eq(r.id, requestId)));
      return (await withItems(rows))[0];
    },

    /** The request, its row locked until the caller's transaction ends: two reviews take turns. */
    async lock(requestId: string): Promise<CredentialRequest | undefined> {
      const rows = await db.select(requestColumns).from(r).where(and(inScope, eq(r.id, requestId))).for('update');
      return (await withItems(rows))[0];
    },

    /**
     * Records HR's decision on every pending item and marks the request reviewed, once: each
     * statement is conditional on the state it changes, so a second call (a double submit) changes
     * nothing and answers false. Every pending item must be decided; a rejection needs a reason.
     * An automatic rejection (E8.5) is recorded as decided by AUTO_REJECT_ACTOR.
     */
    async decide(requestId: string, decisions: readonly Decision[], actor: string, at: Date): Promise<boolean> {
      const [reviewed] = await db
        .update(r)
        .set({ state: 'reviewed', reviewedAt: at, reviewedBy: actor })
        .where(and(inScope, eq(r.id, requestId), eq(r.state, 'open')))
        .returning({ id: r.id });
      if (!reviewed) return false;
      for (const d of decisions) {
        if (d.state === 'rejected' && d.reason.trim() === '') throw new TypeError('a rejection needs a reason');
        const [changed] = await db
          .update(i)
          .set(
            d.state === 'provided'
              ? { state: 'provided', providedCount: d.providedCount, decidedAt: at, decidedBy: actor }
              : { state: 'rejected', reason: d.reason.trim(), decidedAt: at, decidedBy: d.automatic ? AUTO_REJECT_ACTOR : actor },
          )
          .where(and(eq(i.organisationId, orgId), eq(i.requestId, requestId), eq(i.id, d.itemId), eq(i.state, 'pending')))
          .returning({ id: i.id });
        if (!changed) throw new Error('credential request item not pending');
      }
      const [left] = await db.select({ n: count() }).from(i).where(and(eq(i.organisationId, orgId), eq(i.requestId, requestId), eq(i.state, 'pending')));
      if (Number(left?.n ?? 0) > 0) throw new Error('every requested credential must be provided or rejected');
      return true;
    },
  };
  return repo;
}
