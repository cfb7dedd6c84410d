// The employer portal's CSV reports (DOMAIN.md §4.1 Reports): one trust's rows a page at a time,
// by keyset (never OFFSET), so an export of 20,000 passports holds one page in memory, not all of
// them. Every statement is scoped by the organisation (D11). The passports report applies the
// staff list's filters with the same meaning as `staffPassports(...).search` (a test compares
// the two).
import { and, asc, eq, gt, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { PassportAction } from '../core/passport/invitation-rows.ts';
import type { EsrLinkState, PassportStatus } from '../core/passport/staff-passport.ts';
import type { Db } from './database.ts';
import { schema } from './database.ts';
import type { OrganisationScope } from './scope.ts';

const p = schema.staffPassports;
const c = schema.providedCredentials;
const s = schema.sharedCredentials;

export const REPORT_PAGE_SIZE = 500;

export interface PassportReportFilters {
  query?: string;
  status?: PassportStatus;
  action?: PassportAction;
}

export interface PassportReportRow {
  id: string;
  givenName: string;
  familyName: string;
  email: string | null;
  mobile: string | null;
  status: PassportStatus;
  esrAssignmentNumber: string | null;
  esrLinkState: EsrLinkState;
  liveInvitation: boolean;
  createdAt: Date;
}

export interface CredentialReportRow {
  id: string;
  passportId: string;
  givenName: string;
  familyName: string;
  credentialType: string;
  title: string;
  source: string;
  state: string;
  stateReason: string | null;
  providedAt: Date;
  stateChangedAt: Date;
  expiresAt: Date | null;
}

/** Passports in id order, `pageSize` at a time, filtered as the staff list filters them. */
export async function* passportReportPages(db: Db, scope: OrganisationScope, filters: PassportReportFilters, pageSize = REPORT_PAGE_SIZE): AsyncGenerator<PassportReportRow[]> {
  const live = sql<boolean>`exists (select 1 from invitations i where i.organisation_id = staff_passports.organisation_id and i.passport_id = staff_passports.id and i.state = 'sent')`;
  const conditions: Array<SQL | undefined> = [eq(p.organisationId, scope.organisationId)];
  if (filters.status) conditions.push(eq(p.status, filters.status));
  for (const word of (filters.query ?? '').trim().toLowerCase().split(/\s+/).filter(Boolean).slice(0, 5)) {
    const pattern = `%${word.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
    conditions.push(or(sql`lower(${p.givenName}) like ${pattern}`, sql`lower(${p.familyName}) like ${pattern}`, sql`lower(${p.email}) like ${pattern}`, sql`${p.esrAssignmentNumber} like ${pattern}`));
  }
  switch (filters.action) {
    case 'review-identity':
      conditions.push(eq(p.status, 'identity-shared'));
      break;
    case 'appointment-needed':
      conditions.push(eq(p.status, 'appointment-needed'));
      break;
    case 'connect-esr':
      conditions.push(inArray(p.status, ['credentials-pending', 'active']), sql`${p.esrLinkState} <> 'linked'`);
      break;
    case 'invitation-expired':
      conditions.push(eq(p.status, 'invited'), sql`not ${live}`);
      break;
    case 'review-credentials':
      conditions.push(sql`exists (select 1 from shared_credentials s where s.organisation_id = staff_passports.organisation_id and s.passport_id = staff_passports.id and s.state = 'to-review')`);
      break;
    case undefined:
      break;
  }
  let after: string | undefined;
  for (;;) {
    const rows = await db
      .select({
        id: p.id,
        givenName: p.givenName,
        familyName: p.familyName,
        email: p.email,
        mobile: p.mobile,
        status: p.status,
        esrAssignmentNumber: p.esrAssignmentNumber,
        esrLinkState: p.esrLinkState,
        liveInvitation: live,
        createdAt: p.createdAt,
      })
      .from(p)
      .where(and(...conditions, after ? gt(p.id, after) : undefined))
      .orderBy(asc(p.id))
      .limit(pageSize);
    if (rows.length === 0) return;
    yield rows.map((r) => ({ ...r, liveInvitation: Boolean(r.liveInvitation) }));
    if (rows.length < pageSize) return;
    after = rows[rows.length - 1]!.id;
  }
}

/** Provided credentials (optionally in some states) with their holder's name, in id order, a page at a time. */
export async function* credentialReportPages(db: Db, scope: OrganisationScope, states: readonly string[] | undefined, pageSize = REPORT_PAGE_SIZE): AsyncGenerator<CredentialReportRow[]> {
  let after: string | undefined;
  for (;;) {
    const rows = await db
      .select({
        id: c.id,
        passportId: c.passportId,
        givenName: p.givenName,
        familyName: p.familyName,
        credentialType: c.credentialType,
        title: c.title,
        source: c.source,
        state: c.state,
        stateReason: c.stateReason,
        providedAt: c.providedAt,
        stateChangedAt: c.stateChangedAt,
        expiresAt: c.expiresAt,
      })
      .from(c)
      .innerJoin(p, and(eq(p.organisationId, c.organisationId), eq(p.id, c.passportId)))
      .where(and(eq(c.organisationId, scope.organisationId), states ? inArray(c.state, states as never[]) : undefined, after ? gt(c.id, after) : undefined))
      .orderBy(asc(c.id))
      .limit(pageSize);
    if (rows.length === 0) return;
    yield rows;
    if (rows.length < pageSize) return;
    after = rows[rows.length - 1]!.id;
  }
}

export interface ShareReportRow {
  id: string;
  passportId: string;
  givenName: string;
  familyName: string;
  credentialType: string;
  issuerName: string;
  sharedAt: Date;
  state: string;
  decidedAt: Date | null;
}

/** Credentials staff shared with the trust (DOMAIN.md E9) with their holder's name and HR's decision, in id order, a page at a time. */
export async function* shareReportPages(db: Db, scope: OrganisationScope, pageSize = REPORT_PAGE_SIZE): AsyncGenerator<ShareReportRow[]> {
  let after: string | undefined;
  for (;;) {
    const rows = await db
      .select({
        id: s.id,
        passportId: s.passportId,
        givenName: p.givenName,
        familyName: p.familyName,
        credentialType: s.credentialType,
        issuerName: s.issuerName,
        sharedAt: s.sharedAt,
        state: s.state,
        decidedAt: s.decidedAt,
      })
      .from(s)
      .innerJoin(p, and(eq(p.organisationId, s.organisationId), eq(p.id, s.passportId)))
      .where(and(eq(s.organisationId, scope.organisationId), after ? gt(s.id, after) : undefined))
      .orderBy(asc(s.id))
      .limit(pageSize);
    if (rows.length === 0) return;
    yield rows;
    if (rows.length < pageSize) return;
    after = rows[rows.length - 1]!.id;
  }
}
