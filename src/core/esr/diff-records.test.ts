import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diffPersonRecords, sameRecord } from './diff-records.ts';
import { zEsrCompetence, zEsrPersonRecords, type EsrPersonRecords } from './records.ts';

const base: EsrPersonRecords = zEsrPersonRecords.parse({
  organisationCode: 'RZX',
  person: { personId: '510482736', firstName: 'Olivia', middleNames: 'Grace', lastName: 'Bennett', dateOfBirth: '1990-04-12', previousNames: [] },
  assignments: [
    {
      assignmentNumber: '30412876',
      organisationCode: 'RZX',
      organisationName: 'Riverside Hospitals NHS Foundation Trust',
      staffGroup: 'Nursing and Midwifery Registered',
      jobTitle: 'Registered Nurse - Adult',
      assignmentCategory: 'Permanent',
      assignmentStatus: 'Active Assignment',
      effectiveStartDate: '2019-03-04',
    },
  ],
  competences: [
    { competencyFramework: 'CSTF', subjectName: 'Fire Safety', competencyName: 'Fire Safety', subjectLevel: '1', attainmentStatus: 'ACHIEVED', dateLastAwarded: '2025-12-01', dateTo: '2027-12-01' },
  ],
  occupationalHealth: { vaccinations: [], clinicalTests: [], observations: [] },
  registrations: [
    { professionalBody: 'Nursing and Midwifery Council', registrationNumber: '12A3456E', registrationDate: '2012-09-03', registrationCheckDate: '2026-11-19' },
  ],
});

function changed(edit: (r: EsrPersonRecords) => void) {
  const after = structuredClone(base);
  edit(after);
  return diffPersonRecords(base, zEsrPersonRecords.parse(after));
}

describe('what changed between two versions of a person’s ESR records', () => {
  it('finds nothing when nothing changed, whatever the key order', () => {
    const reordered = zEsrPersonRecords.parse(Object.fromEntries(Object.entries(structuredClone(base)).reverse()));
    assert.deepEqual(diffPersonRecords(base, structuredClone(base)), []);
    assert.deepEqual(diffPersonRecords(base, { ...reordered, person: Object.fromEntries(Object.entries(base.person).reverse()) as EsrPersonRecords['person'] }), []);
    assert.ok(sameRecord({ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1 }));
    assert.ok(!sameRecord({ a: 1 }, { a: 1, b: 2 }));
    assert.ok(sameRecord({ a: 1, b: undefined }, { a: 1 }));
  });

  it('reports a new starter and a removal', () => {
    assert.deepEqual(diffPersonRecords(undefined, base), [{ kind: 'new-starter', personId: '510482736', assignmentNumber: '30412876' }]);
    assert.deepEqual(diffPersonRecords(base, undefined), [{ kind: 'removed', personId: '510482736' }]);
  });

  it('tells a name change from a corrected date of birth', () => {
    assert.deepEqual(
      changed((r) => {
        r.person.lastName = 'Okafor';
        r.person.previousNames.push({ firstName: 'Olivia', lastName: 'Bennett', changedOn: '2026-11-20' });
      }).map((c) => c.kind),
      ['name-change'],
    );
    assert.deepEqual(changed((r) => (r.person.dateOfBirth = '1990-04-21')).map((c) => c.kind), ['personal-details']);
  });

  it('tells a leaver from any other change to an assignment', () => {
    const leaver = changed((r) => {
      r.assignments[0]!.assignmentStatus = 'Terminate Assignment';
      r.assignments[0]!.effectiveEndDate = '2026-11-30';
    });
    assert.deepEqual(leaver, [{ kind: 'leaver', personId: '510482736', assignmentNumber: '30412876' }]);
    assert.deepEqual(changed((r) => (r.assignments[0]!.jobTitle = 'Ward Sister')).map((c) => c.kind), ['assignment']);
  });

  it('names the competence awarded or renewed, and the registration changed', () => {
    const renewal = changed((r) => {
      r.competences[0]!.dateLastAwarded = '2026-11-20';
      r.competences.push(zEsrCompetence.parse({ competencyFramework: 'CSTF', subjectName: 'Safeguarding Adults', competencyName: 'Safeguarding Adults', subjectLevel: '2', attainmentStatus: 'ACHIEVED', dateLastAwarded: '2026-11-20' }));
    });
    assert.deepEqual(renewal, [
      { kind: 'competence', personId: '510482736', item: 'Fire Safety' },
      { kind: 'competence', personId: '510482736', item: 'Safeguarding Adults (Level 2)' },
    ]);
    assert.deepEqual(changed((r) => (r.registrations[0]!.registrationCheckDate = '2026-11-21')), [
      { kind: 'professional-registration', personId: '510482736', item: 'Nursing and Midwifery Council' },
    ]);
    assert.deepEqual(changed((r) => r.occupationalHealth.observations.push({ code: 'BCG001', description: 'BCG scar seen', result: 'Yes' })).map((c) => c.kind), ['occupational-health']);
  });

  it('refuses a CSTF competence the catalogue does not list, or at a level it does not have', () => {
    const competence = { competencyFramework: 'CSTF', subjectName: 'Fire Safety', competencyName: 'Fire Safety', subjectLevel: '1', attainmentStatus: 'ACHIEVED', dateLastAwarded: '2025-12-01' };
    assert.ok(zEsrCompetence.safeParse(competence).success);
    assert.ok(!zEsrCompetence.safeParse({ ...competence, competencyName: 'Fire Juggling' }).success);
    assert.ok(!zEsrCompetence.safeParse({ ...competence, subjectLevel: '2' }).success);
    assert.ok(!zEsrCompetence.safeParse({ ...competence, subjectName: 'Fire' }).success);
    assert.ok(zEsrCompetence.safeParse({ ...competence, competencyFramework: 'MAND', competencyName: 'Oliver McGowan Mandatory Training', subjectName: 'Oliver McGowan' }).success);
  });
});
