// The gateway's ID token signing keys (docs/architecture.md D30). oidc-provider signs in process
// and needs the private JWKs, so they are kept sealed by the key-management port and opened when
// the gateway starts. One active key per algorithm; replicas starting together create it once.
import { and, desc, eq } from 'drizzle-orm';
import type { Db } from './database.ts';
import { schema } from './database.ts';

const { oidcSigningKeys } = schema;

export type OidcSigningAlg = 'ES256' | 'RS256';

export interface OidcSigningKeyRow {
  kid: string;
  alg: OidcSigningAlg;
  publicJwk: Record<string, unknown>;
  sealedPrivateJwk: string;
  state: 'active' | 'retired';
}

/** Active keys first, then retired ones newest first (kept so older ID tokens still verify). */
export async function listOidcSigningKeys(db: Db): Promise<OidcSigningKeyRow[]> {
  const rows = await db.select().from(oidcSigningKeys).orderBy(oidcSigningKeys.state, desc(oidcSigningKeys.createdAt));
  return rows.map((r) => ({ kid: r.kid, alg: r.alg, publicJwk: r.publicJwk as Record<string, unknown>, sealedPrivateJwk: r.sealedPrivateJwk, state: r.state }));
}

/** Inserts a new active key for `alg` unless one exists; true when this call's key won. */
export async function insertOidcSigningKey(db: Db, key: Omit<OidcSigningKeyRow, 'state'>): Promise<boolean> {
  const rows = await db
    .insert(oidcSigningKeys)
    .values({ ...key, state: 'active' })
    .onConflictDoNothing()
    .returning({ kid: oidcSigningKeys.kid });
  return rows.length === 1;
}

export async function retireOidcSigningKey(db: Db, alg: OidcSigningAlg, now: Date): Promise<void> {
  await db.update(oidcSigningKeys).set({ state: 'retired', retiredAt: now }).where(and(eq(oidcSigningKeys.alg, alg), eq(oidcSigningKeys.state, 'active')));
}
