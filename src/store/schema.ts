// The database schema, in Drizzle's TypeScript form. Migrations in ./migrations are
// generated from it with `npm run db:generate` (drizzle-kit) and committed; custom SQL
// (triggers) lives in hand-written migrations beside them. SQL stays within PostgreSQL 15
// because Debian's server is 15 while PGlite is 18 (DEPENDENCIES.md).
//
// Rule: every table that holds an organisation's data carries `organisation_id`, and every
// repository query on it is scoped by it (see ./scope.ts).
import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  customType,
  date,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

const createdAt = () => timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow();

export const organisations = pgTable(
  'organisations',
  {
    id: uuid('id').primaryKey(),
    odsCode: text('ods_code').notNull(),
    name: text('name').notNull(),
    kind: text('kind', { enum: ['trust', 'external', 'idsp'] }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('organisations_ods_code_key').on(sql`upper(${t.odsCode})`), check('organisations_kind_check', sql`${t.kind} in ('trust', 'external', 'idsp')`)],
);

export const employerUsers = pgTable(
  'employer_users',
  {
    id: uuid('id').primaryKey(),
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id, { onDelete: 'cascade' }),
    email: text('email').notNull(),
    displayName: text('display_name').notNull(),
    role: text('role', { enum: ['administrator', 'senior-administrator'] }).notNull(),
    status: text('status', { enum: ['invited', 'active', 'disabled'] }).notNull().default('invited'),
    passwordHash: text('password_hash'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('employer_users_org_email_key').on(t.organisationId, sql`lower(${t.email})`),
    // The target of the sign-in tables' composite keys: their rows can never hang off another trust's user.
    unique('employer_users_org_id_key').on(t.organisationId, t.id),
    check('employer_users_role_check', sql`${t.role} in ('administrator', 'senior-administrator')`),
  ],
);

/**
 * Append-only, hash-chained audit log. One chain per organisation (`chain` = organisation id,
 * or 'platform'), so appends for different trusts never wait on each other. A trigger
 * refuses UPDATE and DELETE; the chain makes tampering by someone who bypasses it detectable.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    chain: text('chain').notNull(),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    organisationId: uuid('organisation_id'),
    actor: text('actor').notNull(),
    action: text('action').notNull(),
    subject: text('subject').notNull(),
    correlationId: text('correlation_id').notNull(),
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull(),
    details: jsonb('details').notNull().default({}),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
    /** The audit_inbox row this entry was chained from (null for entries chained before the inbox existed). */
    inboxId: bigint('inbox_id', { mode: 'number' }),
  },
  (t) => [
    uniqueIndex('audit_log_chain_seq_key').on(t.chain, t.seq),
    index('audit_log_org_at_idx').on(t.organisationId, t.at),
    uniqueIndex('audit_log_inbox_id_key').on(t.inboxId),
  ],
);

/**
 * Audit entries recorded but not yet chained. An append inserts here, in the caller's
 * transaction and without any lock, so the entry exists exactly when the change commits and
 * concurrent requests of one organisation never queue behind each other; `flushAuditInbox`
 * then chains pending rows in id order under the chain's head lock and deletes them. Triggers
 * refuse UPDATE and TRUNCATE, and DELETE of a row that is not yet in audit_log.
 */
export const auditInbox = pgTable(
  'audit_inbox',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    chain: text('chain').notNull(),
    organisationId: uuid('organisation_id'),
    actor: text('actor').notNull(),
    action: text('action').notNull(),
    subject: text('subject').notNull(),
    correlationId: text('correlation_id').notNull(),
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull(),
    details: jsonb('details').notNull().default({}),
  },
  (t) => [index('audit_inbox_chain_id_idx').on(t.chain, t.id)],
);

/** The last entry of each audit chain: appends lock this row, so a chain never forks. */
export const auditHeads = pgTable('audit_heads', {
  chain: text('chain').primaryKey(),
  seq: bigint('seq', { mode: 'number' }).notNull(),
  hash: text('hash').notNull(),
});

/** Private keys and secrets sealed by the key-management port; never stored in the clear. */
export const managedKeys = pgTable(
  'managed_keys',
  {
    id: uuid('id').primaryKey(),
    organisationId: uuid('organisation_id').references(() => organisations.id, { onDelete: 'cascade' }),
    purpose: text('purpose').notNull(),
    alg: text('alg').notNull(),
    kid: text('kid').notNull(),
    publicJwk: jsonb('public_jwk').notNull(),
    /** The sealed private key (or secret): "v1.<kek id>.<iv>.<ciphertext>.<tag>" */
    sealed: text('sealed').notNull(),
    state: text('state', { enum: ['active', 'retired'] }).notNull().default('active'),
    createdAt: createdAt(),
    retiredAt: timestamp('retired_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [uniqueIndex('managed_keys_kid_key').on(t.kid), index('managed_keys_org_purpose_idx').on(t.organisationId, t.purpose, t.state)],
);

/** The persistent job queue (see src/jobs). */
export const jobs = pgTable(
  'jobs',
  {
    id: uuid('id').primaryKey(),
    queue: text('queue').notNull(),
    organisationId: uuid('organisation_id').references(() => organisations.id, { onDelete: 'cascade' }),
    payload: jsonb('payload').notNull().default({}),
    state: text('state', { enum: ['queued', 'running', 'done', 'failed'] }).notNull().default('queued'),
    runAt: timestamp('run_at', { withTimezone: true, mode: 'date' }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    maxAttempts: integer('max_attempts').notNull().default(5),
    lockedUntil: timestamp('locked_until', { withTimezone: true, mode: 'date' }),
    lockedBy: text('locked_by'),
    lastError: text('last_error'),
    singletonKey: text('singleton_key'),
    createdAt: createdAt(),
    finishedAt: timestamp('finished_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [
    index('jobs_due_idx').on(t.state, t.runAt),
    uniqueIndex('jobs_singleton_key').on(t.queue, t.singletonKey).where(sql`${t.singletonKey} is not null and ${t.state} in ('queued', 'running')`),
  ],
);

/** One row per (schedule, fire time): the primary key makes a cron firing happen once across replicas. */
export const scheduleRuns = pgTable(
  'schedule_runs',
  {
    schedule: text('schedule').notNull(),
    fireAt: timestamp('fire_at', { withTimezone: true, mode: 'date' }).notNull(),
    jobId: uuid('job_id').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.schedule, t.fireAt] })],
);

/** Every email and SMS the platform sends, whatever the provider; the local outbox reads it. */
export const notifications = pgTable(
  'notifications',
  {
    id: uuid('id').primaryKey(),
    organisationId: uuid('organisation_id').references(() => organisations.id, { onDelete: 'cascade' }),
    channel: text('channel', { enum: ['email', 'sms'] }).notNull(),
    recipient: text('recipient').notNull(),
    template: text('template').notNull(),
    subject: text('subject'),
    body: text('body').notNull(),
    provider: text('provider').notNull(),
    status: text('status', { enum: ['pending', 'sent', 'failed'] }).notNull().default('pending'),
    providerReference: text('provider_reference'),
    lastError: text('last_error'),
    createdAt: createdAt(),
    sentAt: timestamp('sent_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [index('notifications_created_idx').on(t.createdAt), index('notifications_org_created_idx').on(t.organisationId, t.createdAt)],
);

/**
 * Status lists of an organisation (src/core/credentials/status): `bitstring` lists carry the
 * status of jwt_vc_json credentials, `token` lists that of dc+sd-jwt credentials. `used` counts
 * allocated entries; once more than the fill limit is used the list is `full` and a new one is
 * opened. `revision` is bumped by every status change in the same transaction: a published
 * document built from an older revision is stale (the "dirty" mark).
 */
export const statusLists = pgTable(
  'status_lists',
  {
    id: uuid('id').primaryKey(),
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ['bitstring', 'token'] }).notNull(),
    size: integer('size').notNull(),
    used: integer('used').notNull().default(0),
    state: text('state', { enum: ['open', 'full'] }).notNull().default('open'),
    revision: bigint('revision', { mode: 'number' }).notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [
    // The target of the entries' and documents' (organisation, list) foreign keys.
    unique('status_lists_org_id_key').on(t.organisationId, t.id),
    index('status_lists_open_idx').on(t.organisationId, t.kind, t.createdAt).where(sql`${t.state} = 'open'`),
    check('status_lists_kind_check', sql`${t.kind} in ('bitstring', 'token')`),
    check('status_lists_state_check', sql`${t.state} in ('open', 'full')`),
    check('status_lists_used_check', sql`${t.size} > 0 and ${t.used} >= 0 and ${t.used} <= ${t.size}`),
  ],
);

/**
 * One row per (credential serial number, format): the credential's index in a status list and
 * its status. The primary key (list, idx) is what makes index allocation atomic; the
 * (organisation, list) foreign key keeps an entry inside its own organisation's list.
 */
export const statusEntries = pgTable(
  'status_entries',
  {
    organisationId: uuid('organisation_id').notNull(),
    listId: uuid('list_id').notNull(),
    idx: integer('idx').notNull(),
    serialNumber: uuid('serial_number').notNull(),
    format: text('format', { enum: ['jwt_vc_json', 'dc+sd-jwt'] }).notNull(),
    state: text('state', { enum: ['valid', 'suspended', 'revoked'] }).notNull().default('valid'),
    reason: text('reason'),
    createdAt: createdAt(),
    changedAt: timestamp('changed_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [
    primaryKey({ columns: [t.listId, t.idx] }),
    uniqueIndex('status_entries_serial_format_key').on(t.organisationId, t.serialNumber, t.format),
    // Publication reads only the entries that are not valid.
    index('status_entries_not_valid_idx').on(t.listId, t.idx).where(sql`${t.state} <> 'valid'`),
    foreignKey({ name: 'status_entries_list_fk', columns: [t.organisationId, t.listId], foreignColumns: [statusLists.organisationId, statusLists.id] }).onDelete('cascade'),
    check('status_entries_idx_check', sql`${t.idx} >= 0`),
    check('status_entries_format_check', sql`${t.format} in ('jwt_vc_json', 'dc+sd-jwt')`),
    check('status_entries_state_check', sql`${t.state} in ('valid', 'suspended', 'revoked')`),
  ],
);

/**
 * The signed list documents as last published, one per (list, document): `token`, or the
 * bitstring purposes `revocation` and `suspension`. Served as they are until the list's
 * revision moves past `revision` or the document nears `expires_at`, then rebuilt.
 */
export const statusListDocuments = pgTable(
  'status_list_documents',
  {
    organisationId: uuid('organisation_id').notNull(),
    listId: uuid('list_id').notNull(),
    document: text('document', { enum: ['token', 'revocation', 'suspension'] }).notNull(),
    revision: bigint('revision', { mode: 'number' }).notNull(),
    body: text('body').notNull(),
    etag: text('etag').notNull(),
    issuedAt: timestamp('issued_at', { withTimezone: true, mode: 'date' }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.listId, t.document] }),
    foreignKey({ name: 'status_list_documents_list_fk', columns: [t.organisationId, t.listId], foreignColumns: [statusLists.organisationId, statusLists.id] }).onDelete('cascade'),
    check('status_list_documents_document_check', sql`${t.document} in ('token', 'revocation', 'suspension')`),
  ],
);

/**
 * One "scan the QR code" step (docs/architecture.md D22): an issuance (OpenID4VCI offer) or a
 * presentation (OpenID4VP request) that a page shows as a QR code and a same-device link, and
 * whose outcome goes back to the part that asked. The protocol tables point at it.
 */
export const walletSessions = pgTable(
  'wallet_sessions',
  {
    id: uuid('id').primaryKey(),
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ['issuance', 'presentation'] }).notNull(),
    /** The caller's label, e.g. `access-key-download`, `employee-sign-in`. */
    purpose: text('purpose').notNull(),
    state: text('state', { enum: ['pending', 'in_progress', 'completed', 'failed', 'expired'] }).notNull().default('pending'),
    /** The openid-credential-offer:// or openid4vp:// link the QR code and the button carry. */
    walletUri: text('wallet_uri'),
    /** SHA-256 of a secret held by the browser that started the session (a cookie). */
    browserBinding: text('browser_binding').notNull(),
    /** A path on this site to continue to once the session ends. */
    returnTo: text('return_to').notNull(),
    /** What the caller needs afterwards (verified claims, issued serial numbers); never shown in URLs. */
    outcome: jsonb('outcome'),
    failure: text('failure'),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [index('wallet_sessions_org_state_idx').on(t.organisationId, t.state), index('wallet_sessions_expires_idx').on(t.expiresAt)],
);

// OpenID4VCI 1.0 issuance (src/gateway/oid4vci, docs/architecture.md D23). Everything a wallet's
// requests depend on lives here, because consecutive requests may land on different replicas.
// Secrets (pre-authorized codes, transaction codes, access tokens, nonces) are stored only as
// SHA-256 hashes; single-use things are consumed by one conditional UPDATE/DELETE … RETURNING.
const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * One credential offer (by reference: `credential_offer_uri` → `/orgs/{ods}/credential-offers/{id}`)
 * with its pre-authorized code. `credentials` is what will be issued, one entry per credential
 * configuration id; `holder_binding` says which wallet may receive it; `bound_thumbprint` is the
 * holder key of the first credential issued under the offer (every later one must use it).
 */
export const oid4vciOffers = pgTable(
  'oid4vci_offers',
  {
    id: uuid('id').primaryKey(),
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id, { onDelete: 'cascade' }),
    walletSessionId: uuid('wallet_session_id').notNull().references(() => walletSessions.id, { onDelete: 'cascade' }),
    dspId: text('dsp_id').notNull(),
    credentials: jsonb('credentials').notNull(),
    holderBinding: jsonb('holder_binding').notNull(),
    preAuthorizedCodeHash: text('pre_authorized_code_hash').notNull(),
    txCodeHash: text('tx_code_hash'),
    txCodeAttempts: integer('tx_code_attempts').notNull().default(0),
    codeConsumedAt: ts('code_consumed_at'),
    boundThumbprint: text('bound_thumbprint'),
    fetchedAt: ts('fetched_at'),
    createdAt: createdAt(),
    expiresAt: ts('expires_at').notNull(),
  },
  (t) => [
    uniqueIndex('oid4vci_offers_code_key').on(t.preAuthorizedCodeHash),
    unique('oid4vci_offers_org_id_key').on(t.organisationId, t.id),
    index('oid4vci_offers_session_idx').on(t.organisationId, t.walletSessionId),
    check('oid4vci_offers_attempts_check', sql`${t.txCodeAttempts} >= 0`),
  ],
);

/** Access tokens from the token endpoint: opaque, hashed, short-lived, bound to one offer and, with DPoP, to a key. */
export const oid4vciAccessTokens = pgTable(
  'oid4vci_access_tokens',
  {
    tokenHash: text('token_hash').primaryKey(),
    organisationId: uuid('organisation_id').notNull(),
    offerId: uuid('offer_id').notNull(),
    dpopJkt: text('dpop_jkt'),
    createdAt: createdAt(),
    expiresAt: ts('expires_at').notNull(),
  },
  (t) => [
    foreignKey({ name: 'oid4vci_access_tokens_offer_fk', columns: [t.organisationId, t.offerId], foreignColumns: [oid4vciOffers.organisationId, oid4vciOffers.id] }).onDelete('cascade'),
    index('oid4vci_access_tokens_expires_idx').on(t.expiresAt),
  ],
);

/** `c_nonce` values from the nonce endpoint; a key proof consumes its nonce by deleting the row. */
export const oid4vciNonces = pgTable(
  'oid4vci_nonces',
  {
    nonceHash: text('nonce_hash').primaryKey(),
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
    expiresAt: ts('expires_at').notNull(),
  },
  (t) => [index('oid4vci_nonces_expires_idx').on(t.expiresAt)],
);

/** DPoP proof `jti` values seen (RFC 9449 §11.1), kept until the proof's acceptance window has passed. */
export const oid4vciDpopJtis = pgTable(
  'oid4vci_dpop_jtis',
  {
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id, { onDelete: 'cascade' }),
    /** SHA-256 of `jkt:jti`: a jti is unique per key. */
    jtiHash: text('jti_hash').notNull(),
    expiresAt: ts('expires_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.organisationId, t.jtiHash] }), index('oid4vci_dpop_jtis_expires_idx').on(t.expiresAt)],
);

/**
 * Credentials issued through OpenID4VCI: the holder key each was bound to (which later offers
 * for the same DSP unique identifier must match) and the wallet's notification about it.
 */
export const oid4vciIssuedCredentials = pgTable(
  'oid4vci_issued_credentials',
  {
    serialNumber: uuid('serial_number').primaryKey(),
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id, { onDelete: 'cascade' }),
    /** No foreign key: this record (the holder-key history) outlives the offer, which is pruned with its wallet session. */
    offerId: uuid('offer_id').notNull(),
    credentialConfigurationId: text('credential_configuration_id').notNull(),
    credentialType: text('credential_type').notNull(),
    format: text('format', { enum: ['jwt_vc_json', 'dc+sd-jwt'] }).notNull(),
    dspId: text('dsp_id').notNull(),
    holderKeyThumbprint: text('holder_key_thumbprint').notNull(),
    notificationId: text('notification_id').notNull(),
    notificationEvent: text('notification_event', { enum: ['credential_accepted', 'credential_failure', 'credential_deleted'] }),
    notificationDescription: text('notification_description'),
    notifiedAt: ts('notified_at'),
    issuedAt: ts('issued_at').notNull(),
  },
  (t) => [
    // One credential per configuration per offer: a second request for it is refused, atomically.
    uniqueIndex('oid4vci_issued_offer_config_key').on(t.offerId, t.credentialConfigurationId),
    uniqueIndex('oid4vci_issued_notification_key').on(t.organisationId, t.notificationId),
    index('oid4vci_issued_dsp_idx').on(t.organisationId, t.dspId),
    check('oid4vci_issued_format_check', sql`${t.format} in ('jwt_vc_json', 'dc+sd-jwt')`),
    check(
      'oid4vci_issued_event_check',
      sql`${t.notificationEvent} is null or ${t.notificationEvent} in ('credential_accepted', 'credential_failure', 'credential_deleted')`,
    ),
  ],
);

/**
 * One OpenID4VP presentation request (src/gateway/oid4vp): the nonce and state of the signed
 * Request Object, the DCQL query, the per-request response encryption key (private half sealed
 * by the key-management port), and the single-use response code of the same-device flow. The
 * wallet session it serves is what pages and callers read. A row is fetched once
 * (`created` → `requested`) and answered once (→ `responded`), each by one conditional UPDATE.
 */
export const presentationTransactions = pgTable(
  'presentation_transactions',
  {
    id: uuid('id').primaryKey(),
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id, { onDelete: 'cascade' }),
    walletSessionId: uuid('wallet_session_id').notNull().references(() => walletSessions.id, { onDelete: 'cascade' }),
    status: text('status', { enum: ['created', 'requested', 'responded'] }).notNull().default('created'),
    /** Which link the wallet followed: the QR code's (cross-device) or the button's (same-device). */
    flow: text('flow', { enum: ['cross_device', 'same_device'] }),
    nonce: text('nonce').notNull(),
    /** The request's `state`: the response is matched by it. */
    state: text('state').notNull(),
    responseMode: text('response_mode', { enum: ['direct_post', 'direct_post.jwt'] }).notNull(),
    dcqlQuery: jsonb('dcql_query').notNull(),
    /** How each DCQL query id maps back to the caller's credential ids. */
    queryBindings: jsonb('query_bindings').notNull(),
    purpose: text('purpose').notNull(),
    /** When set, only credentials about this person (their DSP unique identifier) answer: a share started by a signed-in person. */
    expectedDspId: text('expected_dsp_id'),
    encryptionKid: text('encryption_kid'),
    encryptionPublicJwk: jsonb('encryption_public_jwk'),
    encryptionPrivateSealed: text('encryption_private_sealed'),
    /** SHA-256 of the same-device response code; cleared when used. */
    responseCodeDigest: text('response_code_digest'),
    responseCodeExpiresAt: timestamp('response_code_expires_at', { withTimezone: true, mode: 'date' }),
    createdAt: createdAt(),
    requestedAt: timestamp('requested_at', { withTimezone: true, mode: 'date' }),
    respondedAt: timestamp('responded_at', { withTimezone: true, mode: 'date' }),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [
    uniqueIndex('presentation_transactions_state_key').on(t.organisationId, t.state),
    uniqueIndex('presentation_transactions_enc_kid_key').on(t.organisationId, t.encryptionKid),
    index('presentation_transactions_session_idx').on(t.organisationId, t.walletSessionId),
    index('presentation_transactions_expires_idx').on(t.expiresAt),
    check('presentation_transactions_status_check', sql`${t.status} in ('created', 'requested', 'responded')`),
    check('presentation_transactions_flow_check', sql`${t.flow} is null or ${t.flow} in ('cross_device', 'same_device')`),
    check('presentation_transactions_mode_check', sql`${t.responseMode} in ('direct_post', 'direct_post.jwt')`),
  ],
);

// The OIDC provider face for external systems (src/gateway/oidc, docs/architecture.md D30).

/**
 * A registered external system (an OAuth client of the gateway), owned by one organisation:
 * what it issues is issued by that organisation's DID. The secret (256 random bits) is stored only
 * as a SHA-256 hash; during a rotation the previous hash stays valid until `previous_secret_expires_at`.
 */
export const oidcClients = pgTable(
  'oidc_clients',
  {
    clientId: text('client_id').primaryKey(),
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    secretHash: text('secret_hash').notNull(),
    previousSecretHash: text('previous_secret_hash'),
    previousSecretExpiresAt: ts('previous_secret_expires_at'),
    redirectUris: jsonb('redirect_uris').notNull(),
    /** Catalogue types the client may ask to verify (besides Identity) and, where its organisation may, issue. */
    credentialTypes: jsonb('credential_types').notNull(),
    /** Public keys for private_key_jwt client authentication (RFC 7523), or null. */
    jwks: jsonb('jwks'),
    idTokenSignedResponseAlg: text('id_token_signed_response_alg').notNull().default('ES256'),
    disabledAt: ts('disabled_at'),
    createdAt: createdAt(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [index('oidc_clients_org_idx').on(t.organisationId), check('oidc_clients_alg_check', sql`${t.idTokenSignedResponseAlg} in ('ES256', 'RS256')`)],
);

/**
 * oidc-provider's models (sessions, interactions, grants, codes, PAR requests, tokens, replay
 * detection), one row per model instance. `consumed_at` is set by one conditional UPDATE, so a
 * code or request_uri is used at most once even across replicas.
 */
export const oidcPayloads = pgTable(
  'oidc_payloads',
  {
    model: text('model').notNull(),
    id: text('id').notNull(),
    payload: jsonb('payload').notNull(),
    grantId: text('grant_id'),
    userCode: text('user_code'),
    uid: text('uid'),
    expiresAt: ts('expires_at'),
    consumedAt: ts('consumed_at'),
  },
  (t) => [
    primaryKey({ columns: [t.model, t.id] }),
    index('oidc_payloads_grant_idx').on(t.grantId),
    index('oidc_payloads_uid_idx').on(t.model, t.uid),
    index('oidc_payloads_expires_idx').on(t.expiresAt),
  ],
);

/**
 * The gateway's own ID token signing keys (ES256 and RS256). oidc-provider signs in process, so the
 * private JWK is sealed by the key-management port (context `oidc-signing-key:<kid>`), opened at start.
 */
export const oidcSigningKeys = pgTable(
  'oidc_signing_keys',
  {
    kid: text('kid').primaryKey(),
    alg: text('alg', { enum: ['ES256', 'RS256'] }).notNull(),
    publicJwk: jsonb('public_jwk').notNull(),
    sealedPrivateJwk: text('sealed_private_jwk').notNull(),
    state: text('state', { enum: ['active', 'retired'] }).notNull().default('active'),
    createdAt: createdAt(),
    retiredAt: ts('retired_at'),
  },
  (t) => [uniqueIndex('oidc_signing_keys_active_key').on(t.alg).where(sql`${t.state} = 'active'`)],
);

/**
 * Which wallet session an OIDC interaction (one /authorize) is running; a retry replaces it.
 * Scoped by the client's organisation, whose DID asks the wallet or issues to it.
 */
export const oidcInteractions = pgTable(
  'oidc_interactions',
  {
    uid: text('uid').primaryKey(),
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id, { onDelete: 'cascade' }),
    clientId: text('client_id').notNull(),
    mode: text('mode', { enum: ['verify', 'issue'] }).notNull(),
    walletSessionId: uuid('wallet_session_id').references(() => walletSessions.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    expiresAt: ts('expires_at').notNull(),
  },
  (t) => [index('oidc_interactions_expires_idx').on(t.expiresAt)],
);

// Staff passports and what a trust provides to them (src/core/passport, docs/architecture.md
// D37). Every table is organisation-scoped; rows of one passport point at it through the
// composite (organisation_id, passport_id) key, so a row can never belong to a passport of
// another trust. Enumerations are mirrored by check constraints and by the core's constants
// (src/core/passport/*.ts; a test compares them).
const inList = (column: unknown, values: readonly string[]) => sql`${column} in (${sql.raw(values.map((v) => `'${v}'`).join(', '))})`;

const PASSPORT_STATUSES = [
  'invited',
  'signed-up',
  'identity-shared',
  'appointment-needed',
  'identity-declined',
  'credentials-pending',
  'active',
  'deactivated',
  'disabled',
] as const;
const ESR_LINK_STATES = ['unlinked', 'unconfirmed', 'linked'] as const;
const IDENTITY_ROUTES = ['digital-identity', 'face-to-face'] as const;
const CREDENTIALS_REVIEW_OUTCOMES = ['completed', 'bypassed'] as const;
const SHARED_CREDENTIAL_STATES = ['to-review', 'accepted', 'rejected'] as const;
const SHARED_CREDENTIAL_DRAFTS = ['accept', 'reject'] as const;
const INVITATION_STATES = ['sent', 'accepted', 'superseded', 'expired', 'cancelled'] as const;
const PROVIDED_STATES = ['pending', 'accepted', 'declined', 'withdrawn', 'archived', 'expired', 'revoked'] as const;
const PROVIDED_SOURCES = ['esr', 'manual', 'request'] as const;
const TEAMS = ['hr', 'occupational-health', 'education-training'] as const;
const JOB_RUN_STATES = ['queued', 'running', 'retrying', 'succeeded', 'failed'] as const;
const JOB_RUN_TRIGGERS = ['schedule', 'manual'] as const;

/** A trust's System Management settings (DOMAIN.md E3): whether credentials are provided from ESR automatically. */
export const trustSettings = pgTable('trust_settings', {
  organisationId: uuid('organisation_id')
    .primaryKey()
    .references(() => organisations.id, { onDelete: 'cascade' }),
  autoProvide: boolean('auto_provide').notNull().default(false),
  updatedAt: ts('updated_at').notNull().defaultNow(),
  /** Who changed it last, as an identifier (`user:<id>`, `system:cli`). */
  updatedBy: text('updated_by').notNull(),
});

/** The team mailboxes of a trust (DOMAIN.md E3): one per team, each with its weekly summary on or off. */
export const teamMailboxes = pgTable(
  'team_mailboxes',
  {
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    team: text('team', { enum: TEAMS }).notNull(),
    email: text('email').notNull(),
    weeklySummary: boolean('weekly_summary').notNull().default(true),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.organisationId, t.team] }), check('team_mailboxes_team_check', inList(t.team, TEAMS))],
);

/**
 * One person's staff passport at one trust (DOMAIN.md §3): who they are, how to reach them, where
 * they are in the trust's journey, and their ESR link (assignment number + link state). The same
 * email or mobile cannot be on two passports of one trust (DOMAIN.md E4.5: a duplicate), nor one
 * ESR assignment number on two linked passports.
 */
export const staffPassports = pgTable(
  'staff_passports',
  {
    id: uuid('id').primaryKey(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    givenName: text('given_name').notNull(),
    middleNames: text('middle_names'),
    familyName: text('family_name').notNull(),
    /** `YYYY-MM-DD`; optional on an invitation (DOMAIN.md E4.2). */
    dateOfBirth: date('date_of_birth', { mode: 'string' }),
    /** The DSP unique identifier, once the person's identity credential exists (DOMAIN.md §9 #2). */
    dspId: text('dsp_id'),
    /** Lower-cased. */
    email: text('email'),
    /** Normalised UK mobile (`07…`). */
    mobile: text('mobile'),
    /** The person's chosen notification channels (DOMAIN.md S11). */
    notifyByEmail: boolean('notify_by_email').notNull().default(true),
    notifyBySms: boolean('notify_by_sms').notNull().default(true),
    staffGroup: text('staff_group'),
    jobRole: text('job_role'),
    employmentType: text('employment_type'),
    employmentStatus: text('employment_status'),
    orielPin: text('oriel_pin'),
    status: text('status', { enum: PASSPORT_STATUSES }).notNull().default('invited'),
    esrAssignmentNumber: text('esr_assignment_number'),
    esrLinkState: text('esr_link_state', { enum: ESR_LINK_STATES }).notNull().default('unlinked'),
    /** ESR's person id behind the assignment (the change feed names people by it); learnt on the first read. */
    esrPersonId: text('esr_person_id'),
    esrLinkedAt: ts('esr_linked_at'),
    esrLinkedBy: text('esr_linked_by'),
    /** When every ESR record of the person was last read and provided; null = a full read is due (new link). */
    esrSyncedAt: ts('esr_synced_at'),
    /** Weekly pending-credential reminders sent since something was last provided (DOMAIN.md E16). */
    pendingRemindersSent: integer('pending_reminders_sent').notNull().default(0),
    pendingRemindedAt: ts('pending_reminded_at'),
    /** Sign-up (DOMAIN.md S1): the privacy notice and terms version accepted, and when. */
    termsVersion: text('terms_version'),
    termsAcceptedAt: ts('terms_accepted_at'),
    /** S1.4: `digital-identity` (shared from an identity service provider) or `face-to-face`. */
    identityRoute: text('identity_route', { enum: IDENTITY_ROUTES }),
    /** S1.5: the verified presentation of the person's digital identity, for HR's review (E5). */
    sharedIdentity: jsonb('shared_identity'),
    /** S1.6: when the person proved the email address and the mobile by a 6-digit code. */
    emailVerifiedAt: ts('email_verified_at'),
    mobileVerifiedAt: ts('mobile_verified_at'),
    /** S1.9: when the person finished signing up ("Details received"). */
    signedUpAt: ts('signed_up_at'),
    /** E9.3–4: when HR completed or bypassed the credentials required (the passport is then "Reviewed"). */
    credentialsReviewedAt: ts('credentials_reviewed_at'),
    credentialsReviewOutcome: text('credentials_review_outcome', { enum: CREDENTIALS_REVIEW_OUTCOMES }),
    /** Who completed or bypassed (an actor identifier, D37). */
    credentialsReviewedBy: text('credentials_reviewed_by'),
    createdAt: createdAt(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    unique('staff_passports_org_id_key').on(t.organisationId, t.id),
    uniqueIndex('staff_passports_org_email_key').on(t.organisationId, sql`lower(${t.email})`).where(sql`${t.email} is not null`),
    uniqueIndex('staff_passports_org_mobile_key').on(t.organisationId, t.mobile).where(sql`${t.mobile} is not null`),
    uniqueIndex('staff_passports_org_dsp_id_key').on(t.organisationId, t.dspId).where(sql`${t.dspId} is not null`),
    uniqueIndex('staff_passports_org_esr_linked_key').on(t.organisationId, t.esrAssignmentNumber).where(sql`${t.esrLinkState} = 'linked'`),
    index('staff_passports_org_esr_person_idx').on(t.organisationId, t.esrPersonId).where(sql`${t.esrPersonId} is not null`),
    index('staff_passports_org_status_idx').on(t.organisationId, t.status),
    // Linked passports whose records were never read: auto-provide reads them in full.
    index('staff_passports_esr_unsynced_idx').on(t.organisationId).where(sql`${t.esrLinkState} = 'linked' and ${t.esrSyncedAt} is null`),
    index('staff_passports_org_names_idx').on(t.organisationId, t.familyName, t.givenName),
    check('staff_passports_status_check', inList(t.status, PASSPORT_STATUSES)),
    check('staff_passports_esr_link_state_check', inList(t.esrLinkState, ESR_LINK_STATES)),
    // No number, no link; a number is either waiting for HR to confirm it or linked (DOMAIN.md E6).
    check('staff_passports_esr_link_check', sql`(${t.esrLinkState} = 'unlinked') = (${t.esrAssignmentNumber} is null)`),
    check('staff_passports_reminders_check', sql`${t.pendingRemindersSent} >= 0`),
    check('staff_passports_identity_route_check', inList(t.identityRoute, IDENTITY_ROUTES)),
    check('staff_passports_review_outcome_check', inList(t.credentialsReviewOutcome, CREDENTIALS_REVIEW_OUTCOMES)),
  ],
);

/**
 * An invitation to join (DOMAIN.md E4, S1): the emailed link (only its hash is stored), when it was
 * sent and expires, and the reminders sent (DOMAIN.md §9 #11). A resend supersedes the live one, so a
 * passport has at most one invitation in state `sent`.
 */
export const invitations = pgTable(
  'invitations',
  {
    id: uuid('id').primaryKey(),
    organisationId: uuid('organisation_id').notNull(),
    passportId: uuid('passport_id').notNull(),
    state: text('state', { enum: INVITATION_STATES }).notNull().default('sent'),
    /** SHA-256 of the link's token. */
    tokenHash: text('token_hash').notNull(),
    sentAt: ts('sent_at').notNull(),
    sentBy: text('sent_by').notNull(),
    expiresAt: ts('expires_at').notNull(),
    remindersSent: integer('reminders_sent').notNull().default(0),
    lastRemindedAt: ts('last_reminded_at'),
    /** When it left `sent` (accepted, superseded by a resend, expired, cancelled). */
    closedAt: ts('closed_at'),
  },
  (t) => [
    foreignKey({ name: 'invitations_passport_fk', columns: [t.organisationId, t.passportId], foreignColumns: [staffPassports.organisationId, staffPassports.id] }).onDelete('cascade'),
    uniqueIndex('invitations_token_hash_key').on(t.tokenHash),
    uniqueIndex('invitations_live_key').on(t.organisationId, t.passportId).where(sql`${t.state} = 'sent'`),
    index('invitations_org_state_sent_idx').on(t.organisationId, t.state, t.sentAt),
    check('invitations_state_check', inList(t.state, INVITATION_STATES)),
    check('invitations_reminders_check', sql`${t.remindersSent} >= 0`),
  ],
);

/**
 * A credential a trust has provided to a passport (DOMAIN.md §3, E7): offered in the employee
 * portal, `pending` until the person accepts it into their wallet. `slot_key` names which
 * credential it is a version of (e.g. one core skill competency); `dedupe_key`, when set, is unique
 * per passport, which is what makes providing idempotent (a re-run inserts nothing twice).
 * `supersedes` points at the version it replaces.
 */
export const providedCredentials = pgTable(
  'provided_credentials',
  {
    id: uuid('id').primaryKey(),
    organisationId: uuid('organisation_id').notNull(),
    passportId: uuid('passport_id').notNull(),
    credentialType: text('credential_type').notNull(),
    /** The catalogue subject, without `dspId` (added when it is issued). */
    subject: jsonb('subject').notNull(),
    /** The catalogue's per-instance title, e.g. "Safeguarding Adults (Level 2)". */
    title: text('title').notNull(),
    source: text('source', { enum: PROVIDED_SOURCES }).notNull(),
    slotKey: text('slot_key').notNull(),
    dedupeKey: text('dedupe_key'),
    supersedes: uuid('supersedes'),
    state: text('state', { enum: PROVIDED_STATES }).notNull().default('pending'),
    stateReason: text('state_reason'),
    expiresAt: ts('expires_at'),
    /** The issued credential's serial number, once accepted into the wallet. */
    serialNumber: uuid('serial_number'),
    providedAt: ts('provided_at').notNull(),
    providedBy: text('provided_by').notNull(),
    stateChangedAt: ts('state_changed_at').notNull(),
    /** The job run that provided it, when a job did. */
    jobRunId: uuid('job_run_id'),
    /** E11: HR marked the staff member's rejection (`declined`) as dealt with; cleared by Unresolve. */
    resolvedAt: ts('resolved_at'),
    /** E11: who resolved it (an actor identifier, D37). */
    resolvedBy: text('resolved_by'),
  },
  (t) => [
    unique('provided_credentials_org_id_key').on(t.organisationId, t.id),
    foreignKey({
      name: 'provided_credentials_passport_fk',
      columns: [t.organisationId, t.passportId],
      foreignColumns: [staffPassports.organisationId, staffPassports.id],
    }).onDelete('cascade'),
    foreignKey({ name: 'provided_credentials_supersedes_fk', columns: [t.organisationId, t.supersedes], foreignColumns: [t.organisationId, t.id] }),
    uniqueIndex('provided_credentials_dedupe_key').on(t.organisationId, t.passportId, t.dedupeKey).where(sql`${t.dedupeKey} is not null`),
    index('provided_credentials_slot_idx').on(t.organisationId, t.passportId, t.slotKey),
    index('provided_credentials_org_state_idx').on(t.organisationId, t.state, t.providedAt),
    index('provided_credentials_expiry_idx').on(t.organisationId, t.expiresAt).where(sql`${t.state} in ('pending', 'accepted')`),
    uniqueIndex('provided_credentials_serial_key').on(t.organisationId, t.serialNumber).where(sql`${t.serialNumber} is not null`),
    check('provided_credentials_state_check', inList(t.state, PROVIDED_STATES)),
    check('provided_credentials_source_check', inList(t.source, PROVIDED_SOURCES)),
  ],
);

/** What happened to a passport, when and by whom (DOMAIN.md S11 "Passport history"), newest first. */
export const passportHistory = pgTable(
  'passport_history',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    organisationId: uuid('organisation_id').notNull(),
    passportId: uuid('passport_id').notNull(),
    at: ts('at').notNull(),
    /** An identifier (`user:<id>`, `staff:<passport id>`, `system:<job>`), never a name. */
    actor: text('actor').notNull(),
    event: text('event').notNull(),
    /** The provided credential it concerns, if any (no foreign key: history outlives a deleted row). */
    credentialId: uuid('credential_id'),
    details: jsonb('details').notNull().default({}),
  },
  (t) => [
    foreignKey({ name: 'passport_history_passport_fk', columns: [t.organisationId, t.passportId], foreignColumns: [staffPassports.organisationId, staffPassports.id] }).onDelete('cascade'),
    index('passport_history_passport_idx').on(t.organisationId, t.passportId, t.id),
  ],
);

/** Where a trust's reading of the ESR change feed has got to (an opaque cursor from the ESR port). */
export const esrSyncState = pgTable('esr_sync_state', {
  organisationId: uuid('organisation_id')
    .primaryKey()
    .references(() => organisations.id, { onDelete: 'cascade' }),
  cursor: text('cursor'),
  syncedAt: ts('synced_at'),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

/**
 * One run of a trust's scheduled job (auto-provide, reminders, weekly summary, expiry sweep):
 * `(organisation, job, run_key)` is unique, so a schedule firing (run_key = fire time) becomes at
 * most one run per trust however often it is fanned out; manual runs get their own key. The
 * latest row per job is what senior portal administrators see as "last run".
 */
export const jobRuns = pgTable(
  'job_runs',
  {
    id: uuid('id').primaryKey(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    job: text('job').notNull(),
    runKey: text('run_key').notNull(),
    trigger: text('trigger', { enum: JOB_RUN_TRIGGERS }).notNull(),
    requestedBy: text('requested_by').notNull(),
    state: text('state', { enum: JOB_RUN_STATES }).notNull().default('queued'),
    /** The queue's job (jobs.id) that runs it; jobs rows are pruned, this record stays. */
    queueJobId: uuid('queue_job_id'),
    attempts: integer('attempts').notNull().default(0),
    /** Counts of what the run did (e.g. `{"provided": 12, "passports": 40}`); identifiers and numbers only. */
    summary: jsonb('summary').notNull().default({}),
    /** Why the last attempt failed, for operators and administrators; never personal data. */
    error: text('error'),
    retryAt: ts('retry_at'),
    createdAt: createdAt(),
    startedAt: ts('started_at'),
    finishedAt: ts('finished_at'),
  },
  (t) => [
    uniqueIndex('job_runs_run_key').on(t.organisationId, t.job, t.runKey),
    index('job_runs_latest_idx').on(t.organisationId, t.job, t.createdAt),
    check('job_runs_state_check', inList(t.state, JOB_RUN_STATES)),
    check('job_runs_trigger_check', inList(t.trigger, JOB_RUN_TRIGGERS)),
  ],
);

// ---- Employer portal sign-in (D38) ----

const EMPLOYER_SESSION_STAGES = ['second-factor', 'enrolment', 'signed-in'] as const;
const SECOND_FACTOR_KINDS = ['totp', 'sms'] as const;

/**
 * A browser's session in one trust's employer portal (D38). Only the SHA-256 of the cookie's
 * random token is stored. `second-factor`: the password was right and the code is due;
 * `enrolment`: the password was right (or just set) and the user has no second factor yet;
 * `signed-in`: both factors done. Idle expiry is judged from `last_seen_at`, absolute expiry is
 * `expires_at`. An SMS sign-in code belongs to the session that asked for it (hash only, single use).
 */
export const employerSessions = pgTable(
  'employer_sessions',
  {
    id: uuid('id').primaryKey(),
    organisationId: uuid('organisation_id').notNull(),
    userId: uuid('user_id').notNull(),
    tokenHash: text('token_hash').notNull(),
    stage: text('stage', { enum: EMPLOYER_SESSION_STAGES }).notNull(),
    createdAt: ts('created_at').notNull(),
    lastSeenAt: ts('last_seen_at').notNull(),
    expiresAt: ts('expires_at').notNull(),
    smsCodeHash: text('sms_code_hash'),
    smsCodeExpiresAt: ts('sms_code_expires_at'),
    smsCodeSentAt: ts('sms_code_sent_at'),
  },
  (t) => [
    foreignKey({ name: 'employer_sessions_user_fk', columns: [t.organisationId, t.userId], foreignColumns: [employerUsers.organisationId, employerUsers.id] }).onDelete('cascade'),
    uniqueIndex('employer_sessions_token_hash_key').on(t.tokenHash),
    index('employer_sessions_org_user_idx').on(t.organisationId, t.userId),
    index('employer_sessions_expires_idx').on(t.expiresAt),
    check('employer_sessions_stage_check', inList(t.stage, EMPLOYER_SESSION_STAGES)),
  ],
);

/**
 * A user's second factor (one per user): an authenticator app (the TOTP seed sealed by the
 * key-management port under `totp-seed:<user id>`) or a UK mobile for SMS codes. Unconfirmed
 * (`confirmed_at` null) while the user is enrolling; a senior administrator's reset deletes it.
 * `last_totp_step` refuses a TOTP code used once already (RFC 6238 §5.2).
 */
export const employerSecondFactors = pgTable(
  'employer_second_factors',
  {
    organisationId: uuid('organisation_id').notNull(),
    userId: uuid('user_id').notNull(),
    kind: text('kind', { enum: SECOND_FACTOR_KINDS }).notNull(),
    totpSeedSealed: text('totp_seed_sealed'),
    mobile: text('mobile'),
    confirmedAt: ts('confirmed_at'),
    lastTotpStep: bigint('last_totp_step', { mode: 'number' }),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.organisationId, t.userId] }),
    foreignKey({ name: 'employer_second_factors_user_fk', columns: [t.organisationId, t.userId], foreignColumns: [employerUsers.organisationId, employerUsers.id] }).onDelete('cascade'),
    check('employer_second_factors_kind_check', inList(t.kind, SECOND_FACTOR_KINDS)),
    check('employer_second_factors_shape_check', sql`(${t.kind} = 'totp') = (${t.totpSeedSealed} is not null) and (${t.kind} = 'sms') = (${t.mobile} is not null)`),
  ],
);

/**
 * Failed sign-in attempts and lockout per trust and account key (SHA-256 of the lower-cased email
 * typed), kept for unknown emails too so a lockout says nothing about which addresses exist.
 */
export const employerSignInLocks = pgTable(
  'employer_sign_in_locks',
  {
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    accountKey: text('account_key').notNull(),
    passwordFailures: integer('password_failures').notNull().default(0),
    codeFailures: integer('code_failures').notNull().default(0),
    lockedUntil: ts('locked_until'),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.organisationId, t.accountKey] }), check('employer_sign_in_locks_counts_check', sql`${t.passwordFailures} >= 0 and ${t.codeFailures} >= 0`)],
);

/**
 * The emailed link with which a new user sets their password (then their second factor). Only the
 * SHA-256 of its token is stored; used once (`used_at`), expires, and a resend closes the live one.
 */
export const employerUserSetupLinks = pgTable(
  'employer_user_setup_links',
  {
    id: uuid('id').primaryKey(),
    organisationId: uuid('organisation_id').notNull(),
    userId: uuid('user_id').notNull(),
    tokenHash: text('token_hash').notNull(),
    createdAt: ts('created_at').notNull(),
    createdBy: text('created_by').notNull(),
    expiresAt: ts('expires_at').notNull(),
    /** When it was used or superseded; null while live. */
    closedAt: ts('closed_at'),
  },
  (t) => [
    foreignKey({ name: 'employer_user_setup_links_user_fk', columns: [t.organisationId, t.userId], foreignColumns: [employerUsers.organisationId, employerUsers.id] }).onDelete('cascade'),
    uniqueIndex('employer_user_setup_links_token_hash_key').on(t.tokenHash),
    uniqueIndex('employer_user_setup_links_live_key').on(t.organisationId, t.userId).where(sql`${t.closedAt} is null`),
  ],
);

// Credentials-required checklists (DOMAIN.md E3, E9.2, §9 #25; docs/architecture.md D41). The
// enumerations are mirrored from the core (STAFF_GROUPS in the catalogue, EMPLOYMENT_TYPES and
// CHECKLIST_CREDENTIAL_TYPES in src/core/passport; credentials-required.test.ts compares them).
const CHECKLIST_STAFF_GROUPS = [
  'Additional Clinical Services',
  'Additional Professional Scientific and Technical',
  'Administrative and Clerical',
  'Allied Health Professionals',
  'Estates and Ancillary',
  'Healthcare Scientists',
  'Medical and Dental',
  'Nursing and Midwifery Registered',
  'Students – non-medical',
  'Students – medical undergraduate',
] as const;
const CHECKLIST_EMPLOYMENT_TYPES = ['Permanent or fixed term', 'Temporary mover'] as const;

/**
 * A trust's "credentials required" checklist: the credential types it requires of a staff group,
 * optionally narrowed to a job role and/or an employment type (null = any). One checklist per
 * (staff group, job role ignoring case, employment type) in a trust, so a double submit or two
 * administrators adding the same checklist make one row.
 */
export const credentialsRequiredChecklists = pgTable(
  'credentials_required_checklists',
  {
    id: uuid('id').primaryKey(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    staffGroup: text('staff_group').notNull(),
    /** As the administrator typed it (trimmed, inner spaces collapsed); matched ignoring case. */
    jobRole: text('job_role'),
    employmentType: text('employment_type'),
    /** Catalogue type ids, in the catalogue's order, at least one. */
    credentialTypes: text('credential_types').array().notNull(),
    createdAt: createdAt(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    /** Who changed it last, as an identifier (`user:<id>`). */
    updatedBy: text('updated_by').notNull(),
  },
  (t) => [
    uniqueIndex('credentials_required_checklists_criteria_key').on(t.organisationId, t.staffGroup, sql`lower(coalesce(${t.jobRole}, ''))`, sql`coalesce(${t.employmentType}, '')`),
    // For later tables that name a checklist of the same trust (e.g. a passport's completed checklist).
    unique('credentials_required_checklists_org_id_key').on(t.organisationId, t.id),
    check('credentials_required_checklists_staff_group_check', inList(t.staffGroup, CHECKLIST_STAFF_GROUPS)),
    check('credentials_required_checklists_employment_type_check', sql`${t.employmentType} is null or ${inList(t.employmentType, CHECKLIST_EMPLOYMENT_TYPES)}`),
    check('credentials_required_checklists_types_check', sql`cardinality(${t.credentialTypes}) > 0`),
  ],
);

const CREDENTIAL_REQUEST_STATES = ['open', 'reviewed'] as const;
const CREDENTIAL_REQUEST_ITEM_STATES = ['pending', 'provided', 'rejected'] as const;

/**
 * A staff member's request that their trust provide credentials (DOMAIN.md E8): made in the
 * employee portal, reviewed by HR in the employer portal. `open` until every item has been
 * provided or rejected; the review is one transaction that decides every item at once.
 */
export const credentialRequests = pgTable(
  'credential_requests',
  {
    id: uuid('id').primaryKey(),
    organisationId: uuid('organisation_id').notNull(),
    passportId: uuid('passport_id').notNull(),
    state: text('state', { enum: CREDENTIAL_REQUEST_STATES }).notNull().default('open'),
    /** Who asked, as an identifier (`staff:<passport id>`). */
    requestedBy: text('requested_by').notNull(),
    requestedAt: ts('requested_at').notNull(),
    /** A note from the staff member, if any. */
    note: text('note'),
    reviewedAt: ts('reviewed_at'),
    reviewedBy: text('reviewed_by'),
  },
  (t) => [
    unique('credential_requests_org_id_key').on(t.organisationId, t.id),
    foreignKey({ name: 'credential_requests_passport_fk', columns: [t.organisationId, t.passportId], foreignColumns: [staffPassports.organisationId, staffPassports.id] }).onDelete('cascade'),
    index('credential_requests_org_state_idx').on(t.organisationId, t.state, t.requestedAt),
    index('credential_requests_passport_idx').on(t.organisationId, t.passportId, t.state),
    check('credential_requests_state_check', inList(t.state, CREDENTIAL_REQUEST_STATES)),
    check('credential_requests_reviewed_check', sql`(${t.state} = 'open') = (${t.reviewedAt} is null)`),
  ],
);

/** One credential type asked for in a request, and what HR decided (a reason is required to reject). */
export const credentialRequestItems = pgTable(
  'credential_request_items',
  {
    id: uuid('id').primaryKey(),
    organisationId: uuid('organisation_id').notNull(),
    requestId: uuid('request_id').notNull(),
    /** A catalogue type id provided from ESR (EmploymentAssignment, CoreSkill, …). */
    credentialType: text('credential_type').notNull(),
    state: text('state', { enum: CREDENTIAL_REQUEST_ITEM_STATES }).notNull().default('pending'),
    /** Why it was rejected; shown to the staff member. */
    reason: text('reason'),
    /** How many credentials were provided for it (0 when the passport already had them). */
    providedCount: integer('provided_count'),
    decidedAt: ts('decided_at'),
    decidedBy: text('decided_by'),
  },
  (t) => [
    foreignKey({ name: 'credential_request_items_request_fk', columns: [t.organisationId, t.requestId], foreignColumns: [credentialRequests.organisationId, credentialRequests.id] }).onDelete('cascade'),
    uniqueIndex('credential_request_items_type_key').on(t.organisationId, t.requestId, t.credentialType),
    check('credential_request_items_state_check', inList(t.state, CREDENTIAL_REQUEST_ITEM_STATES)),
    check('credential_request_items_reason_check', sql`${t.state} <> 'rejected' or (${t.reason} is not null and length(btrim(${t.reason})) > 0)`),
    check('credential_request_items_decided_check', sql`(${t.state} = 'pending') = (${t.decidedAt} is null)`),
  ],
);

const EMPLOYEE_SESSION_STAGES = ['sign-up', 'collect-key', 'signed-in'] as const;
const EMPLOYEE_CODE_CHANNELS = ['email', 'sms'] as const;

/**
 * The employee portal's sessions (D45), one row per browser at one trust for one passport:
 * `sign-up` (from an invitation link, S1), `collect-key` (from an access-key link, S2) and
 * `signed-in` (after presenting this trust's access key, S3). Only the SHA-256 of the cookie's
 * token is stored. `journey` holds the steps' progress (no secrets). One 6-digit code at a time
 * (email or SMS) with its target, digest, expiry, wrong attempts and sends.
 */
export const employeeSessions = pgTable(
  'employee_sessions',
  {
    id: uuid('id').primaryKey(),
    organisationId: uuid('organisation_id').notNull(),
    passportId: uuid('passport_id').notNull(),
    tokenHash: text('token_hash').notNull(),
    stage: text('stage', { enum: EMPLOYEE_SESSION_STAGES }).notNull(),
    createdAt: ts('created_at').notNull(),
    lastSeenAt: ts('last_seen_at').notNull(),
    expiresAt: ts('expires_at').notNull(),
    journey: jsonb('journey').notNull().default({}),
    codeChannel: text('code_channel', { enum: EMPLOYEE_CODE_CHANNELS }),
    codeTarget: text('code_target'),
    codeHash: text('code_hash'),
    codeExpiresAt: ts('code_expires_at'),
    codeAttempts: integer('code_attempts').notNull().default(0),
    codesSent: integer('codes_sent').notNull().default(0),
    codeSentAt: ts('code_sent_at'),
  },
  (t) => [
    foreignKey({ name: 'employee_sessions_passport_fk', columns: [t.organisationId, t.passportId], foreignColumns: [staffPassports.organisationId, staffPassports.id] }).onDelete('cascade'),
    uniqueIndex('employee_sessions_token_hash_key').on(t.tokenHash),
    index('employee_sessions_org_passport_idx').on(t.organisationId, t.passportId),
    index('employee_sessions_expires_idx').on(t.expiresAt),
    check('employee_sessions_stage_check', inList(t.stage, EMPLOYEE_SESSION_STAGES)),
    check('employee_sessions_code_channel_check', inList(t.codeChannel, EMPLOYEE_CODE_CHANNELS)),
    check('employee_sessions_code_attempts_check', sql`${t.codeAttempts} >= 0 and ${t.codesSent} >= 0`),
  ],
);

/**
 * Links to collect an access key (DOMAIN.md S2), sent when HR confirms identity (E5.6) or issues a
 * new access key (E13). Only the token's SHA-256 is stored. A link works until it expires or a
 * newer link for the passport supersedes it; once the key is collected it leads to sign-in.
 */
export const accessKeyLinks = pgTable(
  'access_key_links',
  {
    id: uuid('id').primaryKey(),
    organisationId: uuid('organisation_id').notNull(),
    passportId: uuid('passport_id').notNull(),
    tokenHash: text('token_hash').notNull(),
    createdAt: ts('created_at').notNull(),
    expiresAt: ts('expires_at').notNull(),
    collectedAt: ts('collected_at'),
    supersededAt: ts('superseded_at'),
  },
  (t) => [
    foreignKey({ name: 'access_key_links_passport_fk', columns: [t.organisationId, t.passportId], foreignColumns: [staffPassports.organisationId, staffPassports.id] }).onDelete('cascade'),
    uniqueIndex('access_key_links_token_hash_key').on(t.tokenHash),
    index('access_key_links_org_passport_idx').on(t.organisationId, t.passportId),
  ],
);

/**
 * Credentials a person shared with this trust (DOMAIN.md S6, S7) as the gateway verified them, for
 * HR's review (E9). `compact` is the issuer-signed credential without the holder's proof (SD-JWT:
 * issuer JWT and disclosures; jwt_vc_json: the VC JWT), so the review can verify it again live
 * (signature, issuer, status, expiry). HR stages a decision (`draft`, with a `note` for a
 * rejection), then confirms: `state` becomes `accepted` or `rejected`.
 */
export const sharedCredentials = pgTable(
  'shared_credentials',
  {
    id: uuid('id').primaryKey(),
    organisationId: uuid('organisation_id').notNull(),
    passportId: uuid('passport_id').notNull(),
    /** The wallet session (presentation) the credential arrived in. */
    shareId: uuid('share_id').notNull(),
    credentialType: text('credential_type').notNull(),
    format: text('format', { enum: ['dc+sd-jwt', 'jwt_vc_json'] }).notNull(),
    /** The issuer's DID and its name in the registry at the time of sharing. */
    issuer: text('issuer').notNull(),
    issuerName: text('issuer_name').notNull(),
    serialNumber: text('serial_number').notNull(),
    claims: jsonb('claims').notNull(),
    compact: text('compact').notNull(),
    issuedAt: ts('issued_at').notNull(),
    expiresAt: ts('expires_at'),
    sharedAt: ts('shared_at').notNull(),
    state: text('state', { enum: SHARED_CREDENTIAL_STATES }).notNull().default('to-review'),
    draft: text('draft', { enum: SHARED_CREDENTIAL_DRAFTS }),
    note: text('note'),
    decidedAt: ts('decided_at'),
    decidedBy: text('decided_by'),
  },
  (t) => [
    unique('shared_credentials_org_id_key').on(t.organisationId, t.id),
    foreignKey({ name: 'shared_credentials_passport_fk', columns: [t.organisationId, t.passportId], foreignColumns: [staffPassports.organisationId, staffPassports.id] }).onDelete('cascade'),
    index('shared_credentials_passport_idx').on(t.organisationId, t.passportId, t.sharedAt),
    index('shared_credentials_to_review_idx').on(t.organisationId, t.passportId).where(sql`${t.state} = 'to-review'`),
    check('shared_credentials_state_check', inList(t.state, SHARED_CREDENTIAL_STATES)),
    check('shared_credentials_draft_check', inList(t.draft, SHARED_CREDENTIAL_DRAFTS)),
    check('shared_credentials_format_check', sql`${t.format} in ('dc+sd-jwt', 'jwt_vc_json')`),
  ],
);

/** PostgreSQL `bytea` as a Buffer (drizzle has no built-in bytea column; node-postgres and PGlite return bytes). */
const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (value) => (Buffer.isBuffer(value) ? value : Buffer.from(value)),
});

export const PASSPORT_PHOTO_SOURCES = ['staff', 'hr'] as const;

/**
 * The photo for a passport's identity check (DOMAIN.md S1.7: the person's own, only on the
 * face-to-face route; E5.5: the one HR takes on *Create identity credential*), a JPEG at most
 * 450×600 (src/core/passport/photo.ts). One per passport, in a table of its own so that the lists
 * reading staff_passports never carry the image.
 */
export const passportPhotos = pgTable(
  'passport_photos',
  {
    organisationId: uuid('organisation_id').notNull(),
    passportId: uuid('passport_id').notNull(),
    jpeg: bytea('jpeg').notNull(),
    width: integer('width').notNull(),
    height: integer('height').notNull(),
    source: text('source', { enum: PASSPORT_PHOTO_SOURCES }).notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [
    primaryKey({ name: 'passport_photos_pkey', columns: [t.organisationId, t.passportId] }),
    foreignKey({ name: 'passport_photos_passport_fk', columns: [t.organisationId, t.passportId], foreignColumns: [staffPassports.organisationId, staffPassports.id] }).onDelete('cascade'),
    check('passport_photos_source_check', inList(t.source, PASSPORT_PHOTO_SOURCES)),
    check('passport_photos_size_check', sql`${t.width} between 1 and 450 and ${t.height} between 1 and 600 and octet_length(${t.jpeg}) <= 2000000`),
  ],
);
