// Status lists at scale: for a 1,000,000-entry list with a realistic share of revocations
// (1% and 10%), how big the published documents are and how long a revocation takes to show:
// revoke one credential (ledger transaction with its audit entry) and rebuild, sign and store
// the list document a verifier fetches next. Also the pure build time (encode + compress +
// sign) of each document, and, for comparison, @sd-jwt/jwt-status-list's own encoder on the
// same list (the reason ours is hand-rolled, see src/core/credentials/status/status-list-encoding.ts).
//
// On the embedded database (in-memory PGlite), entries inserted directly: 900,000 per list
// (a list closes at 90%). Benchmarks assert nothing about time; they report what they measured.
//
//   npx tsx bench/status-list.ts [--json]         (also exported for `npm run bench`)
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import type { JWK } from 'jose';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { sql } from 'drizzle-orm';
import { StatusList } from '@sd-jwt/jwt-status-list';
import {
  TOKEN_LIST_BITS,
  createBitstringStatusListCredential,
  createStatusListToken,
  createTokenStatusBytes,
  type StatusListDocumentId,
} from '../src/core/credentials/status/index.ts';
import { fixedClock } from '../src/platform/clock.ts';
import { openDatabase, rowsOf, type Database } from '../src/store/database.ts';
import { createLocalKeyManagement } from '../src/store/key-store.ts';
import { addOrganisation } from '../src/store/organisations.ts';
import { scopeOf } from '../src/store/scope.ts';
import { statusLedger, type StatusAllocation } from '../src/store/status-ledger.ts';
import { statusListDocuments } from '../src/store/status-list-documents.ts';
import { seededRandomInt } from '../src/core/credentials/status/testing.ts';
import { createLocalSigner } from '../src/core/credentials/formats/signer.ts';

export interface StatusListBenchOptions {
  /** Entries per list (default 1,000,000). */
  entries?: number;
  /** Shares of issued credentials that are revoked (default 1% and 10%). */
  revokedShares?: readonly number[];
  /** Revoke-and-republish runs per case; the median is reported (default 5). */
  repetitions?: number;
}

export interface DocumentFigures {
  /** Entries of the list that are revoked. */
  revoked: number;
  /** Size of the signed document served over HTTP (compact JWS, bytes). */
  bytes: number;
  /** Encode + compress + sign, no database (milliseconds). */
  buildMs: number;
  /** Revoke one credential and rebuild/sign/store this document (median, milliseconds). */
  revokeAndRepublishMs: number;
  revokeAndRepublishRunsMs: number[];
  /** Of which the revoke transaction alone (median, milliseconds). */
  revokeMs: number;
}

export interface StatusListBenchFigures {
  engine: 'pglite';
  entries: number;
  issued: number;
  cases: {
    revokedShare: number;
    /** Revoked entries of the token list (each document's own count is in its figures). */
    revoked: number;
    token: DocumentFigures;
    bitstring: DocumentFigures;
  }[];
  /** @sd-jwt/jwt-status-list StatusList.compressStatusList on the same 2-bit list at the first share (milliseconds). */
  sdJwtLibraryEncodeMs: number;
  /** Our createTokenStatusBytes + DEFLATE on the same list (milliseconds). */
  ownEncodeMs: number;
  fillSeconds: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const round = (x: number) => Math.round(x * 10) / 10;

async function time<T>(fn: () => Promise<T> | T): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await fn();
  return { ms: performance.now() - start, value };
}

export async function benchStatusList(options: StatusListBenchOptions = {}): Promise<StatusListBenchFigures> {
  const entries = options.entries ?? 1_000_000;
  const shares = options.revokedShares ?? [0.01, 0.1];
  const repetitions = options.repetitions ?? 5;
  const issued = Math.floor(entries * 0.9);
  const clock = fixedClock(new Date('2026-11-21T10:00:00Z'));
  const database: Database = await openDatabase({});
  try {
    await database.migrate();
    const { db } = database;
    const keys = createLocalKeyManagement({ keyEncryptionKey: Buffer.alloc(32, 7).toString('base64') });
    const org = (await addOrganisation(db, { odsCode: 'BENCH', name: 'Bench Trust', kind: 'trust' })).organisation;
    const ledger = statusLedger(db, scopeOf(org.id), { listSize: entries, fillLimit: 1, random: seededRandomInt(1) });
    const documents = statusListDocuments(db, org, { keys, publicUrl: 'http://localhost:3000', issuerDid: (o) => `did:web:localhost%3A3000:orgs:${o.odsCode}` });

    // One list per kind, filled to 90% with valid entries.
    const fillStart = performance.now();
    const seeds: Record<'token' | 'bitstring', StatusAllocation> = {
      token: await ledger.allocate({ serialNumber: randomUUID(), format: 'dc+sd-jwt' }),
      bitstring: await ledger.allocate({ serialNumber: randomUUID(), format: 'jwt_vc_json' }),
    };
    for (const [kind, seed] of Object.entries(seeds)) {
      const format = kind === 'token' ? 'dc+sd-jwt' : 'jwt_vc_json';
      await db.execute(sql`
        insert into status_entries (organisation_id, list_id, idx, serial_number, format)
        select ${org.id}, ${seed.listId}, s, gen_random_uuid(), ${format}
        from generate_series(0, ${entries - 1}) s where s <> ${seed.index} and random() < ${issued / entries}`);
      await db.execute(sql`update status_lists set used = (select count(*) from status_entries where list_id = ${seed.listId}) where id = ${seed.listId}`);
    }
    // What autovacuum would have done after a bulk load on a server: fresh planner statistics.
    await db.execute(sql`analyze status_entries`);
    const fillSeconds = (performance.now() - fillStart) / 1000;

    const cases: StatusListBenchFigures['cases'] = [];
    let revokedSoFar = 0;
    for (const share of shares) {
      // Revoke (directly) up to this share of the issued entries.
      for (const seed of Object.values(seeds)) {
        await db.execute(sql`update status_entries set state = 'revoked', reason = 'Other' where list_id = ${seed.listId} and state = 'valid' and random() < ${(share - revokedSoFar) / (1 - revokedSoFar)}`);
        await db.execute(sql`update status_lists set revision = revision + 1 where id = ${seed.listId}`);
      }
      revokedSoFar = share;
      const figures = {} as Record<'token' | 'bitstring', DocumentFigures>;
      for (const kind of ['token', 'bitstring'] as const) {
        const seed = seeds[kind];
        const document: StatusListDocumentId = kind === 'token' ? { kind, listId: seed.listId } : { kind, listId: seed.listId, purpose: 'revocation' };
        const [count] = await rowsOf<{ n: number }>(db, sql`select count(*)::int as n from status_entries where list_id = ${seed.listId} and state = 'revoked'`);
        const built = await time(() => documents.publish(document, clock.now()));
        const victims = await rowsOf<{ serial_number: string }>(db, sql`select serial_number from status_entries where list_id = ${seed.listId} and state = 'valid' limit ${repetitions}`);
        const runs: number[] = [];
        const revokes: number[] = [];
        for (const victim of victims) {
          clock.advance(1000);
          const start = performance.now();
          await ledger.revoke({ serialNumber: victim.serial_number, reason: 'LeavingOrganisation', actor: 'system:bench', correlationId: randomUUID() }, clock);
          revokes.push(performance.now() - start);
          await documents.current(document, clock.now());
          runs.push(round(performance.now() - start));
        }
        figures[kind] = {
          revoked: count!.n,
          bytes: Buffer.byteLength(built.value!.body),
          buildMs: round(await pureBuildMs(kind, entries, db, seed.listId)),
          revokeAndRepublishMs: median(runs),
          revokeAndRepublishRunsMs: runs,
          revokeMs: round(median(revokes)),
        };
      }
      cases.push({ revokedShare: share, revoked: figures.token.revoked, ...figures });
    }

    // Library encoder against ours, on the token list at the last share.
    const values = await rowsOf<{ idx: number }>(db, sql`select idx from status_entries where list_id = ${seeds.token.listId} and state <> 'valid'`);
    const own = await time(() => createTokenStatusBytes(entries, TOKEN_LIST_BITS, values.map((v) => [v.idx, 1] as const)));
    const library = await time(() => {
      const list = new StatusList(new Array<number>(entries).fill(0), TOKEN_LIST_BITS);
      for (const v of values) list.setStatus(v.idx, 1);
      return list.compressStatusList();
    });
    const ownCompress = await time(() => deflateSync(own.value, { level: 9 }));
    return {
      engine: 'pglite',
      entries,
      issued,
      cases,
      sdJwtLibraryEncodeMs: round(library.ms),
      ownEncodeMs: round(own.ms + ownCompress.ms),
      fillSeconds: round(fillSeconds),
    };
  } finally {
    await database.close();
  }
}

/** Encode + compress + sign with an in-memory key: the document's cost without the database. */
async function pureBuildMs(kind: 'token' | 'bitstring', size: number, db: Database['db'], listId: string): Promise<number> {
  const rows = await rowsOf<{ idx: number }>(db, sql`select idx from status_entries where list_id = ${listId} and state = 'revoked'`);
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const signer = createLocalSigner(privateKey.export({ format: 'jwk' }) as JWK, 'ES256', 'did:web:localhost%3A3000:orgs:BENCH#k');
  const common = { signer, issuer: 'did:web:localhost%3A3000:orgs:BENCH', uri: 'http://localhost:3000/x', size, now: new Date('2026-11-21T10:00:00Z'), validitySeconds: 86_400, ttlSeconds: 300 };
  const run = await time(() =>
    kind === 'token'
      ? createStatusListToken({ ...common, values: rows.map((r) => [r.idx, 1] as const) })
      : createBitstringStatusListCredential({ ...common, purpose: 'revocation', setIndexes: rows.map((r) => r.idx) }),
  );
  return run.ms;
}

function print(f: StatusListBenchFigures): void {
  console.log(`Status lists: ${f.entries.toLocaleString('en-GB')} entries per list, ${f.issued.toLocaleString('en-GB')} issued (PGlite in memory; fill ${f.fillSeconds} s)`);
  console.log('revoked   list       revoked n   document bytes   build ms   revoke ms   revoke+republish ms (median)');
  for (const c of f.cases) {
    for (const kind of ['token', 'bitstring'] as const) {
      const d = c[kind];
      console.log(
        `${`${c.revokedShare * 100}%`.padEnd(9)} ${kind.padEnd(10)} ${String(d.revoked).padStart(9)}   ${String(d.bytes).padStart(14)}   ${String(d.buildMs).padStart(8)}   ${String(d.revokeMs).padStart(9)}   ${String(d.revokeAndRepublishMs).padStart(8)}  (${d.revokeAndRepublishRunsMs.join(', ')})`,
      );
    }
  }
  console.log(`2-bit token list encode: ours ${f.ownEncodeMs} ms, @sd-jwt/jwt-status-list ${f.sdJwtLibraryEncodeMs} ms`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const figures = await benchStatusList();
  if (process.argv.includes('--json')) console.log(JSON.stringify(figures, null, 2));
  else print(figures);
}
