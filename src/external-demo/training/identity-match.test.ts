import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { identityMismatches } from './identity-match.ts';

const olivia = { firstName: 'Olivia', lastName: 'Bennett', birthDate: '1990-04-12' };

describe('identity match (D2W step 6)', () => {
  it('matches names whatever their case and spacing, and the same date of birth', () => {
    assert.deepEqual(identityMismatches(olivia, { firstName: '  OLIVIA ', lastName: 'bennett', birthDate: '1990-04-12' }), []);
    assert.deepEqual(identityMismatches({ ...olivia, lastName: 'Ward  Bennett' }, { ...olivia, lastName: 'ward bennett' }), []);
  });

  it('treats composed and decomposed accents as the same letter', () => {
    assert.deepEqual(identityMismatches({ ...olivia, firstName: 'Zoë' }, { ...olivia, firstName: 'Zoe\u0308' }), []);
  });

  it('names each detail that differs, and anything the identity does not state', () => {
    assert.deepEqual(identityMismatches(olivia, { firstName: 'Olivia', lastName: 'Bennet', birthDate: '1990-04-12' }), ['lastName']);
    assert.deepEqual(identityMismatches(olivia, { firstName: 'Daniel', lastName: 'Okafor', birthDate: '1987-02-23' }), ['firstName', 'lastName', 'birthDate']);
    assert.deepEqual(identityMismatches(olivia, { firstName: 'Olivia', lastName: 'Bennett' }), ['birthDate']);
  });

  it('does not ignore hyphens or apostrophes, which are part of a name', () => {
    assert.deepEqual(identityMismatches({ ...olivia, lastName: "O'Neill" }, { ...olivia, lastName: 'ONeill' }), ['lastName']);
  });
});
