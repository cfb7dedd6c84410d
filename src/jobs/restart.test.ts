import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { engines, freshPostgresUrl, type Engine } from '../../test/support/databases.ts';
import { openDatabase, schema, type Database } from '../store/database.ts';
import { fixedClock } from '../platform/clock.ts';
import { createLogger } from '../platform/logger.ts';
import { createJobs } from './create-jobs.ts';

const silent = createLogger('silent');

/** A database that can be closed and opened again: PGlite in a temp dir, or one PostgreSQL database. */
interface Reopenable {
  open(): Promise<Database>;
  dispose(): Promise<void>;
}

async function reopenable(engine: Engine): Promise<Reopenable> {
  if (engine === 'pglite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dsp-jobs-'));
    return {
      open: () => openDatabase({ dataDir: path.join(dir, 'db') }),
      dispose: async () => fs.rmSync(dir, { recursive: true, force: true }),
    };
  }
  const { url, drop } = await freshPostgresUrl();
  return { open: () => openDatabase({ databaseUrl: url, poolSize: 2 }), dispose: drop };
}

for (const engine of engines()) {
  describe(`jobs across a restart [${engine}]`, () => {
    // One database for both tests (distinct queues and schedules): creating a PGlite data
    // directory (initdb) is the slow part, seconds; reopening it takes a fraction of that.
    let store: Promise<Reopenable> | undefined;
    const shared = () => (store ??= reopenable(engine));
    after(async () => {
      if (store) await (await store).dispose();
    });

    it('runs after a restart a job queued before it', async () => {
      const store = await shared();
      const clock = fixedClock(new Date('2026-01-05T09:00:00Z'));
      let database = await store.open();
      await database.migrate();
      const before = createJobs({ database, logger: silent, clock });
      const id = await database.transaction((tx) => before.enqueue(tx, 'survivor-q', { n: 1 }));
      assert.ok(id);
      await database.close();

      database = await store.open();
      try {
        await database.migrate();
        const afterRestart = createJobs({ database, logger: silent, clock, pollIntervalMs: 10 });
        const ran = new Promise<string>((resolve) => afterRestart.handle('survivor-q', async (_p, context) => resolve(context.id)));
        afterRestart.start();
        assert.equal(await ran, id);
        await afterRestart.stop();
        const [row] = await database.db.select().from(schema.jobs).where(eq(schema.jobs.id, id));
        assert.equal(row?.state, 'done');
      } finally {
        await database.close();
      }
    });

    it('fires after a restart a firing missed while down, and not one fired before it', async () => {
      const store = await shared();
      const clock = fixedClock(new Date('2026-01-05T11:00:05Z'));
      let database = await store.open();
      await database.migrate();
      const declare = (db: Database) => {
        const jobs = createJobs({ database: db, logger: silent, clock, catchUpMs: 10 * 60_000 });
        jobs.schedule('eleven', '0 11 * * *', 'eleven-q');
        jobs.schedule('eleven-oh-five', '5 11 * * *', 'eleven-oh-five-q');
        jobs.handle('eleven-q', async () => undefined);
        jobs.handle('eleven-oh-five-q', async () => undefined);
        return jobs;
      };
      assert.equal((await declare(database).tick()).fired, 1, '11:00 fires before the restart');
      await database.close();

      // Down from 11:00:05 to 11:07: 11:05 was missed, 11:00 already happened.
      clock.set(new Date('2026-01-05T11:07:00Z'));
      database = await store.open();
      try {
        assert.deepEqual(await declare(database).tick(), { fired: 1, ran: 1 });
        const runs = await database.db.select().from(schema.scheduleRuns);
        assert.deepEqual(runs.map((r) => `${r.schedule}@${r.fireAt.toISOString()}`).sort(), [
          'eleven-oh-five@2026-01-05T11:05:00.000Z',
          'eleven@2026-01-05T11:00:00.000Z',
        ]);
      } finally {
        await database.close();
      }
    });
  });
}
