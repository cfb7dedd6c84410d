import assert from 'node:assert/strict';
import { it } from 'node:test';
import { describeEachDatabase } from '../../test/support/databases.ts';
import { planProvision, type ProvidableItem } from '../core/passport/plan-provision.ts';
import { PROVIDED_SOURCES, PROVIDED_STATES } from '../core/passport/provided-credential.ts';
import { ESR_LINK_STATES, PASSPORT_STATUSES } from '../core/passport/staff-passport.ts';
import { TEAMS } from '../core/passport/teams.ts';
import { JOB_RUN_STATES, JOB_RUN_TRIGGERS } from '../core/passport/trust-jobs.ts';
import { schema } from './database.ts';
import { invitations } from './invitations.ts';
import { addOrganisation } from './organisations.ts';
import { passportHistory } from './passport-history.ts';
import { providedCredentials } from './provided-credentials.ts';
import { scopeOf } from './scope.ts';
import { staffPassports } from './staff-passports.ts';

const now = new Date('2026-11-21T11:00:00Z');

function coreSkill(competencyName: string, dateLastAwarded: string): ProvidableItem {
  return {
    type: 'CoreSkill',
    subject: { competencyFramework: 'MAND', subjectName: competencyName, competencyName, subjectLevel: '1', attainmentStatus: 'ACHIEVED', dateLastAwarded },
  };
}

it("the schema's enumerations are the core's", () => {
  assert.deepEqual(schema.staffPassports.status.enumValues, [...PASSPORT_STATUSES]);
  assert.deepEqual(schema.staffPassports.esrLinkState.enumValues, [...ESR_LINK_STATES]);
  assert.deepEqual(schema.providedCredentials.state.enumValues, [...PROVIDED_STATES]);
  assert.deepEqual(schema.providedCredentials.source.enumValues, [...PROVIDED_SOURCES]);
  assert.deepEqual(schema.teamMailboxes.team.enumValues, [...TEAMS]);
  assert.deepEqual(schema.jobRuns.state.enumValues, [...JOB_RUN_STATES]);
  assert.deepEqual(schema.jobRuns.trigger.enumValues, [...JOB_RUN_TRIGGERS]);
});

describeEachDatabase('staff passports store', (database) => {
  async function trust(ods: string) {
    const { organisation } = await addOrganisation(database().db, { odsCode: ods, name: `Trust ${ods}`, kind: 'trust' });
    return scopeOf(organisation.id);
  }

  it('refuses a second passport with the same email or mobile at one trust (a duplicate), in any spelling', async () => {
    const scope = await trust('SPA');
    const passports = staffPassports(database().db, scope);
    const added = await passports.add({ givenName: 'Ada', familyName: 'Lovelace', email: 'Ada@Example.nhs.uk', mobile: '07700 900 123' });
    assert.equal(added.outcome, 'added');
    assert.equal(added.outcome === 'added' && added.passport.mobile, '+447700900123');
    assert.deepEqual(await passports.add({ givenName: 'A', familyName: 'L', email: 'ada@example.NHS.uk' }), { outcome: 'duplicate', field: 'email' });
    assert.deepEqual(await passports.add({ givenName: 'A', familyName: 'L', mobile: '+44 7700 900123' }), { outcome: 'duplicate', field: 'mobile' });
  });

  it('links one passport per assignment number, and a new link asks for a full read of ESR', async () => {
    const scope = await trust('SPB');
    const passports = staffPassports(database().db, scope);
    const a = await passports.add({ givenName: 'Ann', familyName: 'One', esrAssignmentNumber: '11111111' });
    const b = await passports.add({ givenName: 'Bob', familyName: 'Two' });
    assert.ok(a.outcome === 'added' && b.outcome === 'added');
    assert.equal(a.passport.esrLinkState, 'unconfirmed', 'a number typed on a form waits for HR to confirm it');
    assert.equal(await passports.linkEsr(a.passport.id, { assignmentNumber: '11111111', actor: 'user:hr', now }), 'linked');
    assert.equal(await passports.linkEsr(b.passport.id, { assignmentNumber: '11111111', actor: 'user:hr', now }), 'taken');
    await passports.markEsrSynced(a.passport.id, { assignmentNumber: '11111111', personId: '1000001', at: now });
    assert.deepEqual((await passports.linkedForSync({})).map((p) => p.id), [], 'read, and not named by the feed');
    assert.deepEqual((await passports.linkedForSync({ personIds: ['1000001'] })).map((p) => p.id), [a.passport.id]);
    // Relinking (a corrected number) needs a full read again.
    assert.equal(await passports.linkEsr(a.passport.id, { assignmentNumber: '11111112', actor: 'user:hr', now }), 'linked');
    assert.deepEqual((await passports.linkedForSync({})).map((p) => p.id), [a.passport.id]);
    assert.equal(await passports.markEsrSynced(a.passport.id, { assignmentNumber: '11111111', personId: '1000001', at: now }), false, 'a read of the old link does not count');
  });

  it('provides each version once, however often the same plan is written', async () => {
    const scope = await trust('SPC');
    const { db } = database();
    const added = await staffPassports(db, scope).add({ givenName: 'Cy', familyName: 'Three' });
    assert.ok(added.outcome === 'added');
    const credentials = providedCredentials(db, scope);
    const items = [coreSkill('Oliver McGowan Mandatory Training', '2026-01-10'), coreSkill('Sepsis Awareness', '2026-02-01')];
    const plan = planProvision(items, await credentials.versionsOf(added.passport.id), now);
    const first = await credentials.provide(added.passport.id, plan.provide, { source: 'esr', actor: 'system:test', now });
    // The same plan again (a run that re-reads after a crash, or a second replica): nothing.
    const second = await credentials.provide(added.passport.id, plan.provide, { source: 'esr', actor: 'system:test', now });
    assert.equal(first.length, 2);
    assert.equal(second.length, 0);
    assert.equal((await credentials.listForPassport(added.passport.id)).length, 2);
  });

  it('accepting a newer version archives the older accepted one; withdrawing needs a reason and a pending credential', async () => {
    const scope = await trust('SPD');
    const { db } = database();
    const added = await staffPassports(db, scope).add({ givenName: 'Di', familyName: 'Four' });
    assert.ok(added.outcome === 'added');
    const id = added.passport.id;
    const credentials = providedCredentials(db, scope);
    const provide = async (date: string, at: Date) => {
      const plan = planProvision([coreSkill('Sepsis Awareness', date)], await credentials.versionsOf(id), at);
      const [row] = await credentials.provide(id, plan.provide, { source: 'esr', actor: 'system:test', now: at });
      return row!;
    };
    const old = await provide('2025-01-01', new Date('2025-01-02T11:00:00Z'));
    assert.equal((await credentials.transition(old.id, 'accept', { now, serialNumber: '6f1c7e8a-1111-4a2b-9c3d-000000000001' })).outcome, 'changed');
    const renewed = await provide('2026-01-01', new Date('2026-01-02T11:00:00Z'));
    assert.equal(renewed.supersedes, old.id);
    const accepted = await credentials.transition(renewed.id, 'accept', { now, serialNumber: '6f1c7e8a-1111-4a2b-9c3d-000000000002' });
    assert.ok(accepted.outcome === 'changed');
    assert.deepEqual(accepted.archived, [old.id]);
    assert.equal((await credentials.findById(old.id))?.state, 'archived');
    assert.deepEqual(await credentials.transition(renewed.id, 'withdraw', { now, reason: 'Credential issued in error' }), { outcome: 'not_allowed' }, 'only a pending credential can be withdrawn');
    await assert.rejects(credentials.transition(renewed.id, 'revoke', { now }), TypeError);
    assert.equal((await credentials.transition(old.id, 'restore', { now })).outcome, 'changed', 'an archived credential that had been accepted can be restored');
  });

  it('keeps one live invitation per passport: a resend supersedes the last', async () => {
    const scope = await trust('SPE');
    const { db } = database();
    const added = await staffPassports(db, scope).add({ givenName: 'Ed', familyName: 'Five', email: 'ed@example.nhs.uk' });
    assert.ok(added.outcome === 'added');
    const invites = invitations(db, scope);
    const first = await invites.send(added.passport.id, { tokenHash: 'hash-1', actor: 'user:hr', now });
    const second = await invites.send(added.passport.id, { tokenHash: 'hash-2', actor: 'user:hr', now });
    assert.equal((await invites.findByTokenHash('hash-1'))?.state, 'superseded');
    assert.equal((await invites.findLive(added.passport.id))?.id, second.id);
    assert.notEqual(first.id, second.id);
    assert.equal(second.expiresAt.toISOString(), '2026-12-19T11:00:00.000Z', '28 days');
    assert.equal(await invites.recordReminder(second.id, 0, now), true);
    assert.equal(await invites.recordReminder(second.id, 0, now), false, 'a reminder is counted once');
    await passportHistory(db, scope).record([{ passportId: added.passport.id, event: 'invitation.sent', actor: 'user:hr', at: now }]);
    assert.equal((await passportHistory(db, scope).list(added.passport.id))[0]?.event, 'invitation.sent');
  });
});
