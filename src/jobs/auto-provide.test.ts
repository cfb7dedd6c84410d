// Auto-provide against the ESR simulator over real HTTP (docs/architecture.md D37), on PGlite and
// PostgreSQL: a second run provides nothing; a run killed half-way and run again provides each
// item exactly once; two replicas at 11:00 run it once; a change in ESR becomes exactly one
// provided credential at the next run; and every failure of the port (an error, a timeout,
// malformed data) is a clear error on the run, leaves no half-written state, and is retried by
// the queue with back-off.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { and, eq, sql } from 'drizzle-orm';
import { describeEachDatabase, engines, freshDatabase, freshPostgresUrl } from '../../test/support/databases.ts';
import { expectedSlots, linkPassports, startEsrSimulator, type EsrWorld, type LinkedPerson } from '../../test/support/esr-world.ts';
import { createNotifier, type Notifier } from '../integrations/notify/index.ts';
import type { EsrPort, FaultInput } from '../integrations/esr/index.ts';
import { fixedClock, systemClock } from '../platform/clock.ts';
import { createLogger } from '../platform/logger.ts';
import { openDatabase, rowsOf, schema, type Database, type Db } from '../store/database.ts';
import { esrSyncState } from '../store/esr-sync-state.ts';
import { jobRuns } from '../store/job-runs.ts';
import { addOrganisation } from '../store/organisations.ts';
import { scopeOf, type OrganisationScope } from '../store/scope.ts';
import { trustSettings } from '../store/trust-settings.ts';
import { autoProvideJob } from './auto-provide.ts';
import { createJobs } from './create-jobs.ts';
import { registerTrustJobs, requestTrustJobRun, runTrustJobNow, type TrustJobDefinition } from './trust-jobs.ts';
import type { Jobs } from './types.ts';

const silent = createLogger('silent');
// Monday 23 November 2026: 11:00 Europe/London is 11:00Z.
const beforeEleven = new Date('2026-11-23T10:59:30Z');
const eleven = new Date('2026-11-23T11:00:00Z');
const DAY = 24 * 60 * 60 * 1000;
/** 11:00 on the nth day on: tests sharing a database use days of their own (a firing happens once per database). */
const elevenOn = (n: number) => new Date(eleven.getTime() + n * DAY);

interface Trust {
  id: string;
  ods: string;
  scope: OrganisationScope;
  people: LinkedPerson[];
}

async function addTrust(db: Db, world: EsrWorld, ods: string, count: number, now: Date): Promise<Trust> {
  const { organisation } = await addOrganisation(db, { odsCode: ods, name: `${ods} NHS Trust`, kind: 'trust' });
  const scope = scopeOf(organisation.id);
  await trustSettings(db, scope).setAutoProvide(true, 'user:test');
  return { id: organisation.id, ods, scope, people: await linkPassports(db, scope, world.simulator, ods, count, now) };
}

function replica(database: Database, clock: ReturnType<typeof fixedClock>, esr: EsrPort, notifier: Notifier = createNotifier({ provider: 'outbox' })) {
  const jobs = createJobs({ database, logger: silent, clock, catchUpMs: 10 * 60_000 });
  const definition = autoProvideJob({ esr, concurrency: 3 });
  registerTrustJobs(jobs, { database, clock, logger: silent, notifier, publicUrl: 'http://localhost:3000' }, [definition]);
  return { jobs, definition };
}

interface Provided {
  passportId: string;
  slotKey: string;
  dedupeKey: string | null;
  state: string;
  credentialType: string;
}

async function providedOf(db: Db, trust: Trust): Promise<Provided[]> {
  const t = schema.providedCredentials;
  return db
    .select({ passportId: t.passportId, slotKey: t.slotKey, dedupeKey: t.dedupeKey, state: t.state, credentialType: t.credentialType })
    .from(t)
    .where(eq(t.organisationId, trust.id));
}

async function notificationsOf(db: Db, trust: Trust): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(schema.notifications).where(eq(schema.notifications.organisationId, trust.id));
  return Number(row?.n ?? 0);
}

/**
 * What must hold whenever a run has stopped, finished or not: every provided credential has
 * exactly one "provided" history entry and was told to its holder; no passport has two versions
 * of one item.
 */
async function assertNoHalfWrittenState(db: Db, trust: Trust): Promise<void> {
  const orphans = await rowsOf<{ id: string; n: number }>(
    db,
    sql`select c.id, count(h.id)::int as n from provided_credentials c
          left join passport_history h on h.organisation_id = c.organisation_id and h.credential_id = c.id and h.event = 'credential.provided'
         where c.organisation_id = ${trust.id} group by c.id having count(h.id) <> 1`,
  );
  assert.deepEqual(orphans, [], 'every provided credential has exactly one history entry');
  const untold = await rowsOf<{ passport_id: string }>(
    db,
    sql`select distinct c.passport_id from provided_credentials c join staff_passports p on p.organisation_id = c.organisation_id and p.id = c.passport_id
         where c.organisation_id = ${trust.id} and p.esr_synced_at is null`,
  );
  assert.deepEqual(untold, [], 'a passport with credentials was read to the end and marked so');
  const doubled = await rowsOf<{ passport_id: string }>(
    db,
    sql`select passport_id from provided_credentials where organisation_id = ${trust.id} and dedupe_key is not null
         group by passport_id, dedupe_key having count(*) > 1`,
  );
  assert.deepEqual(doubled, []);
}

/** After a complete run: each passport holds exactly one live version of every item its ESR records give. */
async function assertExactlyOnce(db: Db, trust: Trust, world: EsrWorld, now: Date): Promise<void> {
  await assertNoHalfWrittenState(db, trust);
  const rows = await providedOf(db, trust);
  for (const person of trust.people) {
    const live = rows.filter((r) => r.passportId === person.passportId && r.state === 'pending').map((r) => r.slotKey).sort();
    assert.deepEqual(live, expectedSlots(world.simulator, trust.ods, person.records.person.personId, now), 'one pending version of each item, and nothing else');
  }
}

describeEachDatabase('auto-provide', (database) => {
  let world: EsrWorld;
  const clock = fixedClock(beforeEleven);
  before(async () => {
    world = await startEsrSimulator({ organisations: ['APA', 'APB', 'APC', 'APD'], size: 12, clock });
  });
  after(() => world.close());

  it('at 11:00 provides every ESR-linked passport its items; run again, it provides nothing', async () => {
    clock.set(beforeEleven);
    const { db } = database();
    const trust = await addTrust(db, world, 'APA', 8, clock.now());
    const { jobs, definition } = replica(database(), clock, world.esr);
    assert.deepEqual(await jobs.tick(), { fired: 0, ran: 0 }, 'nothing before 11:00');
    clock.set(eleven);
    await jobs.tick();
    const first = await providedOf(db, trust);
    assert.ok(first.length > 8 * 3, `provided ${first.length}`);
    await assertExactlyOnce(db, trust, world, clock.now());
    const [run] = await jobRuns(db, trust.scope).latest();
    assert.equal(run?.state, 'succeeded');
    assert.equal(run?.trigger, 'schedule');
    assert.equal(run?.runKey, eleven.toISOString());
    assert.equal(run?.summary.provided, first.length);
    assert.equal(run?.summary.passports, 8);
    const told = await notificationsOf(db, trust);
    assert.equal(told, 16, 'each person once, by email and by text');

    // Straight away again (an operator's `dsp jobs run`), then at the next day's 11:00: nothing new.
    clock.set(new Date(eleven.getTime() + 60_000));
    const again = await runTrustJobNow(jobs, { database: database(), clock }, definition, trust.id, 'system:cli');
    assert.equal(again.outcome, 'finished');
    assert.equal(again.outcome === 'finished' && again.run.state, 'succeeded');
    assert.equal(again.outcome === 'finished' && again.run.summary.provided, 0);
    clock.set(new Date(eleven.getTime() + DAY));
    await jobs.tick();
    assert.equal((await jobRuns(db, trust.scope).latest())[0]?.summary.provided, 0);
    assert.equal((await providedOf(db, trust)).length, first.length);
    assert.equal(await notificationsOf(db, trust), told, 'nobody is told twice');
  });

  it('a change in ESR appears as one provided credential at the next run, superseding the old version, and nothing else', async () => {
    clock.set(new Date(elevenOn(2).getTime() - 30_000));
    const { db } = database();
    const trust = await addTrust(db, world, 'APB', 6, clock.now());
    const { jobs } = replica(database(), clock, world.esr);
    clock.set(elevenOn(2));
    await jobs.tick();
    const before = await providedOf(db, trust);
    const told = await notificationsOf(db, trust);

    // In ESR, one linked person renews Fire Safety today; an unlinked person renews it too.
    const renewer = trust.people[2]!;
    world.simulator.awardCompetence('APB', renewer.records.person.personId, { competencyName: 'Fire Safety', dateLastAwarded: '2026-11-23' });
    const unlinked = [...world.simulator.store().people('APB')].find((r) => !trust.people.some((p) => p.records.person.personId === r.person.personId))!;
    world.simulator.awardCompetence('APB', unlinked.person.personId, { competencyName: 'Fire Safety', dateLastAwarded: '2026-11-23' });

    clock.set(elevenOn(3));
    await jobs.tick();
    const after = await providedOf(db, trust);
    const added = after.filter((r) => !before.some((b) => b.dedupeKey === r.dedupeKey && b.passportId === r.passportId));
    assert.deepEqual(
      added.map((r) => [r.passportId, r.dedupeKey]),
      [[renewer.passportId, 'CoreSkill|CSTF|Fire Safety|1|2026-11-23']],
    );
    const [run] = await jobRuns(db, trust.scope).latest();
    assert.equal(run?.summary.provided, 1);
    assert.equal(run?.summary.passports, 1, 'only the person the change feed named was read');
    const older = after.filter((r) => r.passportId === renewer.passportId && r.slotKey === 'CoreSkill|CSTF|Fire Safety|1' && r.dedupeKey !== added[0]!.dedupeKey);
    assert.ok(older.every((r) => r.state === 'archived'), 'the pending older version is archived');
    assert.equal(await notificationsOf(db, trust), told + 2, 'only the renewer is told');
    await assertExactlyOnce(db, trust, world, clock.now());
  });

  it('killed half-way (ESR calls stop, then a transaction dies) and run again, provides each item exactly once', async () => {
    clock.set(new Date(elevenOn(4).getTime() - 30_000));
    const { db } = database();
    const trust = await addTrust(db, world, 'APC', 10, clock.now());
    // A port that "dies" after 6 people's records: as if the process were killed mid-run.
    let calls = 0;
    let dying = true;
    const killable: EsrPort = {
      lookupAssignment: (...args) => world.esr.lookupAssignment(...args),
      changesSince: (...args) => world.esr.changesSince(...args),
      personRecords: async (...args) => {
        if (dying && ++calls > 6) throw new Error('process killed');
        return world.esr.personRecords(...args);
      },
    };
    // And a notifier that dies inside the 4th passport's transaction, after its credentials were inserted.
    const outbox = createNotifier({ provider: 'outbox' });
    let sends = 0;
    const dyingNotifier: Notifier = {
      send: async (tx, request) => {
        if (dying && ++sends === 7) throw new Error('process killed');
        return outbox.send(tx, request);
      },
    };
    const { jobs } = replica(database(), clock, killable, dyingNotifier);
    clock.set(elevenOn(4));
    await jobs.tick();
    const [stopped] = await jobRuns(db, trust.scope).latest();
    assert.equal(stopped?.state, 'retrying');
    const partial = await providedOf(db, trust);
    const done = new Set(partial.map((r) => r.passportId));
    assert.ok(done.size > 0 && done.size < 10, `some passports were done before it died (${done.size})`);
    await assertNoHalfWrittenState(db, trust);
    assert.equal((await esrSyncState(db, trust.scope).get()).cursor, null, 'the cursor did not move');

    // Run again: the queue's retry, after its back-off.
    dying = false;
    clock.set(new Date(elevenOn(4).getTime() + 10_000));
    await jobs.tick();
    const [finished] = await jobRuns(db, trust.scope).latest();
    assert.equal(finished?.state, 'succeeded');
    assert.equal(finished?.attempts, 2);
    await assertExactlyOnce(db, trust, world, clock.now());
    assert.equal(await notificationsOf(db, trust), 20, 'each person told once, whether done before or after the crash');
    assert.notEqual((await esrSyncState(db, trust.scope).get()).cursor, null);
  });
});

describe('auto-provide across replicas', () => {
  for (const engine of engines()) {
    it(`two replicas ticking at 11:00 run it once [${engine}]`, async () => {
      const clock = fixedClock(beforeEleven);
      const world = await startEsrSimulator({ organisations: ['RPA', 'RPB'], size: 6, clock });
      // Two processes' worth of connections: PostgreSQL gets two pools; PGlite is one process by nature.
      let databases: [Database, Database];
      let cleanup: () => Promise<void>;
      if (engine === 'postgres') {
        const { url, drop } = await freshPostgresUrl();
        const a = await openDatabase({ databaseUrl: url, poolSize: 4 });
        await a.migrate();
        const b = await openDatabase({ databaseUrl: url, poolSize: 4 });
        databases = [a, b];
        cleanup = async () => {
          await a.close();
          await b.close();
          await drop();
        };
      } else {
        const one = await freshDatabase('pglite');
        databases = [one, one];
        cleanup = () => one.close();
      }
      try {
        const db = databases[0].db;
        const trusts = [await addTrust(db, world, 'RPA', 5, clock.now()), await addTrust(db, world, 'RPB', 5, clock.now())];
        const replicas: Jobs[] = databases.map((d) => replica(d, clock, world.esr).jobs);
        clock.set(eleven);
        const ticks = await Promise.all(replicas.map((r) => r.tick()));
        assert.equal(ticks[0]!.fired + ticks[1]!.fired, 1, 'one firing between them');
        const firings = await db.select().from(schema.scheduleRuns).where(eq(schema.scheduleRuns.schedule, 'auto-provide'));
        assert.equal(firings.length, 1);
        for (const trust of trusts) {
          const runs = await db.select().from(schema.jobRuns).where(and(eq(schema.jobRuns.organisationId, trust.id), eq(schema.jobRuns.job, 'auto-provide')));
          assert.equal(runs.length, 1, 'one run per trust');
          assert.equal(runs[0]?.state, 'succeeded', runs[0]?.error ?? '');
          await assertExactlyOnce(db, trust, world, clock.now());
          assert.equal(await notificationsOf(db, trust), 10);
        }
      } finally {
        await cleanup();
        await world.close();
      }
    });
  }
});

describeEachDatabase('auto-provide when ESR misbehaves', (database) => {
  const faults: Array<{ operation: 'changesSince' | 'personRecords'; kind: FaultInput['kind']; expect: RegExp }> = [];
  for (const operation of ['changesSince', 'personRecords'] as const) {
    faults.push(
      { operation, kind: 'error', expect: new RegExp(`^ESR is unavailable \\(${operation}\\): HTTP 503`) },
      { operation, kind: 'delay', expect: new RegExp(`^ESR did not answer ${operation} within 1000 ms`) },
      { operation, kind: 'malformed-json', expect: new RegExp(`^ESR answered ${operation} with malformed data`) },
      { operation, kind: 'wrong-shape', expect: new RegExp(`^ESR answered ${operation} with malformed data`) },
    );
  }
  const codes = faults.map((_, i) => `FL${String.fromCharCode(65 + i)}`);
  let world: EsrWorld;
  const clock = fixedClock(beforeEleven);
  before(async () => {
    world = await startEsrSimulator({ organisations: codes, size: 5, clock, timeoutMs: 1000 });
  });
  after(() => world.close());

  faults.forEach((fault, i) => {
    it(`${fault.operation} answering with ${fault.kind === 'error' ? 'an error' : fault.kind === 'delay' ? 'a timeout' : `malformed data (${fault.kind})`}: a clear error, nothing half-written, retried with back-off`, async () => {
      const ods = codes[i]!;
      clock.set(beforeEleven);
      const { db } = database();
      const trust = await addTrust(db, world, ods, 5, clock.now());
      const { jobs, definition } = replica(database(), clock, world.esr);
      // Until cleared: two attempts fail, so the back-off can be seen to double.
      const added = world.simulator.faults.add({ operation: fault.operation, orgCode: ods, kind: fault.kind, ...(fault.kind === 'delay' ? { delayMs: 3000 } : {}) });
      clock.set(eleven);
      const started = await runTrustJobNow(jobs, { database: database(), clock }, definition, trust.id, 'system:cli');
      assert.equal(started.outcome, 'pending');
      const first = (await jobRuns(db, trust.scope).latest())[0]!;
      assert.equal(first.state, 'retrying');
      assert.match(first.error ?? '', fault.expect);
      assert.doesNotMatch(first.error ?? '', /[0-9]{8}/, 'no assignment number or person id in the error');
      assert.equal(first.retryAt?.toISOString(), new Date(eleven.getTime() + 10_000).toISOString(), 'first back-off: 10 s');
      const queued = await db.select().from(schema.jobs).where(eq(schema.jobs.queue, 'auto-provide'));
      const job = queued.find((j) => j.organisationId === trust.id)!;
      assert.equal(job.state, 'queued');
      assert.equal(job.runAt.toISOString(), first.retryAt?.toISOString());
      await assertNoHalfWrittenState(db, trust);
      assert.equal((await esrSyncState(db, trust.scope).get()).cursor, null, 'the cursor did not move');
      if (fault.operation === 'changesSince') assert.equal((await providedOf(db, trust)).length, 0, 'nothing provided before the feed was read');

      // Not due before the back-off has passed.
      clock.set(new Date(eleven.getTime() + 9_000));
      await jobs.tick();
      assert.equal((await jobRuns(db, trust.scope).latest())[0]?.attempts, 1);
      clock.set(new Date(eleven.getTime() + 10_000));
      await jobs.tick();
      const second = (await jobRuns(db, trust.scope).latest())[0]!;
      assert.equal(second.state, 'retrying');
      assert.equal(second.attempts, 2);
      assert.equal(second.retryAt?.toISOString(), new Date(eleven.getTime() + 30_000).toISOString(), 'second back-off: 20 s');

      // ESR recovers: the third attempt provides everything, once.
      world.simulator.faults.remove(added.id);
      clock.set(new Date(eleven.getTime() + 30_000));
      await jobs.tick();
      const third = (await jobRuns(db, trust.scope).latest())[0]!;
      assert.equal(third.state, 'succeeded');
      assert.equal(third.attempts, 3);
      assert.equal(third.error, null);
      await assertExactlyOnce(db, trust, world, clock.now());
      assert.equal(await notificationsOf(db, trust), 10);
    });
  });

  it('a run that ESR keeps failing ends failed after its attempts, saying why', async () => {
    clock.set(beforeEleven);
    const { db } = database();
    const { organisation } = await addOrganisation(db, { odsCode: 'FLZ', name: 'FLZ NHS Trust', kind: 'trust' });
    const scope = scopeOf(organisation.id);
    const jobs = createJobs({ database: database(), logger: silent, clock });
    const definition: TrustJobDefinition = { ...autoProvideJob({ esr: world.esr }), maxAttempts: 2 };
    registerTrustJobs(jobs, { database: database(), clock, logger: silent, notifier: createNotifier({ provider: 'outbox' }), publicUrl: 'http://localhost:3000' }, [definition]);
    world.simulator.faults.add({ operation: 'changesSince', kind: 'error', status: 503, times: 2 });
    clock.set(eleven);
    await runTrustJobNow(jobs, { database: database(), clock }, definition, organisation.id, 'system:cli');
    clock.set(new Date(eleven.getTime() + 10_000));
    await jobs.tick();
    const [run] = await jobRuns(db, scope).latest();
    assert.equal(run?.state, 'failed');
    assert.match(run?.error ?? '', /^ESR is unavailable \(changesSince\): HTTP 503/);
  });
});

// The real thing: a worker process killed with SIGKILL in the middle of a run (PostgreSQL: a
// second process needs a server). Another worker picks the job up once its lock has expired.
describe('auto-provide in a process killed half-way', () => {
  for (const engine of engines().filter((e) => e === 'postgres')) {
    it(`provides each item exactly once after a SIGKILL and a re-run by another worker [${engine}]`, async () => {
      const world = await startEsrSimulator({ organisations: ['KLA'], size: 30, clock: systemClock });
      const { url, drop } = await freshPostgresUrl();
      const database = await openDatabase({ databaseUrl: url, poolSize: 4 });
      try {
        await database.migrate();
        const db = database.db;
        const trust = await addTrust(db, world, 'KLA', 30, systemClock.now());
        const definition = autoProvideJob({ esr: world.esr, concurrency: 2 });
        const jobs = createJobs({ database, logger: silent, clock: systemClock, lockMs: 1500 });
        registerTrustJobs(jobs, { database, clock: systemClock, logger: silent, notifier: createNotifier({ provider: 'outbox' }), publicUrl: 'http://localhost:3000' }, [definition]);
        const requested = await database.transaction((tx) =>
          requestTrustJobRun(tx, jobs, definition, trust.id, { trigger: 'manual', runKey: 'kill-test', requestedBy: 'system:test', now: systemClock.now() }),
        );
        assert.equal(requested.outcome, 'queued');
        // ESR answers slowly, so the run is still going when it is killed.
        const slow = world.simulator.faults.add({ operation: 'personRecords', kind: 'delay', delayMs: 100 });
        const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('../../test/support/run-queued-job.ts', import.meta.url))], {
          // eslint-disable-next-line no-restricted-properties -- the child worker inherits this process's environment (PATH, node options) plus its own settings
          env: { ...process.env, DATABASE_URL: url, ESR_URL: world.baseUrl, JOB_ID: requested.outcome === 'queued' ? requested.queueJobId : '', LOCK_MS: '1500' },
          stdio: ['ignore', 'pipe', 'inherit'],
        });
        const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
        const synced = async () =>
          Number((await rowsOf<{ n: number }>(db, sql`select count(*)::int as n from staff_passports where organisation_id = ${trust.id} and esr_synced_at is not null`))[0]?.n);
        for (let waited = 0; (await synced()) < 6; waited += 50) {
          assert.ok(waited < 60_000, 'the child made progress');
          await new Promise((r) => setTimeout(r, 50));
        }
        child.kill('SIGKILL');
        assert.equal(await exited, 'SIGKILL');
        const done = await synced();
        assert.ok(done >= 6 && done < 30, `killed half-way (${done} of 30 passports done)`);
        await assertNoHalfWrittenState(db, trust);
        const [killed] = await jobRuns(db, trust.scope).latest();
        assert.equal(killed?.state, 'running', 'the run was cut off mid-attempt');

        // Another worker, once the dead one's lock has expired, runs it again.
        world.simulator.faults.remove(slow.id);
        await new Promise((r) => setTimeout(r, 1600));
        await jobs.tick();
        const [finished] = await jobRuns(db, trust.scope).latest();
        assert.equal(finished?.state, 'succeeded');
        assert.equal(finished?.attempts, 2);
        await assertExactlyOnce(db, trust, world, systemClock.now());
        assert.equal(await notificationsOf(db, trust), 60, 'each person told once');
        await jobs.stop();
      } finally {
        await database.close();
        await drop();
        await world.close();
      }
    });
  }
});
