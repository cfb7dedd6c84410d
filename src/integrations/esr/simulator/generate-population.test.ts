import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CSTF_COMPETENCIES } from '../../../core/credentials/index.ts';
import { STAFF_GROUPS, isTerminated, zEsrPersonRecords } from '../../../core/esr/index.ts';
import { demoPeople } from './demo-people.ts';
import { addDays, generatePopulation } from './generate-population.ts';

const asOf = '2026-11-21';
const options = { seed: 'open-dsp', asOf, organisations: [{ code: 'RZX', name: 'Riverside Hospitals NHS Foundation Trust', size: 1500 }] };

describe('the simulated ESR population', () => {
  const population = generatePopulation(options);
  const people = population.organisations[0]!.people;

  it('is the same for the same seed, size and day, and different for another seed', () => {
    assert.deepEqual(generatePopulation(options), population);
    const other = generatePopulation({ ...options, seed: 'another' });
    assert.notDeepEqual(other.organisations[0]!.people.slice(0, 5), people.slice(0, 5));
  });

  it('starts a larger population with the same people as a smaller one', () => {
    const small = generatePopulation({ ...options, organisations: [{ ...options.organisations[0]!, size: 100 }] });
    assert.deepEqual(small.organisations[0]!.people, people.slice(0, 100));
  });

  it('gives every person valid records with unique assignment numbers and person ids', () => {
    for (const r of people) zEsrPersonRecords.parse(r);
    const numbers = people.flatMap((r) => r.assignments.map((a) => a.assignmentNumber));
    assert.equal(new Set(numbers).size, numbers.length);
    assert.equal(new Set(people.map((r) => r.person.personId)).size, people.length);
  });

  it('has every staff group, nurses and support staff the largest, and a few of each kind of special case', () => {
    const share = (test: (r: (typeof people)[number]) => boolean) => people.filter(test).length / people.length;
    const groups = new Set(people.map((r) => r.assignments[0]!.staffGroup));
    for (const g of STAFF_GROUPS) assert.ok(groups.has(g), `someone in ${g}`);
    const nurses = share((r) => r.assignments[0]!.staffGroup === 'Nursing and Midwifery Registered');
    assert.ok(nurses > 0.2 && nurses < 0.32, `nurses ${nurses}`);
    const leavers = share((r) => r.assignments.some(isTerminated));
    assert.ok(leavers > 0.02 && leavers < 0.08, `leavers ${leavers}`);
    const renamed = share((r) => r.person.previousNames.length > 0);
    assert.ok(renamed > 0.02 && renamed < 0.08, `name changes ${renamed}`);
    assert.ok(share((r) => r.assignments.length > 1) > 0.01, 'some second (bank) assignments');
    assert.ok(share((r) => r.assignments[0]!.assignmentStatus === 'Maternity & Adoption') > 0.005, 'some maternity leave');
    assert.ok(share((r) => r.assignments[0]!.effectiveStartDate > addDays(asOf, -61)) > 0.02, 'some new starters');
  });

  it('dates CSTF training so that most is current, some expires within 60 days and some has expired', () => {
    const competences = people.filter((r) => !r.assignments.some(isTerminated)).flatMap((r) => r.competences);
    const soon = addDays(asOf, 60);
    const expired = competences.filter((c) => c.dateTo! < asOf).length / competences.length;
    const expiring = competences.filter((c) => c.dateTo! >= asOf && c.dateTo! <= soon).length / competences.length;
    const current = 1 - expired - expiring;
    assert.ok(current > 0.65 && current < 0.9, `current ${current}`);
    assert.ok(expiring > 0.03 && expiring < 0.15, `expiring within 60 days ${expiring}`);
    assert.ok(expired > 0.08 && expired < 0.25, `expired ${expired}`);
    const names = new Set(CSTF_COMPETENCIES.map((c) => c.competencyName));
    assert.ok(competences.every((c) => names.has(c.competencyName)), 'every competence is a catalogue competency');
    assert.ok(competences.every((c) => c.dateLastAwarded < asOf && c.renewalPeriodNumber! >= 1), 'awarded before today, with a renewal period');
  });

  it('numbers registrations the way each regulator does', () => {
    const formats: Record<string, RegExp> = {
      'Nursing and Midwifery Council': /^[0-9]{2}[A-L][0-9]{4}[EOSWN]$/,
      'General Medical Council': /^[4-7][0-9]{6}$/,
      'General Dental Council': /^[0-9]{5,6}$/,
      'General Pharmaceutical Council': /^20[0-9]{5}$/,
      'Health and Care Professions Council': /^(PH|OT|RA|SL|DT|PYL|BS|CS)[0-9]{5,6}$/,
    };
    const registrations = people.flatMap((r) => r.registrations);
    assert.ok(registrations.length > people.length * 0.3, 'registered staff are common');
    for (const [body, format] of Object.entries(formats)) {
      const ofBody = registrations.filter((g) => g.professionalBody === body);
      assert.ok(ofBody.length > 0, `some registered with ${body}`);
      for (const g of ofBody) assert.match(g.registrationNumber, format, body);
    }
    const doctors = people.filter((r) => r.assignments[0]!.staffGroup === 'Medical and Dental');
    assert.ok(doctors.every((r) => r.registrations.length === 1), 'every doctor and dentist is registered');
  });

  it('starts the change feed with the last fortnight’s changes, consistent with the records', () => {
    assert.ok(population.history.length > 50, `history of ${population.history.length}`);
    const from = addDays(asOf, -14);
    const byId = new Map(people.map((r) => [r.person.personId, r]));
    for (const entry of population.history) {
      const day = entry.changedAt.toISOString().slice(0, 10);
      assert.ok(day >= from && day < asOf, 'within the fortnight before today');
      const records = byId.get(entry.draft.personId)!;
      if (entry.draft.kind === 'leaver') assert.equal(records.assignments.find((a) => a.assignmentNumber === entry.draft.assignmentNumber)?.effectiveEndDate, day);
      if (entry.draft.kind === 'competence') assert.ok(records.competences.some((c) => c.dateLastAwarded === day));
    }
    const sorted = [...population.history].sort((a, b) => a.changedAt.getTime() - b.changedAt.getTime());
    assert.deepEqual(population.history, sorted, 'oldest first');
  });

  it('keeps pinned people as given and never gives their numbers to anyone else', () => {
    const pinned = demoPeople();
    const withDemo = generatePopulation({ ...options, pinned });
    const rzx = withDemo.organisations[0]!.people;
    assert.deepEqual(rzx[0], pinned[0]);
    assert.equal(rzx.filter((r) => r.assignments.some((a) => a.assignmentNumber === '30412876')).length, 1);
  });
});
