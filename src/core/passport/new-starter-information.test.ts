import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { validateSubject } from '../credentials/validate-subject.ts';
import { newStarterInformationSubject, nsiSections, parseNsiPage, readNsiAnswers } from './new-starter-information.ts';

const today = '2026-03-02';
const context = { dspId: '6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f', organisationName: 'Riverside Hospitals NHS Foundation Trust', now: new Date('2026-03-02T10:00:00Z') };

describe('New Starter Information form (S9)', () => {
  it('accepts a page with nothing typed: every field is optional', () => {
    for (const page of ['personal-information', 'identity-document', 'contact-details', 'emergency-contacts'] as const) {
      assert.deepEqual(parseNsiPage(page, {}, today), { ok: true, kept: {} });
    }
  });

  it('refuses dates that are not real, a date of birth not in the past, and an NI number of the wrong shape', () => {
    const bad = parseNsiPage('personal-information', { 'birthDate-day': '29', 'birthDate-month': '2', 'birthDate-year': '2025', nationalInsuranceNumber: 'QQ123456E' }, today);
    assert.equal(bad.ok, false);
    assert.deepEqual(bad.ok ? [] : bad.problems.map((p) => p.field), ['birthDate', 'nationalInsuranceNumber']);
    const future = parseNsiPage('personal-information', { 'birthDate-day': '2', 'birthDate-month': '3', 'birthDate-year': '2026' }, today);
    assert.equal(future.ok ? '' : future.problems[0]!.message, 'Date of birth must be in the past');
  });

  it('refuses a phone number with too few digits and an email without a domain, and an address without its first line', () => {
    const bad = parseNsiPage('contact-details', { mobile: '0770 090', telephone: '+44 (0) 113 496 0000', email: 'a@b', postcode: 'LS1 4AP' }, today);
    assert.deepEqual(bad.ok ? [] : bad.problems.map((p) => p.field), ['email', 'mobile', 'addressLine1']);
  });

  it('needs a name for an emergency contact once anything else of it is typed', () => {
    const bad = parseNsiPage('emergency-contacts', { 'contact2-telephone': '07700 900456' }, today);
    assert.deepEqual(bad.ok ? [] : bad.problems.map((p) => p.message), ['Enter the name of emergency contact 2']);
  });

  it('builds a subject valid against the catalogue, leaving out sections with nothing in them', () => {
    const answers = readNsiAnswers(
      {
        'personal-information': { firstName: 'Olivia', nationalInsuranceNumber: 'qq 12 34 56 c', previousNames: 'Olivia Smith\n\n' },
        'emergency-contacts': { 'contact1-name': 'Daniel Bennett', 'contact1-telephone': '07700 900456' },
        'contact-details': { email: 'not an email' },
        unknown: { x: 'y' },
      },
      today,
    );
    assert.deepEqual(Object.keys(answers), ['personal-information', 'emergency-contacts'], 'a page that no longer parses is dropped');
    assert.deepEqual(nsiSections(answers), {
      personalInformation: { firstName: 'Olivia', previousNames: ['Olivia Smith'], nationalInsuranceNumber: 'QQ123456C' },
      emergencyContacts: [{ name: 'Daniel Bennett', telephone: '07700 900456' }],
    });
    const subject = newStarterInformationSubject(answers, context);
    assert.deepEqual(validateSubject('NewStarterInformation', subject), []);
    assert.equal((subject.assurance as Record<string, unknown>).pedigree, 'Self-asserted');
  });
});
