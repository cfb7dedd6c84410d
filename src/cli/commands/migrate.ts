// dsp migrate: bring the database schema up to date (start does this too).
import { sql } from 'drizzle-orm';
import { rowsOf } from '../../store/database.ts';
import type { Command } from '../command.ts';

export const migrate: Command = {
  words: ['migrate'],
  usage: 'dsp migrate [--json]',
  summary: 'Apply database migrations',
  options: {},
  async run(runtime) {
    await runtime.database.migrate();
    const [row] = await rowsOf<{ n: number }>(runtime.database.db, sql`select count(*)::int as n from drizzle.__drizzle_migrations`);
    return {
      text: `The ${runtime.database.kind === 'pglite' ? 'embedded' : 'PostgreSQL'} database is up to date (${row?.n ?? 0} migrations applied).`,
      json: { outcome: 'up-to-date', engine: runtime.database.kind, migrations: row?.n ?? 0 },
    };
  },
};
