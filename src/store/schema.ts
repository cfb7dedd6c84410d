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
  check,
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
 * what it issues is issued by that organisation's DID. The secret is stored only as an argon2id
 * hash; during a rotation the previous hash stays valid until `previous_secret_expires_at`.
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
