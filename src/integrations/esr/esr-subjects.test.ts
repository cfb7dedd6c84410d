import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SAMPLE_CORE_SKILLS, SAMPLE_DSP_ID, SAMPLE_SUBJECTS, validateSubject } from '../../core/credentials/index.ts';
import { demoPeople } from './simulator/demo-people.ts';
import { generatePopulation } from './simulator/generate-population.ts';
import { zEsrPersonRecords, type EsrPersonRecords } from '../../core/esr/records.ts';
import { subjectsFromEsrRecords } from '../../core/esr/to-subjects.ts';

const context = { dspId: SAMPLE_DSP_ID, refreshedAt: new Date('2026-11-21T11:00:00.123Z') };

function withoutAssurance(subject: Record<string, unknown>): Record<string, unknown> {
  const { assurance: _assurance, ...rest } = subject;
  return rest;
}

describe('ESR records to credential subjects', () => {
  it('turns the demo person’s ESR records into exactly the catalogue samples (apart from provenance)', () => {
    const [olivia] = demoPeople();
    const items = subjectsFromEsrRecords(olivia!, context);
    const assignment = items.find((i) => i.type === 'EmploymentAssignment')!;
    assert.deepEqual(withoutAssurance(assignment.subject), withoutAssurance(SAMPLE_SUBJECTS.EmploymentAssignment));
    assert.deepEqual(withoutAssurance(items.find((i) => i.type === 'ProfessionalRegistration')!.subject), withoutAssurance(SAMPLE_SUBJECTS.ProfessionalRegistration));
    assert.deepEqual(withoutAssurance(items.find((i) => i.type === 'OccupationalHealth')!.subject), withoutAssurance(SAMPLE_SUBJECTS.OccupationalHealth));
    const coreSkills = items.filter((i) => i.type === 'CoreSkill').map((i) => withoutAssurance(i.subject));
    for (const sample of SAMPLE_CORE_SKILLS) assert.ok(coreSkills.some((s) => JSON.stringify(s) === JSON.stringify(withoutAssurance(sample))), `${sample.competencyName} maps to its sample`);
    assert.equal((assignment.subject.assurance as { lastRefresh: string }).lastRefresh, '2026-11-21T11:00:00Z');
  });

  it('builds subjects that validate against the catalogue for every person of a generated population', () => {
    const population = generatePopulation({ seed: 'subjects', asOf: '2026-11-21', organisations: [{ code: 'RZX', name: 'Riverside Hospitals NHS Foundation Trust', size: 300 }] });
    let checked = 0;
    for (const records of population.organisations[0]!.people) {
      for (const item of subjectsFromEsrRecords(records, context)) {
        assert.deepEqual(validateSubject(item.type, item.subject), [], `${item.type} of a generated person`);
        checked++;
      }
    }
    assert.ok(checked > 3000, `checked ${checked} subjects`);
  });

  it('leaves out a terminated assignment and an empty occupational health record', () => {
    const [olivia] = demoPeople();
    const leaver: EsrPersonRecords = zEsrPersonRecords.parse({
      ...olivia,
      assignments: olivia!.assignments.map((a) => ({ ...a, assignmentStatus: 'Terminate Assignment', effectiveEndDate: '2026-10-31' })),
      occupationalHealth: { vaccinations: [], clinicalTests: [], observations: [] },
    });
    const types = subjectsFromEsrRecords(leaver, context).map((i) => i.type);
    assert.ok(!types.includes('EmploymentAssignment'));
    assert.ok(!types.includes('OccupationalHealth'));
    assert.ok(types.includes('CoreSkill'));
  });

  it('keys a core skill by competency, level and date last awarded, so a renewal is a new item and a re-read is not', () => {
    const [olivia] = demoPeople();
    const keys = (r: EsrPersonRecords) => subjectsFromEsrRecords(r, context).filter((i) => i.type === 'CoreSkill').map((i) => i.itemKey);
    const before = keys(olivia!);
    assert.deepEqual(keys(structuredClone(olivia!)), before);
    const renewed = structuredClone(olivia!);
    renewed.competences[0]!.dateLastAwarded = '2026-11-20';
    const after = keys(renewed);
    assert.equal(after.filter((k) => !before.includes(k)).length, 1);
    assert.equal(new Set(before).size, before.length, 'item keys are unique');
  });
});
