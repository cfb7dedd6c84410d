// The external systems registered with the gateway (OAuth clients), docs/architecture.md D30.
// A client_id is globally unique and names its organisation, so lookups by client_id are the
// gateway's own (unscoped); listing and changes for an organisation go through its scope.
import { and, asc, eq } from 'drizzle-orm';
import type { Db } from './database.ts';
import { schema } from './database.ts';
import type { OrganisationScope } from './scope.ts';

const { oidcClients } = schema;

export interface OidcClientRecord {
  clientId: string;
  organisationId: string;
  name: string;
  secretHash: string;
  previousSecretHash: string | null;
  previousSecretExpiresAt: Date | null;
  redirectUris: string[];
  credentialTypes: string[];
  jwks: { keys: Record<string, unknown>[] } | null;
  idTokenSignedResponseAlg: 'ES256' | 'RS256';
  disabledAt: Date | null;
  createdAt: Date;
}

function toRecord(row: typeof oidcClients.$inferSelect): OidcClientRecord {
  return {
    ...row,
    redirectUris: row.redirectUris as string[],
    credentialTypes: row.credentialTypes as string[],
    jwks: (row.jwks as OidcClientRecord['jwks']) ?? null,
    idTokenSignedResponseAlg: row.idTokenSignedResponseAlg === 'RS256' ? 'RS256' : 'ES256',
  };
}

/** The client by its id, whichever organisation owns it (the gateway's client lookup). */
export async function findOidcClient(db: Db, clientId: string): Promise<OidcClientRecord | undefined> {
  const [row] = await db.select().from(oidcClients).where(eq(oidcClients.clientId, clientId));
  return row ? toRecord(row) : undefined;
}

export function organisationOidcClients(db: Db, scope: OrganisationScope) {
  const mine = (clientId: string) => and(eq(oidcClients.organisationId, scope.organisationId), eq(oidcClients.clientId, clientId));
  return {
    async add(input: {
      clientId: string;
      name: string;
      secretHash: string;
      redirectUris: readonly string[];
      credentialTypes: readonly string[];
      jwks?: { keys: Record<string, unknown>[] } | undefined;
      idTokenSignedResponseAlg: 'ES256' | 'RS256';
      now: Date;
    }): Promise<OidcClientRecord> {
      const [row] = await db
        .insert(oidcClients)
        .values({
          clientId: input.clientId,
          organisationId: scope.organisationId,
          name: input.name,
          secretHash: input.secretHash,
          redirectUris: [...input.redirectUris],
          credentialTypes: [...input.credentialTypes],
          jwks: input.jwks ?? null,
          idTokenSignedResponseAlg: input.idTokenSignedResponseAlg,
          createdAt: input.now,
          updatedAt: input.now,
        })
        .returning();
      return toRecord(row!);
    },

    async list(): Promise<OidcClientRecord[]> {
      const rows = await db.select().from(oidcClients).where(eq(oidcClients.organisationId, scope.organisationId)).orderBy(asc(oidcClients.createdAt));
      return rows.map(toRecord);
    },

    async get(clientId: string): Promise<OidcClientRecord | undefined> {
      const [row] = await db.select().from(oidcClients).where(mine(clientId));
      return row ? toRecord(row) : undefined;
    },

    /** Replaces the secret; the old one keeps working until `previousValidUntil` (zero-downtime rotation). */
    async rotateSecret(clientId: string, secretHash: string, previousValidUntil: Date, now: Date): Promise<boolean> {
      const current = await this.get(clientId);
      if (!current) return false;
      const rows = await db
        .update(oidcClients)
        .set({ secretHash, previousSecretHash: current.secretHash, previousSecretExpiresAt: previousValidUntil, updatedAt: now })
        .where(and(mine(clientId), eq(oidcClients.secretHash, current.secretHash)))
        .returning({ clientId: oidcClients.clientId });
      return rows.length === 1;
    },

    async setDisabled(clientId: string, disabled: boolean, now: Date): Promise<boolean> {
      const rows = await db
        .update(oidcClients)
        .set({ disabledAt: disabled ? now : null, updatedAt: now })
        .where(mine(clientId))
        .returning({ clientId: oidcClients.clientId });
      return rows.length === 1;
    },
  };
}
