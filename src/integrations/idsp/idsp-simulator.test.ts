import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { IDENTITY_DOCUMENT_TYPES, SAMPLE_DSP_ID, getCredentialType, validateSubject } from '../../core/credentials/index.ts';
import {
  createDigitalIdentitySubject,
  encodeBlockJpeg,
  placeholderPhotoBase64,
  placeholderPhotoJpeg,
  simulateDocumentCheck,
  type DocumentEvidence,
} from './index.ts';

const now = new Date('2026-11-23T10:00:00Z');

const evidence: DocumentEvidence = {
  firstName: 'Olivia',
  middleNames: 'Grace',
  lastName: 'Bennett',
  birthDate: '1990-04-12',
  legalGender: 'Female',
  nationality: 'British',
  address: { addressLines: ['Flat 4', '27 Mill Lane'], townOrCity: 'Riverside', postcode: 'RV1 4QT', country: 'United Kingdom' },
  documentType: 'Passport',
  documentNumber: '548213907',
  documentIssuingCountry: 'GBR',
  documentExpiryDate: '2031-05-14',
};

describe('simulated document check', () => {
  it('gives each document type its profile, with the level of confidence the code names', () => {
    const profiles = IDENTITY_DOCUMENT_TYPES.map((documentType) => {
      const result = simulateDocumentCheck({ ...evidence, documentType }, now);
      assert.equal(result.outcome, 'passed');
      return result.outcome === 'passed' ? `${result.GPG45profile} ${result.levelOfConfidence}` : '';
    });
    assert.deepEqual(profiles, ['H1A High', 'M1B Medium', 'H1B High', 'M1C Medium']);
  });

  it('is deterministic: the same evidence gives the same result', () => {
    assert.deepEqual(simulateDocumentCheck(evidence, now), simulateDocumentCheck({ ...evidence }, now));
  });

  it('fails a document whose number ends in 0000 as not genuine', () => {
    assert.deepEqual(simulateDocumentCheck({ ...evidence, documentNumber: '548210000' }, now), { outcome: 'failed', reason: 'document_not_genuine' });
  });

  it('fails an expired document, and passes one on its last valid day', () => {
    assert.deepEqual(simulateDocumentCheck({ ...evidence, documentExpiryDate: '2026-11-22' }, now), { outcome: 'failed', reason: 'document_expired' });
    assert.equal(simulateDocumentCheck({ ...evidence, documentExpiryDate: '2026-11-23' }, now).outcome, 'passed');
  });
});

describe('digital identity subject', () => {
  const check = simulateDocumentCheck(evidence, now);
  assert.equal(check.outcome, 'passed');
  const subject = createDigitalIdentitySubject({
    evidence,
    check,
    dspId: SAMPLE_DSP_ID,
    subjectId: '9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a',
    photograph: placeholderPhotoBase64(),
    idsp: { name: 'Demo Identity Service (simulated)', certificate: 'Simulated, not certified (IDSP01)' },
    checkedAt: now,
  });

  it('is a valid DigitalIdentity subject', () => {
    assert.deepEqual(validateSubject('DigitalIdentity', subject), []);
  });

  it('carries only the last four characters of the document number', () => {
    assert.equal(subject.identityDocumentNumberEnding, '3907');
    assert.ok(!JSON.stringify(subject).includes('548213907'));
  });

  it('names the IDSP as origin, provider and verifier under GPG 45, dated the day of the check', () => {
    assert.equal(subject.dateOfIdCheck, '2026-11-23');
    assert.deepEqual(subject.assurance, {
      origin: 'Demo Identity Service (simulated)',
      assurancePolicy: 'GPG 45',
      assuranceOutcome: 'H1A',
      provider: 'Demo Identity Service (simulated)',
      verifier: 'Demo Identity Service (simulated)',
      verificationMethod: 'Document Verification with Record Verification',
      pedigree: 'Sourced',
      lastRefresh: '2026-11-23T10:00:00.000Z',
    });
  });

  it('expires with the document', () => {
    assert.deepEqual(getCredentialType('DigitalIdentity').expiry(subject, now), new Date('2031-05-15T00:00:00Z'));
  });

  it('leaves middle names out when there are none', () => {
    const { middleNames: _m, ...rest } = evidence;
    const without = createDigitalIdentitySubject({ evidence: rest, check, dspId: SAMPLE_DSP_ID, subjectId: subject.subjectId as string, photograph: 'AAAA', idsp: { name: 'X IDSP', certificate: 'c' }, checkedAt: now });
    assert.equal('middleNames' in without, false);
  });
});

describe('placeholder photo', () => {
  it('is a baseline JPEG of 96 × 120 pixels (SOI, SOF0 with the size, EOI)', () => {
    const jpeg = placeholderPhotoJpeg();
    assert.deepEqual([...jpeg.subarray(0, 2)], [0xff, 0xd8]);
    assert.deepEqual([...jpeg.subarray(-2)], [0xff, 0xd9]);
    const sof = jpeg.findIndex((b, i) => b === 0xff && jpeg[i + 1] === 0xc0);
    assert.ok(sof > 0);
    const view = new DataView(jpeg.buffer, jpeg.byteOffset + sof);
    assert.deepEqual({ height: view.getUint16(5), width: view.getUint16(7), components: view.getUint8(9) }, { height: 120, width: 96, components: 1 });
  });

  it('is the same every time, and small', () => {
    assert.equal(placeholderPhotoBase64(), placeholderPhotoBase64());
    assert.ok(placeholderPhotoJpeg().length < 1024);
    assert.match(placeholderPhotoBase64(), /^[A-Za-z0-9+/]+={0,2}$/);
  });

  it('stuffs a zero byte after every 0xFF in the entropy-coded data', () => {
    // A block of level 255 after one of 0 makes a large positive DC difference (category 11, 0x7F8).
    const jpeg = encodeBlockJpeg([[0, 255, 0, 255, 0, 255, 0, 255]]);
    const sos = jpeg.findIndex((b, i) => b === 0xff && jpeg[i + 1] === 0xda);
    const data = jpeg.subarray(sos + 2 + 8, jpeg.length - 2);
    assert.ok(data.includes(0xff), 'the data has a 0xFF to stuff');
    for (let i = 0; i < data.length - 1; i++) if (data[i] === 0xff) assert.equal(data[i + 1], 0, `byte ${i}`);
  });

  it('refuses blocks that are not a rectangle', () => {
    assert.throws(() => encodeBlockJpeg([]), TypeError);
    assert.throws(() => encodeBlockJpeg([[1, 2], [3]]), TypeError);
  });
});
