// Where a trust's reading of the ESR change feed has got to: an opaque cursor from the ESR port
// (src/integrations/esr/port.ts). Moved only after a run has provided everything the changes up
// to it asked for, so a run that fails half-way reads the same changes again.
import { eq, sql } from 'drizzle-orm';
import { schema, type Db } from './database.ts';
import type { OrganisationScope } from './scope.ts';

const t = schema.esrSyncState;

export interface EsrSyncState {
  cursor: string | null;
  syncedAt: Date | null;
}

export function esrSyncState(db: Db, scope: OrganisationScope) {
  return {
    async get(): Promise<EsrSyncState> {
      const [row] = await db.select({ cursor: t.cursor, syncedAt: t.syncedAt }).from(t).where(eq(t.organisationId, scope.organisationId));
      return row ?? { cursor: null, syncedAt: null };
    },

    async save(cursor: string, at: Date): Promise<void> {
      await db
        .insert(t)
        .values({ organisationId: scope.organisationId, cursor, syncedAt: at })
        .onConflictDoUpdate({ target: t.organisationId, set: { cursor, syncedAt: at, updatedAt: sql`now()` } });
    },
  };
}
