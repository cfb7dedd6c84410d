import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fixedClock } from '../../../platform/clock.ts';
import { EsrCursorExpired } from '../errors.ts';
import { createEsrSimulator } from './simulator.ts';

function simulator(seed = 'churn') {
  let epoch = 0;
  return createEsrSimulator({ seed, size: 200, organisations: ['RZX'], clock: fixedClock(new Date('2026-11-21T10:00:00Z')), newEpoch: () => `s${++epoch}` });
}

describe('the ESR simulator', () => {
  it('changes a share of the current staff, one realistic change each, the same way every time for the same seed', async () => {
    const a = simulator();
    const before = a.store().head();
    const result = a.churn('RZX', 0.1);
    const current = [...a.store().people('RZX')].length;
    assert.ok(result.people >= 18 && result.people <= 21, `${result.people} of ${current} people`);
    assert.equal(result.changes.length, result.people, 'one change per person');
    assert.equal(new Set(result.changes.map((c) => c.personId)).size, result.people, 'each a different person');
    const kinds = new Set(result.changes.map((c) => c.kind));
    assert.ok(kinds.has('competence'), 'renewed training is the commonest change');
    const feed = await a.port.changesSince('RZX', before);
    assert.deepEqual(feed.changes, result.changes);

    const b = simulator();
    assert.deepEqual(
      b.churn('RZX', 0.1).changes.map(({ kind, personId, item, assignmentNumber }) => ({ kind, personId, item, assignmentNumber })),
      result.changes.map(({ kind, personId, item, assignmentNumber }) => ({ kind, personId, item, assignmentNumber })),
    );
    assert.notDeepEqual(a.churn('RZX', 0.1).changes.map((c) => c.personId), result.changes.map((c) => c.personId), 'a second churn picks others');
  });

  it('renews training as of today, with the expiry from its renewal period', async () => {
    const sim = simulator('renewals');
    const { changes } = sim.churn('RZX', 0.5);
    const renewal = changes.find((c) => c.kind === 'competence')!;
    const records = await sim.port.personRecords('RZX', { personId: renewal.personId });
    const renewed = records.competences.filter((c) => c.dateLastAwarded === '2026-11-21');
    assert.equal(renewed.length, 1);
    assert.equal(renewed[0]!.dateTo, `${2026 + renewed[0]!.renewalPeriodNumber!}-11-21`);
  });

  it('forgets its changes and expires earlier cursors when reset, giving the same people again', async () => {
    const sim = simulator('reset');
    const people = [...sim.store().people('RZX')];
    const { changes } = sim.churn('RZX', 0.2);
    const changed = people.find((r) => r.person.personId === changes[0]!.personId)!;
    assert.notDeepEqual(await sim.port.personRecords('RZX', { personId: changed.person.personId }), changed);
    sim.reset();
    await assert.rejects(sim.port.changesSince('RZX', changes.at(-1)!.cursor), EsrCursorExpired);
    assert.deepEqual([...sim.store().people('RZX')], people);
    assert.deepEqual(await sim.port.personRecords('RZX', { personId: changed.person.personId }), changed);
  });
});
