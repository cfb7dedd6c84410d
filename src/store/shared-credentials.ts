// Credentials a person shared with this trust (DOMAIN.md S6, S7) as the gateway verified them, and
// HR's review of each (E9), scoped by the organisation (D11). A share arrives whole, in the
// transaction that ends the person's journey; HR stages a decision per credential (`draft`, a
// note with a rejection), then confirms the staged ones together. Every change is a conditional
// UPDATE on the state it expects, so a double submit or two HR users at once change it once.
import { and, asc, desc, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import { schema, type Db } from './database.ts';
import type { OrganisationScope } from './scope.ts';

const t = schema.sharedCredentials;

export type SharedCredentialState = 'to-review' | 'accepted' | 'rejected';
export type SharedCredentialDraft = 'accept' | 'reject';

/** One verified credential of a share (the gateway's PresentationOutcome, with its compact form). */
export interface SharedCredentialInput {
  type: string;
  format: 'dc+sd-jwt' | 'jwt_vc_json';
  issuer: string;
  issuerName: string;
  serialNumber: string;
  claims: Record<string, unknown>;
  /** The issuer-signed credential without the holder's proof, so it can be verified again later. */
  compact: string;
  issuedAt: Date;
  expiresAt: Date | null;
}

export interface SharedCredential extends SharedCredentialInput {
  id: string;
  passportId: string;
  shareId: string;
  sharedAt: Date;
  state: SharedCredentialState;
  draft: SharedCredentialDraft | null;
  note: string | null;
  decidedAt: Date | null;
  decidedBy: string | null;
}

const columns = {
  id: t.id,
  passportId: t.passportId,
  shareId: t.shareId,
  type: t.credentialType,
  format: t.format,
  issuer: t.issuer,
  issuerName: t.issuerName,
  serialNumber: t.serialNumber,
  claims: t.claims,
  compact: t.compact,
  issuedAt: t.issuedAt,
  expiresAt: t.expiresAt,
  sharedAt: t.sharedAt,
  state: t.state,
  draft: t.draft,
  note: t.note,
  decidedAt: t.decidedAt,
  decidedBy: t.decidedBy,
};

const out = (row: Omit<SharedCredential, 'claims'> & { claims: unknown }): SharedCredential => ({ ...row, claims: (row.claims ?? {}) as Record<string, unknown> });

export function sharedCredentials(db: Db, scope: OrganisationScope) {
  const inScope = eq(t.organisationId, scope.organisationId);
  return {
    /**
     * Keeps a share's credentials for review. A credential (by serial number) already waiting for
     * review on the passport is not added twice; one HR already decided on is added again, so a
     * re-share after a rejection can be looked at afresh.
     */
    async receive(passportId: string, shareId: string, items: readonly SharedCredentialInput[], now: Date): Promise<SharedCredential[]> {
      if (items.length === 0) return [];
      const waiting = await db
        .select({ serialNumber: t.serialNumber })
        .from(t)
        .where(and(inScope, eq(t.passportId, passportId), eq(t.state, 'to-review'), inArray(t.serialNumber, items.map((i) => i.serialNumber))));
      const seen = new Set(waiting.map((w) => w.serialNumber));
      const fresh = items.filter((i) => !seen.has(i.serialNumber) && (seen.add(i.serialNumber), true));
      if (fresh.length === 0) return [];
      const rows = await db
        .insert(t)
        .values(
          fresh.map((i) => ({
            id: randomUUID(),
            organisationId: scope.organisationId,
            passportId,
            shareId,
            credentialType: i.type,
            format: i.format,
            issuer: i.issuer,
            issuerName: i.issuerName,
            serialNumber: i.serialNumber,
            claims: i.claims,
            compact: i.compact,
            issuedAt: i.issuedAt,
            expiresAt: i.expiresAt,
            sharedAt: now,
          })),
        )
        .returning(columns);
      return rows.map(out);
    },

    /** The passport's shared credentials: those to review first, then newest first. */
    async list(passportId: string, options: { states?: readonly SharedCredentialState[] } = {}): Promise<SharedCredential[]> {
      const rows = await db
        .select(columns)
        .from(t)
        .where(and(inScope, eq(t.passportId, passportId), options.states ? inArray(t.state, [...options.states]) : undefined))
        .orderBy(sql`${t.state} <> 'to-review'`, desc(t.sharedAt), asc(t.credentialType), asc(t.id));
      return rows.map(out);
    },

    async get(passportId: string, id: string): Promise<SharedCredential | undefined> {
      const [row] = await db.select(columns).from(t).where(and(inScope, eq(t.passportId, passportId), eq(t.id, id)));
      return row ? out(row) : undefined;
    },

    /** How many wait for review on one passport (the passport page's banner). */
    async countToReview(passportId: string): Promise<number> {
      const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(t).where(and(inScope, eq(t.passportId, passportId), eq(t.state, 'to-review')));
      return Number(row?.n ?? 0);
    },

    /** Passports with credentials waiting for review (the home page and the list's action filter). */
    async passportsToReview(): Promise<number> {
      const [row] = await db.select({ n: sql<number>`count(distinct ${t.passportId})::int` }).from(t).where(and(inScope, eq(t.state, 'to-review')));
      return Number(row?.n ?? 0);
    },

    /** Stages a decision on a credential still to review (a rejection carries its note); `null` resets it. */
    async stage(passportId: string, id: string, draft: SharedCredentialDraft | null, note: string | null): Promise<boolean> {
      const rows = await db
        .update(t)
        .set({ draft, note: draft === 'reject' ? note : null })
        .where(and(inScope, eq(t.passportId, passportId), eq(t.id, id), eq(t.state, 'to-review')))
        .returning({ id: t.id });
      return rows.length === 1;
    },

    /** Stages "accept" on each of `ids` still to review (E9.1 "Accept all (n)"); returns how many it staged. */
    async stageAccepts(passportId: string, ids: readonly string[]): Promise<number> {
      if (ids.length === 0) return 0;
      const rows = await db
        .update(t)
        .set({ draft: 'accept', note: null })
        .where(and(inScope, eq(t.passportId, passportId), inArray(t.id, [...ids]), eq(t.state, 'to-review')))
        .returning({ id: t.id });
      return rows.length;
    },

    /** The credential types HR accepted for the passport (the credentials-required progress, E9.2). */
    async acceptedTypes(passportId: string): Promise<string[]> {
      const rows = await db.selectDistinct({ type: t.credentialType }).from(t).where(and(inScope, eq(t.passportId, passportId), eq(t.state, 'accepted')));
      return rows.map((r) => r.type);
    },

    /** Confirms every staged decision on the passport at once; returns the credentials decided. */
    async confirmStaged(passportId: string, actor: string, now: Date): Promise<SharedCredential[]> {
      const rows = await db
        .update(t)
        .set({ state: sql`case when ${t.draft} = 'accept' then 'accepted' else 'rejected' end`, decidedAt: now, decidedBy: actor })
        .where(and(inScope, eq(t.passportId, passportId), eq(t.state, 'to-review'), isNotNull(t.draft)))
        .returning(columns);
      return rows.map(out);
    },
  };
}
