// The ESR port over extract files: for a trust whose ESR data arrives as periodic CSV extracts
// rather than through an API. Each `load` is a full extract of the organisations it contains;
// comparing it with the previous one gives the change feed (what changed since the last extract),
// so a consumer uses this adapter exactly as it uses the HTTP client.
//
// Safety rules, because an extract replaces what we knew:
// - an incomplete extract (a file missing a column, a quote never closed) changes nothing;
// - a person whose row was refused is kept as they were, not removed;
// - organisations absent from the extract are left as they were.
// The records live in memory (./memory-store.ts): after a restart, load the latest extract again
// (the first load logs everyone as new starters, under a new epoch, so earlier cursors expire).
import type { EsrChange } from '../../core/esr/index.ts';
import type { Clock } from '../../platform/clock.ts';
import { importEsrExtract, type EsrExtractFiles, type ExtractProblem } from './import-extract.ts';
import { createEsrMemoryStore } from './memory-store.ts';
import type { EsrPort } from './port.ts';

export interface EsrExtractLoad {
  /** Whether the extract was applied (false when it was incomplete). */
  applied: boolean;
  /** People read from the extract. */
  people: number;
  /** Entries added to the change feed. */
  changes: EsrChange[];
  problems: ExtractProblem[];
}

export interface EsrExtractAdapter {
  readonly port: EsrPort;
  load(files: EsrExtractFiles): EsrExtractLoad;
}

export function createEsrExtractAdapter(options: { clock: Clock; epoch: string }): EsrExtractAdapter {
  const store = createEsrMemoryStore(options);
  return {
    port: store.port,
    load(files) {
      const extract = importEsrExtract(files);
      if (extract.incomplete) return { applied: false, people: extract.records.length, changes: [], problems: extract.problems };
      const changedAt = options.clock.now();
      const changes: EsrChange[] = [];
      const seen = new Map<string, Set<string>>();
      for (const records of extract.records) {
        const org = records.organisationCode;
        if (!seen.has(org)) seen.set(org, new Set());
        seen.get(org)!.add(records.person.personId);
        changes.push(...store.put(records, { changedAt }));
      }
      // Refused rows still tell us the person is in the extract: keep them as they were.
      for (const p of extract.problems) if (p.orgCode && p.personId) seen.get(p.orgCode)?.add(p.personId);
      for (const [org, present] of seen) {
        const gone = [...store.people(org)].map((r) => r.person.personId).filter((id) => !present.has(id));
        for (const personId of gone) changes.push(...store.remove(org, personId, { changedAt }));
      }
      return { applied: true, people: extract.records.length, changes, problems: extract.problems };
    },
  };
}
