import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CHECKLIST_CREDENTIAL_TYPES,
  applicableChecklist,
  checklistProgress,
  checklistTypesByGroup,
  sameCriteria,
  zChecklistInput,
  type ChecklistCriteria,
} from './credentials-required.ts';

const c = (jobRole: string | null, employmentType: ChecklistCriteria['employmentType'], name: string) => ({ staffGroup: 'Medical and Dental' as const, jobRole, employmentType, name });

describe('credentials required checklists', () => {
  const all = [c(null, null, 'group'), c(null, 'Temporary mover', 'type'), c('Foundation Doctor', null, 'role'), c('Foundation Doctor', 'Temporary mover', 'role+type')];

  it('the most specific matching checklist applies: role and type, then role, then type, then the staff group', () => {
    const pick = (jobRole: string | null, employmentType: string | null, from = all) => applicableChecklist(from, { staffGroup: 'Medical and Dental', jobRole, employmentType })?.name;
    assert.equal(pick('foundation  doctor', 'Temporary mover'), 'role+type');
    assert.equal(pick('Foundation Doctor', 'Permanent or fixed term'), 'role');
    assert.equal(pick('Consultant', 'Temporary mover'), 'type');
    assert.equal(pick('Consultant', null), 'group');
    assert.equal(pick(null, null), 'group');
    assert.equal(pick('Foundation Doctor', 'Temporary mover', [all[1]!, all[2]!]), 'role');
    assert.equal(pick('Consultant', 'Permanent or fixed term', [all[1]!, all[2]!]), undefined);
  });

  it('never applies a checklist of another staff group, or any to a passport without a staff group', () => {
    assert.equal(applicableChecklist(all, { staffGroup: 'Healthcare Scientists', jobRole: 'Foundation Doctor', employmentType: 'Temporary mover' }), undefined);
    assert.equal(applicableChecklist(all, { staffGroup: null, jobRole: 'Foundation Doctor', employmentType: null }), undefined);
  });

  it('criteria are the same ignoring the case and spacing of the job role', () => {
    assert.ok(sameCriteria(c(' Staff  nurse', null, ''), c('STAFF NURSE', null, '')));
    assert.ok(!sameCriteria(c('Staff nurse', null, ''), c(null, null, '')));
    assert.ok(!sameCriteria(c('Staff nurse', null, ''), c('Staff nurse', 'Temporary mover', '')));
  });

  it('progress counts the required types the person holds', () => {
    assert.deepEqual(checklistProgress({ credentialTypes: ['Identity', 'RightToWork', 'DBSCheck'] }, ['DBSCheck', 'CoreSkill', 'Identity']), { completed: ['Identity', 'DBSCheck'], outstanding: ['RightToWork'], total: 3 });
  });

  it('offers every type but the access key and the digital identity, grouped in the catalogue order', () => {
    assert.ok(!CHECKLIST_CREDENTIAL_TYPES.includes('AccessKey'));
    assert.ok(!CHECKLIST_CREDENTIAL_TYPES.includes('DigitalIdentity'));
    assert.deepEqual(checklistTypesByGroup().flatMap((g) => g.types.map((t) => t.id)).sort(), [...CHECKLIST_CREDENTIAL_TYPES].sort());
  });

  it('the form: optional job role and employment type become null, types are ordered and de-duplicated, at least one is required', () => {
    const ok = zChecklistInput.parse({ staffGroup: 'Medical and Dental', jobRole: '  ', employmentType: '', credentialTypes: 'CoreSkill,Identity,CoreSkill' });
    assert.deepEqual(ok, { staffGroup: 'Medical and Dental', jobRole: null, employmentType: null, credentialTypes: ['Identity', 'CoreSkill'] });
    const none = zChecklistInput.safeParse({ staffGroup: 'Medical and Dental' });
    assert.equal(none.success, false);
    const bad = zChecklistInput.safeParse({ staffGroup: 'Medical and Dental', employmentType: 'Bank', credentialTypes: ['AccessKey'] });
    assert.deepEqual(bad.success ? [] : bad.error.issues.map((i) => i.path[0]), ['employmentType', 'credentialTypes']);
  });
});
