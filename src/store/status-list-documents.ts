// Publication of an organisation's status lists: the signed documents verifiers fetch, built
// from the ledger (./status-ledger.ts) and kept in `status_list_documents`, one row per
// document, so every replica serves the same bytes (and ETag) and a list is signed once per
// change, not once per request.
//
// Freshness: a status change bumps its lists' revision in the change's own transaction. A
// stored document built from an older revision is stale, and so is one with less than half of
// its validity left (re-signed before `exp`, so a cached copy never expires in a verifier's
// hands while the issuer is up). `current()` returns the stored document when fresh and
// rebuilds it otherwise, so revoke-then-fetch always shows the revocation; `refresh()` is the
// same for every list of the organisation, for a scheduled job.
//
// Signing goes through the key-management port with the organisation's active
// `credential-signing` key (ES256): the private key never leaves custody; the header `kid` is
// `<issuer DID>#<kid>`, the verification method in the organisation's DID document.
import { createHash } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import {
  STATUS_LIST_MEDIA_TYPES,
  bitstringBitOf,
  createBitstringStatusListCredential,
  createStatusListToken,
  documentsOf,
  statusListUri,
  tokenStatusValueOf,
  type BitstringPurpose,
  type IssuerSigner,
  type StatusListDocumentId,
} from '../core/credentials/status/index.ts';
import type { KeyManagement } from '../platform/key-management.ts';
import { schema, type Db } from './database.ts';
import { scopeOf } from './scope.ts';
import { statusLedger, type StatusListRecord } from './status-ledger.ts';

const { statusListDocuments: documents, statusLists } = schema;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const STATUS_SIGNING_KEY_PURPOSE = 'credential-signing';

export interface StatusPublicationSettings {
  keys: KeyManagement<Db>;
  /** DSP_PUBLIC_URL: list URIs are built from it. */
  publicUrl: string;
  /** The organisation's DID (did:web:{host%3Aport}:orgs:{ods}); its key is `${did}#${kid}`. */
  issuerDid: (organisation: { id: string; odsCode: string }) => string;
  /** How long verifiers and HTTP caches may keep a document (ttl; Cache-Control max-age). Default 300 s. */
  ttlSeconds?: number;
  /** How long a signed document is valid (exp / validUntil). Default 24 h. */
  validitySeconds?: number;
}

export const DEFAULT_STATUS_TTL_SECONDS = 300;
export const DEFAULT_STATUS_VALIDITY_SECONDS = 86_400;

export interface PublishedStatusList {
  document: StatusListDocumentId;
  uri: string;
  body: string;
  /** A strong entity tag (RFC 9110 §8.8.3): a hash of the body. */
  etag: string;
  mediaType: string;
  ttlSeconds: number;
  revision: number;
  issuedAt: Date;
  expiresAt: Date;
}

type DocumentKey = 'token' | 'revocation' | 'suspension';
type ChangedIndexes = { revoked: number[]; suspended: number[] };
const CHANGED_STATES = ['revoked', 'suspended'] as const;

function keyOf(document: StatusListDocumentId): DocumentKey {
  return document.kind === 'token' ? 'token' : document.purpose;
}

/** [index, value] of every entry that is not VALID. */
function* tokenValues(changed: ChangedIndexes): Iterable<readonly [number, number]> {
  for (const state of ['revoked', 'suspended'] as const) {
    const value = tokenStatusValueOf(state);
    for (const index of changed[state]) yield [index, value];
  }
}

/** The indexes whose bit is set in the list published for `purpose`. */
function setBits(changed: ChangedIndexes, purpose: BitstringPurpose): number[] {
  return CHANGED_STATES.filter((state) => bitstringBitOf(state, purpose)).flatMap((state) => changed[state]);
}

function etagOf(body: string): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`;
}

export function checkPublicationSettings(settings: StatusPublicationSettings): Required<StatusPublicationSettings> {
  const ttlSeconds = settings.ttlSeconds ?? DEFAULT_STATUS_TTL_SECONDS;
  const validitySeconds = settings.validitySeconds ?? DEFAULT_STATUS_VALIDITY_SECONDS;
  if (!Number.isInteger(ttlSeconds) || ttlSeconds <= 0) throw new TypeError('status ttlSeconds must be a positive integer');
  if (!Number.isInteger(validitySeconds) || validitySeconds < 2 * ttlSeconds) throw new TypeError('status validitySeconds must be at least twice ttlSeconds');
  if (!/^https?:\/\//.test(settings.publicUrl)) throw new TypeError('status publicUrl must be an http(s) URL');
  return { ...settings, ttlSeconds, validitySeconds };
}

/** The published documents of one organisation's status lists. */
export function statusListDocuments(db: Db, organisation: { id: string; odsCode: string }, settings: StatusPublicationSettings) {
  const config = checkPublicationSettings(settings);
  const scope = scopeOf(organisation.id);
  const ledger = statusLedger(db, scope);
  const inScope = eq(documents.organisationId, scope.organisationId);

  async function signer(): Promise<IssuerSigner> {
    const key = await config.keys.ensureActiveKey(db, { organisationId: organisation.id, purpose: STATUS_SIGNING_KEY_PURPOSE, alg: 'ES256' });
    return {
      alg: 'ES256',
      kid: `${config.issuerDid(organisation)}#${key.kid}`,
      sign: (data) => config.keys.sign(db, organisation.id, key.kid, data),
    };
  }

  function fresh(row: typeof documents.$inferSelect, list: StatusListRecord, now: Date): boolean {
    const halfLife = (config.validitySeconds * 1000) / 2;
    return row.revision >= list.revision && row.expiresAt.getTime() - now.getTime() > halfLife;
  }

  function toPublished(document: StatusListDocumentId, row: typeof documents.$inferSelect): PublishedStatusList {
    return {
      document,
      uri: statusListUri(config.publicUrl, organisation.odsCode, document),
      body: row.body,
      etag: row.etag,
      mediaType: STATUS_LIST_MEDIA_TYPES[document.kind],
      ttlSeconds: config.ttlSeconds,
      revision: row.revision,
      issuedAt: row.issuedAt,
      expiresAt: row.expiresAt,
    };
  }

  async function stored(document: StatusListDocumentId) {
    const [row] = await db
      .select()
      .from(documents)
      .where(and(inScope, eq(documents.listId, document.listId), eq(documents.document, keyOf(document))));
    return row;
  }

  /** Builds, signs and stores a document from the list as it is now. */
  async function build(document: StatusListDocumentId, list: StatusListRecord, now: Date): Promise<PublishedStatusList> {
    // The revision is read before the entries: the document is at least as new as it says.
    const changed = await ledger.changedIndexes(list.id);
    const uri = statusListUri(config.publicUrl, organisation.odsCode, document);
    const common = {
      signer: await signer(),
      issuer: config.issuerDid(organisation),
      uri,
      size: list.size,
      now,
      validitySeconds: config.validitySeconds,
      ttlSeconds: config.ttlSeconds,
    };
    const body =
      document.kind === 'token'
        ? await createStatusListToken({ ...common, values: tokenValues(changed) })
        : await createBitstringStatusListCredential({ ...common, purpose: document.purpose, setIndexes: setBits(changed, document.purpose) });
    const issuedAt = new Date(Math.floor(now.getTime() / 1000) * 1000);
    const row = {
      organisationId: scope.organisationId,
      listId: list.id,
      document: keyOf(document),
      revision: list.revision,
      body,
      etag: etagOf(body),
      issuedAt,
      expiresAt: new Date(issuedAt.getTime() + config.validitySeconds * 1000),
    };
    // Two replicas may rebuild at once; the newer revision (then the later signature) wins.
    await db
      .insert(documents)
      .values(row)
      .onConflictDoUpdate({
        target: [documents.listId, documents.document],
        set: { revision: row.revision, body: row.body, etag: row.etag, issuedAt: row.issuedAt, expiresAt: row.expiresAt },
        setWhere: sql`${documents.organisationId} = ${scope.organisationId} and (${documents.revision} < excluded.revision or (${documents.revision} = excluded.revision and ${documents.issuedAt} <= excluded.issued_at))`,
      });
    return toPublished(document, row);
  }

  function matches(document: StatusListDocumentId, list: StatusListRecord): boolean {
    return list.kind === document.kind;
  }

  return {
    /** The document to serve: the stored one when fresh, else rebuilt now. Undefined for a list this organisation does not have. */
    async current(document: StatusListDocumentId, now: Date): Promise<PublishedStatusList | undefined> {
      if (!UUID.test(document.listId)) return undefined;
      // The list and its stored document in one statement (this is on every verification's path).
      const [found] = await db
        .select({ list: statusLists, row: documents })
        .from(statusLists)
        .leftJoin(documents, and(eq(documents.organisationId, statusLists.organisationId), eq(documents.listId, statusLists.id), eq(documents.document, keyOf(document))))
        .where(and(eq(statusLists.organisationId, scope.organisationId), eq(statusLists.id, document.listId)));
      if (!found || !matches(document, found.list)) return undefined;
      if (found.row && fresh(found.row, found.list, now)) return toPublished(document, found.row);
      return build(document, found.list, now);
    },

    /** Rebuilds a document whatever its state. */
    async publish(document: StatusListDocumentId, now: Date): Promise<PublishedStatusList | undefined> {
      const list = await ledger.getList(document.listId);
      if (!list || !matches(document, list)) return undefined;
      return build(document, list, now);
    },

    /** Rebuilds every stale document of the organisation's lists; returns how many were rebuilt. */
    async refresh(now: Date): Promise<number> {
      let rebuilt = 0;
      for (const list of await ledger.lists()) {
        for (const document of documentsOf(list.kind, list.id)) {
          const row = await stored(document);
          if (row && fresh(row, list, now)) continue;
          await build(document, list, now);
          rebuilt++;
        }
      }
      return rebuilt;
    },
  };
}

export type StatusListDocuments = ReturnType<typeof statusListDocuments>;
