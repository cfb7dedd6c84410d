import { sql } from 'drizzle-orm';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { it } from 'node:test';
import { describeEachDatabase } from '../../test/support/databases.ts';
import { planProvision } from '../core/passport/plan-provision.ts';
import { STAFF_GROUPS } from '../core/passport/credentials-required.ts';
import { credentialRequests } from './credential-requests.ts';
import { credentialsRequiredChecklists } from './credentials-required-checklists.ts';
import { employerSecondFactors } from './employer-second-factors.ts';
import { employerSessions } from './employer-sessions.ts';
import { employerSignInLocks } from './employer-sign-in-locks.ts';
import { employerUserSetupLinks } from './employer-user-setup-links.ts';
import { employerUsers } from './employer-users.ts';
import { esrSyncState } from './esr-sync-state.ts';
import { invitations } from './invitations.ts';
import { jobRuns } from './job-runs.ts';
import { addOrganisation } from './organisations.ts';
import { passportHistory } from './passport-history.ts';
import { passportPhotos } from './passport-photos.ts';
import { providedCredentials } from './provided-credentials.ts';
import { scopeOf } from './scope.ts';
import { sharedCredentials } from './shared-credentials.ts';
import { staffPassports } from './staff-passports.ts';
import { trustSettings } from './trust-settings.ts';

describeEachDatabase('tenant isolation', (database) => {
  it("a query made for one organisation can neither read nor change another organisation's rows", async () => {
    const { db } = database();
    const a = (await addOrganisation(db, { odsCode: 'ISOA', name: 'Isolation Trust A', kind: 'trust' })).organisation;
    const b = (await addOrganisation(db, { odsCode: 'ISOB', name: 'Isolation Trust B', kind: 'trust' })).organisation;
    const usersA = employerUsers(db, scopeOf(a.id));
    const usersB = employerUsers(db, scopeOf(b.id));
    const added = await usersB.add({ email: 'b.admin@trust-b.example', displayName: 'B Admin', role: 'senior-administrator' });
    assert.equal(added.outcome, 'added');
    const bUser = added.outcome === 'added' ? added.user : assert.fail();

    // A's scope, even when handed B's row id or email, sees and changes nothing.
    assert.deepEqual(await usersA.list(), []);
    assert.equal(await usersA.findById(bUser.id), undefined);
    assert.equal(await usersA.findByEmail('b.admin@trust-b.example'), undefined);
    assert.equal(await usersA.setRole(bUser.id, 'administrator'), false);
    assert.equal(await usersA.remove(bUser.id), false);

    // B's row is untouched and B's own scope still sees it.
    const still = await usersB.findById(bUser.id);
    assert.equal(still?.role, 'senior-administrator');
    assert.equal((await usersB.list()).length, 1);
  });

  it("staff passports and everything of them: one trust's scope cannot read or change another's, even with its ids", async () => {
    const { db } = database();
    const now = new Date('2026-11-21T11:00:00Z');
    const a = scopeOf((await addOrganisation(db, { odsCode: 'ISOF', name: 'Isolation Trust F', kind: 'trust' })).organisation.id);
    const b = scopeOf((await addOrganisation(db, { odsCode: 'ISOG', name: 'Isolation Trust G', kind: 'trust' })).organisation.id);

    // B's world: a linked passport with an invitation, a provided credential, history, settings, a cursor, a job run.
    const added = await staffPassports(db, b).add({ givenName: 'Bea', familyName: 'Bee', email: 'bea@trust-g.example', mobile: '07700900456' });
    assert.ok(added.outcome === 'added');
    const passport = added.passport;
    assert.equal(await staffPassports(db, b).linkEsr(passport.id, { assignmentNumber: '22222222', personId: '2000002', actor: 'user:b', now }), 'linked');
    const invitation = await invitations(db, b).send(passport.id, { tokenHash: 'iso-token', actor: 'user:b', now });
    const plan = planProvision(
      [{ type: 'CoreSkill', subject: { competencyFramework: 'MAND', subjectName: 'Sepsis', competencyName: 'Sepsis', subjectLevel: '1', attainmentStatus: 'ACHIEVED', dateLastAwarded: '2026-01-01', dateTo: '2027-06-30' } }],
      [],
      now,
    );
    const [credential] = await providedCredentials(db, b).provide(passport.id, plan.provide, { source: 'esr', actor: 'system:test', now });
    await passportHistory(db, b).record([{ passportId: passport.id, event: 'credential.provided', actor: 'system:test', at: now, credentialId: credential!.id }]);
    await trustSettings(db, b).setAutoProvide(true, 'user:b');
    await trustSettings(db, b).setMailbox('hr', 'hr@trust-g.example', true);
    await esrSyncState(db, b).save('cursor-b', now);
    const run = await jobRuns(db, b).create({ job: 'auto-provide', runKey: 'k', trigger: 'manual', requestedBy: 'system:cli', now });

    // A's scope, handed B's ids, numbers and addresses, sees and changes nothing.
    const passportsA = staffPassports(db, a);
    assert.equal(await passportsA.findById(passport.id), undefined);
    assert.equal(await passportsA.findByEmail('bea@trust-g.example'), undefined);
    assert.equal(await passportsA.findLinked('22222222'), undefined);
    assert.deepEqual(await passportsA.list(), []);
    assert.deepEqual(await passportsA.linkedForSync({ all: true }), []);
    assert.deepEqual(await passportsA.linkedForSync({ personIds: ['2000002'], assignmentNumbers: ['22222222'] }), []);
    assert.equal((await passportsA.contactsOf([passport.id])).size, 0);
    assert.equal(await passportsA.setStatus(passport.id, 'active'), false);
    assert.equal(await passportsA.unlinkEsr(passport.id), false);
    assert.equal(await passportsA.remove(passport.id), false);
    assert.equal((await passportsA.add({ givenName: 'Same', familyName: 'Email', email: 'bea@trust-g.example' })).outcome, 'added', 'another trust may hold the same person');

    const invitesA = invitations(db, a);
    assert.equal(await invitesA.findLive(passport.id), undefined);
    assert.equal(await invitesA.findByTokenHash('iso-token'), undefined);
    assert.equal(await invitesA.recordReminder(invitation.id, 0, now), false);
    assert.deepEqual(await invitesA.toRemind(new Date('2026-12-01T00:00:00Z'), 0, { limit: 10 }), []);
    assert.deepEqual(await invitesA.expireDue(new Date('2027-01-01T00:00:00Z')), []);

    const credentialsA = providedCredentials(db, a);
    assert.equal(await credentialsA.findById(credential!.id), undefined);
    assert.deepEqual(await credentialsA.versionsOf(passport.id), []);
    assert.deepEqual(await credentialsA.listForPassport(passport.id, { includeArchived: true }), []);
    assert.deepEqual(await credentialsA.transition(credential!.id, 'withdraw', { now, reason: 'x' }), { outcome: 'not_found' });
    assert.deepEqual(await credentialsA.supersede([credential!.id], now, passport.id), []);
    assert.deepEqual(await credentialsA.expireDue(new Date('2027-01-01T00:00:00Z'), 100), []);
    assert.deepEqual(await credentialsA.pendingByPassport({ limit: 10 }), []);
    assert.deepEqual(await credentialsA.countByTypeAndState(), []);

    assert.deepEqual(await passportHistory(db, a).list(passport.id), []);
    assert.equal((await trustSettings(db, a).get()).autoProvide, false);
    assert.deepEqual(await trustSettings(db, a).mailboxes(), []);
    assert.equal(await trustSettings(db, a).removeMailbox('hr'), false);
    assert.equal((await esrSyncState(db, a).get()).cursor, null);
    assert.equal(await jobRuns(db, a).findById(run!.id), undefined);
    assert.equal(await jobRuns(db, a).start(run!.id, 1, now), undefined);
    assert.deepEqual(await jobRuns(db, a).latest(), []);

    // B's rows are untouched and B still sees them.
    assert.equal((await staffPassports(db, b).findById(passport.id))?.status, 'invited');
    assert.equal((await staffPassports(db, b).findById(passport.id))?.esrLinkState, 'linked');
    assert.equal((await invitations(db, b).findLive(passport.id))?.remindersSent, 0);
    assert.equal((await providedCredentials(db, b).findById(credential!.id))?.state, 'pending');
    assert.equal((await passportHistory(db, b).list(passport.id)).length, 1);
    assert.equal((await trustSettings(db, b).mailboxes()).length, 1);
    assert.equal((await esrSyncState(db, b).get()).cursor, 'cursor-b');
    assert.equal((await jobRuns(db, b).findById(run!.id))?.state, 'queued');
  });

  it('a row of one trust cannot point at a passport of another (composite foreign keys)', async () => {
    const { db } = database();
    const a = scopeOf((await addOrganisation(db, { odsCode: 'ISOH', name: 'Isolation Trust H', kind: 'trust' })).organisation.id);
    const b = scopeOf((await addOrganisation(db, { odsCode: 'ISOI', name: 'Isolation Trust I', kind: 'trust' })).organisation.id);
    const added = await staffPassports(db, b).add({ givenName: 'Ian', familyName: 'Eye' });
    assert.ok(added.outcome === 'added');
    // A's scope writing against B's passport id: the (organisation_id, passport_id) key does not exist.
    await assert.rejects(invitations(db, a).send(added.passport.id, { tokenHash: 'cross', actor: 'user:a', now: new Date('2026-11-21T11:00:00Z') }));
    await assert.rejects(passportHistory(db, a).record([{ passportId: added.passport.id, event: 'passport.created', actor: 'user:a', at: new Date('2026-11-21T11:00:00Z') }]));
  });

  it('the same email may be a user at two organisations, but only once at each', async () => {
    const { db } = database();
    const c = (await addOrganisation(db, { odsCode: 'ISOC', name: 'Isolation Trust C', kind: 'trust' })).organisation;
    const d = (await addOrganisation(db, { odsCode: 'ISOD', name: 'Isolation Trust D', kind: 'trust' })).organisation;
    const input = { email: 'shared@example.nhs.uk', displayName: 'Shared', role: 'administrator' as const };
    assert.equal((await employerUsers(db, scopeOf(c.id)).add(input)).outcome, 'added');
    assert.equal((await employerUsers(db, scopeOf(d.id)).add(input)).outcome, 'added');
    assert.equal((await employerUsers(db, scopeOf(c.id)).add({ ...input, email: 'SHARED@example.nhs.uk' })).outcome, 'exists');
  });

  it('an ODS code is registered once, whatever its case', async () => {
    const { db } = database();
    assert.equal((await addOrganisation(db, { odsCode: 'ISOE', name: 'E', kind: 'trust' })).outcome, 'added');
    const again = await addOrganisation(db, { odsCode: 'isoe'.toUpperCase(), name: 'E again', kind: 'trust' });
    assert.equal(again.outcome, 'exists');
    assert.equal(again.organisation.name, 'E');
  });
  it("credentials-required checklists: one trust's scope cannot read, apply, change or delete another's, even with its ids", async () => {
    const { db } = database();
    const a = scopeOf((await addOrganisation(db, { odsCode: 'ISOK', name: 'Isolation Trust K', kind: 'trust' })).organisation.id);
    const b = scopeOf((await addOrganisation(db, { odsCode: 'ISOL', name: 'Isolation Trust L', kind: 'trust' })).organisation.id);
    const input = { staffGroup: 'Medical and Dental' as const, jobRole: null, employmentType: null, credentialTypes: ['Identity' as const] };
    const added = await credentialsRequiredChecklists(db, b).add(input, 'user:b');
    assert.equal(added.outcome, 'added');
    const id = added.checklist.id;
    const inA = credentialsRequiredChecklists(db, a);
    assert.deepEqual(await inA.list(), []);
    assert.equal(await inA.findById(id), undefined);
    assert.equal(await inA.applicableTo({ staffGroup: 'Medical and Dental', jobRole: null, employmentType: null }), undefined);
    assert.deepEqual(await inA.update(id, { ...input, credentialTypes: ['DBSCheck'] }, 'user:a'), { outcome: 'not-found' });
    assert.equal(await inA.remove(id), undefined);
    // The same criteria are A's own to add.
    assert.equal((await inA.add(input, 'user:a')).outcome, 'added');
    const still = await credentialsRequiredChecklists(db, b).findById(id);
    assert.deepEqual(still?.credentialTypes, ['Identity']);
    assert.equal(still?.updatedBy, 'user:b');
    // Every staff group of the core is one the database accepts (the check constraint mirrors it).
    for (const staffGroup of STAFF_GROUPS) assert.equal((await inA.add({ ...input, staffGroup, employmentType: 'Temporary mover' }, 'user:a')).outcome, 'added', staffGroup);
  });

  it("employer sign-in: one trust's scope cannot read, use or end another's sessions, second factors, lockouts or set-up links, even with their ids and hashes", async () => {
    const { db } = database();
    const now = new Date('2026-11-21T09:00:00Z');
    const a = scopeOf((await addOrganisation(db, { odsCode: 'ISOM', name: 'Isolation Trust M', kind: 'trust' })).organisation.id);
    const b = scopeOf((await addOrganisation(db, { odsCode: 'ISON', name: 'Isolation Trust N', kind: 'trust' })).organisation.id);
    const added = await employerUsers(db, b).add({ email: 'n.user@trust-n.example', displayName: 'N User', role: 'administrator', status: 'active', passwordHash: 'hash-n' });
    assert.ok(added.outcome === 'added');
    const userId = added.user.id;
    const session = await employerSessions(db, b).create({ userId, tokenHash: 'session-n', stage: 'second-factor', now, expiresAt: new Date(now.getTime() + 3_600_000) });
    await employerSessions(db, b).setSmsCode(session.id, { hash: 'code-n', now, expiresAt: new Date(now.getTime() + 600_000) });
    await employerSecondFactors(db, b).beginEnrolment(userId, { kind: 'sms', mobile: '+447700900456' }, now);
    await employerSignInLocks(db, b).recordFailure('account-n', 'password', now, { maxFailures: 1, lockMs: 900_000 });
    await employerUserSetupLinks(db, b).issue(userId, { tokenHash: 'link-n', actor: 'user:b', now, expiresAt: new Date(now.getTime() + 86_400_000) });

    // A's scope, handed B's ids and hashes, sees and changes nothing.
    const sessionsA = employerSessions(db, a);
    assert.equal(await sessionsA.touch('session-n', now, 1_800_000), undefined);
    assert.equal(await sessionsA.advance(session.id, { fromStage: 'second-factor', toStage: 'signed-in', tokenHash: 'stolen', now, expiresAt: new Date(now.getTime() + 1) }), undefined);
    assert.equal(await sessionsA.setSmsCode(session.id, { hash: 'x', now, expiresAt: now }), false);
    assert.equal(await sessionsA.consumeSmsCode(session.id, 'code-n', now), false);
    assert.equal(await sessionsA.end(session.id), false);
    assert.equal(await sessionsA.endByToken('session-n'), false);
    assert.equal(await sessionsA.endAllOf(userId), 0);
    assert.equal(await sessionsA.countLive(userId, now, 1_800_000), 0);
    assert.equal(await sessionsA.pruneExpired(new Date('2030-01-01T00:00:00Z'), 1), 0);
    assert.equal(await employerUsers(db, a).findForSignIn('n.user@trust-n.example'), undefined);
    assert.equal(await employerUsers(db, a).setPassword(userId, 'other'), false);
    assert.equal(await employerUsers(db, a).setStatus(userId, 'disabled'), false);
    assert.equal(await employerUsers(db, a).changeRole(userId, 'senior-administrator'), false);

    const factorsA = employerSecondFactors(db, a);
    assert.equal(await factorsA.find(userId), undefined);
    assert.equal((await factorsA.ofUsers()).size, 0);
    assert.equal(await factorsA.confirm(userId, now), false);
    assert.equal(await factorsA.useTotpStep(userId, 1), false);
    assert.equal(await factorsA.remove(userId), false);
    await assert.rejects(factorsA.beginEnrolment(userId, { kind: 'sms', mobile: '+447700900999' }, now), 'a factor cannot hang off another trust’s user');

    const locksA = employerSignInLocks(db, a);
    assert.equal(await locksA.lockedUntil('account-n', now), undefined);
    assert.deepEqual(await locksA.failures('account-n'), { password: 0, code: 0 });
    await locksA.recordSuccess('account-n', 'code', now);

    const linksA = employerUserSetupLinks(db, a);
    assert.equal(await linksA.findLive('link-n', now), undefined);
    assert.equal(await linksA.consume('link-n', now), undefined);
    assert.equal(await linksA.liveFor(userId, now), undefined);
    await assert.rejects(linksA.issue(userId, { tokenHash: 'link-a', actor: 'user:a', now, expiresAt: now }), 'a link cannot hang off another trust’s user');
    await assert.rejects(sessionsA.create({ userId, tokenHash: 'session-a', stage: 'signed-in', now, expiresAt: now }), 'a session cannot hang off another trust’s user');

    // B's rows are untouched and B still sees them.
    const sessionsB = employerSessions(db, b);
    assert.equal((await sessionsB.touch('session-n', now, 1_800_000))?.stage, 'second-factor');
    assert.equal(await sessionsB.consumeSmsCode(session.id, 'code-n', now), true);
    assert.equal((await employerSecondFactors(db, b).find(userId))?.mobile, '+447700900456');
    assert.ok(await employerSignInLocks(db, b).lockedUntil('account-n', now));
    assert.equal((await employerUserSetupLinks(db, b).findLive('link-n', now))?.userId, userId);
    assert.equal((await employerUsers(db, b).findById(userId))?.status, 'active');
  });

  it("credential requests: one trust's scope cannot read, list, count, lock or decide another's, nor make one on another's passport", async () => {
    const { db } = database();
    const at = new Date('2026-11-21T11:00:00Z');
    const a = scopeOf((await addOrganisation(db, { odsCode: 'ISOR', name: 'Isolation Trust R', kind: 'trust' })).organisation.id);
    const b = scopeOf((await addOrganisation(db, { odsCode: 'ISOS', name: 'Isolation Trust S', kind: 'trust' })).organisation.id);
    const added = await staffPassports(db, b).add({ givenName: 'Rae', familyName: 'Bee', email: 'rae@trust-s.example' });
    assert.ok(added.outcome === 'added');
    const request = await credentialRequests(db, b).create({ passportId: added.passport.id, types: ['CoreSkill', 'EmploymentAssignment'], at });
    assert.deepEqual(request.items.map((x) => x.credentialType), ['EmploymentAssignment', 'CoreSkill']);

    const requestsA = credentialRequests(db, a);
    assert.deepEqual(await requestsA.awaitingReview(), []);
    assert.equal(await requestsA.countAwaitingReview(), 0);
    assert.deepEqual(await requestsA.openFor(added.passport.id), []);
    assert.equal(await requestsA.find(request.id), undefined);
    assert.equal(await requestsA.lock(request.id), undefined);
    const decisions = request.items.map((x) => ({ itemId: x.id, state: 'rejected' as const, reason: 'no' }));
    assert.equal(await requestsA.decide(request.id, decisions, 'user:a', at), false);
    // A request of A's cannot hang off B's passport (the composite foreign key).
    await assert.rejects(requestsA.create({ passportId: added.passport.id, types: ['CoreSkill'], at }));

    // B's request is untouched; B decides it once.
    const requestsB = credentialRequests(db, b);
    assert.equal(await requestsB.countAwaitingReview(), 1);
    assert.equal((await requestsB.awaitingReview())[0]?.credentials, 2);
    const mixed = [
      { itemId: request.items[0]!.id, state: 'provided' as const, providedCount: 1 },
      { itemId: request.items[1]!.id, state: 'rejected' as const, reason: 'Not held in ESR' },
    ];
    assert.equal(await requestsB.decide(request.id, mixed, 'user:b', at), true);
    assert.equal(await requestsB.decide(request.id, mixed, 'user:b', at), false);
    const decided = await requestsB.find(request.id);
    assert.equal(decided?.state, 'reviewed');
    assert.deepEqual(decided?.items.map((x) => [x.state, x.reason]), [['provided', null], ['rejected', 'Not held in ESR']]);
    assert.equal(await requestsB.countAwaitingReview(), 0);
    // The database refuses a rejection without a reason.
    const other = await requestsB.create({ passportId: added.passport.id, types: ['OccupationalHealth'], at });
    await assert.rejects(db.execute(sql`update credential_request_items set state = 'rejected', decided_at = now(), reason = '  ' where id = ${other.items[0]!.id}`));
  });

  it("shared credentials: one trust's scope cannot read, count, stage or confirm another's, nor receive onto another's passport", async () => {
    const { db } = database();
    const at = new Date('2026-11-21T11:00:00Z');
    const a = scopeOf((await addOrganisation(db, { odsCode: 'ISOT', name: 'Isolation Trust T', kind: 'trust' })).organisation.id);
    const b = scopeOf((await addOrganisation(db, { odsCode: 'ISOU', name: 'Isolation Trust U', kind: 'trust' })).organisation.id);
    const added = await staffPassports(db, b).add({ givenName: 'Sol', familyName: 'Ray', email: 'sol@trust-u.example' });
    assert.ok(added.outcome === 'added');
    const passportId = added.passport.id;
    const item = { type: 'CoreSkill', format: 'dc+sd-jwt' as const, issuer: 'did:web:example', issuerName: 'Example', serialNumber: randomUUID(), claims: { subjectName: 'Fire Safety' }, compact: 'e30.e30.sig~', issuedAt: at, expiresAt: null };
    const [shared] = await sharedCredentials(db, b).receive(passportId, randomUUID(), [item], at);
    assert.ok(shared);

    const sharedA = sharedCredentials(db, a);
    assert.deepEqual(await sharedA.list(passportId), []);
    assert.equal(await sharedA.get(passportId, shared.id), undefined);
    assert.equal(await sharedA.countToReview(passportId), 0);
    assert.equal(await sharedA.passportsToReview(), 0);
    assert.equal(await sharedA.stage(passportId, shared.id, 'accept', null), false);
    assert.equal(await sharedA.stageAccepts(passportId, [shared.id]), 0);
    assert.deepEqual(await sharedA.confirmStaged(passportId, 'user:a', at), []);
    // A's row cannot hang off B's passport (the composite foreign key).
    await assert.rejects(sharedA.receive(passportId, randomUUID(), [{ ...item, serialNumber: randomUUID() }], at));

    // B's credential is untouched; B stages and confirms it once.
    const sharedB = sharedCredentials(db, b);
    assert.equal(await sharedB.countToReview(passportId), 1);
    assert.equal(await sharedB.stage(passportId, shared.id, 'reject', 'Not this role'), true);
    assert.deepEqual((await sharedB.confirmStaged(passportId, 'user:b', at)).map((c) => [c.state, c.note]), [['rejected', 'Not this role']]);
    assert.deepEqual(await sharedB.confirmStaged(passportId, 'user:b', at), []);
  });

  it("passport photos: one trust's scope cannot read, replace or remove another's; the bytes come back as stored", async () => {
    const { db } = database();
    const at = new Date('2026-11-21T11:00:00Z');
    const a = scopeOf((await addOrganisation(db, { odsCode: 'ISOV', name: 'Isolation Trust V', kind: 'trust' })).organisation.id);
    const b = scopeOf((await addOrganisation(db, { odsCode: 'ISOW', name: 'Isolation Trust W', kind: 'trust' })).organisation.id);
    const added = await staffPassports(db, b).add({ givenName: 'Pia', familyName: 'Toh', email: 'pia@trust-w.example' });
    assert.ok(added.outcome === 'added');
    const passportId = added.passport.id;
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0x00, 0x01, 0xfe, 0x80, 0xff, 0xd9]);
    assert.equal(await passportPhotos(db, b).put(passportId, { jpeg, width: 300, height: 400 }, 'staff', at), true);

    const photosA = passportPhotos(db, a);
    assert.equal(await photosA.of(passportId), undefined);
    assert.equal(await photosA.put(passportId, { jpeg: Buffer.from([1]), width: 1, height: 1 }, 'hr', at), false);
    assert.equal(await photosA.remove(passportId), false);

    const photosB = passportPhotos(db, b);
    const stored = await photosB.of(passportId);
    assert.ok(stored && Buffer.isBuffer(stored.jpeg));
    assert.deepEqual([stored.jpeg.equals(jpeg), stored.width, stored.height, stored.source], [true, 300, 400, 'staff']);
    // Replaced in place; removing by another source leaves it; the database refuses an oversized one.
    assert.equal(await photosB.put(passportId, { jpeg: Buffer.from([0xff, 0xd8, 0xff, 0xd9]), width: 450, height: 600 }, 'hr', at), true);
    assert.equal((await photosB.of(passportId))?.source, 'hr');
    assert.equal(await photosB.remove(passportId, 'staff'), false);
    await assert.rejects(photosB.put(passportId, { jpeg, width: 451, height: 600 }, 'hr', at));
    assert.equal(await photosB.remove(passportId, 'hr'), true);
    assert.equal(await photosB.of(passportId), undefined);
  });
});
