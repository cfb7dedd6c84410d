import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EsrPersonRecords } from '../../core/esr/index.ts';
import { fixedClock } from '../../platform/clock.ts';
import { createEsrExtractAdapter } from './extract-adapter.ts';
import { EXTRACT_COLUMNS, importEsrExtract, type EsrExtractFiles, type ExtractFileKind } from './import-extract.ts';
import { EsrNotFound } from './errors.ts';
import { generatePopulation } from './simulator/generate-population.ts';

/** RFC 4180 writer for the tests: every field quoted, quotes doubled, CRLF. */
function csv(rows: readonly (readonly (string | number | undefined)[])[]): string {
  return rows.map((row) => row.map((v) => `"${String(v ?? '').replace(/"/g, '""')}"`).join(',')).join('\r\n') + '\r\n';
}

/** Writes records as extract files with every documented column. */
function extractOf(people: readonly EsrPersonRecords[]): EsrExtractFiles {
  const header = (kind: ExtractFileKind) => EXTRACT_COLUMNS[kind].map((c) => c.header);
  const rows: Record<ExtractFileKind, (string | number | undefined)[][]> = { people: [], assignments: [], competences: [], occupationalHealth: [], registrations: [] };
  for (const r of people) {
    const who = [r.organisationCode, r.person.personId];
    const previous = r.person.previousNames.at(-1);
    rows.people.push([...who, r.person.firstName, r.person.middleNames, r.person.lastName, r.person.dateOfBirth, previous?.firstName, previous?.lastName, previous?.changedOn]);
    for (const a of r.assignments)
      rows.assignments.push([...who, a.assignmentNumber, a.organisationName, a.department, a.areaOfWork, a.staffGroup, a.jobRole, a.jobTitle, a.assignmentCategory, a.assignmentStatus, a.effectiveStartDate, a.effectiveEndDate, a.fixedTermContractEndDate, a.occupationCode, a.payBandOrPayScale, a.vpd]);
    for (const c of r.competences)
      rows.competences.push([...who, c.competencyFramework, c.competencyName, c.subjectName, c.subjectLevel, c.attainmentStatus, c.dateLastAwarded, c.dateTo, c.renewalPeriodNumber, c.renewalPeriodUnits, c.proficiencyLevel, c.learningMethod, c.awardingOrganisation, c.learningRecordId]);
    for (const v of r.occupationalHealth.vaccinations) rows.occupationalHealth.push([...who, 'Vaccination', v.code, v.description, v.date, undefined, undefined]);
    for (const t of r.occupationalHealth.clinicalTests) rows.occupationalHealth.push([...who, 'Clinical Test', t.code, t.description, t.date, t.result, t.interpretation]);
    for (const o of r.occupationalHealth.observations) rows.occupationalHealth.push([...who, 'Observation', o.code, o.description, undefined, o.result, undefined]);
    for (const g of r.registrations)
      rows.registrations.push([...who, g.professionalBody, g.registrationNumber, g.registrationStatus, g.registrationDate, g.expiryDate, g.revalidationDate, g.registrationCheckDate]);
  }
  return {
    people: csv([header('people'), ...rows.people]),
    assignments: csv([header('assignments'), ...rows.assignments]),
    competences: csv([header('competences'), ...rows.competences]),
    occupationalHealth: csv([header('occupationalHealth'), ...rows.occupationalHealth]),
    registrations: csv([header('registrations'), ...rows.registrations]),
  };
}

/** Previous names hold at most one entry in an extract. */
function asInExtract(r: EsrPersonRecords): EsrPersonRecords {
  return { ...r, person: { ...r.person, previousNames: r.person.previousNames.slice(-1) } };
}

const people = `Person ID,Org Code,First Name,Middle Names,Last Name,Date of Birth,Previous Last Name,Name Changed On,Shoe Size
100000001,RZX,Jo,,"O'Brien",12/04/1990,Smith,01/06/2024,9
100000002,RZX,Sam,"Lee, Jr",Patel,1985-02-30,,,10
100000003,RZX,Ann,,Jones,1979-11-02,,,
`;
const assignments = `org code,person id,assignment number,organisation name,department,staff group,job title,assignment category,assignment status,effective start date
RZX,100000001,20000001,Riverside Hospitals NHS Foundation Trust,"Theatres, Anaesthetics",Students - non-medical,"Student ""Nurse""",Fixed Term Temp,Active Assignment,01/09/2025
RZX,100000003,20000003,Riverside Hospitals NHS Foundation Trust,Estates,Estates and Ancillary,Porter,Permanent,Active Assignment,2010-01-04
RZX,100000003,20000004,Riverside Hospitals NHS Foundation Trust,Estates,Porters,Porter,Bank,Active Assignment,2011-01-04
RZX,999999999,20000009,Riverside Hospitals NHS Foundation Trust,Estates,Estates and Ancillary,Porter,Permanent,Active Assignment,2010-01-04
RZX,100000003,20000005,too few fields
`;
const competences = `Org Code,Person ID,Competency Name,Level,Date Last Awarded,Expiry Date,Renewal Period,Renewal Units
RZX,100000001,fire safety,,2025-12-01,2027-12-01,2,years
RZX,100000001,Safeguarding Adults,Level 2,01/02/2026,,3,Years
RZX,100000001,Safeguarding Children,,2026-02-01,,3,Years
RZX,100000001,Fire Juggling,1,2026-02-01,,,
RZX,100000001,Moving and Handling,1,last week,,,
`;
const registrations = `Org Code,Person ID,Professional Body,Registration Number,Registration Date,Check Date
RZX,100000003,NMC,12A3456E,2012-09-03,2026-11-19
RZX,100000003,Guild of Jugglers,X1,2012-09-03,2026-11-19
`;

describe('ESR extract files (CSV)', () => {
  it('reads quoted fields, UK dates, abbreviations and loosely written headers into the domain shapes', () => {
    const extract = importEsrExtract({ people, assignments, competences, registrations });
    assert.equal(extract.incomplete, false);
    const jo = extract.records.find((r) => r.person.personId === '100000001')!;
    assert.equal(jo.person.lastName, "O'Brien");
    assert.equal(jo.person.dateOfBirth, '1990-04-12');
    assert.deepEqual(jo.person.previousNames, [{ firstName: 'Jo', lastName: 'Smith', changedOn: '2024-06-01' }]);
    assert.equal(jo.assignments[0]!.department, 'Theatres, Anaesthetics');
    assert.equal(jo.assignments[0]!.jobTitle, 'Student "Nurse"');
    assert.equal(jo.assignments[0]!.staffGroup, 'Students – non-medical');
    assert.equal(jo.assignments[0]!.effectiveStartDate, '2025-09-01');
    assert.deepEqual(
      jo.competences.map((c) => [c.competencyName, c.subjectName, c.subjectLevel, c.dateLastAwarded, c.renewalPeriodUnits]),
      [
        ['Fire Safety', 'Fire Safety', '1', '2025-12-01', 'Years'],
        ['Safeguarding Adults', 'Safeguarding Adults', '2', '2026-02-01', 'Years'],
      ],
    );
    const ann = extract.records.find((r) => r.person.personId === '100000003')!;
    assert.deepEqual(ann.registrations.map((r) => r.professionalBody), ['Nursing and Midwifery Council']);
  });

  it('reports each bad row with its file, line and column, leaves it out, and never repeats a value', () => {
    const extract = importEsrExtract({ people, assignments, competences, registrations });
    const found = extract.problems.map((p) => `${p.file}:${p.line ?? '-'} ${p.message}`);
    const expect = (pattern: RegExp) => assert.ok(found.some((f) => pattern.test(f)), `expected ${pattern} in\n${found.join('\n')}`);
    expect(/^people:3 Date of Birth:/);
    expect(/^assignments:4 Staff Group: is not one of the ten ESR staff groups/);
    expect(/^assignments:5 no person with this Org Code and Person ID/);
    expect(/^assignments:6 the row has 4 fields where the header has 10/);
    expect(/^competences:4 Level: is required for this competency \(one of 1, 2, 3\)/);
    expect(/^competences:5 Competency Name: is not a CSTF competency of the catalogue/);
    expect(/^competences:6 Date Last Awarded: must be a date/);
    expect(/^registrations:3 Professional Body:/);
    assert.ok(!extract.records.some((r) => r.person.personId === '100000002'), 'a person whose row is bad is left out');
    for (const secret of ["O'Brien", 'Patel', 'Jugglers', 'last week', 'Porters', '1985-02-30']) assert.ok(!found.some((f) => f.includes(secret)), `no problem repeats ${secret}`);
    assert.equal(extract.problems.find((p) => p.line === 3 && p.file === 'people')?.personId, '100000002');
  });

  it('reads nothing from a file that lacks a required column, and says the extract is incomplete', () => {
    const extract = importEsrExtract({ people: 'Org Code,Person ID,First Name,Date of Birth\nRZX,100000001,Jo,1990-04-12\n', assignments });
    assert.equal(extract.incomplete, true);
    assert.deepEqual(extract.records, []);
    assert.ok(extract.problems.some((p) => p.file === 'people' && p.message === 'missing column: Last Name'));
  });

  it('reads back exactly what a generated population writes', () => {
    const population = generatePopulation({ seed: 'extract', asOf: '2026-11-21', organisations: [{ code: 'RZY', name: 'Hillside Community Healthcare NHS Trust', size: 120 }] });
    const records = population.organisations[0]!.people;
    const extract = importEsrExtract(extractOf(records));
    assert.deepEqual(extract.problems, []);
    assert.deepEqual(extract.records, records.map(asInExtract));
  });
});

describe('the extract adapter', () => {
  const population = generatePopulation({ seed: 'adapter', asOf: '2026-11-21', organisations: [{ code: 'RZX', name: 'Riverside Hospitals NHS Foundation Trust', size: 40 }] });
  const records = population.organisations[0]!.people.map(asInExtract);

  it('answers the port from the latest extract and derives the change feed from one extract to the next', async () => {
    const clock = fixedClock(new Date('2026-11-21T06:00:00Z'));
    const adapter = createEsrExtractAdapter({ clock, epoch: 'ext1' });
    const first = adapter.load(extractOf(records));
    assert.equal(first.applied, true);
    assert.equal(first.changes.length, records.length, 'the first extract: everyone is new');
    const target = records[3]!;
    const lookup = await adapter.port.lookupAssignment('RZX', target.assignments[0]!.assignmentNumber);
    assert.equal(lookup.person.personId, target.person.personId);
    const head = (await adapter.port.changesSince('RZX', undefined, { limit: 1000 })).nextCursor;

    // The next day's extract: one renewal, one leaver, one person gone.
    clock.advance(24 * 3600_000);
    const next = structuredClone(records);
    next[0]!.competences[0]!.dateLastAwarded = '2026-11-21';
    next[1]!.assignments[0]!.assignmentStatus = 'Terminate Assignment';
    next[1]!.assignments[0]!.effectiveEndDate = '2026-11-21';
    const gone = next.splice(2, 1)[0]!;
    const second = adapter.load(extractOf(next));
    assert.deepEqual(second.changes.map((c) => [c.kind, c.personId]).sort(), [
      ['competence', next[0]!.person.personId],
      ['leaver', next[1]!.person.personId],
      ['removed', gone.person.personId],
    ].sort());
    const page = await adapter.port.changesSince('RZX', head);
    assert.deepEqual(page.changes.map((c) => c.cursor), second.changes.map((c) => c.cursor));
    await assert.rejects(adapter.port.personRecords('RZX', { personId: gone.person.personId }), EsrNotFound);

    // Loading the same extract again changes nothing.
    assert.deepEqual(adapter.load(extractOf(next)).changes, []);
  });

  it('changes nothing for an incomplete extract, and keeps a person whose row was refused', () => {
    const adapter = createEsrExtractAdapter({ clock: fixedClock(new Date('2026-11-21T06:00:00Z')), epoch: 'ext2' });
    adapter.load(extractOf(records));
    const broken = extractOf(records);
    assert.equal(adapter.load({ ...broken, assignments: broken.assignments.replace('"Staff Group"', '"Group"') }).applied, false);

    const lines = broken.people.split('\r\n');
    lines[1] = lines[1]!.replace(/"[0-9]{4}-[0-9]{2}-[0-9]{2}"/, '"not a date"');
    const result = adapter.load({ ...broken, people: lines.join('\r\n') });
    assert.equal(result.applied, true);
    assert.equal(result.problems.length, 1);
    assert.deepEqual(result.changes, [], 'the refused person is kept, not removed');
  });
});
