import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDocumentForm } from './form.ts';

const now = new Date('2026-11-23T10:00:00Z');
const valid = {
  firstName: ' Olivia ',
  middleNames: '',
  lastName: 'Bennett',
  birthDateDay: '12',
  birthDateMonth: '04',
  birthDateYear: '1990',
  legalGender: 'Not specified',
  nationality: 'British',
  addressLine1: '27 Mill Lane',
  addressLine2: '',
  townOrCity: 'Riverside',
  postcode: 'rv14qt',
  documentType: 'Driving licence',
  documentNumber: 'benne 904120 og9ab',
  documentIssuingCountry: 'GBR',
  documentExpiryDay: '1',
  documentExpiryMonth: '2',
  documentExpiryYear: '2030',
  mobile: '+44 7700 900123',
  _csrf: 'token',
};

const problems = (body: Record<string, string>) => {
  const result = parseDocumentForm(body, now);
  return result.ok ? [] : result.errors.summary.map((s) => `${s.href} ${s.text}`);
};

describe('document check form', () => {
  it('accepts a complete form and normalises what was typed', () => {
    const result = parseDocumentForm(valid, now);
    assert.ok(result.ok);
    const { evidence, mobile } = result.value;
    assert.equal(evidence.firstName, 'Olivia');
    assert.equal('middleNames' in evidence, false, 'an empty optional field is left out');
    assert.equal(evidence.birthDate, '1990-04-12');
    assert.equal(evidence.legalGender, 'Not specified');
    assert.deepEqual(evidence.address, { addressLines: ['27 Mill Lane'], townOrCity: 'Riverside', postcode: 'RV1 4QT', country: 'United Kingdom' });
    assert.equal(evidence.documentNumber, 'BENNE904120OG9AB');
    assert.equal(evidence.documentExpiryDate, '2030-02-01');
    assert.equal(mobile, '+44 7700 900123');
  });

  it('says which part of a date is missing, and refuses dates that do not exist', () => {
    assert.deepEqual(problems({ ...valid, birthDateMonth: '', birthDateYear: '' }), ['#birthDate-day Date of birth must include a month and year']);
    assert.deepEqual(problems({ ...valid, documentExpiryDay: '29', documentExpiryMonth: '2', documentExpiryYear: '2027' }), ['#documentExpiry-day Expiry date must be a real date']);
    assert.deepEqual(problems({ ...valid, birthDateYear: '90' }), ['#birthDate-day Date of birth must be a real date']);
  });

  it('refuses a date of birth that is not in the past', () => {
    assert.deepEqual(problems({ ...valid, birthDateDay: '23', birthDateMonth: '11', birthDateYear: '2026' }), ['#birthDate-day Date of birth must be in the past']);
  });

  it('leaves an expired document to the check rather than the form', () => {
    assert.ok(parseDocumentForm({ ...valid, documentExpiryYear: '2020' }, now).ok);
  });

  it('lists every problem once, in page order', () => {
    assert.deepEqual(problems({ mobile: 'x' }), [
      '#firstName Enter your first name',
      '#lastName Enter your last name',
      '#birthDate-day Enter your date of birth',
      '#legalGender Select your sex as shown on your document',
      '#nationality Enter your nationality',
      '#addressLine1 Enter the first line of your address',
      '#townOrCity Enter your town or city',
      '#postcode Enter your postcode',
      '#documentType Select the type of document',
      '#documentNumber Enter the document number',
      '#documentIssuingCountry Select the country that issued the document',
      '#documentExpiry-day Enter the expiry date of your document',
      '#mobile Enter a UK mobile number, like 07700 900 982',
    ]);
  });

  it('refuses a country it does not offer and a value that is not one of the choices', () => {
    assert.deepEqual(problems({ ...valid, documentIssuingCountry: 'ATL', legalGender: 'Other', documentType: 'Library card' }), [
      '#legalGender Select your sex as shown on your document',
      '#documentType Select the type of document',
      '#documentIssuingCountry Select the country that issued the document',
    ]);
  });
});
