// Passport history (DOMAIN.md S11, E10 "Passport history (full activity log)"): what happened to
// a passport, when and by whom, newest first. Written in the same transaction as the change it
// describes. Unlike the audit log (D15) it is for people to read, in the portals; like it, it
// names actors by identifier and keeps personal data out of `details`.
import { and, count, desc, eq, lt } from 'drizzle-orm';
import { z } from 'zod';
import { schema, type Db } from './database.ts';
import type { OrganisationScope } from './scope.ts';

const t = schema.passportHistory;

/** What the history records (the portals word each for the page). */
export const HISTORY_EVENTS = [
  'passport.created',
  'passport.signed-up',
  'invitation.sent',
  'invitation.reminded',
  'invitation.expired',
  'esr.linked',
  'esr.unlinked',
  'credential.provided',
  'credential.superseded',
  'credential.accepted',
  'credential.declined',
  'credential.withdrawn',
  'credential.archived',
  'credential.restored',
  'credential.expired',
  'credential.revoked',
  'credential.reissued',
  'reminder.pending-credentials',
  'credential-request.made',
  'credential-request.provided',
  'credential-request.rejected',
  'credential-request.reviewed',
  'identity.shared',
  'identity.confirmed',
  'identity.rejected',
  'access.declined',
  'notifications.changed',
  'credential.rejection-resolved',
  'credential.rejection-unresolved',
  'access-key.renewed',
  'identity.renewed',
  'credentials.shared',
  'shared-credential.accepted',
  'shared-credential.rejected',
  'credentials-required.completed',
  'credentials-required.bypassed',
] as const;
export type HistoryEvent = (typeof HISTORY_EVENTS)[number];

export interface HistoryInput {
  passportId: string;
  event: HistoryEvent;
  actor: string;
  at: Date;
  credentialId?: string | null;
  /** Identifiers, types, titles and counts: never personal data. */
  details?: Record<string, string | number | boolean | null>;
}

export interface HistoryEntry {
  id: number;
  passportId: string;
  event: string;
  actor: string;
  at: Date;
  credentialId: string | null;
  details: Record<string, unknown>;
}

const zDetails = z.record(z.string(), z.unknown());

export function passportHistory(db: Db, scope: OrganisationScope) {
  const inScope = eq(t.organisationId, scope.organisationId);
  return {
    async record(entries: readonly HistoryInput[]): Promise<void> {
      if (entries.length === 0) return;
      await db.insert(t).values(
        entries.map((e) => ({
          organisationId: scope.organisationId,
          passportId: e.passportId,
          at: e.at,
          actor: e.actor,
          event: e.event,
          credentialId: e.credentialId ?? null,
          details: e.details ?? {},
        })),
      );
    },

    /** Newest first; `before` (an entry id) pages back, or `offset` skips that many (numbered pages). */
    async list(passportId: string, options: { limit?: number; before?: number; offset?: number } = {}): Promise<HistoryEntry[]> {
      const limit = options.limit ?? 50;
      if (!Number.isInteger(limit) || limit < 1 || limit > 500) throw new TypeError('limit must be an integer in 1..500');
      const offset = options.offset ?? 0;
      if (!Number.isInteger(offset) || offset < 0) throw new TypeError('offset must be a whole number');
      const rows = await db
        .select({ id: t.id, passportId: t.passportId, event: t.event, actor: t.actor, at: t.at, credentialId: t.credentialId, details: t.details })
        .from(t)
        .where(and(inScope, eq(t.passportId, passportId), options.before === undefined ? undefined : lt(t.id, options.before)))
        .orderBy(desc(t.id))
        .limit(limit)
        .offset(offset);
      return rows.map((r) => ({ ...r, details: zDetails.parse(r.details) }));
    },

    /** How many entries the passport's history has (for numbered pages). */
    async count(passportId: string): Promise<number> {
      const [row] = await db.select({ n: count() }).from(t).where(and(inScope, eq(t.passportId, passportId)));
      return Number(row?.n ?? 0);
    },
  };
}
