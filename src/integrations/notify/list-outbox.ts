// Reads the recorded messages for the outbox viewer (/dev/outbox): newest first, a page at a
// time, optionally one organisation's, each with the links in its body. This shows recipients
// and bodies, so it is for the local outbox and operators' diagnostics, never a public page.
import { and, desc, eq, isNull, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { schema, type Db } from '../../store/database.ts';
import { extractLinks } from './extract-links.ts';
import type { Channel } from './templates.ts';

export interface OutboxMessage {
  readonly id: string;
  readonly organisationId: string | null;
  readonly channel: Channel;
  readonly recipient: string;
  readonly template: string;
  readonly subject: string | null;
  readonly body: string;
  /** The http(s) URLs in the body, in order, for the viewer to make clickable. */
  readonly links: readonly string[];
  readonly provider: string;
  readonly status: 'pending' | 'sent' | 'failed';
  readonly providerReference: string | null;
  readonly lastError: string | null;
  readonly createdAt: Date;
  readonly sentAt: Date | null;
}

export interface ListOutboxOptions {
  /** Only this organisation's messages; null: only service-wide ones; omitted: all. */
  readonly organisationId?: string | null | undefined;
  /** 1-based. Default 1. */
  readonly page?: number | undefined;
  /** 1 to 200. Default 50. */
  readonly pageSize?: number | undefined;
}

export interface OutboxPage {
  readonly messages: readonly OutboxMessage[];
  readonly page: number;
  readonly pageSize: number;
  /** Whether a next page has messages. */
  readonly hasMore: boolean;
}

export const maxOutboxPageSize = 200;

export async function listOutbox(db: Db, options: ListOutboxOptions = {}): Promise<OutboxPage> {
  const page = options.page ?? 1;
  const pageSize = options.pageSize ?? 50;
  if (!Number.isInteger(page) || page < 1) throw new TypeError('page must be a whole number from 1');
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > maxOutboxPageSize) throw new TypeError(`pageSize must be a whole number from 1 to ${maxOutboxPageSize}`);

  if (options.organisationId != null && !z.uuid().safeParse(options.organisationId).success) throw new TypeError('organisationId must be a UUID');

  const n = schema.notifications;
  const scope: SQL | undefined =
    options.organisationId === undefined ? undefined : options.organisationId === null ? isNull(n.organisationId) : eq(n.organisationId, options.organisationId);
  // One row more than the page tells whether there is a next page without counting them all.
  const rows = await db
    .select()
    .from(n)
    .where(and(scope))
    .orderBy(desc(n.createdAt), desc(n.id))
    .limit(pageSize + 1)
    .offset((page - 1) * pageSize);

  return {
    messages: rows.slice(0, pageSize).map((row) => ({ ...row, links: extractLinks(row.body) })),
    page,
    pageSize,
    hasMore: rows.length > pageSize,
  };
}
