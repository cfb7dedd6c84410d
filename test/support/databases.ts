// Runs the same tests on every database engine available: always the embedded PGlite,
// and PostgreSQL too when DATABASE_URL is set (CI sets it). Each test suite gets a
// fresh, migrated database of its own, so suites never see each other's data.
import { randomBytes } from 'node:crypto';
import { after, before, describe } from 'node:test';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { openDatabase, wrapPglite, type Database } from '../../src/store/database.ts';

export type Engine = 'pglite' | 'postgres';

/** PGlite always, PostgreSQL too when DATABASE_URL is set; DSP_TEST_ENGINES=postgres narrows a run (CI's second pass). */
export function engines(): Engine[] {
  const all: Engine[] = process.env.DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];
  const only = process.env.DSP_TEST_ENGINES?.split(',');
  return only ? all.filter((e) => only.includes(e)) : all;
}

let template: Promise<PGlite> | undefined;

// The template is closed when the file's tests end; an open PGlite would keep the process alive.
after(async () => {
  if (template) await (await template).close();
});

/** A migrated in-memory PGlite: cloned from one migrated template per process (0.7 s vs 2 s). */
async function freshPglite(): Promise<Database> {
  template ??= (async () => {
    const client = await PGlite.create();
    await wrapPglite(client).migrate();
    return client;
  })();
  // clone() is typed as the interface but returns a PGlite.
  return wrapPglite((await (await template).clone()) as PGlite);
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** A fresh PostgreSQL database on the server of DATABASE_URL, dropped again by `close()`. */
async function freshPostgres(options: { migrate?: boolean } = {}): Promise<Database> {
  const { url, drop } = await freshPostgresUrl();
  const database = await openDatabase({ databaseUrl: url, poolSize: 5 });
  if (options.migrate ?? true) await database.migrate();
  const close = database.close.bind(database);
  return Object.assign(database, {
    async close() {
      await close();
      await drop();
    },
  });
}

/** A fresh, migrated database of the given engine. The caller closes it. */
export async function freshDatabase(engine: Engine, options: { migrate?: boolean } = {}): Promise<Database> {
  if (engine === 'postgres') return freshPostgres(options);
  if (options.migrate === false) return wrapPglite(await PGlite.create());
  return freshPglite();
}

/**
 * A URL for a fresh PostgreSQL database (for tests that need several processes or
 * connections on one database, e.g. two schedulers). Returns the URL and a drop function.
 */
export async function freshPostgresUrl(): Promise<{ url: string; drop: () => Promise<void> }> {
  const adminUrl = process.env.DATABASE_URL!;
  const name = `dsp_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  return {
    url: withDatabase(adminUrl, name),
    async drop() {
      const dropper = new pg.Client({ connectionString: adminUrl });
      await dropper.connect();
      await dropper.query(`drop database if exists ${name} with (force)`);
      await dropper.end();
    },
  };
}

/**
 * Declares `fn`'s tests once per engine, each with its own fresh database:
 *   describeEachDatabase('audit log', (db) => { it('...', async () => { db().db... }) })
 */
export function describeEachDatabase(title: string, fn: (database: () => Database, engine: Engine) => void): void {
  for (const engine of engines()) {
    describe(`${title} [${engine}]`, () => {
      let database: Database | undefined;
      before(async () => {
        database = await freshDatabase(engine);
      });
      after(async () => {
        await database?.close();
      });
      fn(() => {
        if (!database) throw new Error('database not ready');
        return database;
      }, engine);
    });
  }
}
