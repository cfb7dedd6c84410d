// Managed keys in PostgreSQL: the store's implementation of the key-management port
// (src/platform/key-management.ts). This file keeps the bookkeeping — which keys an
// organisation has, which one is active, retirement — and leaves private key material to a
// KeyCustody, so an HSM/KMS custody reuses it unchanged.
//
// Every query is filtered by organisation (`organisation_id is null` for platform keys): a
// kid belonging to another organisation is indistinguishable from one that does not exist.
import { randomUUID } from 'node:crypto';
import { and, asc, desc, eq, isNull, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import {
  KEY_ALGORITHMS,
  KeyNotFound,
  KeyRetired,
  zPublicJwk,
  type CreateKeyInput,
  type KeyAlgorithm,
  type KeyCustody,
  type KeyManagement,
  type ManagedKey,
} from '../platform/key-management.ts';
import { createLocalKeyCustody, type LocalKeyCustodyOptions } from '../platform/local-key-custody.ts';
import { schema, type Db } from './database.ts';

const { managedKeys } = schema;

type KeyRow = typeof managedKeys.$inferSelect;

const zAlg = z.enum(KEY_ALGORITHMS);

function toManagedKey(row: KeyRow): ManagedKey {
  const alg = zAlg.parse(row.alg);
  // jsonb read back is parsed (STYLE.md rule 10); a public key that disagrees with its row is corrupt.
  const publicJwk = zPublicJwk.parse(row.publicJwk);
  if (publicJwk.kid !== row.kid || publicJwk.alg !== alg) throw new Error(`managed key ${row.id}: public JWK does not match its row`);
  return {
    id: row.id,
    organisationId: row.organisationId,
    purpose: row.purpose,
    alg,
    kid: row.kid,
    publicJwk,
    state: row.state,
    createdAt: row.createdAt,
    retiredAt: row.retiredAt,
  };
}

function ofOrganisation(organisationId: string | null): SQL {
  return organisationId === null ? isNull(managedKeys.organisationId) : eq(managedKeys.organisationId, organisationId);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * PostgreSQL stores a uuid in lower case whatever case it was given in; the sealing context
 * must use that one form, or a key sealed under one spelling would not open under the other.
 */
function organisationIdOf(organisationId: string | null): string | null {
  if (organisationId === null) return null;
  if (typeof organisationId !== 'string' || !UUID.test(organisationId)) throw new TypeError('organisationId must be a UUID or null');
  return organisationId.toLowerCase();
}

function checkInput(input: CreateKeyInput): CreateKeyInput {
  if (!zAlg.safeParse(input.alg).success) throw new TypeError(`unsupported key algorithm ${String(input.alg)}`);
  if (typeof input.purpose !== 'string' || !/^[a-z0-9][a-z0-9.-]*$/.test(input.purpose)) throw new TypeError('key purpose must be a lower-case token');
  return { organisationId: organisationIdOf(input.organisationId), purpose: input.purpose, alg: input.alg };
}

/**
 * Serialises key creation and rotation per (organisation, purpose) until the transaction ends,
 * so two replicas rotating at once cannot leave two active keys. The lock is transaction-scoped
 * and taken inside the savepoint's outer transaction, so it also holds for callers' transactions.
 */
async function lockPurpose(tx: Db, organisationId: string | null, purpose: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext('dsp:managed-keys'), hashtext(${`${organisationId ?? 'platform'}:${purpose}`}))`);
}

export interface KeyStoreOptions {
  /** Row ids (default: random UUIDs). */
  newId?: () => string;
}

export function createKeyManagement(custody: KeyCustody, options: KeyStoreOptions = {}): KeyManagement<Db> {
  const newId = options.newId ?? randomUUID;

  /** The active key's row (sealed material included, for custody); newest first should two ever exist. */
  async function activeRow(db: Db, organisationId: string | null, purpose: string) {
    const [row] = await db
      .select()
      .from(managedKeys)
      .where(and(ofOrganisation(organisationId), eq(managedKeys.purpose, purpose), eq(managedKeys.state, 'active')))
      .orderBy(desc(managedKeys.createdAt))
      .limit(1);
    return row;
  }

  async function active(db: Db, organisationId: string | null, purpose: string): Promise<ManagedKey | undefined> {
    const row = await activeRow(db, organisationId, purpose);
    return row ? toManagedKey(row) : undefined;
  }

  /** Inserts a new active key, retiring the current one; the caller holds the purpose lock. */
  async function replaceActive(tx: Db, input: CreateKeyInput): Promise<ManagedKey> {
    const { publicJwk, custody: sealed } = await custody.generate(input);
    // clock_timestamp(), not now(): several keys created in one transaction still order by creation.
    await tx
      .update(managedKeys)
      .set({ state: 'retired', retiredAt: sql`clock_timestamp()` })
      .where(and(ofOrganisation(input.organisationId), eq(managedKeys.purpose, input.purpose), eq(managedKeys.state, 'active')));
    const [row] = await tx
      .insert(managedKeys)
      .values({
        id: newId(),
        organisationId: input.organisationId,
        purpose: input.purpose,
        alg: input.alg,
        kid: publicJwk.kid,
        publicJwk,
        sealed,
        state: 'active',
        createdAt: sql`clock_timestamp()`,
      })
      .returning();
    return toManagedKey(row!);
  }

  return {
    async createKey(db, given) {
      const input = checkInput(given);
      return db.transaction(async (tx) => {
        await lockPurpose(tx, input.organisationId, input.purpose);
        return replaceActive(tx, input);
      });
    },

    async ensureActiveKey(db, given) {
      const input = checkInput(given);
      const existing = await active(db, input.organisationId, input.purpose);
      if (existing) return existing;
      return db.transaction(async (tx) => {
        await lockPurpose(tx, input.organisationId, input.purpose);
        // Someone may have created it while we waited for the lock.
        return (await active(tx, input.organisationId, input.purpose)) ?? replaceActive(tx, input);
      });
    },

    activeKey: (db, organisationId, purpose) => active(db, organisationIdOf(organisationId), purpose),

    async listKeys(db, organisationId, purpose, { includeRetired = false } = {}) {
      organisationId = organisationIdOf(organisationId);
      const rows = await db
        .select()
        .from(managedKeys)
        .where(and(ofOrganisation(organisationId), eq(managedKeys.purpose, purpose), includeRetired ? undefined : eq(managedKeys.state, 'active')))
        // 'active' sorts before 'retired'.
        .orderBy(asc(managedKeys.state), desc(managedKeys.createdAt), asc(managedKeys.id));
      return rows.map(toManagedKey);
    },

    async getKey(db, organisationId, kid) {
      organisationId = organisationIdOf(organisationId);
      const [row] = await db
        .select()
        .from(managedKeys)
        .where(and(ofOrganisation(organisationId), eq(managedKeys.kid, kid)));
      return row ? toManagedKey(row) : undefined;
    },

    async rotate(db, organisationId, purpose, options = {}) {
      organisationId = organisationIdOf(organisationId);
      return db.transaction(async (tx) => {
        await lockPurpose(tx, organisationId, purpose);
        const current = await active(tx, organisationId, purpose);
        const alg: KeyAlgorithm | undefined = options.alg ?? current?.alg;
        if (!alg) throw new KeyNotFound(`no active ${purpose} key to rotate`);
        return replaceActive(tx, checkInput({ organisationId, purpose, alg }));
      });
    },

    async sign(db, organisationId, kid, data) {
      organisationId = organisationIdOf(organisationId);
      const [row] = await db
        .select({ kid: managedKeys.kid, alg: managedKeys.alg, purpose: managedKeys.purpose, state: managedKeys.state, sealed: managedKeys.sealed })
        .from(managedKeys)
        .where(and(ofOrganisation(organisationId), eq(managedKeys.kid, kid)));
      if (!row) throw new KeyNotFound();
      if (row.state !== 'active') throw new KeyRetired(kid);
      return custody.sign({ organisationId, purpose: row.purpose, alg: zAlg.parse(row.alg), kid: row.kid, custody: row.sealed }, data);
    },

    async activeSigner(db, organisationId, purpose) {
      organisationId = organisationIdOf(organisationId);
      const row = await activeRow(db, organisationId, purpose);
      if (!row) return undefined;
      const key = toManagedKey(row);
      const custodyKey = { organisationId, purpose: key.purpose, alg: key.alg, kid: key.kid, custody: row.sealed };
      return { key, sign: (data: Uint8Array) => custody.sign(custodyKey, data) };
    },

    seal(plaintext, context) {
      return custody.seal(typeof plaintext === 'string' ? Buffer.from(plaintext, 'utf8') : plaintext, context);
    },

    open(sealed, context) {
      return custody.open(sealed, context);
    },
  };
}

/** Key management with the local custody: keys sealed under config.secrets.keyEncryptionKey. */
export function createLocalKeyManagement(options: LocalKeyCustodyOptions & KeyStoreOptions): KeyManagement<Db> {
  return createKeyManagement(createLocalKeyCustody(options), options);
}
