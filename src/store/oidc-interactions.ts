// Which wallet session an OIDC interaction (one /authorize at the gateway) is running
// (docs/architecture.md D30). Scoped by the client's organisation, whose DID talks to the wallet.
import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from './database.ts';
import { schema } from './database.ts';
import type { OrganisationScope } from './scope.ts';

const { oidcInteractions } = schema;

export interface OidcInteractionRecord {
  uid: string;
  organisationId: string;
  clientId: string;
  mode: 'verify' | 'issue';
  walletSessionId: string | null;
  expiresAt: Date;
}

export function oidcInteractionStore(db: Db, scope: OrganisationScope) {
  const mine = (uid: string) => and(eq(oidcInteractions.organisationId, scope.organisationId), eq(oidcInteractions.uid, uid));
  return {
    async get(uid: string): Promise<OidcInteractionRecord | undefined> {
      const [row] = await db.select().from(oidcInteractions).where(mine(uid));
      return row;
    },

    /** Creates the record on first sight; later calls return it unchanged. */
    async ensure(input: { uid: string; clientId: string; mode: 'verify' | 'issue'; expiresAt: Date; now: Date }): Promise<OidcInteractionRecord> {
      await db
        .insert(oidcInteractions)
        .values({ uid: input.uid, organisationId: scope.organisationId, clientId: input.clientId, mode: input.mode, expiresAt: input.expiresAt, createdAt: input.now })
        .onConflictDoNothing();
      const found = await this.get(input.uid);
      if (!found) throw new Error('interaction belongs to another organisation');
      return found;
    },

    /**
     * Points the interaction at a new wallet session, only if it still runs `expected` (so two
     * tabs retrying at once start one session, not two).
     */
    async attachWalletSession(uid: string, expected: string | null, walletSessionId: string): Promise<boolean> {
      const current = expected === null ? isNull(oidcInteractions.walletSessionId) : eq(oidcInteractions.walletSessionId, expected);
      const rows = await db
        .update(oidcInteractions)
        .set({ walletSessionId })
        .where(and(mine(uid), current))
        .returning({ uid: oidcInteractions.uid });
      return rows.length === 1;
    },
  };
}
