// The ESR port (DOMAIN.md §9 #14): what the rest of Open DSP asks of the Electronic Staff
// Record. ESR's own interface is not public and cannot be reached from here, so adapters sit
// behind this: the HTTP client (./http-client.ts, which speaks the interface the simulator
// serves, docs/esr.md), the CSV extract adapter (./extract-adapter.ts), and any real adapter
// added later. Every answer is parsed with the core's schemas (src/core/esr/records.ts) before
// it is returned; every failure is one of ./errors.ts.
import { zEsrAssignmentNumber, zEsrOrgCode, zEsrPersonId, type EsrAssignmentLookup, type EsrChangePage, type EsrPersonRecords } from '../../core/esr/index.ts';

/** Whose records: by an assignment number (E6, what HR types) or by ESR person id (from the change feed). */
export type EsrPersonRef = { assignmentNumber: string } | { personId: string };

export const esrOperations = ['lookupAssignment', 'personRecords', 'changesSince'] as const;
export type EsrOperation = (typeof esrOperations)[number];

export interface EsrChangesOptions {
  /** At most this many entries (1–1000; default 500). */
  limit?: number;
}

export const defaultChangesLimit = 500;
export const maxChangesLimit = 1000;

export interface EsrPort {
  /**
   * Who holds an assignment number at an organisation: names, date of birth and the assignment
   * (E6 "Connect to ESR"). Throws EsrNotFound when the organisation or the number is unknown.
   */
  lookupAssignment(orgCode: string, assignmentNumber: string): Promise<EsrAssignmentLookup>;

  /**
   * A person's records at an organisation: assignments, core-skill competences (with date last
   * awarded and expiry), occupational health and professional registrations (E7).
   */
  personRecords(orgCode: string, ref: EsrPersonRef): Promise<EsrPersonRecords>;

  /**
   * What changed at an organisation after `cursor` (from the start of the feed when undefined),
   * oldest first, one page at a time: call again with `nextCursor` while `hasMore`. A cursor the
   * source no longer knows (EsrCursorExpired) means: read everyone again, then follow the feed
   * from its start.
   */
  changesSince(orgCode: string, cursor: string | undefined, options?: EsrChangesOptions): Promise<EsrChangePage>;
}

/** Checks the port's arguments: a malformed one is a programming error (STYLE.md rule 7). */
export function checkOrgCode(orgCode: string): void {
  if (!zEsrOrgCode.safeParse(orgCode).success) throw new TypeError('orgCode must be an ODS code');
}

export function checkPersonRef(ref: EsrPersonRef): void {
  if ('assignmentNumber' in ref) {
    if (!zEsrAssignmentNumber.safeParse(ref.assignmentNumber).success) throw new TypeError('assignmentNumber must be 8 digits, optionally followed by -n');
  } else if (!zEsrPersonId.safeParse(ref.personId).success) throw new TypeError('personId must be 6 to 12 digits');
}

export function checkLimit(limit: number | undefined): number {
  const value = limit ?? defaultChangesLimit;
  if (!Number.isInteger(value) || value < 1 || value > maxChangesLimit) throw new TypeError(`limit must be an integer from 1 to ${maxChangesLimit}`);
  return value;
}
