// The scheduled trust jobs other than auto-provide (docs/architecture.md D37), through the
// scheduler and the queue with a clock the tests move: reminders with their cadence and limits,
// the expiry sweep, the weekly summary, and the fan-out's one-run-per-trust-per-firing.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { it } from 'node:test';
import { and, asc, eq, sql } from 'drizzle-orm';
import { describeEachDatabase } from '../../test/support/databases.ts';
import { planProvision, type ProvidableItem } from '../core/passport/plan-provision.ts';
import { createNotifier } from '../integrations/notify/index.ts';
import { fixedClock } from '../platform/clock.ts';
import { createLogger } from '../platform/logger.ts';
import { schema, type Db } from '../store/database.ts';
import { invitations } from '../store/invitations.ts';
import { jobRuns } from '../store/job-runs.ts';
import { addOrganisation } from '../store/organisations.ts';
import { passportHistory } from '../store/passport-history.ts';
import { providedCredentials } from '../store/provided-credentials.ts';
import { scopeOf, type OrganisationScope } from '../store/scope.ts';
import { staffPassports } from '../store/staff-passports.ts';
import { trustSettings } from '../store/trust-settings.ts';
import { createJobs } from './create-jobs.ts';
import { expirySweep } from './expiry-sweep.ts';
import { invitationReminders, pendingCredentialReminders } from './reminders.ts';
import { createFanOutHandler, registerTrustJobs, type TrustJobDefinition, type TrustJobDeps } from './trust-jobs.ts';
import { weeklySummary } from './weekly-summary.ts';

const silent = createLogger('silent');

async function trust(db: Db, ods: string): Promise<{ id: string; scope: OrganisationScope }> {
  const { organisation } = await addOrganisation(db, { odsCode: ods, name: `${ods} NHS Trust`, kind: 'trust' });
  return { id: organisation.id, scope: scopeOf(organisation.id) };
}

async function person(db: Db, scope: OrganisationScope, n: number) {
  const added = await staffPassports(db, scope).add({ givenName: `Person${n}`, familyName: 'Test', email: `person${n}@example.nhs.uk`, mobile: `07700${String(900100 + n)}` });
  assert.ok(added.outcome === 'added');
  return added.passport;
}

async function messages(db: Db, organisationId: string, template?: string) {
  const n = schema.notifications;
  return db
    .select({ template: n.template, recipient: n.recipient, subject: n.subject, body: n.body, channel: n.channel })
    .from(n)
    .where(template ? and(eq(n.organisationId, organisationId), eq(n.template, template)) : eq(n.organisationId, organisationId))
    .orderBy(asc(n.createdAt));
}

function coreSkill(name: string, dateLastAwarded: string, dateTo: string): ProvidableItem {
  return { type: 'CoreSkill', subject: { competencyFramework: 'MAND', subjectName: name, competencyName: name, subjectLevel: '1', attainmentStatus: 'ACHIEVED', dateLastAwarded, dateTo } };
}

function world(database: () => { db: Db } & Parameters<typeof createJobs>[0]['database'], start: Date, definitions: TrustJobDefinition[]) {
  const clock = fixedClock(start);
  const jobs = createJobs({ database: database(), logger: silent, clock, catchUpMs: 10 * 60_000 });
  const deps: TrustJobDeps = { database: database(), clock, logger: silent, notifier: createNotifier({ provider: 'outbox' }), publicUrl: 'http://localhost:3000' };
  registerTrustJobs(jobs, deps, definitions);
  return { clock, jobs, deps };
}

describeEachDatabase('scheduled trust jobs', (database) => {
  it('reminds an invitation not acted on daily for a week, then weekly, on both channels, until it expires at 28 days', async () => {
    const { db } = database();
    const t = await trust(db, 'TJA');
    const p = await person(db, t.scope, 1);
    const sentAt = new Date('2026-11-02T10:30:00Z');
    const invitation = await invitations(db, t.scope).send(p.id, { tokenHash: randomUUID(), actor: 'user:hr', now: sentAt });
    const { clock, jobs } = world(database, sentAt, [invitationReminders]);
    const days: string[] = [];
    for (let d = 1; d <= 35; d++) {
      clock.set(new Date(Date.UTC(2026, 10, 2 + d, 10, 0, 0)));
      const before = (await messages(db, t.id, 'invitation-reminder-email')).length;
      await jobs.tick();
      if ((await messages(db, t.id, 'invitation-reminder-email')).length > before) days.push(clock.now().toISOString().slice(0, 10));
    }
    assert.deepEqual(days, ['2026-11-03', '2026-11-04', '2026-11-05', '2026-11-06', '2026-11-07', '2026-11-08', '2026-11-09', '2026-11-16', '2026-11-23', '2026-11-30']);
    assert.equal((await messages(db, t.id, 'invitation-reminder-sms')).length, 10, 'by text too');
    const [email] = await messages(db, t.id, 'invitation-reminder-email');
    assert.match(email!.body, /invited you to set up your Digital Staff Passport on Monday 2 November 2026/);
    assert.match(email!.body, /works until Monday 30 November 2026/);
    assert.equal((await invitations(db, t.scope).findByTokenHash((await db.select().from(schema.invitations).where(eq(schema.invitations.id, invitation.id)))[0]!.tokenHash))?.state, 'expired');
    const history = await passportHistory(db, t.scope).list(p.id);
    assert.equal(history.filter((h) => h.event === 'invitation.reminded').length, 10);
    assert.equal(history[0]?.event, 'invitation.expired');
  });

  it('reminds people with credentials pending for a week, weekly and at most 4 times; one who chose no texts gets email only', async () => {
    const { db } = database();
    const t = await trust(db, 'TJB');
    const p = await person(db, t.scope, 2);
    await staffPassports(db, t.scope).setNotificationChannels(p.id, { email: true, sms: false });
    const providedAt = new Date('2026-11-02T11:00:00Z');
    const credentials = providedCredentials(db, t.scope);
    const plan = planProvision([coreSkill('Sepsis Awareness', '2026-10-01', '2029-09-30')], [], providedAt);
    await credentials.provide(p.id, plan.provide, { source: 'esr', actor: 'system:test', now: providedAt });
    const { clock, jobs } = world(database, providedAt, [pendingCredentialReminders]);
    const days: string[] = [];
    for (let d = 1; d <= 45; d++) {
      clock.set(new Date(Date.UTC(2026, 10, 2 + d, 10, 0, 0)));
      const before = (await messages(db, t.id)).length;
      await jobs.tick();
      if ((await messages(db, t.id)).length > before) days.push(clock.now().toISOString().slice(0, 10));
    }
    assert.deepEqual(days, ['2026-11-09', '2026-11-16', '2026-11-23', '2026-11-30']);
    const sent = await messages(db, t.id);
    assert.deepEqual([...new Set(sent.map((m) => m.template))], ['pending-credentials-reminder-email']);
    assert.match(sent[0]!.body, /You have 1 credential from TJB NHS Trust waiting for you to review/);
  });

  it('expires credentials past their expiry, tells holders of those in their wallet and the team that looks after them, once', async () => {
    const { db } = database();
    const t = await trust(db, 'TJC');
    await trustSettings(db, t.scope).setMailbox('education-training', 'training@tjc.example.nhs.uk', true);
    await trustSettings(db, t.scope).setMailbox('hr', 'hr@tjc.example.nhs.uk', true);
    const holder = await person(db, t.scope, 3);
    const other = await person(db, t.scope, 4);
    const providedAt = new Date('2025-11-01T11:00:00Z');
    const credentials = providedCredentials(db, t.scope);
    const give = async (passportId: string, item: ProvidableItem) => {
      const [row] = await credentials.provide(passportId, planProvision([item], [], providedAt).provide, { source: 'esr', actor: 'system:test', now: providedAt });
      return row!;
    };
    const inWallet = await give(holder.id, coreSkill('Sepsis Awareness', '2023-11-20', '2026-11-20'));
    await credentials.transition(inWallet.id, 'accept', { now: providedAt, serialNumber: randomUUID() });
    const neverAccepted = await give(other.id, coreSkill('Dementia Awareness', '2023-11-21', '2026-11-21'));
    const current = await give(holder.id, coreSkill('Falls Prevention', '2026-01-01', '2028-12-31'));

    // 03:00 on 22 November: both past their last day (20 and 21 November); the third is current.
    const { clock, jobs } = world(database, new Date('2026-11-22T02:59:00Z'), [expirySweep]);
    clock.set(new Date('2026-11-22T03:00:00Z'));
    await jobs.tick();
    assert.equal((await credentials.findById(inWallet.id))?.state, 'expired');
    assert.equal((await credentials.findById(neverAccepted.id))?.state, 'expired');
    assert.equal((await credentials.findById(current.id))?.state, 'pending');
    const told = await messages(db, t.id);
    assert.deepEqual(told.map((m) => [m.template, m.recipient]).sort(), [
      ['credentials-expired-email', 'person3@example.nhs.uk'],
      ['credentials-expired-sms', '+447700900103'],
      ['credentials-expired-team', 'training@tjc.example.nhs.uk'],
    ]);
    assert.match(told.find((m) => m.template === 'credentials-expired-email')!.body, /1 credential from TJC NHS Trust expired on Sunday 22 November 2026: Sepsis Awareness \(Level 1\)\./);
    assert.match(told.find((m) => m.template === 'credentials-expired-team')!.body, /^2 credentials looked after by the Education and training team at TJC NHS Trust expired on Sunday 22 November 2026: (Sepsis Awareness \(Level 1\) \(1\), Dementia Awareness \(Level 1\) \(1\)|Dementia Awareness \(Level 1\) \(1\), Sepsis Awareness \(Level 1\) \(1\))\./);
    assert.equal((await jobRuns(db, t.scope).latest())[0]?.summary.expired, 2);

    // The next night: nothing more to expire, nobody told again.
    clock.set(new Date('2026-11-23T03:00:00Z'));
    await jobs.tick();
    assert.equal((await messages(db, t.id)).length, told.length);
    assert.equal((await passportHistory(db, t.scope).list(holder.id)).filter((h) => h.event === 'credential.expired').length, 1);
  });

  it("sends each team mailbox with the summary on its weekly summary on Monday at 08:00, with that team's counts", async () => {
    const { db } = database();
    const t = await trust(db, 'TJD');
    const settings = trustSettings(db, t.scope);
    await settings.setMailbox('hr', 'hr@tjd.example.nhs.uk', true);
    await settings.setMailbox('education-training', 'training@tjd.example.nhs.uk', true);
    await settings.setMailbox('occupational-health', 'oh@tjd.example.nhs.uk', false);
    const a = await person(db, t.scope, 5);
    const b = await person(db, t.scope, 6);
    await invitations(db, t.scope).send(a.id, { tokenHash: randomUUID(), actor: 'user:hr', now: new Date('2026-11-20T09:00:00Z') });
    await staffPassports(db, t.scope).setStatus(b.id, 'identity-shared');
    const now = new Date('2026-11-23T08:00:00Z');
    const plan = planProvision([coreSkill('Sepsis Awareness', '2026-10-01', '2026-12-01'), coreSkill('Falls Prevention', '2026-10-01', '2029-10-01')], [], now);
    await providedCredentials(db, t.scope).provide(b.id, plan.provide, { source: 'esr', actor: 'system:test', now });

    const { clock, jobs } = world(database, new Date('2026-11-23T07:59:00Z'), [weeklySummary]);
    clock.set(now);
    await jobs.tick();
    const sent = await messages(db, t.id);
    assert.deepEqual(sent.map((m) => [m.template, m.recipient]).sort(), [
      ['weekly-summary', 'training@tjd.example.nhs.uk'],
      ['weekly-summary-hr', 'hr@tjd.example.nhs.uk'],
    ]);
    const hr = sent.find((m) => m.template === 'weekly-summary-hr')!;
    assert.match(hr.body, /Invitations not yet accepted: 1\n/);
    assert.match(hr.body, /Identities waiting to be checked: 1\n/);
    assert.match(hr.body, /Credentials waiting for staff to review: 0\n/, 'core skills are not HR’s');
    const training = sent.find((m) => m.template === 'weekly-summary')!;
    assert.match(training.subject!, /weekly summary for Education and training at TJD NHS Trust/);
    assert.match(training.body, /Credentials waiting for staff to review: 2\n/);
    assert.match(training.body, /Credentials expiring in the next 30 days: 1\n/);
    assert.match(training.body, /on Monday 23 November 2026:/);
  });

  it('a firing fanned out twice (a retried fan-out, two replicas) makes one run per trust', async () => {
    const { db } = database();
    const t = await trust(db, 'TJE');
    const { clock, jobs, deps } = world(database, new Date('2027-01-04T03:00:00Z'), []);
    const definition: TrustJobDefinition = { ...expirySweep, name: 'expiry-sweep', trusts: async () => [t.id] };
    const fanOut = createFanOutHandler(definition, deps, jobs);
    const fanOutJobId = randomUUID();
    await db.insert(schema.scheduleRuns).values({ schedule: 'expiry-sweep', fireAt: clock.now(), jobId: fanOutJobId });
    const context = { id: fanOutJobId, queue: 'expiry-sweep.fan-out', organisationId: null, attempt: 1, maxAttempts: 5, signal: new AbortController().signal, retryDelayMs: 10_000 };
    await fanOut({}, context);
    await fanOut({}, { ...context, attempt: 2 });
    const runs = await db.select().from(schema.jobRuns).where(eq(schema.jobRuns.organisationId, t.id));
    assert.equal(runs.length, 1);
    assert.equal(runs[0]?.runKey, '2027-01-04T03:00:00.000Z');
    const queued = await db.select({ n: sql<number>`count(*)::int` }).from(schema.jobs).where(and(eq(schema.jobs.queue, 'expiry-sweep'), eq(schema.jobs.organisationId, t.id)));
    assert.equal(Number(queued[0]?.n), 1);
  });

  it('shows a run whose worker died on its last attempt as failed, not running for ever', async () => {
    const { db } = database();
    const t = await trust(db, 'TJF');
    const runs = jobRuns(db, t.scope);
    const run = (await runs.create({ job: 'expiry-sweep', runKey: 'k', trigger: 'schedule', requestedBy: 'system:scheduler', now: new Date('2026-11-23T03:00:00Z') }))!;
    const jobId = randomUUID();
    await db.insert(schema.jobs).values({ id: jobId, queue: 'expiry-sweep', organisationId: t.id, state: 'failed', runAt: new Date('2026-11-23T03:00:00Z'), attempts: 5, lastError: 'lock expired' });
    await runs.setQueueJob(run.id, jobId);
    await runs.start(run.id, 5, new Date('2026-11-23T03:00:01Z'));
    const [shown] = await runs.latest();
    assert.equal(shown?.state, 'failed');
    assert.equal(shown?.error, 'The worker stopped during the last attempt');
  });
});
