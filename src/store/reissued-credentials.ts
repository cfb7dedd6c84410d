// What the employee portal's credential pages (S4, S8) need of a provided credential beyond the
// lifecycle's transitions (./provided-credentials.ts), scoped by the organisation (D11):
// - `lock`: the row `for update`, so a hand-back reloaded or raced acts once;
// - `replaceSerial`: a reissue (S8) — the accepted credential now stands for the copy issued under
//   a new serial number (the old one is revoked in the status ledger by the caller, in the same
//   transaction). Conditional on the state and the serial it replaces, so it changes once.
import { and, eq } from 'drizzle-orm';
import type { ProvidedState } from '../core/passport/provided-credential.ts';
import { schema, type Db } from './database.ts';
import type { OrganisationScope } from './scope.ts';

const t = schema.providedCredentials;

export function reissuedCredentials(db: Db, scope: OrganisationScope) {
  const inScope = eq(t.organisationId, scope.organisationId);
  return {
    /** Locks the credential's row until the transaction ends; its passport, state and serial number. */
    async lock(id: string): Promise<{ passportId: string; state: ProvidedState; serialNumber: string | null } | undefined> {
      const [row] = await db
        .select({ passportId: t.passportId, state: t.state, serialNumber: t.serialNumber })
        .from(t)
        .where(and(inScope, eq(t.id, id)))
        .for('update');
      return row;
    },

    /** Records that the accepted credential was reissued under `to`; false when it is not accepted under `from`. */
    async replaceSerial(id: string, change: { from: string; to: string }): Promise<boolean> {
      const rows = await db
        .update(t)
        .set({ serialNumber: change.to })
        .where(and(inScope, eq(t.id, id), eq(t.state, 'accepted'), eq(t.serialNumber, change.from)))
        .returning({ id: t.id });
      return rows.length === 1;
    },
  };
}
