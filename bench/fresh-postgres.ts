// A fresh PostgreSQL database for one benchmark run (as test/support/databases.ts does for tests),
// on the server of BENCH_DATABASE_URL (default DATABASE_URL, then postgres://postgres@127.0.0.1:5432/test),
// dropped by the returned function.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type Database } from '../src/store/database.ts';

export function benchAdminUrl(): string {
  return process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
}

export async function freshBenchPostgres(poolSize: number, options: { migrate?: boolean } = {}): Promise<{ database: Database; drop: () => Promise<void> }> {
  const admin = benchAdminUrl();
  const name = `dsp_bench_${randomBytes(6).toString('hex')}`;
  const run = async (statement: string) => {
    const client = new pg.Client({ connectionString: admin });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await run(`create database ${name}`);
  const url = new URL(admin);
  url.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: url.toString(), poolSize });
  if (options.migrate) await database.migrate();
  return { database, drop: () => run(`drop database if exists ${name} with (force)`) };
}
