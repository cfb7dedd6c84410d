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
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
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
    kind: text('kind', { enum: ['trust', 'external'] }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('organisations_ods_code_key').on(sql`upper(${t.odsCode})`), check('organisations_kind_check', sql`${t.kind} in ('trust', 'external')`)],
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
  },
  (t) => [uniqueIndex('audit_log_chain_seq_key').on(t.chain, t.seq), index('audit_log_org_at_idx').on(t.organisationId, t.at)],
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
