// A child process that runs one queued auto-provide job, so a test can kill it half-way with
// SIGKILL (src/jobs/auto-provide.test.ts). Env: DATABASE_URL, ESR_URL, JOB_ID, LOCK_MS.
import { createEsrHttpClient } from '../../src/integrations/esr/index.ts';
import { createNotifier } from '../../src/integrations/notify/index.ts';
import { autoProvideJob } from '../../src/jobs/auto-provide.ts';
import { createJobs } from '../../src/jobs/create-jobs.ts';
import { registerTrustJobs } from '../../src/jobs/trust-jobs.ts';
import { systemClock } from '../../src/platform/clock.ts';
import { createLogger } from '../../src/platform/logger.ts';
import { openDatabase } from '../../src/store/database.ts';

const database = await openDatabase({ databaseUrl: process.env.DATABASE_URL!, poolSize: 4 });
const logger = createLogger('silent');
const jobs = createJobs({ database, logger, clock: systemClock, lockMs: Number(process.env.LOCK_MS) });
const esr = createEsrHttpClient({ baseUrl: process.env.ESR_URL!, timeoutMs: 10_000 });
registerTrustJobs(jobs, { database, clock: systemClock, logger, notifier: createNotifier({ provider: 'outbox' }), publicUrl: 'http://localhost:3000' }, [autoProvideJob({ esr, concurrency: 2 })]);
process.stdout.write('ready\n');
await jobs.runNow(process.env.JOB_ID!);
process.stdout.write('finished\n');
await database.close();
