// ESR records held in memory with a change log: the state behind the simulator and the CSV
// extract adapter, and an EsrPort over it. Every write goes through `put`, which works out what
// changed (src/core/esr diffPersonRecords) and appends it to the log, so the change feed always
// agrees with the records.
//
// Cursors are `<epoch>.<sequence>`: the sequence numbers the log (one counter for every
// organisation, so it only grows), the epoch names this store. A cursor from another epoch —
// the simulator restarted and lost its log — or beyond the end of the log is one this store no
// longer knows: EsrCursorExpired, and the consumer reads everyone again.
import {
  diffPersonRecords,
  zEsrPersonRecords,
  type EsrAssignmentLookup,
  type EsrChange,
  type EsrChangeDraft,
  type EsrChangePage,
  type EsrPersonRecords,
} from '../../core/esr/index.ts';
import type { Clock } from '../../platform/clock.ts';
import { EsrCursorExpired, EsrNotFound, EsrRequestRejected } from './errors.ts';
import { checkLimit, checkOrgCode, checkPersonRef, type EsrChangesOptions, type EsrOperation, type EsrPort } from './port.ts';

const EPOCH_RE = /^[a-z0-9]{1,32}$/;
const CURSOR_RE = /^([a-z0-9]{1,32})\.([0-9]{1,15})$/;

export interface EsrMemoryStoreOptions {
  clock: Clock;
  /** Names this store's log (lower-case letters and digits); pick a fresh one each time a store starts empty. */
  epoch: string;
}

interface LogEntry {
  sequence: number;
  change: EsrChange;
}

interface Organisation {
  people: Map<string, EsrPersonRecords>;
  byAssignment: Map<string, string>;
  log: LogEntry[];
}

export interface EsrMemoryStore {
  readonly epoch: string;
  /** The port over this store (answers with copies; the store is changed only through `put`/`remove`). */
  readonly port: EsrPort;
  organisations(): string[];
  addOrganisation(orgCode: string): void;
  hasOrganisation(orgCode: string): boolean;
  count(orgCode: string): number;
  people(orgCode: string): IterableIterator<EsrPersonRecords>;
  person(orgCode: string, personId: string): EsrPersonRecords | undefined;
  personByAssignment(orgCode: string, assignmentNumber: string): EsrPersonRecords | undefined;
  /** Stores a person's records (validated) and logs what changed; returns the new log entries. */
  put(records: EsrPersonRecords, options?: { changedAt?: Date }): EsrChange[];
  /** Forgets a person and logs their removal. */
  remove(orgCode: string, personId: string, options?: { changedAt?: Date }): EsrChange[];
  /** Appends already-dated entries (a generated history of the days before the store started), in the order given. */
  appendHistory(orgCode: string, entries: readonly { changedAt: Date; draft: EsrChangeDraft }[]): void;
  /** Stores records without logging anything (loading a starting population). */
  load(records: EsrPersonRecords): void;
  changesSince(orgCode: string, cursor: string | undefined, limit?: number): EsrChangePage;
  /** The cursor of the newest entry (where a consumer that has read everything starts). */
  head(): string;
}

function dateTime(d: Date): string {
  return d.toISOString();
}

export function createEsrMemoryStore(options: EsrMemoryStoreOptions): EsrMemoryStore {
  if (!EPOCH_RE.test(options.epoch)) throw new TypeError('epoch must be 1 to 32 lower-case letters and digits');
  const { clock, epoch } = options;
  const organisations = new Map<string, Organisation>();
  let sequence = 0;

  function organisation(orgCode: string): Organisation | undefined {
    return organisations.get(orgCode);
  }

  function ensure(orgCode: string): Organisation {
    let org = organisations.get(orgCode);
    if (!org) {
      checkOrgCode(orgCode);
      org = { people: new Map(), byAssignment: new Map(), log: [] };
      organisations.set(orgCode, org);
    }
    return org;
  }

  function log(org: Organisation, drafts: readonly EsrChangeDraft[], changedAt: Date): EsrChange[] {
    return drafts.map((draft) => {
      sequence += 1;
      const change: EsrChange = { cursor: `${epoch}.${sequence}`, changedAt: dateTime(changedAt), ...draft };
      org.log.push({ sequence, change });
      return change;
    });
  }

  function store(org: Organisation, records: EsrPersonRecords): EsrPersonRecords | undefined {
    const parsed = zEsrPersonRecords.parse(records);
    const personId = parsed.person.personId;
    for (const a of parsed.assignments) {
      const holder = org.byAssignment.get(a.assignmentNumber);
      if (holder !== undefined && holder !== personId) throw new TypeError('assignment number already belongs to another person');
    }
    const before = org.people.get(personId);
    for (const a of before?.assignments ?? []) org.byAssignment.delete(a.assignmentNumber);
    for (const a of parsed.assignments) org.byAssignment.set(a.assignmentNumber, personId);
    // zod builds new objects and arrays as it parses: the store's copy shares nothing with the caller's.
    org.people.set(personId, parsed);
    return before;
  }

  function parseCursor(cursor: string | undefined, operation: EsrOperation): number {
    if (cursor === undefined) return 0;
    const m = CURSOR_RE.exec(cursor);
    if (!m) throw new EsrRequestRejected(operation, 'the cursor is not one this feed gives out', 400);
    const at = Number(m[2]);
    if (m[1] !== epoch || at > sequence) throw new EsrCursorExpired(operation);
    return at;
  }

  function changesSince(orgCode: string, cursor: string | undefined, limit?: number): EsrChangePage {
    const max = checkLimit(limit);
    const after = parseCursor(cursor, 'changesSince');
    const org = organisation(orgCode);
    if (!org) throw new EsrNotFound('changesSince', 'organisation');
    // The log is in sequence order: find the first entry after the cursor by bisection.
    let lo = 0;
    let hi = org.log.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (org.log[mid]!.sequence <= after) lo = mid + 1;
      else hi = mid;
    }
    const page = org.log.slice(lo, lo + max).map((e) => ({ ...e.change }));
    const hasMore = lo + max < org.log.length;
    const nextCursor = page.length ? page[page.length - 1]!.cursor : `${epoch}.${after}`;
    return { changes: page, nextCursor, hasMore };
  }

  const port: EsrPort = {
    async lookupAssignment(orgCode, assignmentNumber): Promise<EsrAssignmentLookup> {
      checkOrgCode(orgCode);
      checkPersonRef({ assignmentNumber });
      const org = organisation(orgCode);
      if (!org) throw new EsrNotFound('lookupAssignment', 'organisation');
      const personId = org.byAssignment.get(assignmentNumber);
      const records = personId === undefined ? undefined : org.people.get(personId);
      const assignment = records?.assignments.find((a) => a.assignmentNumber === assignmentNumber);
      if (!records || !assignment) throw new EsrNotFound('lookupAssignment', 'assignment');
      return structuredClone({ organisationCode: orgCode, person: records.person, assignment });
    },
    async personRecords(orgCode, ref) {
      checkOrgCode(orgCode);
      checkPersonRef(ref);
      const org = organisation(orgCode);
      if (!org) throw new EsrNotFound('personRecords', 'organisation');
      const personId = 'personId' in ref ? ref.personId : org.byAssignment.get(ref.assignmentNumber);
      const records = personId === undefined ? undefined : org.people.get(personId);
      if (!records) throw new EsrNotFound('personRecords', 'personId' in ref ? 'person' : 'assignment');
      return structuredClone(records);
    },
    async changesSince(orgCode, cursor, changesOptions?: EsrChangesOptions) {
      checkOrgCode(orgCode);
      return changesSince(orgCode, cursor, changesOptions?.limit);
    },
  };

  return {
    epoch,
    port,
    organisations: () => [...organisations.keys()],
    addOrganisation: (orgCode) => void ensure(orgCode),
    hasOrganisation: (orgCode) => organisations.has(orgCode),
    count: (orgCode) => organisation(orgCode)?.people.size ?? 0,
    people: (orgCode) => (organisation(orgCode)?.people ?? new Map<string, EsrPersonRecords>()).values(),
    person: (orgCode, personId) => organisation(orgCode)?.people.get(personId),
    personByAssignment(orgCode, assignmentNumber) {
      const org = organisation(orgCode);
      const personId = org?.byAssignment.get(assignmentNumber);
      return personId === undefined ? undefined : org!.people.get(personId);
    },
    put(records, putOptions = {}) {
      const org = ensure(records.organisationCode);
      const before = store(org, records);
      return log(org, diffPersonRecords(before, org.people.get(records.person.personId)), putOptions.changedAt ?? clock.now());
    },
    remove(orgCode, personId, removeOptions = {}) {
      const org = organisation(orgCode);
      const before = org?.people.get(personId);
      if (!org || !before) return [];
      org.people.delete(personId);
      for (const a of before.assignments) org.byAssignment.delete(a.assignmentNumber);
      return log(org, diffPersonRecords(before, undefined), removeOptions.changedAt ?? clock.now());
    },
    appendHistory(orgCode, entries) {
      const org = ensure(orgCode);
      for (const { changedAt, draft } of entries) log(org, [draft], changedAt);
    },
    load(records) {
      store(ensure(records.organisationCode), records);
    },
    changesSince,
    head: () => `${epoch}.${sequence}`,
  };
}
